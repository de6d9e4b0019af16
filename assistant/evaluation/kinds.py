"""`shopassist eval kinds`: the kind assigned at ingest against the hand-labelled samples of data/kinds.

Each labelled product is looked up in the indexed catalog (so the figure covers the whole
assignment: the catalog's field, the vocabulary, then the encoder's fill) and its `kind` compared
with the label; for labelled accessories, parts and supplies, `kind_for` with the label's `for`.
Tune on the `dev` split; report the `test` split, which nobody tunes on.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from retrieval.catalog.product import Product

KINDS_DIR = Path(__file__).resolve().parents[2] / "data" / "kinds"
SAMPLE_FILES = {("icecat", "test"): "icecat_sample.csv", ("icecat", "dev"): "icecat_dev.csv",
                ("icecat", "dev2"): "icecat_dev2.csv",  # a second dev sample, Icecat only
                ("bestbuy", "test"): "bestbuy_sample.csv", ("bestbuy", "dev"): "bestbuy_dev.csv"}


@dataclass
class KindScores:
    catalog: str
    split: str
    labelled: int = 0
    right: int = 0
    missing: int = 0  # labelled products the catalog does not hold
    unassigned: int = 0  # products given no kind at all
    fits_labelled: int = 0
    fits_right: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.labelled if self.labelled else 0.0

    @property
    def fits_accuracy(self) -> float:
        return self.fits_right / self.fits_labelled if self.fits_labelled else 0.0


def load_labels(catalog: str, split: str, folder: Path = KINDS_DIR) -> list[dict]:
    with open(folder / SAMPLE_FILES[(catalog, split)], encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def score_kinds(products: Mapping[str, Product], labels: Sequence[dict], catalog: str, split: str) -> KindScores:
    s = KindScores(catalog, split)
    for row in labels:
        p = products.get(row["id"])
        if p is None:
            s.missing += 1
            continue
        s.labelled += 1
        s.right += p.kind == row["kind"]
        s.unassigned += not p.kind
        if row["for"]:
            s.fits_labelled += 1
            s.fits_right += p.kind_for == row["for"]
        if p.kind != row["kind"]:
            s.errors.append({"id": p.id, "title": p.title, "label": row["kind"], "assigned": p.kind})
    return s


def format_scores(scores: Sequence[KindScores], errors: bool = False) -> str:
    lines = [f"{'catalog':8} {'split':5} {'products':>8} {'kind acc':>9} {'no kind':>8} {'for acc':>8}"]
    for s in scores:
        lines.append(f"{s.catalog:8} {s.split:5} {s.labelled:8d} {s.accuracy:9.3f} {s.unassigned:8d} "
                     f"{s.fits_accuracy:8.3f}" + (f"   ({s.missing} not in the catalog)" if s.missing else ""))
    for s in scores if errors else ():
        confusions = Counter((e["label"], e["assigned"]) for e in s.errors)
        lines.append(f"\n{s.catalog} {s.split}: most common confusions (label -> assigned)")
        lines += [f"  {n:3d}  {label} -> {assigned or '(none)'}" for (label, assigned), n in confusions.most_common(25)]
    return "\n".join(lines)


def run(args: argparse.Namespace, settings) -> int:
    from assistant.core.build import build_search

    results = []
    for catalog in args.catalogs:
        search = build_search(settings.model_copy(update={"catalog": catalog}), progress=not args.json)
        by_id = {p.id: p for p in search.products}
        for split in (s for s in args.splits if (catalog, s) in SAMPLE_FILES):
            results.append(score_kinds(by_id, load_labels(catalog, split), catalog, split))
    if args.json:
        print(json.dumps([{**asdict(s), "accuracy": s.accuracy, "fits_accuracy": s.fits_accuracy} for s in results],
                         indent=2))
    else:
        print(format_scores(results, errors=args.errors))
    return 0
