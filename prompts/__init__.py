"""Versioned prompt templates, plain text files loaded by name: `load("reason.v1")`."""

from __future__ import annotations

import re
from importlib import resources

_NAME = re.compile(r"^[a-z0-9_]+\.v\d+$")


def load(name: str) -> str:
    """The text of prompts/<name>.txt; `name` carries its version, e.g. "reason.v1"."""
    if not _NAME.match(name):
        raise ValueError(f"prompt name {name!r} must look like 'reason.v1' (a name, a dot, a version)")
    path = resources.files(__name__).joinpath(f"{name}.txt")
    if not path.is_file():
        known = sorted(p.name[:-4] for p in resources.files(__name__).iterdir() if p.name.endswith(".txt"))
        raise FileNotFoundError(f"no prompt {name!r}; known prompts: {known}")
    return path.read_text(encoding="utf-8")
