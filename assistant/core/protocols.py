"""The contract of each stage. Real and fake implementations both satisfy these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.core.types import Candidate, DialogueState, ParsedQuery, Ranked, Reason, Reply


class Parser(Protocol):
    def parse(self, message: str, state: DialogueState) -> ParsedQuery:
        """Read one message in the light of the dialogue so far."""


class Retriever(Protocol):
    def retrieve(self, query: ParsedQuery) -> list[Candidate]:
        """Candidates that satisfy every hard constraint of `query`, best first."""


class Ranker(Protocol):
    def rank(self, query: ParsedQuery, candidates: Sequence[Candidate]) -> list[Ranked]:
        """The candidates in final order, each with its score and what the score is made of."""


class Explainer(Protocol):
    def explain(self, query: ParsedQuery, ranked: Sequence[Ranked]) -> list[Reason]:
        """One reason per product, true to its record, in the order given."""


class Responder(Protocol):
    def reply(self, query: ParsedQuery, ranked: Sequence[Ranked], reasons: Sequence[Reason],
              state: DialogueState) -> Reply:
        """The text and cards the shopper sees; records what was shown in `state`."""
