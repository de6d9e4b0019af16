"""Position-weighted exposure per brand and per price band over a query set, against the catalog's
share and, where judgments exist, against the exposure deserved by relevance.

Exposure model: RBP-style patience (Moffat & Zobel), the browsing model of expected exposure (Diaz
et al. 2020; TREC Fair Ranking 2021/2022): the product at rank r of the top k gets weight γ^(r-1),
γ = 0.5 by default (`weighting="rbp"`); `weighting="log"` gives nDCG's 1/log2(r+1) instead.

Deserved exposure of one judged query: the expected exposure of each product under the stochastic
ranking that orders by grade and ranks equally graded products at random. It is exact: the products
of one grade occupy a block of positions and each gets the mean weight of that block; the rest of
the catalog (grade 0 and unjudged) is the last block, so each of its products gets the weight left
over divided by its size. A group's deserved exposure is the sum over its products.

The scalars are L2 distances between share vectors per grouping: system exposure share against
catalog share, and (over the judged queries of the set) against deserved share; 0 is parity.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.core.pipeline import Stages
from assistant.core.types import DialogueState
from retrieval.catalog.product import Product

GROUPINGS = ("brand", "price band")
NO_BRAND, NO_PRICE = "(no brand)", "no price"


def position_weights(k: int = 10, weighting: str = "rbp", gamma: float = 0.5) -> list[float]:
    """The exposure of ranks 1..k: γ^(r-1) ("rbp") or 1/log2(r+1) ("log")."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if weighting == "rbp":
        if not 0.0 < gamma < 1.0:
            raise ValueError(f"gamma (RBP patience) must be between 0 and 1, got {gamma}")
        return [gamma ** r for r in range(k)]
    if weighting == "log":
        return [1.0 / math.log2(r + 2) for r in range(k)]
    raise ValueError(f"weighting must be 'rbp' or 'log', got {weighting!r}")


@dataclass(frozen=True)
class Ranking:
    """The top of one query's ranking, as a shopper's first message of a new dialogue gets it."""

    query: str
    product_ids: tuple[str, ...]


def collect_rankings(stages: Stages, queries: Iterable[str], k: int = 10) -> list[Ranking]:
    """parse → retrieve → rank for each query (a fresh dialogue each, no session); the top `k` ids."""
    out = []
    for query in queries:
        parsed = stages.parser.parse(query, DialogueState())
        ranked = stages.ranker.rank(parsed, stages.retriever.retrieve(parsed))
        out.append(Ranking(query, tuple(r.product.id for r in ranked[:k])))
    return out


def price_bands(products: Iterable[Product]) -> tuple[float, ...]:
    """Band edges: the catalog's price quartiles, rounded to two significant figures (distinct ones)."""
    prices = sorted(p.price for p in products if p.price is not None)
    if not prices:
        return ()
    edges = []
    for q in (0.25, 0.5, 0.75):
        value = prices[min(len(prices) - 1, int(q * len(prices)))]
        rounded = float(f"{value:.2g}") if value > 0 else 0.0
        if rounded > 0 and rounded not in edges:
            edges.append(rounded)
    return tuple(edges)


def band_labels(edges: Sequence[float]) -> list[str]:
    """"under $20", "$20-$55", ..., "$150 and over" (in price order)."""
    if not edges:
        return ["any price"]
    labels = [f"under ${edges[0]:,.0f}"]
    labels += [f"${a:,.0f}-${b:,.0f}" for a, b in zip(edges, edges[1:])]
    return labels + [f"${edges[-1]:,.0f} and over"]


def group_of(product: Product, by: str, edges: Sequence[float]) -> str:
    if by == "brand":
        return product.brand.strip() or NO_BRAND
    if by == "price band":
        if product.price is None:
            return NO_PRICE
        labels = band_labels(edges)
        return labels[sum(product.price >= e for e in edges)]
    raise ValueError(f"group by 'brand' or 'price band', got {by!r}")


def deserved_exposure(grades: Mapping[str, int], weights: Sequence[float], catalog_size: int) -> tuple[dict[str, float], float]:
    """Expected exposure per relevant product (grade > 0) under the grade-ordered ranking with random
    ties, and the exposure each other catalog product gets (the leftover weight over their number)."""
    relevant = sorted((g for g in grades.values() if g > 0), reverse=True)
    out: dict[str, float] = {}
    start = 0
    for grade in sorted(set(relevant), reverse=True):
        ids = [pid for pid, g in grades.items() if g == grade]
        block = [weights[i] if i < len(weights) else 0.0 for i in range(start, start + len(ids))]
        out.update(dict.fromkeys(ids, sum(block) / len(ids)))
        start += len(ids)
    rest = catalog_size - len(relevant)
    leftover = sum(weights[start:]) if start < len(weights) else 0.0
    return out, (leftover / rest if rest > 0 else 0.0)


@dataclass(frozen=True)
class GroupRow:
    group: str
    exposure: float  # summed position weights over the queries
    exposure_share: float
    shown: int  # appearances in a top k
    catalog_products: int
    catalog_share: float
    deserved_share: float | None = None  # None: no judged query in the set
    judged_exposure_share: float | None = None  # the system's share over the judged queries only


@dataclass(frozen=True)
class ExposureReport:
    k: int
    weighting: str
    gamma: float
    queries: int
    judged_queries: int  # queries of the set with a relevant judged product
    groups: dict[str, tuple[GroupRow, ...]]  # grouping -> rows, most exposed first (price bands: in order)
    to_catalog: dict[str, float]  # grouping -> L2(exposure share - catalog share)
    to_deserved: dict[str, float | None]  # grouping -> L2(judged exposure share - deserved share)
    brands_per_query: float  # mean distinct brands in a top k
    bands: tuple[float, ...] = field(default=())

    def to_frame(self, by: str = "brand"):
        """One row per group (columns of `GroupRow`): a pandas DataFrame, e.g. for gradio's BarPlot."""
        import pandas as pd

        if by not in self.groups:
            raise ValueError(f"this report groups by {list(self.groups)}, not {by!r}")
        return pd.DataFrame([vars(r) for r in self.groups[by]], columns=list(GroupRow.__dataclass_fields__))

    def to_long_frame(self, by: str = "brand", top: int = 15):
        """(group, measure, share) rows of the `top` groups, the others summed as "other": for a
        grouped bar chart (gr.BarPlot(x="group", y="share", color="measure"))."""
        import pandas as pd

        rows = []
        for r in _top_rows(self.groups[by], top):
            rows += [(r.group, "exposure", r.exposure_share), (r.group, "catalog", r.catalog_share)]
            if r.deserved_share is not None:
                rows.append((r.group, "deserved", r.deserved_share))
        return pd.DataFrame(rows, columns=["group", "measure", "share"])


def exposure_report(rankings: Sequence[Ranking], catalog_products: Sequence[Product],
                    judgments: Mapping[str, Mapping[str, int]] | None = None, k: int = 10,
                    by: Sequence[str] = GROUPINGS, weighting: str = "rbp", gamma: float = 0.5) -> ExposureReport:
    """Exposure per group of `by` over `rankings` (their top `k`), against catalog and deserved shares."""
    weights = position_weights(k, weighting, gamma)
    catalog = {p.id: p for p in catalog_products}
    if not catalog:
        raise ValueError("the catalog has no products; ingest one first")
    edges = price_bands(catalog.values())
    judged = {r.query: judgments[r.query] for r in rankings
              if judgments and r.query in judgments and any(g > 0 for g in judgments[r.query].values())}
    brands = [len({catalog[pid].brand.strip().lower() for pid in r.product_ids[:k] if pid in catalog}) for r in rankings]
    groups, to_catalog, to_deserved = {}, {}, {}
    for grouping in by:
        group = {pid: group_of(p, grouping, edges) for pid, p in catalog.items()}
        sizes: dict[str, int] = defaultdict(int)
        for g in group.values():
            sizes[g] += 1
        exposure, judged_exposure, shown, deserved = (defaultdict(float), defaultdict(float), defaultdict(int),
                                                      defaultdict(float))
        for r in rankings:
            for pid, w in zip(r.product_ids[:k], weights):
                if pid not in catalog:  # left the catalog since: its rank keeps its weight, no group gets it
                    continue
                exposure[group[pid]] += w
                shown[group[pid]] += 1
                if r.query in judged:
                    judged_exposure[group[pid]] += w
        for r in rankings:  # per ranking, not per query: a query asked twice deserves twice
            if r.query not in judged:
                continue
            graded = {pid: g for pid, g in judged[r.query].items() if pid in catalog}
            per_product, rest = deserved_exposure(graded, weights, len(catalog))
            relevant: dict[str, int] = defaultdict(int)
            for pid, e in per_product.items():
                deserved[group[pid]] += e
                relevant[group[pid]] += 1
            for g, size in sizes.items():
                deserved[g] += rest * (size - relevant[g])
        total = sum(exposure.values()) or 1.0
        judged_total, deserved_total = sum(judged_exposure.values()) or 1.0, sum(deserved.values()) or 1.0
        rows = [GroupRow(g, exposure[g], exposure[g] / total, shown[g], sizes[g], sizes[g] / len(catalog),
                         deserved[g] / deserved_total if judged else None,
                         judged_exposure[g] / judged_total if judged else None) for g in sizes]
        if grouping == "price band":
            order = {label: i for i, label in enumerate(band_labels(edges) + [NO_PRICE])}
            rows.sort(key=lambda r: order[r.group])  # noqa: B023 (sorted at once)
        else:
            rows.sort(key=lambda r: (-r.exposure, -(r.deserved_share or 0.0), -r.catalog_share, r.group))
        groups[grouping] = tuple(rows)
        to_catalog[grouping] = math.sqrt(sum((r.exposure_share - r.catalog_share) ** 2 for r in rows))
        to_deserved[grouping] = (math.sqrt(sum((r.judged_exposure_share - r.deserved_share) ** 2 for r in rows))
                                 if judged else None)
    judged_rankings = sum(r.query in judged for r in rankings)
    return ExposureReport(k, weighting, gamma, len(rankings), judged_rankings, groups, to_catalog, to_deserved,
                          sum(brands) / len(brands) if brands else 0.0, edges)


def _top_rows(rows: Sequence[GroupRow], top: int) -> list[GroupRow]:
    """The `top` rows by their largest share, then one "other" row summing the rest."""
    if len(rows) <= top + 1:
        return list(rows)
    ranked = sorted(rows, key=lambda r: -max(r.exposure_share, r.catalog_share, r.deserved_share or 0.0))
    kept, rest = ranked[:top], ranked[top:]
    keep = {r.group for r in kept}
    add = lambda attr: sum(getattr(r, attr) or 0.0 for r in rest)  # noqa: E731
    judged = rows[0].deserved_share is not None
    other = GroupRow(f"other ({len(rest)})", add("exposure"), add("exposure_share"), int(add("shown")),
                     int(add("catalog_products")), add("catalog_share"), add("deserved_share") if judged else None,
                     add("judged_exposure_share") if judged else None)
    return [r for r in rows if r.group in keep] + [other]


def format_table(report: ExposureReport, by: str, top: int = 15) -> str:
    """The rows of one grouping as text (the `top` groups and "other"), with the scalars under them."""
    judged = report.to_deserved.get(by) is not None
    width = max([12] + [len(r.group) for r in _top_rows(report.groups[by], top)])
    head = f"{by:<{width}} {'exposure':>9} {'catalog':>8}" + (f" {'deserved':>9}" if judged else "") + f" {'shown':>6}"
    lines = [head]
    for r in _top_rows(report.groups[by], top):
        line = f"{r.group:<{width}} {r.exposure_share:>9.3f} {r.catalog_share:>8.3f}"
        line += f" {r.deserved_share:>9.3f}" if judged else ""
        lines.append(line + f" {r.shown:>6}")
    lines.append(f"L2 distance of exposure share to catalog share: {report.to_catalog[by]:.3f}")
    if judged:
        lines.append(f"L2 distance of exposure share to deserved share ({report.judged_queries} judged queries): "
                     f"{report.to_deserved[by]:.3f}")
    return "\n".join(lines)


# -- charts and files: the Merchant tab shows the figures; the CLI writes them -------------------

def report_figures(report: ExposureReport, top: int = 15) -> list:
    """One matplotlib Figure per grouping: exposure, catalog and (where judged) deserved share per group."""
    from matplotlib.figure import Figure

    figures = []
    for by, rows in report.groups.items():
        rows = _top_rows(rows, top)
        measures = [("exposure", [r.exposure_share for r in rows]), ("catalog", [r.catalog_share for r in rows])]
        if report.to_deserved.get(by) is not None:
            measures.append(("deserved", [r.deserved_share or 0.0 for r in rows]))
        fig = Figure(figsize=(8, 1.2 + 0.32 * len(rows) * len(measures) / 2), layout="constrained")
        ax = fig.add_subplot()
        height = 0.8 / len(measures)
        for i, (name, values) in enumerate(measures):
            ax.barh([y + i * height for y in range(len(rows))], values, height=height, label=f"{name} share")
        ax.set_yticks([y + height * (len(measures) - 1) / 2 for y in range(len(rows))], [r.group for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel("share")
        title = f"Exposure by {by} ({report.queries} queries, top {report.k}, {_model(report)})"
        note = f"L2 to catalog {report.to_catalog[by]:.3f}"
        if report.to_deserved.get(by) is not None:
            note += f", to deserved {report.to_deserved[by]:.3f}"
        ax.set_title(f"{title}\n{note}", fontsize=10)
        ax.legend(loc="lower right", fontsize=8)
        figures.append(fig)
    return figures


def _model(report: ExposureReport) -> str:
    return f"RBP \u03b3={report.gamma:g}" if report.weighting == "rbp" else "log discount"


def write_report(report: ExposureReport, out_dir, top: int = 15) -> list:
    """exposure_<grouping>.csv (every group), exposure_<grouping>.png, and exposure.html (the charts
    embedded as base64 and the tables: one self-contained file). Returns the paths written."""
    import base64
    import html
    import io
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths, sections = [], []
    for (by, _), fig in zip(report.groups.items(), report_figures(report, top)):
        slug = by.replace(" ", "_")
        csv_path, png_path = out / f"exposure_{slug}.csv", out / f"exposure_{slug}.png"
        frame = report.to_frame(by)
        frame.to_csv(csv_path, index=False)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110)
        png_path.write_bytes(buffer.getvalue())
        paths += [csv_path, png_path]
        image = base64.b64encode(buffer.getvalue()).decode("ascii")
        table = frame.to_html(index=False, float_format=lambda x: f"{x:.3f}", na_rep="", border=0)
        sections.append(f"<h2>By {html.escape(by)}</h2>\n<img alt=\"exposure by {html.escape(by)}\" "
                        f"src=\"data:image/png;base64,{image}\">\n<pre>{html.escape(format_table(report, by, top))}</pre>\n"
                        f"<details><summary>Every group</summary>{table}</details>")
    page = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Exposure report</title><style>"
            "body{font-family:sans-serif;max-width:60em;margin:2em auto}img{max-width:100%}"
            "table{border-collapse:collapse;font-size:.85em}td,th{padding:2px 8px;text-align:right}</style></head><body>"
            f"<h1>Exposure report</h1><p>{report.queries} queries ({report.judged_queries} with judgments), top "
            f"{report.k}, position weights {html.escape(_model(report))}; {report.brands_per_query:.2f} distinct brands "
            f"per top {report.k}.</p>" + "\n".join(sections) + "</body></html>\n")
    html_path = out / "exposure.html"
    html_path.write_text(page, encoding="utf-8")
    return paths + [html_path]
