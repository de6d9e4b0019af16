"""`shopassist train ranker`: LambdaRank training of the additive scorer, with k-fold quality.

Data. Each judged query of the Icecat dev judgments (query,docid,rating; grades 0-3) is sent to
hybrid search as is; its top `depth` candidates (default 200: the union of the dense and the
lexical top 100; the "hybrid" order of `shopassist eval retrieval`) get features, and their
grades become labels (unjudged products count as 0). Queries whose grades are all 0 give no
training pairs and are left out of every mean. The field-BM25 features use document
frequencies over the whole catalog (features.py, `FieldStats`): they hold no judgments.

Split. k folds (default 5) over query groups: queries with the same stemmed word set
("bluetooth speaker", "bluetooth speakers") form one group and stay in one fold. Groups are
shuffled with the seed. Each fold's model is trained on the other folds only; the reported
quality is out-of-fold nDCG@10, each query ranked by the model that did not see it, against the
hybrid order of the same candidates. The shipped artifact is then trained on all dev queries.
The design (features, loss, 200 epochs, depth 200) was chosen while looking at these same folds,
so the out-of-fold figure is, if anything, slightly optimistic; there is no separate held-out
set. With the base encoder's features and other fold shuffles (seeds 1 and 2) the mean gain was
+0.077 and +0.075 (seed 0: +0.074), every fold of the three at or above -0.009; with the default,
fine-tuned encoder (seed 0) it is +0.081, every fold positive.

What moved the figure (seed 0, out-of-fold nDCG@10 gain over hybrid, features added in turn):
the first design +0.020; BM25 per field (all text with specs, title, description, specs) +0.044;
the ranker's accessory-aware types (`item_type`) +0.040, kept because a "laptop lock" is not a
laptop; depth 100 -> 200 +0.048; `text_coverage` (share of the query's words anywhere in the
product's text or specs) +0.074. Unjudged products count as 0, and about four in five of the
top-100 candidates are unjudged (the judges saw pooled products that hold the query's words, it
seems): features that say the words are in the product track what was judged as well as what
is relevant. Tried and dropped (each within +-0.005): an embedding similarity between the query
and the candidate's type name, title-only exact/phrase/bigram/number matches, log-rank features
of the dense, lexical and fused lists, brand coverage, title length, more or fewer epochs, L2 0
or 0.01.

Session feedback. The judgments hold no feedback, so each training query with at least two good
(grade >= 2) candidates and a grade-0 one is also added once with one good candidate as "liked"
and one grade-0 candidate as "disliked" (both removed from its list): the scorer learns how much
resemblance to a liked or disliked product says about relevance. Out-of-fold scores use the
plain queries only.

Priors. Colour, price fit, cheapness and popularity never vary in these queries (no query names
a colour or a price; Icecat has no popularity), so their slopes are set by hand (features.py,
`prior`) in units of the learned scores' spread: a full match moves a product by about one
within-query standard deviation of the learned scores.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from assistant.core.types import Candidate, Constraints, Intent, ParsedQuery
from assistant.rank.features import FeatureExtractor, stems
from assistant.rank.scorer import AdditiveScorer
from retrieval.search.judgments import Judgments
from retrieval.search.metrics import ndcg_at_k

DEFAULT_JUDGMENTS = Path("icecat") / "judgments_dev.csv"  # under the shared_data setting
DEFAULT_DEPTH = 200  # hybrid candidates per training list (dense top 100 + lexical top 100, fused)


@dataclass(frozen=True)
class QueryData:
    """One training list: a query's candidates in hybrid order, their features and labels."""

    query: ParsedQuery
    candidates: tuple[Candidate, ...]
    features: np.ndarray  # (n, n_features)
    labels: np.ndarray  # (n,) grades

    @property
    def ids(self) -> list[str]:
        return [c.product.id for c in self.candidates]


def plain_query(text: str) -> ParsedQuery:
    """How a judged query is read for ranking: the raw text, no filters (as the hybrid row)."""
    return ParsedQuery(text=text, intent=Intent.SEARCH, constraints=Constraints(query=text))


def build_dataset(search, judgments: Judgments, extractor: FeatureExtractor, depth: int = DEFAULT_DEPTH) -> list[QueryData]:
    """One list per judged query with at least one relevant product (grade > 0)."""
    data = []
    for text, grades in judgments.items():
        if not any(g > 0 for g in grades.values()):
            continue
        query = plain_query(text)
        candidates = tuple(search.search(text, k=depth))
        labels = np.array([grades.get(c.product.id, 0) for c in candidates], dtype=np.float32)
        data.append(QueryData(query, candidates, extractor.compute(query, candidates), labels))
    return data


def with_feedback(data: Sequence[QueryData], extractor: FeatureExtractor, seed: int) -> list[QueryData]:
    """Copies of lists with one good product liked and one grade-0 product disliked (see above)."""
    rng = np.random.default_rng(seed)
    out = []
    for d in data:
        good, bad = np.flatnonzero(d.labels >= 2), np.flatnonzero(d.labels == 0)
        if len(good) < 2 or len(bad) < 1:
            continue
        liked, disliked = int(rng.choice(good)), int(rng.choice(bad))
        keep = [i for i in range(len(d.candidates)) if i not in (liked, disliked)]
        query = replace(d.query, liked=(d.ids[liked],), disliked=(d.ids[disliked],))
        candidates = tuple(d.candidates[i] for i in keep)
        out.append(QueryData(query, candidates, extractor.compute(query, candidates), d.labels[keep]))
    return out


def lambdarank_loss(scores: torch.Tensor, labels: torch.Tensor, valid: torch.Tensor, sigma: float = 1.0) -> torch.Tensor:
    """LambdaRank: pairwise logistic loss weighted by the nDCG change of swapping the pair.

    scores, labels, valid: (queries, n), each list sorted by label, best first (see `_stack`), so
    that every pair's better item lies in the first `top` columns. Gains are linear in the grade,
    as in retrieval.search.metrics.
    """
    top = max(1, int((labels > 0).sum(1).max()))  # columns that can hold a pair's better item
    with torch.no_grad():
        masked = scores.masked_fill(~valid, float("-inf"))
        order = masked.argsort(dim=1, descending=True)
        rank = torch.empty_like(order)
        rank.scatter_(1, order, torch.arange(order.shape[1]).expand_as(order))
        disc = torch.where(valid, 1.0 / torch.log2(rank.float() + 2.0), torch.zeros_like(scores))
        ideal = (labels * valid).sort(dim=1, descending=True).values
        idcg = (ideal / torch.log2(torch.arange(ideal.shape[1]).float() + 2.0)).sum(1).clamp_min(1e-9)
        hi, d_hi, v_hi = labels[:, :top, None], disc[:, :top, None], valid[:, :top, None]
        pairs = (hi > labels[:, None, :]) & v_hi & valid[:, None, :]  # (queries, top, n)
        weight = (hi - labels[:, None, :]).abs() * (d_hi - disc[:, None, :]).abs() / idcg[:, None, None] * pairs
        lists = max(1, int(pairs.flatten(1).any(1).sum()))
    diff = scores[:, :top, None] - scores[:, None, :]
    return (weight * torch.nn.functional.softplus(-sigma * diff)).sum() / lists


def _stack(data: Sequence[QueryData]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded (lists, n, features), (lists, n) labels and validity; each list sorted by label."""
    n = max(len(d.labels) for d in data)
    n_features = data[0].features.shape[1]
    x = torch.zeros(len(data), n, n_features)
    y = torch.zeros(len(data), n)
    valid = torch.zeros(len(data), n, dtype=torch.bool)
    for i, d in enumerate(data):
        order = np.argsort(-d.labels, kind="stable")
        x[i, : len(order)] = torch.from_numpy(d.features[order])
        y[i, : len(order)] = torch.from_numpy(d.labels[order])
        valid[i, : len(order)] = True
    return x, y, valid


def fit(data: Sequence[QueryData], seed: int = 0, epochs: int = 200, lr: float = 0.05, l2: float = 1e-3) -> AdditiveScorer:
    """A scorer trained by full-batch LambdaRank on `data` (deterministic for a seed on the CPU)."""
    torch.manual_seed(seed)
    model = AdditiveScorer()
    data = [d for d in data if len(d.labels)]
    if not data:
        raise ValueError("no training lists: every judged query had no candidates")
    x, y, valid = _stack(data)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(epochs):
        opt.zero_grad()
        loss = lambdarank_loss(model(x), y, valid) + l2 * model.slopes().pow(2).sum()
        loss.backward()
        opt.step()
    with torch.no_grad():  # priors: one unit = the learned scores' typical spread within a list
        s = model(x).masked_fill(~valid, float("nan"))
        spread = np.nanstd(s.numpy(), axis=1)
        model.prior_scale = float(np.nanmean(spread)) if np.isfinite(spread).any() else 1.0
    return model


def fold_of(queries: Sequence[str], folds: int, seed: int) -> dict[str, int]:
    """Query -> fold, whole groups (same stemmed word set) per fold, groups shuffled by `seed`."""
    if folds < 2:
        raise ValueError(f"folds must be at least 2, but got {folds}")
    groups = sorted({" ".join(sorted(stems(q))) for q in queries})
    if len(groups) < folds:
        raise ValueError(f"{len(groups)} query groups cannot fill {folds} folds; use fewer folds")
    order = np.random.default_rng(seed).permutation(len(groups))
    group_fold = {groups[g]: i % folds for i, g in enumerate(order)}
    return {q: group_fold[" ".join(sorted(stems(q)))] for q in queries}


@dataclass(frozen=True)
class FoldResult:
    fold: int
    queries: int
    ndcg_hybrid: float
    ndcg_ranker: float


@dataclass(frozen=True)
class CrossValidation:
    folds: tuple[FoldResult, ...]
    rankings: dict[str, list[str]]  # query -> product ids as ranked by the model that did not see it

    def mean(self, attr: str) -> float:
        return statistics.fmean(getattr(f, attr) for f in self.folds)


def rank_ids(model: AdditiveScorer, d: QueryData) -> list[str]:
    with torch.no_grad():
        scores = model(torch.from_numpy(d.features)).numpy()
    order = np.argsort(-scores, kind="stable")  # ties keep the hybrid order
    return [d.ids[i] for i in order]


def cross_validate(data: Sequence[QueryData], judgments: Judgments, extractor: FeatureExtractor,
                   folds: int = 5, seed: int = 0, epochs: int = 200) -> CrossValidation:
    assignment = fold_of([d.query.text for d in data], folds, seed)
    results, rankings = [], {}
    for k in range(folds):
        train = [d for d in data if assignment[d.query.text] != k]
        test = [d for d in data if assignment[d.query.text] == k]
        model = fit([*train, *with_feedback(train, extractor, seed)], seed=seed, epochs=epochs)
        hybrid, ranker = [], []
        for d in test:
            grades = judgments[d.query.text]
            rankings[d.query.text] = rank_ids(model, d)
            hybrid.append(ndcg_at_k(d.ids, grades, 10))
            ranker.append(ndcg_at_k(rankings[d.query.text], grades, 10))
        results.append(FoldResult(k, len(test), statistics.fmean(hybrid), statistics.fmean(ranker)))
    return CrossValidation(tuple(results), rankings)


def out_of_fold_rankings(search, judgments: Judgments, depth: int = DEFAULT_DEPTH, folds: int = 5,
                         seed: int = 0) -> dict[str, list[str]]:
    """For `shopassist eval retrieval`: every judged query ranked by a model that did not see it
    (its hybrid top `depth` candidates reordered)."""
    torch.manual_seed(seed)
    extractor = FeatureExtractor.for_search(search)
    data = build_dataset(search, judgments, extractor, depth)
    return cross_validate(data, judgments, extractor, folds, seed).rankings


def train(search, judgments: Judgments, out: str | Path, depth: int = DEFAULT_DEPTH, folds: int = 5, seed: int = 0,
          epochs: int = 200, source: str = "") -> CrossValidation:
    """Cross-validate, then train on every query and save the artifact with its provenance."""
    from assistant.rank.scorer import save_scorer

    extractor = FeatureExtractor.for_search(search)
    data = build_dataset(search, judgments, extractor, depth)
    cv = cross_validate(data, judgments, extractor, folds, seed, epochs)
    model = fit([*data, *with_feedback(data, extractor, seed)], seed=seed, epochs=epochs)
    save_scorer(model, out, meta={
        "trained_on": f"all {len(data)} dev queries with a relevant product of {source or 'the judgments'}",
        "candidates": f"hybrid search top {depth}", "loss": "LambdaRank (linear gains)", "seed": seed,
        "features": [f.name for f in model.features],
        "epochs": epochs, "folds": folds, "split": "grouped by stemmed query words, groups shuffled by seed",
        "out_of_fold_ndcg_at_10": {"hybrid": round(cv.mean("ndcg_hybrid"), 4), "ranker": round(cv.mean("ndcg_ranker"), 4),
                                   "per_fold": [[f.queries, round(f.ndcg_hybrid, 4), round(f.ndcg_ranker, 4)] for f in cv.folds]},
    })
    return cv


def format_report(cv: CrossValidation) -> str:
    lines = [f"{'fold':>4} {'queries':>8} {'hybrid':>8} {'ranker':>8} {'gain':>7}"]
    for f in cv.folds:
        gain = f.ndcg_ranker - f.ndcg_hybrid
        lines.append(f"{f.fold:>4} {f.queries:>8} {f.ndcg_hybrid:>8.3f} {f.ndcg_ranker:>8.3f} {gain:>+7.3f}")
    h, r = cv.mean("ndcg_hybrid"), cv.mean("ndcg_ranker")
    lines.append(f"{'mean':>4} {sum(f.queries for f in cv.folds):>8} {h:>8.3f} {r:>8.3f} {r - h:>+7.3f}")
    return "out-of-fold nDCG@10 (hybrid order vs learned ranker, same candidates)\n" + "\n".join(lines)
