"""The dialogue engine. A message flows through five stage packages, in this order:

    parse/ -> retrieve/ -> rank/ -> explain/ -> reply/

core/ holds what they share (the records passed between stages, their contracts, the pipeline
that calls them, settings, and the composition that builds them); dialogue/ is the policy around
a turn (sessions, handoff, relaxing a constraint). training/ and evaluation/ rebuild and measure
the trained parts; nothing in the serving path imports them. The front doors live in ui/.
"""
