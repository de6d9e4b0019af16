"""Typo correction against the catalog's own words ("labtop" -> "laptop", "spekaer" -> "speaker").

A word is corrected only when it is neither a catalog word nor an English word the encoder knows
(the MiniLM word list), and a catalog word lies within two edits of it. Candidates come from a
symmetric-delete index (one deletion on each side covers substitutions, insertions, deletions
and swaps); the nearest, then most frequent, wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

_WORD = re.compile(r"[a-z][a-z\-]*[a-z]|[a-z]")


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and prev2 is not None:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def encoder_words() -> set[str]:
    """Whole English words of the packaged MiniLM vocabulary (no "##" pieces)."""
    from retrieval.search.encoder import base_model_path

    vocab = Path(base_model_path()) / "vocab.txt"
    if not vocab.is_file():
        return set()
    return {w for w in vocab.read_text(encoding="utf-8").split() if w.isalpha() and len(w) > 2}


class Speller:
    def __init__(self, catalog_texts: Iterable[str], known: Iterable[str] = (), min_count: int = 2) -> None:
        counts = Counter(w for text in catalog_texts for w in _WORD.findall(text.lower()))
        self.counts = {w: c for w, c in counts.items() if c >= min_count and len(w) >= 3}
        self.known = set(known) | set(self.counts)
        self._index: dict[str, list[str]] = {}
        for w in self.counts:
            for key in _deletes(w) | {w}:
                self._index.setdefault(key, []).append(w)

    def correct_word(self, word: str) -> str:
        lw = word.lower()
        if len(lw) < 4 or not lw.isalpha() or lw in self.known or self._plural_of_known(lw):
            return word
        limit = 1 if len(lw) <= 5 else 2
        candidates = {c for key in _deletes(lw) | {lw} for c in self._index.get(key, ())}
        scored = [(_distance(lw, c), -self.counts[c], c) for c in candidates]
        scored = [s for s in scored if s[0] <= limit]
        return min(scored)[2] if scored else word

    def _plural_of_known(self, word: str) -> bool:
        return any(word.endswith(end) and word[: -len(end)] + add in self.known
                   for end, add in (("s", ""), ("es", ""), ("ies", "y")))

    def correct(self, text: str) -> str:
        """`text` with unknown words replaced by their nearest catalog word."""
        return re.sub(r"[A-Za-z][A-Za-z\-]*[A-Za-z]", lambda m: self.correct_word(m.group(0)), text)
