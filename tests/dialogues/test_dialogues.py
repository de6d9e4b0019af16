"""Every scripted journey (tests/dialogues/*.yaml) as one parametrised test.

By default they run against the fixed catalog slice of assistant/dialogue_catalog.py, indexed
afresh (a fresh clone has no index). `-m slow` also runs them against the full Icecat index
(built first when missing; `make test` builds it before pytest).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evaluation.journey_format import load_journeys
from assistant.evaluation.journeys import run_journey

HERE = Path(__file__).parent
JOURNEYS = load_journeys([HERE])


def test_there_are_enough_journeys_covering_every_topic():
    tags = {tag for _, journey in JOURNEYS for tag in journey.tags}
    assert len(JOURNEYS) >= 30
    assert {"budgets", "refinement", "changing mind", "references", "comparison", "show more",
            "impossible constraints", "vague requests", "typos", "small talk", "handoff", "feedback",
            "bad input"} <= tags


@pytest.mark.parametrize("path, journey", JOURNEYS, ids=[p.stem for p, _ in JOURNEYS])
def test_journey(sample_assistant, path, journey):
    result = run_journey(sample_assistant, journey, path, sample_assistant.policy.lookup)
    assert result.passed, "\n".join(result.failures)


@pytest.mark.slow
@pytest.mark.parametrize("path, journey", JOURNEYS, ids=[p.stem for p, _ in JOURNEYS])
def test_journey_on_the_full_catalog(full_assistant, path, journey):
    result = run_journey(full_assistant, journey, path, full_assistant.policy.lookup)
    assert result.passed, "\n".join(result.failures)
