"""`shopassist eval retrieval`: BM25, dense, hybrid and the full pipeline on graded judgments."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass

from assistant.core.pipeline import Stages
from assistant.core.types import DialogueState
from retrieval.search.judgments import Judgments
from retrieval.search.metrics import ndcg_at_k, recall_at_k, reciprocal_rank


@dataclass(frozen=True)
class Scores:
    ndcg_at_10: float
    recall_at_100: float
    mrr: float
    queries: int  # queries with at least one relevant (grade > 0) product


def score_system(rank: Callable[[str], Sequence[str]], judgments: Judgments) -> Scores:
    """Mean metrics over queries with a relevant product (all-zero queries tell nothing)."""
    ndcg, recall, rr = [], [], []
    for query, grades in judgments.items():
        if not any(g > 0 for g in grades.values()):
            continue
        ranking = list(rank(query))
        ndcg.append(ndcg_at_k(ranking, grades, 10))
        if any(g >= 2 for g in grades.values()):
            recall.append(recall_at_k(ranking, grades, 100))
        if any(g >= 3 for g in grades.values()):
            rr.append(reciprocal_rank(ranking, grades))
    mean = lambda xs: statistics.fmean(xs) if xs else 0.0  # noqa: E731
    return Scores(mean(ndcg), mean(recall), mean(rr), len(ndcg))


def pipeline_ranking(stages: Stages, depth: int = 100) -> Callable[[str], list[str]]:
    """The full parse → retrieve → rank path, each query as the first message of a new dialogue."""

    def rank(query: str) -> list[str]:
        parsed = stages.parser.parse(query, DialogueState())
        return [r.product.id for r in stages.ranker.rank(parsed, stages.retriever.retrieve(parsed))][:depth]

    return rank


def evaluate_retrieval(search, stages: Stages, judgments: Judgments, depth: int = 100,
                       progress: bool = False) -> dict[str, Scores]:
    from tqdm.auto import tqdm

    oof: dict[str, list[str]] = {}

    def ranker_oof(q: str) -> list[str]:
        """The learned ranker over the hybrid candidates (the top 200, as it is trained), each
        query scored by a model trained (5-fold, seed 0) without it; see assistant/train_ranker.py."""
        if not oof:
            from assistant.training.ranker import out_of_fold_rankings

            oof.update(out_of_fold_rankings(search, judgments))
        return oof.get(q) or [c.product.id for c in search.search(q, k=depth)]  # all-zero queries: unscored

    systems: dict[str, Callable[[str], Sequence[str]]] = {
        "bm25": lambda q: [pid for pid, _ in search.lexical(q, depth)],
        "dense": lambda q: [pid for pid, _ in search.dense(q, depth)],
        "hybrid": lambda q: [c.product.id for c in search.search(q, k=depth)],
        "ranker-oof": ranker_oof,
        "pipeline": pipeline_ranking(stages, depth),
    }
    return {name: score_system(rank, judgments) for name, rank in tqdm(systems.items(), disable=not progress, desc="Systems")}


def with_typos(judgments: Judgments, seed: int = 13) -> Judgments:
    """The same judgments, each query with one keyboard slip in one of its longer words (seeded)."""
    import random

    from retrieval.training.finetune_data import typo

    rng = random.Random(seed)
    out: Judgments = {}
    for query, grades in judgments.items():
        words = query.split()
        long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if long:
            i = rng.choice(long)
            words[i] = typo(words[i], rng)
        out.setdefault(" ".join(words), {}).update(grades)
    return out


def format_table(results: Mapping[str, Scores]) -> str:
    width = max([10] + [len(name) for name in results])
    lines = [f"{'system':<{width}} {'nDCG@10':>8} {'Recall@100':>11} {'MRR':>7} {'queries':>8}"]
    for name, s in results.items():
        lines.append(f"{name:<{width}} {s.ndcg_at_10:>8.3f} {s.recall_at_100:>11.3f} {s.mrr:>7.3f} {s.queries:>8}")
    return "\n".join(lines)


def as_json(results: Mapping[str, Scores]) -> dict:
    return {name: asdict(s) for name, s in results.items()}
