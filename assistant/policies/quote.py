"""Which sentences of a passage to quote: those that answer the question, and the ones they lean on.

A sentence scores its cosine with the question plus OVERLAP_WEIGHT times the share of the question's
content words it holds. The quote is the best sentence and up to two more within MARGIN of it, in
document order. A question word the passage holds but the quote does not brings in the passage's best
sentence holding it ("cash" in "can I pay cash on delivery?"); a chosen sentence brings the next one
along when that one opens by pointing back at it ("Standard delivery costs $4.95. It is free for
orders of $50 or more.").
"""

from __future__ import annotations

import re

import numpy as np

from assistant.policies.words import coverage, covered, stems_of

# Tuned on tests/assistant/policies/dev_questions.csv and dev2_questions.csv with the packaged MiniLM.
OVERLAP_WEIGHT = 0.15  # what holding all the question's words adds to a sentence's cosine
MARGIN = 0.1  # how close to the best a sentence must score to be quoted with it
MOST = 3  # sentences in a quote, before the ones pointing back
_POINTS_BACK = re.compile(r"(?:It|This|That|They|These|Those)\b")


def sentence_scores(words: list[str], sentences: list[str], cosines: np.ndarray,
                    weights: dict[str, float] | None = None) -> np.ndarray:
    """Each sentence's score: its cosine with the question (`cosines`), plus a little for the (weighted) words it shares."""
    overlap = np.array([coverage(words, stems_of(s), weights) if words else 0.0 for s in sentences])
    return cosines + OVERLAP_WEIGHT * overlap  # (n_sentences,)


def pick(sentences: list[str], scores: np.ndarray, words: list[str] = (), margin: float = MARGIN,
         most: int = MOST) -> list[int]:
    """The positions of the sentences to quote, in document order (see the module docstring)."""
    best = float(scores.max())
    order = [int(i) for i in np.argsort(-scores, kind="stable")]
    chosen = {i for i in order[:most] if scores[i] >= best - margin}
    stems = [stems_of(s) for s in sentences]
    for word in words:
        if not any(covered(word, stems[i]) for i in chosen):
            chosen.update(next(([i] for i in order if covered(word, stems[i])), []))
    for i in sorted(chosen):
        j = i + 1
        while j < len(sentences) and _POINTS_BACK.match(sentences[j]):
            chosen.add(j)
            j += 1
    return sorted(chosen)
