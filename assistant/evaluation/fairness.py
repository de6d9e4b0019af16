"""`shopassist eval fairness`: what brand diversity (the fairness setting) costs in nDCG@10 on the dev
judgments, and what it gains in exposure, at several strengths.

The queries and nDCG@10 are those of `shopassist eval retrieval`'s pipeline row (`score_system`:
judged queries with a relevant product, linear gains, unjudged = 0). Each query is parsed and
retrieved once; only the rank stage's last step changes with the strength. Exposure gain: how much
the L2 distance between the brands' exposure share and their deserved share (expected exposure
under a grade-ordered ranking with random ties; assistant/merchant/exposure.py) falls against
strength 0; also the distance to the catalog's brand shares and the distinct brands per top 10.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.core.settings import Settings
from assistant.core.types import DialogueState
from assistant.evaluation.retrieval import score_system
from assistant.merchant.exposure import Ranking, exposure_report
from assistant.rank.diversity import DiverseRanker, with_diversity
from retrieval.search.judgments import Judgments

STRENGTHS = (0.0, 0.1, 0.25, 0.5, 1.0)
MAX_COST = 0.005  # nDCG@10 the setting may cost and still be on by default


@dataclass(frozen=True)
class FairnessRow:
    strength: float
    ndcg_at_10: float
    cost: float  # nDCG@10 at strength 0 minus at this strength
    to_deserved: float  # L2(brand exposure share - deserved share)
    deserved_gain: float  # its fall against strength 0
    to_catalog: float  # L2(brand exposure share - catalog share)
    catalog_gain: float
    brands: float  # mean distinct brands per top k


def sweep(stages, products, judgments: Judgments, strengths: Sequence[float] = STRENGTHS, k: int = 10,
          depth: int = 100, progress: bool = False) -> list[FairnessRow]:
    """nDCG@10 and brand exposure of the pipeline at each strength (strength 0 is always measured first)."""
    from tqdm.auto import tqdm

    base = stages.ranker.ranker if isinstance(stages.ranker, DiverseRanker) else stages.ranker
    queries = [q for q, grades in judgments.items() if any(g > 0 for g in grades.values())]
    found = {}
    for q in tqdm(queries, disable=not progress, desc="Parse and retrieve"):
        parsed = stages.parser.parse(q, DialogueState())
        found[q] = (parsed, stages.retriever.retrieve(parsed))
    rows: list[FairnessRow] = []
    for strength in [0.0] + sorted({float(s) for s in strengths} - {0.0}):
        ranker = with_diversity(base, strength)
        ids = {q: [r.product.id for r in ranker.rank(parsed, cands)][:depth] for q, (parsed, cands) in found.items()}
        ndcg = score_system(lambda q: ids.get(q, []), judgments).ndcg_at_10  # noqa: B023 (used at once)
        report = exposure_report([Ranking(q, tuple(ids[q][:k])) for q in queries], products, judgments, k=k, by=("brand",))
        first = rows[0] if rows else None
        to_deserved, to_catalog = report.to_deserved["brand"] or 0.0, report.to_catalog["brand"]
        rows.append(FairnessRow(strength, ndcg, (first.ndcg_at_10 - ndcg) if first else 0.0, to_deserved,
                                (first.to_deserved - to_deserved) if first else 0.0, to_catalog,
                                (first.to_catalog - to_catalog) if first else 0.0, report.brands_per_query))
    return rows


def choose_default(rows: Sequence[FairnessRow], max_cost: float = MAX_COST) -> float:
    """The largest measured strength whose nDCG@10 cost is at most `max_cost` (0 if none)."""
    return max([r.strength for r in rows if r.cost <= max_cost + 1e-12] + [0.0])


def format_table(rows: Sequence[FairnessRow]) -> str:
    lines = [f"{'strength':>8} {'nDCG@10':>8} {'cost':>7} {'L2 to deserved':>15} {'gain':>7} "
             f"{'L2 to catalog':>14} {'gain':>7} {'brands@10':>10}"]
    for r in rows:
        lines.append(f"{r.strength:>8.2f} {r.ndcg_at_10:>8.3f} {r.cost:>+7.3f} {r.to_deserved:>15.3f} "
                     f"{r.deserved_gain:>+7.3f} {r.to_catalog:>14.3f} {r.catalog_gain:>+7.3f} {r.brands:>10.2f}")
    return "\n".join(lines)


def plot(rows: Sequence[FairnessRow], path: Path, max_cost: float = MAX_COST) -> Path:
    """nDCG@10 cost against brand-exposure gain, one labelled point per strength, as a PNG."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.plot([r.deserved_gain for r in rows], [r.cost for r in rows], "o-")
    for r in rows:
        ax.annotate(f"\u03bb={r.strength:g} ({r.brands:.1f} brands)", (r.deserved_gain, r.cost),
                    textcoords="offset points", xytext=(6, -10), fontsize=8)
    ax.axhline(max_cost, color="grey", linestyle="--", linewidth=1, label=f"cost {max_cost} (default's limit)")
    ax.set_xlabel("brand exposure gain: fall of L2(exposure share - deserved share)")
    ax.set_ylabel("nDCG@10 cost (against \u03bb=0)")
    ax.set_title("Brand diversity re-ranking on the dev judgments", fontsize=10)
    ax.legend(fontsize=8)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    return path


def build(settings: Settings, depth: int):
    """The full catalog's search and the stages with `depth` candidates, as `eval retrieval` builds them."""
    from assistant.core.build import build_search, build_stages

    search = build_search(settings, progress=False)
    return search, build_stages(settings.model_copy(update={"candidates": depth}), search)


def run(args, settings: Settings) -> int:
    from assistant.merchant.queries import JUDGMENTS
    from retrieval.search.judgments import load_judgments

    judgments = load_judgments(Path(args.judgments) if args.judgments else settings.shared_data / JUDGMENTS)
    search, stages = build(settings, args.depth)
    rows = sweep(stages, search.products, judgments, args.strengths, depth=args.depth, progress=not args.quiet)
    print(format_table(rows))
    print(f"\nlargest strength with cost <= {MAX_COST}: {choose_default(rows):g} "
          f"(setting fairness_strength is {settings.fairness_strength:g})")
    print(f"wrote {plot(rows, Path(args.plot))}", file=sys.stderr)
    return 0
