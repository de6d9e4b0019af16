"""`shopassist eval reasons --to-label` / `--labels`: reasons judged by a reader, not by our checkers.

The automatic checks (factcheck.py, `independent_check`) read the same derived facts the reasons
are written from, so they share blind spots. Here a person (or a reader working like one) judges
each shown reason against the product's raw record, by the rubric in data/reasons/README.md:

- `write_sheet` asks every query of a query set as a fresh session's first message and writes one
  row per shown reason (the top products' reasons, as the shopper ends up seeing them) with the
  raw record and the other products on the page, and the four label columns empty: a file to
  label. Rows whose (query, product, reason) already carry labels in an earlier sheet keep them,
  so a reader labels only what changed.
- `score_sheet` reads a labelled sheet and gives the four shares: faithful, right kind word,
  useful, fluent.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.catalog.product import Product

LABELS = ("faithful", "kind_word", "useful", "fluent")
COLUMNS = ("row", "query", "position", "product_id", "title", "brand", "price", "record", "others_shown", "others_records",
           "reason", "source", *LABELS, "note")
DEFAULT_QUERIES = Path("data") / "reasons" / "queries.csv"


def load_queries(path: str | Path) -> list[str]:
    """The `query` column of a CSV (header `query,...`), in order, without repeats."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"query file {path} does not exist")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if "query" not in (reader.fieldnames or []):
            raise ValueError(f"{path} needs a 'query' column; it has {reader.fieldnames}")
        return list(dict.fromkeys(row["query"].strip() for row in reader if row["query"].strip()))


def raw_record(p: Product) -> str:
    """What the reader judges against: the record as the catalog gave it, nothing the project derived
    (no kind, no kind-for, no derived type)."""
    record = {"description": p.description, "colour": p.colour, "released": p.released, "specs": p.specs}
    return json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False, sort_keys=True)


def _price(p: Product) -> str:
    return "" if p.price is None else f"{p.price:.2f}"


@dataclass(frozen=True)
class Shown:
    """One reason as shown, with what a reader needs to judge it."""

    query: str
    position: int  # 1-based place on the page
    product: Product
    reason: str
    source: str
    others: tuple[Product, ...]  # the other products on the same page

    def key(self) -> tuple[str, str, str]:
        return (self.query, self.product.id, self.reason)

    def row(self, n: int) -> dict[str, str]:
        others = "; ".join(f"{q.title} ({_price(q) or 'no price'}{', ' + q.colour if q.colour else ''}"
                           f"{', released ' + q.released[:4] if q.released else ''})" for q in self.others)
        return {"row": str(n), "query": self.query, "position": str(self.position), "product_id": self.product.id,
                "title": self.product.title, "brand": self.product.brand, "price": _price(self.product),
                "record": raw_record(self.product), "others_shown": others,
                "others_records": " | ".join(f"{q.title[:40]}: {raw_record(q)}" for q in self.others), "reason": self.reason,
                "source": self.source, **{label: "" for label in LABELS}, "note": ""}


def shown_reasons(assistant, queries: Iterable[str], timeout: float = 120.0, progress: bool = True) -> list[Shown]:
    """Each query as a fresh session's first message; the reasons its top products end up with."""
    explainer = assistant.stages.explainer
    out: list[Shown] = []
    queries = list(queries)
    for i, q in enumerate(queries):
        reply = assistant.respond(q, session_id=f"eval-reader-{i}")
        products = {c.id: assistant.policy.lookup(c.id) for c in reply.cards}
        final = {c.id: (c.reason, "template") for c in reply.cards}
        if hasattr(explainer, "outcomes"):
            for outcome in explainer.outcomes(reply.constraints, [c.id for c in reply.cards], timeout=timeout):
                final[outcome.reason.product_id] = (outcome.reason.text, outcome.reason.source)
        top = getattr(explainer, "top", 3)
        for pos, card in enumerate(reply.cards[:top], start=1):
            others = tuple(products[c.id] for c in reply.cards if c.id != card.id)
            out.append(Shown(q, pos, products[card.id], *final[card.id], others))
        if progress:
            print(f"\r{i + 1}/{len(queries)} queries", end="", flush=True)
    if progress:
        print()
    return out


def read_sheet(path: str | Path) -> list[dict[str, str]]:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"label sheet {path} does not exist")
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = {"query", "product_id", "reason", *LABELS} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path} is not a label sheet: missing columns {sorted(missing)}")
        return list(reader)


def write_sheet(shown: Sequence[Shown], out: str | Path, earlier: Sequence[dict[str, str]] = ()) -> tuple[int, int]:
    """Write the sheet to label; labels of identical earlier rows are carried over.
    Returns (rows written, rows still to label)."""
    known = {(r["query"], r["product_id"], r["reason"]): r for r in earlier if all(r.get(x) for x in LABELS)}
    rows = []
    for n, s in enumerate(shown, start=1):
        row = s.row(n)
        old = known.get(s.key())
        if old:
            row.update({x: old[x] for x in (*LABELS, "note")})
        rows.append(row)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows), sum(not all(r[x] for x in LABELS) for r in rows)


def _yes(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in ("1", "y", "yes", "true"):
        return True
    if v in ("0", "n", "no", "false"):
        return False
    raise ValueError(f"{where}: label {value!r} must be 1 or 0")


def score_sheet(rows: Sequence[dict[str, str]]) -> dict:
    """The share of labelled reasons judged faithful / right kind word / useful / fluent, overall and for
    generated reasons alone; unlabelled rows are counted apart."""
    done = [r for r in rows if all(r.get(x, "").strip() for x in LABELS)]
    out: dict = {"reasons": len(rows), "labelled": len(done), "queries": len({r["query"] for r in done})}
    for name, subset in (("all", done), ("generated", [r for r in done if r.get("source", "") != "template"]),
                         ("template", [r for r in done if r.get("source", "") == "template"])):
        out[name] = {"n": len(subset)} | {
            x: (sum(_yes(r[x], f"row {r.get('row', '?')} {x}") for r in subset) / len(subset) if subset else None)
            for x in LABELS}
    out["generator_acceptance"] = out["generated"]["n"] / len(done) if done else None
    return out


def format_scores(s: dict) -> str:
    pct = lambda x: "  n/a" if x is None else f"{100 * x:5.1f}%"  # noqa: E731
    lines = [f"reader labels: {s['labelled']} of {s['reasons']} reasons over {s['queries']} queries",
             f"{'':10} {'n':>4}  {'faithful':>8}  {'kind word':>9}  {'useful':>7}  {'fluent':>7}"]
    for name in ("all", "generated", "template"):
        g = s[name]
        lines.append(f"{name:10} {g['n']:>4}  {pct(g['faithful']):>8}  {pct(g['kind_word']):>9}  "
                     f"{pct(g['useful']):>7}  {pct(g['fluent']):>7}")
    lines.append(f"generator acceptance: {pct(s['generator_acceptance']).strip()}")
    return "\n".join(lines)
