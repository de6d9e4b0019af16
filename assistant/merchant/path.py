"""Why (not) this product: the path one product took through a turn, for the merchant.

`trace` runs the turn's own stage calls (parse, retrieve, rank, as `pipeline.run_turn` makes them)
and says where the product left the flow:

    unknown product ─ not in the catalog
    filtered out    ─ it fails a hard constraint: each one named, with the product's own value
    not retrieved   ─ it meets them, but neither search put it among the candidates: its exact
                      dense and BM25 ranks under the query's filters, and the searches' depth
    ranked          ─ its place, and its feature contributions beside those of the product above

Nothing here re-implements ranking: the ranks and contributions are the stages' own.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from assistant.core.pipeline import Stages
from assistant.core.text import money
from assistant.core.types import DialogueState, ParsedQuery, Ranked
from assistant.parse.state import page_start
from assistant.retrieve.retriever import SEARCHING
from retrieval.catalog.product import Product
from retrieval.catalog.product_types import canonical_type
from retrieval.search.filters import Filters, norm_key
from retrieval.search.hybrid import reciprocal_rank_fusion

STAGES = ("unknown product", "filtered out", "not retrieved", "ranked")


@dataclass(frozen=True)
class Neighbour:
    """The product ranked just above the traced one."""

    id: str
    title: str
    score: float
    contributions: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductPath:
    """Where one product left (or stayed in) the flow of one turn."""

    query: str  # the message traced
    product_id: str
    title: str  # "" for an unknown product
    stage: str  # one of STAGES
    searched: str = ""  # the text both searches matched (the request's words, or a need's products)
    intent: str = ""
    failed: tuple[tuple[str, str], ...] = ()  # (constraint in words, the product's value), filtered out only
    dense_rank: int | None = None  # 1-based among `pool` products by cosine; None: not searched
    lexical_rank: int | None = None  # 1-based by BM25; None: not searched, or no word of the query in it
    fused_rank: int | None = None  # 1-based in the fused list of both searches' top `depth`; None: in neither
    pool: int = 0  # products the ranks are among: those meeting the query's filters (the catalog if filtered out)
    depth: int | None = None  # how many products each search returns (None: the retriever says not)
    candidates: int = 0  # how many candidates reached the ranker
    rank: int | None = None  # 1-based in the ranked list
    shown: int | None = None  # 1-based place on this turn's page; None when off the page
    results: int = 5  # the page size
    page_start: int = 0  # ranked places before the page (after "show more")
    score: float | None = None
    contributions: dict[str, float] = field(default_factory=dict)  # feature -> the ranker's contribution
    above: Neighbour | None = None
    note: str = ""  # why the turn searched nothing, where it did not

    def gaps(self) -> list[tuple[str, float, float, float]]:
        """(feature, this product's contribution, the one above's, difference), largest difference first."""
        if self.above is None:
            return []
        keys = list(dict.fromkeys([*self.contributions, *self.above.contributions]))
        rows = [(k, self.contributions.get(k, 0.0), self.above.contributions.get(k, 0.0)) for k in keys]
        rows = [(k, mine, theirs, mine - theirs) for k, mine, theirs in rows]
        return sorted(rows, key=lambda r: (-abs(r[3]), r[0]))

    def summary(self) -> str:
        """The path in plain words."""
        if self.stage == "unknown product":
            return f"No product with id {self.product_id!r} in the catalog."
        if self.stage == "filtered out":
            fails = "; ".join(f"{what} (it is {value})" for what, value in self.failed)
            return f"Filtered out: {self.title} fails {fails}."
        if self.stage == "not retrieved":
            if self.note:
                return f"Not retrieved: {self.note}."
            return f"Not retrieved: {self._ranks_text()}."
        place = f"Ranked {ordinal(self.rank)} of {self.candidates}: "
        if self.shown is not None:
            place += f"shown {ordinal(self.shown)} on the page of {self.results}."
        elif self.rank <= self.page_start:
            place += f"on an earlier page (this page starts at #{self.page_start + 1})."
        else:
            below = self.rank - self.page_start - self.results
            place += f"{below} below the page of {self.results}."
        if self.above is None:
            return place + " Nothing ranks above it."
        top = [g for g in self.gaps() if abs(g[3]) >= 5e-4][:4]
        gaps = ", ".join(f"{label(k)} {signed(d)}" for k, _, _, d in top) or "no feature differs"
        text = f"{place} Against #{self.rank - 1} ({self.above.title}): {gaps}"
        if self.score is not None and self.score > self.above.score:
            text += (f". It scores higher ({self.score:.3f} vs {self.above.score:.3f}), but the order rules keep "
                     f"#{self.rank - 1} above it (the kind asked for first, the sizes asked for, or a sort)")
        return text + "."

    def _ranks_text(self) -> str:
        dense = f"dense rank {self.dense_rank:,}" if self.dense_rank else "no dense rank"
        lexical = f"BM25 rank {self.lexical_rank:,}" if self.lexical_rank else "no BM25 rank (none of the words is in it)"
        text = f"{dense} and {lexical} among the {self.pool:,} products meeting the filters"
        if self.depth is not None:
            text += f"; each search returns its top {self.depth:,}"
        if self.fused_rank is not None:
            text += f", and fused it is #{self.fused_rank:,}"
        return text + f"; {self.candidates:,} candidates reached the ranker"

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["failed"] = [{"constraint": c, "value": v} for c, v in self.failed]
        out["summary"] = self.summary()
        return out


def trace(stages: Stages, message: str, product_id: str, state: DialogueState | None = None,
          results: int | None = None) -> ProductPath:
    """The path of `product_id` through the turn `message` (after `state`, for a session turn; it is
    copied, never changed). `results`: the page size (default: the stages' own, `stages.shown`)."""
    if not isinstance(message, str) or not message.strip():
        raise ValueError("the message to trace must be non-empty text")
    product_id = str(product_id or "").strip()
    if not product_id:
        raise ValueError("give the id of the product to trace")
    results = stages.shown if results is None else results
    if results < 1:
        raise ValueError(f"results must be >= 1, got {results}")
    search = getattr(stages.retriever, "search", None)
    product = _lookup(stages, search, product_id)
    base = {"query": message, "product_id": product_id, "results": results}
    if product is None:
        return ProductPath(title="", stage="unknown product", **base)

    state = copy.deepcopy(state) if state is not None else DialogueState()
    query = stages.parser.parse(message, state)  # the same calls as pipeline.run_turn
    candidates = stages.retriever.retrieve(query)
    ranked = stages.ranker.rank(query, candidates)
    start = page_start(query.intent, state)
    c = query.constraints
    base |= {"title": product.title, "searched": c.searched, "intent": query.intent.value, "candidates": len(candidates),
             "depth": getattr(search, "depth", None), "page_start": start}

    at = next((i for i, r in enumerate(ranked) if r.product.id == product_id), None)
    if at is not None:
        return _ranked(base, ranked, at, start, results)
    if query.intent not in SEARCHING:
        return ProductPath(stage="not retrieved", note=f"this message is a {query.intent.value} turn, which searches "
                           "nothing: it acts on the products already shown", **base)
    kind = _kind_filter(query, ranked)
    failed = failures(product, c.filters, kind, _brand_names(search))
    if failed:
        return ProductPath(stage="filtered out", failed=failed, **base)
    filters = c.filters.with_(kinds=(kind,)) if kind else c.filters
    return ProductPath(stage="not retrieved", **base, **search_ranks(search, c.searched, product, filters))


def trace_session(assistant: Any, message: str, product_id: str, session_id: str | None = None,
                  results: int | None = None) -> ProductPath:
    """`trace` over an `Assistant`: its policy's stages (the ones its turns run, whose parser passes the
    session's likes to the ranker) and, with `session_id`, a copy of that session's stored state."""
    stages = getattr(getattr(assistant, "policy", None), "stages", None) or assistant.stages
    state = None
    if session_id:
        state = assistant.state(session_id)
        if state is None:
            raise LookupError(f"no session {session_id!r}; chat in it first, or leave the session out")
    return trace(stages, message, product_id, state=state, results=results)


def failures(product: Product, filters: Filters, kind: str = "",
             brands: dict[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """Every hard constraint `product` fails, in words, each with the product's own value:
    ("price under $30.00", "$49.00"), ("brand HP", "Logitech"), ("kind mouse", "mouse pad")."""
    names = brands or {}

    def brand(key: str) -> str:
        return names.get(key, key)

    price = money(product.price)
    out: list[tuple[str, str]] = []
    if filters.price_max is not None and (product.price is None or product.price > filters.price_max):
        out.append((f"price under {money(filters.price_max)}", price))
    if filters.price_min is not None and (product.price is None or product.price < filters.price_min):
        out.append((f"price over {money(filters.price_min)}", price))
    key = norm_key(product.brand)
    if filters.brands and key not in filters.brands:
        out.append(("brand " + " or ".join(map(brand, filters.brands)), product.brand or "no brand"))
    if key and key in filters.exclude_brands:
        out.append((f"not brand {brand(key)}", product.brand))
    colours = ", ".join(product.colours) or "no colour listed"
    if filters.colours and not set(filters.colours) & set(product.colours):
        out.append(("colour " + " or ".join(filters.colours), colours))
    ruled_out = [x for x in filters.exclude_colours if x in product.colours]
    if ruled_out:
        out.append(("not colour " + " or ".join(ruled_out), colours))
    if filters.product_types and norm_key(product.product_type) not in filters.product_types:
        out.append(("type " + " or ".join(filters.product_types), product.product_type or "no type"))
    kinds = tuple(dict.fromkeys([*filters.kinds, *([kind] if kind else [])]))
    if kinds and product.kind not in kinds:
        out.append(("kind " + " or ".join(kinds), product.kind or "no kind"))
    return tuple(out)


def search_ranks(search: Any, text: str, product: Product, filters: Filters) -> dict[str, Any]:
    """The product's exact dense and BM25 ranks among every product meeting `filters`, and its rank in
    the fused list of both searches' top `search.depth`, as `HybridSearch.search` fuses them."""
    if search is None or not hasattr(search, "columns") or not text.strip():
        return {}
    mask = search.columns.mask(filters) if not filters.is_empty() else np.ones(len(search.products), dtype=bool)
    rows = np.flatnonzero(mask)
    row = next(i for i, p in enumerate(search.products) if p.id == product.id)
    vector = np.asarray(search.store.embed_query(text), dtype=np.float32)
    sims = search.vectors_of_rows(rows) @ vector  # (len(rows),)
    mine = float((search.vectors_of_rows(np.array([row])) @ vector)[0])
    dense_rank = int(np.count_nonzero(sims > mine) + np.count_nonzero((sims == mine) & (rows < row))) + 1
    bm25 = search.lexical_index.scores(text, mask)  # (n_products,), 0 outside the filters
    lexical_rank = None
    if bm25[row] > 0:  # stable ties, by catalog row, as the lexical search orders them
        lexical_rank = int(np.count_nonzero(bm25 > bm25[row]) + np.count_nonzero(bm25[:row] == bm25[row])) + 1
    depth = search.depth
    dense = [pid for pid, _ in search.dense(text, depth, filters, vector)]
    lexical = [pid for pid, _ in search.lexical(text, depth, filters)]
    fused = reciprocal_rank_fusion([dense, lexical], search.rrf_k)
    order = sorted(fused, key=lambda pid: (-fused[pid], pid))
    fused_rank = order.index(product.id) + 1 if product.id in fused else None
    return {"dense_rank": dense_rank, "lexical_rank": lexical_rank, "fused_rank": fused_rank, "pool": len(rows)}


def _ranked(base: dict, ranked: list[Ranked], at: int, start: int, results: int) -> ProductPath:
    r = ranked[at]
    above = None
    if at > 0:
        a = ranked[at - 1]
        above = Neighbour(a.product.id, a.product.title, a.score, dict(a.contributions))
    shown = at - start + 1 if start <= at < start + results else None
    return ProductPath(stage="ranked", rank=at + 1, shown=shown, score=r.score, contributions=dict(r.contributions),
                       above=above, **base)


def _kind_filter(query: ParsedQuery, ranked: list[Ranked]) -> str:
    """The kind the retriever kept to this turn, or "": it keeps to the kind asked for unless it
    filled up with (or fell back to) products of other kinds, which it did when any candidate is one."""
    kind = canonical_type(query.constraints.product_type) if query.constraints.product_type else ""
    if kind and all(r.product.kind == kind and r.candidate.of_asked_kind for r in ranked):
        return kind
    return ""


def _lookup(stages: Stages, search: Any, product_id: str) -> Product | None:
    if search is not None and hasattr(search, "product"):
        return search.product(product_id)
    lookup = getattr(stages.responder, "lookup", None)
    return lookup(product_id) if lookup else None


def _brand_names(search: Any) -> dict[str, str]:
    """Normalised brand key -> the catalog's spelling ("hp" -> "HP")."""
    names: dict[str, str] = {}
    for p in getattr(search, "products", ()):
        names.setdefault(norm_key(p.brand), p.brand)
    return names


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def label(feature: str) -> str:
    """A feature's short name: "price_fit" -> "price fit"."""
    return feature.replace("_", " ")


def signed(value: float) -> str:
    return f"{'+' if value >= 0 else '−'}{abs(value):.3f}"


def path_table(path: ProductPath) -> str:
    """The path as a small plain-text table: the ranks, the failed constraints, or the contributions
    of the product beside those of the product above it (largest difference first; features that
    contribute nothing to either are left out)."""
    if path.stage == "filtered out":
        width = max(len(c) for c, _ in path.failed)
        return "\n".join([f"{'constraint':<{width}}  its value", *(f"{c:<{width}}  {v}" for c, v in path.failed)])
    if path.stage == "not retrieved" and not path.note:
        cells = [("dense rank", path.dense_rank), ("BM25 rank", path.lexical_rank), ("fused rank", path.fused_rank),
                 ("products meeting the filters", path.pool), ("search depth", path.depth),
                 ("candidates ranked", path.candidates)]
        return "\n".join(f"{name:<28}  {'-' if value is None else f'{value:,}'}" for name, value in cells)
    if path.stage != "ranked":
        return ""
    if path.above is None:
        rows = sorted(path.contributions.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        return "\n".join([f"{'feature':<20} {'#' + str(path.rank):>8}", *(f"{label(k):<20} {v:>8.3f}" for k, v in rows if v)])
    head = f"{'feature':<20} {'#' + str(path.rank):>8} {'#' + str(path.rank - 1):>8} {'gap':>8}"
    lines = [head, *(f"{label(k):<20} {m:>8.3f} {a:>8.3f} {signed(d):>8}" for k, m, a, d in path.gaps() if m or a)]
    return "\n".join([*lines, f"{'score':<20} {path.score:>8.3f} {path.above.score:>8.3f} "
                               f"{signed(path.score - path.above.score):>8}"])
