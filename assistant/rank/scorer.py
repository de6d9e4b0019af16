"""The learned ranking scorer: an additive torch model over the features of features.py.

score(x) = sum_f g_f(x_f), where each g_f is a piecewise-linear function of one feature with
g_f(0) = 0, monotone in the direction the feature's `sign` says. Because the model is a sum of
one-feature terms, the per-feature contributions g_f(x_f) are exact attributions: they add up to
the score. The artifact is a small JSON file of slopes, versioned in its name (ranker.v1.json).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from assistant.rank.features import FEATURES, Feature

ARTIFACT_VERSION = 1
DEFAULT_ARTIFACT = Path(__file__).resolve().parents[1] / "artifacts" / f"ranker.v{ARTIFACT_VERSION}.json"


def choose_device(prefer: str | None = None) -> torch.device:
    """CUDA when present (or asked for), else the CPU."""
    if prefer:
        return torch.device(prefer)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class AdditiveScorer(nn.Module):
    """Sum of monotone piecewise-linear terms, one per feature; batched over candidates."""

    def __init__(self, features: Sequence[Feature] = FEATURES) -> None:
        super().__init__()
        self.features = tuple(features)
        n_bins = max(len(f.knots) - 1 for f in self.features)
        lo = torch.zeros(len(self.features), n_bins)
        width = torch.zeros(len(self.features), n_bins)  # padded bins have width 0: no effect
        for i, f in enumerate(self.features):
            for k, (a, b) in enumerate(zip(f.knots, f.knots[1:])):
                lo[i, k], width[i, k] = a, b - a
        self.register_buffer("lo", lo)
        self.register_buffer("width", width)
        self.register_buffer("sign", torch.tensor([float(f.sign or 1) for f in self.features]))
        self.register_buffer("free", torch.tensor([f.sign == 0 for f in self.features]))
        self.register_buffer("learned", torch.tensor([f.prior is None for f in self.features]))
        self.register_buffer("prior", torch.tensor([f.prior or 0.0 for f in self.features]))
        # Slopes per bin: softplus(raw) keeps monotone terms monotone; free terms use raw itself.
        self.raw = nn.Parameter(torch.zeros(len(self.features), n_bins))
        self.prior_scale = 1.0  # set after training: one prior unit in score units (see train_ranker)

    def slopes(self) -> torch.Tensor:
        """Effective slope of each (feature, bin), shape (n_features, n_bins)."""
        mono = nn.functional.softplus(self.raw) * self.sign[:, None]
        learned = torch.where(self.free[:, None], self.raw, mono)
        fixed = (self.prior * self.prior_scale)[:, None].expand_as(learned)
        return torch.where(self.learned[:, None], learned, fixed) * (self.width > 0)

    def contributions(self, x: torch.Tensor) -> torch.Tensor:
        """Per-feature terms, shape (..., n_features) for x of shape (..., n_features)."""
        seg = torch.minimum(torch.relu(x[..., None] - self.lo), self.width)  # (..., F, bins)
        return (seg * self.slopes()).sum(-1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Scores, shape (...,) for x of shape (..., n_features)."""
        return self.contributions(x).sum(-1)

    # ---- artifact ------------------------------------------------------------------------------

    def to_dict(self, meta: dict[str, Any] | None = None) -> dict[str, Any]:
        slopes = self.slopes().detach().cpu().numpy()
        return {
            "format": "shopassist-ranker",
            "version": ARTIFACT_VERSION,
            "features": [
                {"name": f.name, "knots": list(f.knots), "sign": f.sign,
                 "prior": f.prior, "slopes": [round(float(s), 6) for s in slopes[i, : len(f.knots) - 1]]}
                for i, f in enumerate(self.features)
            ],
            "prior_scale": self.prior_scale,
            "raw": self.raw.detach().cpu().numpy().round(6).tolist(),
            "meta": meta or {},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AdditiveScorer:
        if data.get("format") != "shopassist-ranker" or data.get("version") != ARTIFACT_VERSION:
            raise ValueError(
                f"not a version-{ARTIFACT_VERSION} ranker artifact (format {data.get('format')!r}, "
                f"version {data.get('version')!r}); retrain with `shopassist train ranker`"
            )
        names = [f["name"] for f in data["features"]]
        expected = [f.name for f in FEATURES]
        if names != expected:
            raise ValueError(f"artifact features {names} differ from this code's {expected}; retrain the ranker")
        model = cls(FEATURES)
        with torch.no_grad():
            model.raw.copy_(torch.tensor(data["raw"], dtype=torch.float32))
        model.prior_scale = float(data.get("prior_scale", 1.0))
        return model


def save_scorer(model: AdditiveScorer, path: str | Path, meta: dict[str, Any] | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model.to_dict(meta), indent=1) + "\n", encoding="utf-8")
    return path


def load_scorer(path: str | Path | None = None) -> AdditiveScorer:
    """The scorer saved at `path` (default: the shipped artifact)."""
    path = Path(path or DEFAULT_ARTIFACT)
    if not path.is_file():
        raise FileNotFoundError(f"ranker artifact {path} does not exist; create it with `shopassist train ranker`")
    return AdditiveScorer.from_dict(json.loads(path.read_text(encoding="utf-8")))


class TorchScorer:
    """numpy in, numpy out: the scorer in eval mode on one device, without autograd."""

    def __init__(self, model: AdditiveScorer, device: str | torch.device | None = None) -> None:
        self.device = choose_device(str(device) if device else None)
        self.model = model.to(self.device).eval()
        self.feature_names = tuple(f.name for f in model.features)

    @classmethod
    def load(cls, path: str | Path | None = None, device: str | None = None) -> TorchScorer:
        return cls(load_scorer(path), device)

    @torch.inference_mode()
    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Per-feature contributions, shape (n, n_features), float32 on the host."""
        t = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).to(self.device, non_blocking=True)
        return self.model.contributions(t).cpu().numpy()

    @torch.inference_mode()
    def scores(self, x: np.ndarray) -> np.ndarray:
        t = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)).to(self.device, non_blocking=True)
        return self.model(t).cpu().numpy()
