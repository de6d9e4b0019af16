"""Shared fixtures: one torch thread, offline switches, small catalogs and fake encoders."""

from __future__ import annotations

import os

for var, value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                   ("GRADIO_ANALYTICS_ENABLED", "False"), ("ANONYMIZED_TELEMETRY", "False"),
                   ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(var, value)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    try:
        import torch

        torch.set_num_threads(1)  # shared 2-core machines: one thread is faster and steadier
    except ImportError:
        pass


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    try:
        import torch

        has_gpu = torch.cuda.is_available()
    except ImportError:
        has_gpu = False
    skip = pytest.mark.skip(reason="needs a CUDA device")
    for item in items:
        if "gpu" in item.keywords and not has_gpu:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The research data folder of the settings (`shared_data`, $SHOPASSIST_SHARED_DATA); skips where it is absent."""
    from assistant.core.settings import load_settings

    path = load_settings().shared_data
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path}; set SHOPASSIST_SHARED_DATA")
    return path


@pytest.fixture()
def small_products():
    from tests.fixtures import small_catalog

    return small_catalog()


@pytest.fixture(scope="session")
def minilm():
    """The real packaged encoder, loaded once per test session."""
    from retrieval.search.encoder import MiniLMEncoder

    return MiniLMEncoder()
