"""The assistant the journeys talk to: the real stages over a fixed slice of the Icecat catalog."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def sample_assistant(tmp_path_factory, minilm):
    """Built once per test run: about 480 real products indexed with the real MiniLM encoder."""
    from assistant.evaluation.sample_catalog import build_sample_assistant

    return build_sample_assistant(tmp_path_factory.mktemp("journeys"), encoder=minilm)
