"""Graded relevance judgments (`query,docid,rating` CSV): what retrieval is evaluated and the ranker
trained on. Both `assistant.evaluation` and `assistant.training` read them from here, so neither
imports the other for them."""

from __future__ import annotations

import csv
from pathlib import Path

Judgments = dict[str, dict[str, int]]  # query -> product id -> grade


def load_judgments(path: str | Path) -> Judgments:
    """A `query,docid,rating` CSV as {query: {docid: grade}}."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"judgments file {path} does not exist")
    out: Judgments = {}
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = {"query", "docid", "rating"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path} needs the columns query,docid,rating; missing {sorted(missing)}")
        for line, row in enumerate(reader, start=2):
            try:
                grade = int(float(row["rating"]))
            except ValueError:
                raise ValueError(f"{path}:{line}: rating {row['rating']!r} is not a number") from None
            out.setdefault(row["query"], {})[row["docid"]] = grade
    return out
