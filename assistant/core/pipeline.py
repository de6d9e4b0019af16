"""One turn of the dialogue: the five stages, called in flow order."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.protocols import Explainer, Parser, Ranker, Responder, Retriever
from assistant.core.types import DialogueState, Reply
from assistant.parse.state import page_start


@dataclass(frozen=True)
class Stages:
    parser: Parser
    retriever: Retriever
    ranker: Ranker
    explainer: Explainer
    responder: Responder
    shown: int = 5  # reasons are written only for products that can be shown this turn


def run_turn(stages: Stages, state: DialogueState, message: str) -> Reply:
    """message ─▶ parse ─▶ retrieve ─▶ rank ─▶ explain ─▶ reply. Updates `state` in place."""
    query = stages.parser.parse(message, state)
    candidates = stages.retriever.retrieve(query)
    ranked = stages.ranker.rank(query, candidates)
    start = page_start(query.intent, state)
    reasons = stages.explainer.explain(query, ranked[start : start + stages.shown])
    return stages.responder.reply(query, ranked, reasons, state)
