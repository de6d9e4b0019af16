"""Shared fixtures: one torch thread, offline switches, the small catalog, its search and stages
(real ones, and the fakes of tests/fakes.py), and the browser marker."""

from __future__ import annotations

import os

for var, value in (("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                   ("GRADIO_ANALYTICS_ENABLED", "False"), ("ANONYMIZED_TELEMETRY", "False"),
                   ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(var, value)

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# The same line `make test` prints where it cannot install a browser.
NO_BROWSER = "no Chromium on PATH; get it with: apt-get install -y chromium (Debian, as root)"


def has_browser() -> bool:
    """A Chromium-family browser under one of the names ui/web/screenshot.py looks for."""
    from ui.web.screenshot import BROWSERS

    return any(shutil.which(name) for name in BROWSERS)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"browser: drives a real headless Chromium; skipped with '{NO_BROWSER}'")
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
    skip_browser = None if not any("browser" in item.keywords for item in items) or has_browser() else \
        pytest.mark.skip(reason=NO_BROWSER)
    for item in items:
        if "gpu" in item.keywords and not has_gpu:
            item.add_marker(skip)
        if "browser" in item.keywords and skip_browser is not None:
            item.add_marker(skip_browser)


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
def small_search(tmp_path_factory):
    """Hybrid search over the small catalog in its own Chroma store (hashing encoder: no weights)."""
    from retrieval.search.encoder import HashingEncoder
    from retrieval.search.hybrid import HybridSearch
    from retrieval.search.store import ProductStore
    from tests.fixtures import small_catalog

    store = ProductStore(tmp_path_factory.mktemp("small-store"), "shop", HashingEncoder())
    store.sync(small_catalog())
    return HybridSearch(store)


@pytest.fixture(scope="session")
def small_stages(small_search, tmp_path_factory):
    """The real stages over `small_search` (learned parser and ranker, template reasons), 3 products a
    turn; built once: stages keep no dialogue state."""
    from assistant.core.build import build_stages
    from assistant.core.settings import Settings

    return build_stages(Settings(cache_dir=tmp_path_factory.mktemp("small-cache"), results=3), small_search)


@pytest.fixture()
def small_assistant(small_stages):
    """An Assistant over `small_stages` with fresh in-memory sessions."""
    from assistant.core.assistant import Assistant

    return Assistant(small_stages)


@pytest.fixture()
def fake_stages():
    """The five recording fakes of tests/fakes.py over the small catalog, 3 products a turn."""
    from tests.fakes import fake_stages

    return fake_stages()


@pytest.fixture(scope="session")
def minilm():
    """The real packaged encoder, loaded once per test session."""
    from retrieval.search.encoder import MiniLMEncoder

    return MiniLMEncoder()
