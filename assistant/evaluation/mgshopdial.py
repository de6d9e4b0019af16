"""MG-ShopDial shopper utterances mapped to our intents, for measuring intent accuracy on real text.

MG-ShopDial (Bernard & Balog, SIGIR 2023) is research-only data: it is read from
mgshopdial/ under the shared_data setting (../shared/data by default) at evaluation time and never
copied into this repository.

Mapping (each Client utterance; an annotated intent counts when at least 3 of 5 annotators chose it):
  greeting            -> small_talk   (hello, thanks, bye)
  pf, nf              -> feedback     (positive / negative feedback on what was shown)
  o_question          -> ask_product  (an open question about a product)
  clarify, goal "qa"  -> ask_product  (a question about a product already discussed)
  disclose            -> search for the shopper's first disclosure in the dialogue, refine after it
Utterances whose counted intents map to no intent or to two different ones (answer, interaction,
explain, elicit, recommend, other, or mixes) are left out.

Halves: the dialogues split by a hash of their id (`half`) into a dev half, which may be read while
working on the parser, and a held-out half, which is only ever scored; the eval reports both.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from assistant.core.types import Intent

_DIRECT = {"greeting": Intent.SMALL_TALK, "pf": Intent.FEEDBACK, "nf": Intent.FEEDBACK, "o_question": Intent.ASK_PRODUCT}
MIN_VOTES = 3


@dataclass(frozen=True)
class Utterance:
    dialogue: str
    text: str
    intent: Intent | None  # None: not mapped (still sent, so the dialogue state evolves)


def half(dialogue_id: str) -> str:
    """"dev" or "heldout": a fixed split of the dialogues by their id (CRC-32 parity), not by content."""
    return "dev" if zlib.crc32(dialogue_id.encode("utf-8")) % 2 == 0 else "heldout"


def map_intent(annotated: list, goal: str, disclosed_before: bool) -> Intent | None:
    """Our intent for one utterance's annotations [[name, votes], ...], or None when unmapped."""
    counted = {name for name, votes in annotated if votes >= MIN_VOTES}
    mapped = set()
    for name in counted:
        if name in _DIRECT:
            mapped.add(_DIRECT[name])
        elif name == "clarify" and goal == "qa":
            mapped.add(Intent.ASK_PRODUCT)
        elif name == "disclose":
            mapped.add(Intent.REFINE if disclosed_before else Intent.SEARCH)
        else:
            return None
    return mapped.pop() if len(mapped) == 1 else None


def load_dialogues(path: str | Path) -> list[list[Utterance]]:
    """Each dialogue's shopper utterances in order, with our intent where the mapping gives one."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"MG-ShopDial file {path} not found; it is read from mgshopdial/ under the "
                                "shared_data setting (../shared/data by default, or $SHOPASSIST_SHARED_DATA)")
    out = []
    for dialogue in json.loads(path.read_text(encoding="utf-8")):
        turns, disclosed = [], False
        for u in dialogue["utterances"]:
            if u["participant"] != "Client":
                continue
            intent = map_intent(u["intents"], u.get("goal", ""), disclosed)
            disclosed = disclosed or any(n == "disclose" and v >= MIN_VOTES for n, v in u["intents"])
            turns.append(Utterance(dialogue["id"], u["utterance"], intent))
        out.append(turns)
    return out
