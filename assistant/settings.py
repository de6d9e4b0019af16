"""One typed settings object: defaults, then a YAML file, then SHOPASSIST_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError

REPO_ROOT = Path(__file__).resolve().parents[1]


def default_cache_dir() -> Path:
    """Rebuildable artifacts (the vector store, trained models) live here, never in git."""
    return Path(os.environ.get("SHOPASSIST_CACHE_DIR", REPO_ROOT / ".cache"))


class Settings(BaseModel):
    """Everything a deployment may change. Stages receive the fields they need, not this object."""

    cache_dir: Path = Field(default_factory=default_cache_dir)
    catalog: str = Field("icecat", description="Name of the ingested catalog (its Chroma collection)")
    encoder_path: Path | None = Field(None, description="A fine-tuned encoder; None uses the packaged base")
    retrieval_depth: int = Field(100, ge=1, le=1000, description="Candidates each search path returns")
    candidates: int = Field(50, ge=1, le=500, description="Fused candidates handed to the ranker")
    results: int = Field(5, ge=1, le=20, description="Products shown per turn")
    threads: int = Field(2, ge=1, le=64, description="torch CPU threads")
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    # Sessions and the HTTP API (helper-dialogue, issue 6)
    sessions_db: Path | None = Field(None, description="SQLite file of dialogue sessions; None: cache_dir/sessions.sqlite3")
    session_idle_minutes: float = Field(24 * 60, gt=0, description="A session idle this long expires")
    api_token: str | None = Field(None, description="Bearer token the /v1 API requires; None: no auth")
    max_request_bytes: int = Field(64_000, ge=1_000, le=10_000_000, description="Largest API request body")

    @property
    def store_dir(self) -> Path:
        return self.cache_dir / "chroma"

    @property
    def sessions_file(self) -> Path:
        return self.sessions_db or self.cache_dir / "sessions.sqlite3"


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults < YAML file (`path` or $SHOPASSIST_CONFIG) < SHOPASSIST_<FIELD> env vars < overrides."""
    values: dict[str, Any] = {}
    path = path or os.environ.get("SHOPASSIST_CONFIG")
    if path:
        file = Path(path)
        if not file.is_file():
            raise FileNotFoundError(f"settings file {file} does not exist")
        loaded = yaml.safe_load(file.read_text()) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"settings file {file} must hold a mapping of field: value")
        values.update(loaded)
    for name in Settings.model_fields:
        env = os.environ.get(f"SHOPASSIST_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        raise ValueError(f"unknown setting(s) {unknown}; valid ones are {sorted(Settings.model_fields)}")
    try:
        return Settings(**values)
    except ValidationError as err:
        raise ValueError(f"invalid settings: {err}") from err
