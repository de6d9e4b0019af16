"""The intent phrasings load from their data table."""

from __future__ import annotations

from assistant.core.types import Intent
from assistant.parse.intent_phrases import TEMPLATES


def test_every_non_request_intent_has_phrasings_and_slots_are_known():
    assert {Intent.COMPARE, Intent.ASK_PRODUCT, Intent.HELP, Intent.HUMAN_AGENT, Intent.FEEDBACK} <= set(TEMPLATES)
    assert all(len(phrases) >= 10 for phrases in TEMPLATES.values())
    slots = {s for phrases in TEMPLATES.values() for p in phrases for s in __import__("re").findall(r"\{(\w+)\}", p)}
    assert slots <= {"ref", "brand", "type"}
