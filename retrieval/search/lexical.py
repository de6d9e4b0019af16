"""BM25 over product text (bm25s), with stemming so that "speakers" finds "speaker".

`tokenize` is how text becomes index terms, here and in the ranker's per-field BM25
(assistant/rank/features.py): bm25s' splitter (lower-cased words of two or more letters or
digits, English stop words dropped) and the one stemmer, retrieval.catalog.inflection.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import bm25s
import numpy as np

from retrieval.catalog.inflection import stems
from retrieval.catalog.product import Product

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Each text's stemmed index terms, in order ("Wireless Speakers" -> ["wireless", "speaker"])."""
    # allow_empty=True is what gives an empty text no terms (False would give it the term "").
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=stems, return_ids=False, show_progress=False,
                          allow_empty=True)


class LexicalIndex:
    """A BM25 index whose rows follow the order of `products`."""

    def __init__(self, products: Sequence[Product]) -> None:
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokenize([p.lexical_text() for p in products]), show_progress=False)
        self._vocab = self._bm25.vocab_dict
        self.size = len(products)

    def query_tokens(self, text: str) -> list[str]:
        """The stemmed query terms the index knows, plus joined neighbours ("head phones")."""
        words = bm25s.tokenize(
            text, stopwords="en", stemmer=None, return_ids=False, show_progress=False
        )[0]
        joined = [a + b for a, b in zip(words, words[1:])]
        return [t for t in [*stems(words), *stems(joined)] if t in self._vocab]

    def scores(self, text: str, mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every product, shape (size,); masked-out products score 0."""
        tokens = self.query_tokens(text)
        if not tokens or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        scores = self._bm25.get_scores(tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        return scores.astype(np.float32, copy=False)

    def search(self, text: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top-k (row, score) with a positive score, best first."""
        scores = self.scores(text, mask)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top]
