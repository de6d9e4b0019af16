"""Stage 1, parse: a message plus the dialogue state become a `ParsedQuery` (intent, constraints,
references). The learned parser (tagger + rules) and the rules-only parser; the rules are split
by what they read (prices, measures, references, cues, kinds, brands); state.py stacks a message
on the dialogue so far; spelling.py mends typos against the catalog's words."""
