"""The query sets an exposure report runs over: `judged`, `journeys`, `logged`, or a file of queries.

- judged: the unique queries of the Icecat dev judgments (`icecat/judgments_dev.csv` under the
  shared_data setting, the file `shopassist eval retrieval` reads), with their judgments;
- journeys: the first message of each journey in data/journeys/<catalog>/ (no judgments);
- logged: the queries the deployment logged (setting `log_queries`; assistant/merchant/query_log.py);
- any other value: a text file of one query per line (blank lines and lines starting "#" skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.merchant.query_log import read_logged_queries
from retrieval.search.judgments import Judgments, load_judgments

JUDGMENTS = Path("icecat") / "judgments_dev.csv"  # under the shared_data setting
JOURNEYS = Path(__file__).resolve().parents[2] / "data" / "journeys"
NAMED = ("judged", "journeys", "logged")


@dataclass(frozen=True)
class QuerySet:
    name: str
    queries: tuple[str, ...]
    judgments: Judgments | None = field(default=None, compare=False)


def load_query_set(name: str, shared_data: Path, cache_dir: Path, catalog: str = "icecat") -> QuerySet:
    """The query set `name` (one of NAMED, or a file path) for the given settings' folders."""
    if name == "judged":
        judgments = load_judgments(Path(shared_data) / JUDGMENTS)
        return QuerySet(name, tuple(judgments), judgments)
    if name == "journeys":
        folder = JOURNEYS / catalog
        if not folder.is_dir():
            raise FileNotFoundError(f"no journeys for catalog {catalog!r} in {folder}; use --queries FILE")
        return QuerySet(name, tuple(first_messages(sorted(folder.rglob("*.yaml")))))
    if name == "logged":
        return QuerySet(name, tuple(read_logged_queries(Path(cache_dir) / "queries.jsonl")))
    path = Path(name)
    if not path.is_file():
        raise FileNotFoundError(f"--queries {name!r} is neither {', '.join(NAMED)} nor a file of one query per line")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    queries = tuple(line for line in lines if line and not line.startswith("#"))
    if not queries:
        raise ValueError(f"{path} holds no queries; write one per line")
    return QuerySet(path.name, queries)


def first_messages(paths) -> list[str]:
    """The first `say` of each journey file that has one."""
    out = []
    for path in paths:
        journey = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        turns = journey.get("turns") if isinstance(journey, dict) else None
        if turns and isinstance(turns[0], dict) and isinstance(turns[0].get("say"), str) and turns[0]["say"].strip():
            out.append(turns[0]["say"])
    return out
