"""`shopassist eval policies`: the policy desk on questions in shoppers' words, some it cannot answer.

Each row of the question file (columns id, question, answerable, section, facts, note) is asked once:
- an answerable row is right when the desk answers, from the expected section ("A | B": either), and
  the answer holds every expected fact snippet ("30 days | full refund"; case-insensitive);
- an unanswerable row is right only when the desk refuses (says it does not know and how to reach
  a person). The refusal rate should be 100%: an invented policy is the failure that matters.
Tune on tests/assistant/policies/dev_questions.csv; data/policies/questions.csv is held out.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_QUESTIONS = REPO / "data" / "policies" / "questions.csv"
DEFAULT_DOCUMENT = REPO / "retrieval" / "catalog" / "data" / "icecat" / "policies.md"
COLUMNS = ("id", "question", "answerable", "section", "facts", "note")


@dataclass
class PolicyScores:
    answerable: int = 0
    answered_right: int = 0  # answered, from the expected section, with every expected fact
    answered_any: int = 0  # answerable rows the desk answered at all (right or not)
    unanswerable: int = 0
    refused: int = 0
    rows: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.answered_right / self.answerable if self.answerable else 0.0

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.unanswerable if self.unanswerable else 0.0


def load_questions(path: str | Path = DEFAULT_QUESTIONS) -> list[dict]:
    """The rows of a question file; a bad `answerable` value or a missing column is a ValueError naming it."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS[:5] if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks the column(s) {missing}; the header must be {','.join(COLUMNS)}")
        rows = list(reader)
    for row in rows:
        if row["answerable"].strip().lower() not in ("yes", "no"):
            raise ValueError(f"{path}, row {row['id']!r}: answerable must be 'yes' or 'no', got {row['answerable']!r}")
    return rows


def score_policies(desk, rows: Sequence[dict]) -> PolicyScores:
    """Ask `desk` (a PolicyDesk, or anything with `answer(question) -> PolicyAnswer`) every row's question."""
    s = PolicyScores()
    for row in rows:
        answer = desk.answer(row["question"])
        answerable = row["answerable"].strip().lower() == "yes"
        sections = [x.strip().lower() for x in (row.get("section") or "").split("|") if x.strip()]
        facts = [x.strip() for x in (row.get("facts") or "").split(" | ") if x.strip()]
        missing = [f for f in facts if f.lower() not in answer.text.lower()] if answer.answered else facts
        right_section = answer.answered and (not sections or answer.section.lower() in sections)
        if answerable:
            s.answerable += 1
            s.answered_any += answer.answered
            ok = bool(right_section and not missing)
            s.answered_right += ok
        else:
            s.unanswerable += 1
            ok = not answer.answered
            s.refused += ok
        s.rows.append({"id": row["id"], "question": row["question"], "answerable": answerable, "ok": ok,
                       "answered": answer.answered, "section": answer.section, "expected": row.get("section", ""),
                       "missing_facts": missing if answerable else [], "score": round(answer.score, 3),
                       "text": answer.text})
    return s


def format_scores(s: PolicyScores, errors: bool = True) -> str:
    lines = [f"answerable    {s.answerable:3d}   accuracy {s.accuracy:.3f}   answered at all {s.answered_any}",
             f"unanswerable  {s.unanswerable:3d}   refused  {s.refusal_rate:.3f}"]
    wrong = [r for r in s.rows if not r["ok"]]
    if errors and wrong:
        lines.append("\nwrong:")
        for r in wrong:
            what = ("answered an unanswerable question" if not r["answerable"] else
                    "refused" if not r["answered"] else
                    f"section {r['section']!r}, expected {r['expected']!r}" if r["missing_facts"] == [] else
                    f"missing {r['missing_facts']} (section {r['section']!r})")
            lines.append(f"  {r['id']:6} {r['question'][:60]!r}: {what} [score {r['score']}]\n         {r['text'][:160]}")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings) -> int:
    from assistant.core.build import policies_document
    from assistant.policies.desk import PolicyDesk
    from retrieval.search.encoder import MiniLMEncoder

    document = Path(args.document) if getattr(args, "document", None) else policies_document(settings) or DEFAULT_DOCUMENT
    rows = load_questions(getattr(args, "questions", None) or DEFAULT_QUESTIONS)
    # The packaged MiniLM: the thresholds were tuned with it (the product-tuned adapter is for products).
    desk = PolicyDesk(document, MiniLMEncoder(None), settings.store_dir)
    scores = score_policies(desk, rows)
    if getattr(args, "json", False):
        print(json.dumps({**asdict(scores), "accuracy": scores.accuracy, "refusal_rate": scores.refusal_rate}, indent=2))
    else:
        print(format_scores(scores, errors=getattr(args, "errors", False)))
    return 0
