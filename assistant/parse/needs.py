"""Needs said in plain words: "something to keep my laptop cool" asks for a cooling pad.

A message that states a need rather than naming a product ("something to…", "I need to…", "my
printer keeps…") is compared, with the retrieval encoder, against what each kind of product is
for (vocab/kind_uses.v1.yaml). The kind whose uses are nearest becomes the request's kind when
it is clearly nearest; otherwise the kind the words name, if any, stays.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.core.types import Constraints, DialogueState, Intent, ParsedQuery
from assistant.parse.cues import content_words
from retrieval.catalog.vocabulary import table

# A need, not a product name: what the shopper wants to do, or what goes wrong.
NEED_CUE = re.compile(
    r"\b(?:something|anything|a way|a thing|stuff|what do i need|what should i (?:get|buy)|how (?:can|do) i)\b"
    r"|\bi (?:need|want|would like|have) to\b|\bi(?:'d| would) like to\b|\bhelp me\b|\bfor (?:when|my) \w+ to\b"
    r"|\bmy \w+(?:'s)?(?: \w+)? (?:is|are|keeps?|has|have|won't|doesn't|don't|can't|dies|died|breaks|broke|runs?|ran)\b"
    r"|\b(?:so (?:that )?i can|to stop|to keep|to protect|to make|to connect|to listen|to carry|to back up)\b"
    r"|\b(?:keeps?|kept) \w+ing\b|\b(?:doesn't|does not|won't|can't|cannot) (?:reach|work|fit|last|hold|charge)\b"
    r"|\bi need (?:more|extra|another)\b|\b(?:hurts?|aches?|sore|painful)\b|\btoo (?:few|many|slow|small|hot|loud|dark)\b"
    r"|\bto (?:plug|charge|hold|clean|print|store|play|watch|cool|share|send|use)\b"
    r"|^\W*(?:connect|hook up|plug)\s+(?:my|our|a|the)\b",
    re.IGNORECASE,
)


# Intents a need statement is sometimes misread as, by a tagger that never saw it.
_MISREAD = {Intent.START_OVER, Intent.ASK_PRODUCT, Intent.SMALL_TALK, Intent.HELP}


class NeedReader:
    """The kinds nearest a message by what they are for, nearest first, with their similarity."""

    def __init__(self, embed: Callable[[Sequence[str]], np.ndarray], cache_dir: Path | None = None,
                 encoder_name: str = "") -> None:
        uses: dict[str, list[str]] = table("kind_uses")["uses"]
        self._kinds = [k for k, phrases in uses.items() for _ in phrases]
        # "connect my laptop to the tv => hdmi cable": the use, and the words of the products serving it
        entries = [p.partition("=>") for phrases in uses.values() for p in phrases]
        self._phrases = [use.strip() for use, _, _ in entries]
        self._products = [words.strip() for _, _, words in entries]
        self._embed = embed
        self._cache = None
        if cache_dir is not None:
            key = hashlib.sha1(("\n".join(self._phrases) + encoder_name).encode()).hexdigest()[:12]
            self._cache = Path(cache_dir) / f"kind_uses.{key}.npy"
        self._matrix: np.ndarray | None = None  # unit vectors of every use, built on first need
        self._last: tuple[str, np.ndarray] | None = None  # the last text's similarities to every use

    def _uses(self) -> np.ndarray:
        if self._matrix is None:
            if self._cache is not None and self._cache.exists():
                self._matrix = np.load(self._cache)
            else:
                self._matrix = _unit(np.asarray(self._embed(self._phrases), dtype=np.float32))
                if self._cache is not None:
                    self._cache.parent.mkdir(parents=True, exist_ok=True)
                    np.save(self._cache, self._matrix)
        return self._matrix

    def _similarities(self, text: str) -> np.ndarray:
        if self._last is None or self._last[0] != text:
            self._last = (text, self._uses() @ _unit(np.asarray(self._embed([text]), dtype=np.float32))[0])
        return self._last[1]

    def use(self, text: str, kind: str) -> tuple[str, str]:
        """The use of `kind` nearest `text`, in the vocabulary's words ("raise my monitor to eye level"),
        and the words of the products that serve it where the vocabulary says ("hdmi cable"), or ""."""
        sims = self._similarities(text)
        rows = [i for i, k in enumerate(self._kinds) if k == kind]
        if not rows:
            return "", ""
        best = max(rows, key=lambda i: sims[i])
        return self._phrases[best], self._products[best]

    def nearest(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        sims = self._similarities(text)
        best: dict[str, float] = {}
        for kind, sim in zip(self._kinds, sims.tolist()):
            best[kind] = max(best.get(kind, -1.0), sim)
        return sorted(best.items(), key=lambda kv: -kv[1])[:top]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


class NeedAwareParser:
    """A parser whose searches stated as needs take the kind their need asks for.

    `min_similarity` and `margin` (over the next kind) were set on needs written for the purpose,
    not on the conversation benchmark.
    """

    def __init__(self, parser, reader: NeedReader, min_similarity: float = 0.5, margin: float = 0.03) -> None:
        self.base = parser  # (not `.parser`: the dialogue policy unwraps that name)
        self.reader = reader
        self.min_similarity = min_similarity
        self.margin = margin

    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        query = self.base.parse(message, state)
        if query.references and not state.shown:
            query = replace(query, references=())  # "something to raise it": "it" points at nothing shown
        if not NEED_CUE.search(message) or query.references:
            return query
        misread = query.intent in _MISREAD and not (query.intent is Intent.ASK_PRODUCT and state.shown)
        if query.intent is not Intent.SEARCH and not misread:
            return query
        near = self.reader.nearest(message, top=5)
        if not near or near[0][1] < self.min_similarity:
            return query
        kind = near[0][0]
        # The need's words ("my neck hurts from looking down") describe the product badly: the search
        # is for the use they name, in the vocabulary's words ("neck pain from looking down at my
        # laptop"), then the message's own words ("spare charger for my laptop": "laptop").
        use, serving = self.reader.use(message, kind)
        if serving:
            # "connect my laptop to the tv": the words of what serves the use ("hdmi cable"); the need's
            # own words ("laptop", "plug", "hook up") would find laptop power cords and cable ties
            search = serving
        else:
            search = " ".join(dict.fromkeys(use.split() + [w for w in content_words(message) if w not in use.split()]))
        # the shopper's own words stay the request: a reason never says "as you asked" of "hdmi"
        words = " ".join(content_words(message))
        said = query.constraints.query or words
        if misread:
            # "the power keeps cutting out" is no "start over", "my projector died" no question about
            # a shown product: a need is a new request.
            return replace(query, intent=Intent.SEARCH, constraints=Constraints(query=words, search=search, product_type=kind))
        named = query.constraints.product_type
        if named == kind and serving:
            # "a cable to plug my pc into the router": the kind named, and the use says which ones
            return replace(query, constraints=query.constraints.with_(query=said, search=search))
        if named and any(k == named and sim >= near[0][1] - self.margin for k, sim in near):
            return query  # no clearly better kind for the need: the kind the words name stays
        return replace(query, constraints=query.constraints.with_(product_type=kind, query=said, search=search))
