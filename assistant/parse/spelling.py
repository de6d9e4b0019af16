"""Typo correction against the catalog's own words ("labtop" -> "laptop", "kexboerd" -> "keyboard").

A word is corrected only when neither it nor its stem is known: the catalog's words (titles,
brands, types) and the English words the encoder knows (the MiniLM word list) are known, and so
is a plural whose stem is a known word's stem ("batteries", "monitors"). The correction is the nearest catalog
word within one edit (words of up to six letters) or two (longer words) that keeps the first
letter, then the most frequent; edits are Damerau-Levenshtein (a swap of neighbours is one edit).
Candidates come from symspellpy's symmetric-delete index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from symspellpy import SymSpell, Verbosity

from retrieval.catalog.inflection import stem

_WORD = re.compile(r"[a-z][a-z\-]*[a-z]|[a-z]")
_TEXT_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
MAX_EDITS = 2
# symspellpy's default: deletes are generated from the first 7 letters only, which keeps the index
# small; edits further in are still found, the distance is computed on the whole word.
_PREFIX = 7


def encoder_words() -> set[str]:
    """Whole English words of the packaged MiniLM vocabulary (no "##" pieces)."""
    from retrieval.search.encoder import base_model_path

    vocab = Path(base_model_path()) / "vocab.txt"
    if not vocab.is_file():
        return set()
    return {w for w in vocab.read_text(encoding="utf-8").split() if w.isalpha() and len(w) > 2}


def max_edits(word: str) -> int:
    """Edits allowed in a word: one up to six letters, two from seven ("kexboerd" -> "keyboard")."""
    # Two edits in six letters reach too far: "vertuo" (a Nespresso line the catalog lacks) is two
    # from the brand "vertiv", and correcting it cost the clean ESCI pipeline 0.014 nDCG@10.
    return 1 if len(word) <= 6 else MAX_EDITS


class Speller:
    """Corrects words of a message against the catalog's words; built once per catalog."""

    def __init__(self, catalog_texts: Iterable[str], known: Iterable[str] = (), min_count: int = 2) -> None:
        counts = Counter(w for text in catalog_texts for w in _WORD.findall(text.lower()))
        # A word seen once may itself be a typo in a title; it is known but never offered as a correction.
        self.counts = {w: c for w, c in counts.items() if c >= min_count and len(w) >= 3}
        self.known = set(known) | set(self.counts)
        self._known_stems = {stem(w) for w in self.known}
        self._index = SymSpell(max_dictionary_edit_distance=MAX_EDITS, prefix_length=_PREFIX)
        for word, count in self.counts.items():
            if word.isalpha():  # a typed word with a hyphen is never corrected, so no candidate needs one
                self._index.create_dictionary_entry(word, count)
        self._longest = max(map(len, self.counts), default=0) + MAX_EDITS

    def is_known(self, word: str) -> bool:
        """Whether `word` (lower-case) is a known word or a plural of one ("laptops", "batteries")."""
        # Only a plural: the stemmer also strips "-er" and "-ent", and "projecter" is no form of "project".
        return word in self.known or (word.endswith("s") and stem(word) in self._known_stems)

    def correct_word(self, word: str) -> str:
        """The catalog word `word` is a typo of (lower-case), or `word` itself."""
        lw = word.lower()
        # Too long to be within reach of any catalog word ("xxxx..." pasted 2,000 times): not even stemmed.
        if not 4 <= len(lw) <= self._longest or not lw.isalpha() or self.is_known(lw):
            return word
        # Verbosity.ALL: the nearest word may change the first letter ("cabels" is one edit from
        # "labels" too), and then the next one that keeps it should win.
        found = self._index.lookup(lw, Verbosity.ALL, max_edit_distance=max_edits(lw))
        scored = [(s.distance, -s.count, s.term) for s in found if s.term[0] == lw[0]]
        return min(scored)[2] if scored else word

    def correct(self, text: str) -> str:
        """`text` with unknown words replaced by their nearest catalog word."""
        return _TEXT_WORD.sub(lambda m: self.correct_word(m.group(0)), text)
