from pathlib import Path

import pytest

POLICIES = Path(__file__).resolve().parents[3] / "retrieval" / "catalog" / "data" / "icecat" / "policies.md"
DEV_QUESTIONS = Path(__file__).with_name("dev_questions.csv")


@pytest.fixture(scope="session")
def policies_text() -> str:
    return POLICIES.read_text(encoding="utf-8")
