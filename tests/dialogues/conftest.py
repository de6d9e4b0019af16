"""The assistant the journeys talk to: the real stages over a fixed slice of the Icecat catalog."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sample_assistant(tmp_path_factory, minilm):
    """Built once per test run: about 480 real products indexed with the real MiniLM encoder."""
    from assistant.evaluation.sample_catalog import build_sample_assistant

    return build_sample_assistant(tmp_path_factory.mktemp("journeys"), encoder=minilm)


@pytest.fixture(scope="session")
def full_assistant():
    """The real stages over the full Icecat index (template reasons: deterministic). The index is
    built here when missing (`make test` builds it first with `shopassist index`): never skipped."""
    from assistant.core.assistant import Assistant
    from assistant.core.build import build_search, build_stages, make_encoder
    from assistant.core.settings import load_settings

    settings = load_settings(threads=1)
    return Assistant(build_stages(settings, build_search(settings, make_encoder(settings), progress=False)))
