"""Every serving module has a test file of its own name: assistant/reply/records.py is tested in
tests/assistant/reply/test_records.py. The modules are read from the tree, so a new module needs
a new test file the day it lands."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SERVING = ("assistant", "retrieval", "ui")
# Training and evaluation code never runs behind a shopper's request (an import contract keeps it so).
NOT_SERVING = ("assistant/training", "assistant/evaluation", "retrieval/training")
EXEMPT = {
    "ui/__main__.py": "two lines that call ui.cli.main; tests/ui/test_cli.py runs `python -m ui`",
}


def serving_modules() -> list[str]:
    found = []
    for top in SERVING:
        for path in sorted((REPO / top).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if path.name == "__init__.py" or rel.startswith(NOT_SERVING):
                continue
            found.append(rel)
    return found


def test_file(module: str) -> Path:
    """tests/<package path>/test_<module name>.py"""
    path = Path(module)
    return REPO / "tests" / path.parent / f"test_{path.name}"


test_file.__test__ = False  # a helper, not a test


@pytest.mark.parametrize("module", [m for m in serving_modules() if m not in EXEMPT])
def test_every_serving_module_has_a_test_file_of_its_name(module):
    expected = test_file(module)
    assert expected.is_file(), f"{module} has no {expected.relative_to(REPO)}"


def test_the_tree_has_the_serving_packages_and_the_exemptions_still_exist():
    modules = serving_modules()
    assert {m.split("/")[0] for m in modules} == set(SERVING)
    assert "assistant/reply/records.py" in modules and "assistant/training/ranker.py" not in modules
    assert set(EXEMPT) <= set(modules), "an exempt module is gone: drop it from EXEMPT"
