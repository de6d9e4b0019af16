"""The additive torch scorer: exact attributions, monotone terms, training, artifacts, devices."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from assistant.rank.features import COLUMN, FEATURES
from assistant.rank.scorer import AdditiveScorer, TorchScorer, load_scorer, save_scorer
from assistant.training.ranker import QueryData, fit, fold_of, lambdarank_loss, plain_query
from retrieval.search.metrics import ndcg_at_k

F = len(FEATURES)


def random_model(seed: int = 0) -> AdditiveScorer:
    torch.manual_seed(seed)
    model = AdditiveScorer()
    with torch.no_grad():
        model.raw.normal_(0.0, 1.5)
    model.prior_scale = 0.7
    return model


def random_features(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.0, 1.0, (n, F)).astype(np.float32)


def test_contributions_add_up_to_the_score_and_vanish_at_zero():
    model, x = random_model(), torch.from_numpy(random_features(200))
    with torch.no_grad():
        parts, scores = model.contributions(x), model(x)
    assert parts.shape == (200, F)
    assert torch.allclose(parts.sum(-1), scores, atol=1e-5)
    assert torch.count_nonzero(model.contributions(torch.zeros(3, F))) == 0


def test_terms_are_monotone_in_the_direction_of_their_sign():
    model = random_model(3)
    grid = torch.linspace(0.0, 1.0, 41)
    with torch.no_grad():
        for i, f in enumerate(FEATURES):
            x = torch.zeros(len(grid), F)
            x[:, i] = grid
            steps = torch.diff(model.contributions(x)[:, i])
            if f.sign > 0:
                assert (steps >= -1e-6).all(), f.name
            elif f.sign < 0:
                assert (steps <= 1e-6).all(), f.name


def test_prior_features_use_their_hand_set_slope_times_the_scale():
    model = random_model()
    x = torch.zeros(1, F)
    x[0, COLUMN["colour_match"]] = 1.0
    prior = next(f.prior for f in FEATURES if f.name == "colour_match")
    with torch.no_grad():
        assert float(model(x)) == pytest.approx(prior * 0.7, rel=1e-5)


def test_save_and_load_round_trip(tmp_path):
    model, x = random_model(), random_features(50)
    path = save_scorer(model, tmp_path / "ranker.v1.json", meta={"seed": 0})
    assert path.stat().st_size < 20_000  # a few KB that ship in the repository
    loaded = TorchScorer(load_scorer(path), "cpu")
    assert np.allclose(loaded.scores(x), TorchScorer(model, "cpu").scores(x), atol=1e-5)
    assert json.loads(path.read_text())["meta"] == {"seed": 0}


def test_bad_artifacts_get_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="shopassist train ranker"):
        load_scorer(tmp_path / "missing.json")
    data = random_model().to_dict()
    (tmp_path / "old.json").write_text(json.dumps({**data, "version": 0}))
    with pytest.raises(ValueError, match="not a version-1 ranker artifact"):
        load_scorer(tmp_path / "old.json")
    data["features"] = data["features"][:-1]
    (tmp_path / "short.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match="retrain the ranker"):
        load_scorer(tmp_path / "short.json")


def test_the_shipped_artifact_loads_and_scores():
    scorer = TorchScorer.load(device="cpu")
    assert scorer.feature_names == tuple(f.name for f in FEATURES)
    x = random_features(10)
    assert np.allclose(scorer.contributions(x).sum(1), scorer.scores(x), atol=1e-5)


# ---- training -----------------------------------------------------------------------------------

def synthetic_lists(n_lists: int, seed: int, n: int = 40) -> list[QueryData]:
    """Grades follow dense similarity and type match, with noise; the other features are noise."""
    rng = np.random.default_rng(seed)
    out = []
    for q in range(n_lists):
        x = rng.uniform(0.0, 1.0, (n, F)).astype(np.float32)
        x[:, COLUMN["type_match"]] = rng.integers(0, 2, n)
        for prior in ("colour_match", "price_fit", "cheapness", "popularity"):
            x[:, COLUMN[prior]] = 0.0
        signal = 2.0 * x[:, COLUMN["dense"]] + 1.5 * x[:, COLUMN["type_match"]] + rng.normal(0, 0.3, n)
        grades = np.digitize(signal, [1.5, 2.3, 3.0]).astype(np.float32)
        out.append(QueryData(plain_query(f"q{q}"), tuple(), x, grades))
    return out


def ndcg_of(scores: np.ndarray, grades: np.ndarray) -> float:
    ids = [str(i) for i in np.argsort(-scores, kind="stable")]
    return ndcg_at_k(ids, {str(i): int(g) for i, g in enumerate(grades)}, 10)


def mean_ndcg(model: AdditiveScorer, lists: list[QueryData]) -> float:
    with torch.no_grad():
        return float(np.mean([ndcg_of(model(torch.from_numpy(d.features)).numpy(), d.labels) for d in lists]))


def test_training_beats_a_shuffled_order_and_the_untrained_model_on_held_out_lists():
    train, test = synthetic_lists(30, seed=1), synthetic_lists(20, seed=2)
    model = fit(train, seed=0, epochs=120)
    rng = np.random.default_rng(0)
    shuffled = np.mean([ndcg_of(rng.permutation(len(d.labels)).astype(float), d.labels) for d in test])
    learned, untrained = mean_ndcg(model, test), mean_ndcg(fit(train, seed=0, epochs=0), test)
    assert learned > shuffled + 0.25, (learned, shuffled)
    assert learned > untrained + 0.1, (learned, untrained)
    slopes = model.slopes().detach()
    # the informative features carry more weight than a pure-noise one
    assert slopes[COLUMN["type_match"], 0] > slopes[COLUMN["brand_match"], 0] + 0.5


def test_training_is_deterministic_for_a_seed_on_the_cpu():
    data = synthetic_lists(10, seed=5)
    a, b = fit(data, seed=7, epochs=30), fit(data, seed=7, epochs=30)
    assert torch.equal(a.raw, b.raw) and a.prior_scale == b.prior_scale
    x = random_features(200)
    s = TorchScorer(a, "cpu")
    assert np.array_equal(s.scores(x), s.scores(x))


def test_lambdarank_loss_prefers_the_right_order():
    labels = torch.tensor([[3.0, 1.0, 0.0, 0.0]])
    valid = torch.ones_like(labels, dtype=torch.bool)
    good = lambdarank_loss(torch.tensor([[3.0, 2.0, 1.0, 0.0]]), labels, valid)
    bad = lambdarank_loss(torch.tensor([[0.0, 1.0, 2.0, 3.0]]), labels, valid)
    assert float(bad) > float(good) > 0.0


def test_folds_keep_query_groups_together_and_are_reproducible():
    queries = ["bluetooth speaker", "bluetooth speakers", "laptop", "laptops", "mouse", "gaming mouse", "tv", "ssd"]
    folds = fold_of(queries, 3, seed=0)
    assert folds["bluetooth speaker"] == folds["bluetooth speakers"] and folds["laptop"] == folds["laptops"]
    assert set(folds.values()) == {0, 1, 2}
    assert folds == fold_of(queries, 3, seed=0)
    with pytest.raises(ValueError, match="folds must be at least 2"):
        fold_of(queries, 1, seed=0)
    with pytest.raises(ValueError, match="cannot fill 9 folds"):
        fold_of(queries, 9, seed=0)


@pytest.mark.gpu
def test_cuda_and_cpu_rank_alike():
    x = random_features(2000)
    cpu = TorchScorer(random_model(), "cpu").scores(x)
    gpu = TorchScorer(random_model(), "cuda").scores(x)  # the same weights (seeded), on the GPU
    assert np.allclose(cpu, gpu, atol=1e-4)
    for lists in np.split(np.arange(2000), 10):  # batches of 200 candidates: same top 10
        assert list(np.argsort(-cpu[lists])[:10]) == list(np.argsort(-gpu[lists])[:10])
