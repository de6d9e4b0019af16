"""The versioned data tables (colours, product types, word lists) in retrieval/catalog/vocab/,
read in one place.

A table is a YAML file named `<name>.v<version>.yaml`; `table("colours")` reads the newest
version once and returns its mapping. Code never holds these tables as Python literals, so a
merchant can read and extend them without reading code.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

VOCAB_DIR = Path(__file__).resolve().parent / "vocab"
_NAME = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.yaml$")


def versions(name: str) -> dict[int, Path]:
    """Every version of the table `name` that ships, by version number."""
    found = {}
    for path in VOCAB_DIR.glob(f"{name}.v*.yaml"):
        m = _NAME.match(path.name)
        if m and m.group("name") == name:
            found[int(m.group("version"))] = path
    return found


@cache
def table(name: str, version: int | None = None) -> dict[str, Any]:
    """The table `name` (its newest version unless `version` is given), as a mapping."""
    available = versions(name)
    if not available:
        known = sorted({_NAME.match(p.name).group("name") for p in VOCAB_DIR.glob("*.yaml") if _NAME.match(p.name)})
        raise LookupError(f"no vocabulary table {name!r} in {VOCAB_DIR}; the tables are {known}")
    if version is not None and version not in available:
        raise LookupError(f"table {name!r} has no version {version}; it has {sorted(available)}")
    path = available[version if version is not None else max(available)]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"vocabulary table {path} must hold a mapping")
    return data


def word_set(name: str, key: str) -> frozenset[str]:
    """A list of words in a table, as a set: a YAML list, or one string of words split on spaces."""
    value = table(name)[key]
    words = value.split() if isinstance(value, str) else value
    return frozenset(str(w).lower() for w in words)
