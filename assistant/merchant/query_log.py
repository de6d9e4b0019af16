"""The query log (setting `log_queries`, off by default): what shoppers searched for, without who.

Each search turn appends one JSON line to `cache_dir/queries.jsonl`: the day, the intent, the
*parsed* query text (the product words the parser kept, never the raw message) and the constraints
applied, with emails and phone numbers redacted by the project's `assistant.dialogue.redact.redact`
(handed in by the builder: this room sits beside the dialogue's and does not import it). No session id,
no shopper text beyond the query, no time of day. `shopassist report exposure --queries logged`
replays the logged query texts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from assistant.core.types import Intent, Reply

# The turns that search the catalog; a cart, policy or small-talk turn says nothing about exposure.
LOGGED_INTENTS = {Intent.SEARCH, Intent.REFINE, Intent.CHEAPER, Intent.PRICIER, Intent.SHOW_MORE}


class QueryLog:
    """Appends one line per search turn to `path` (a JSONL file; its folder is created), every text
    passed through `redact` (assistant.dialogue.redact.redact)."""

    def __init__(self, path: str | Path, redact: Callable[[str], str]) -> None:
        self.path = Path(path)
        self.redact = redact
        self._lock = threading.Lock()

    def record(self, reply: Reply) -> bool:
        """Log the parsed query of `reply`'s turn; False (nothing written) for a turn that did not search."""
        line = query_line(reply, self.redact)
        if line is None:
            return False
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        return True


def open_query_log(enabled: bool, path: str | Path, redact: Callable[[str], str]) -> QueryLog | None:
    """The log at `path` when the deployment turned logging on (`log_queries`), else None."""
    return QueryLog(path, redact) if enabled else None


def query_line(reply: Reply, redact: Callable[[str], str]) -> dict | None:
    """The JSON record of one turn: day, intent, parsed query text and constraints, all redacted;
    None when the turn did not search or has no query text."""
    c = reply.constraints
    if reply.intent not in LOGGED_INTENTS or not (c.query.strip() or c.search.strip()):
        return None
    filters = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(c.filters).items() if v not in (None, ())}
    constraints = {"filters": filters, "sort": c.sort, "product_type": c.product_type, "specs": list(c.specs),
                   "rating_min": c.rating_min, "reviews_min": c.reviews_min, "reviews_max": c.reviews_max}
    constraints = {k: v for k, v in constraints.items() if v not in (None, "", [], {})}
    return {"day": datetime.now(timezone.utc).date().isoformat(), "intent": reply.intent.value,
            "query": redact(c.query.strip()), "search": redact(c.search.strip()),
            "constraints": json.loads(redact(json.dumps(constraints, ensure_ascii=False)))}


def read_logged_queries(path: str | Path) -> list[str]:
    """The logged query texts in order, repeats kept (a query asked often is shown often)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no query log at {path}; turn on the log_queries setting "
                                "(SHOPASSIST_LOG_QUERIES=true) and let shoppers search first")
    out = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            raise ValueError(f"{path}:{number} is not a JSON line") from None
        text = replayed(record)
        if text:
            out.append(text)
    return out


def replayed(record: dict) -> str:
    """A logged turn as a first message that asks the same: brands before the query text, the price
    bounds after it ("hp wireless mouse under $30")."""
    text = record.get("query") or record.get("search") or ""
    filters = (record.get("constraints") or {}).get("filters") or {}
    low, high = filters.get("price_min"), filters.get("price_max")
    brands = [b for b in filters.get("brands", []) if b.lower() not in text.lower()]
    price = (f"between ${low:g} and ${high:g}" if low is not None and high is not None else
             f"under ${high:g}" if high is not None else f"over ${low:g}" if low is not None else "")
    return " ".join(x for x in (*brands, text, price) if x) if text else ""
