"""One typed settings object: defaults, then a YAML file, then SHOPASSIST_* environment variables."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

REPO_ROOT = Path(__file__).resolve().parents[2]
# The retrieval encoder tuned to the catalog (`shopassist train retriever`): the base MiniLM + a LoRA adapter.
DEFAULT_ENCODER = REPO_ROOT / "assistant" / "artifacts" / "retriever.v1"


def default_cache_dir() -> Path:
    """Rebuildable artifacts (the vector store, trained models) live here, never in git."""
    return Path(os.environ.get("SHOPASSIST_CACHE_DIR", REPO_ROOT / ".cache"))


class ReasonSettings(BaseModel):
    """How reasons are written. `generator`: "template" (no model), "smollm2", "gemma3", or a
    LangChain model class by import path ("langchain_openai.ChatOpenAI")."""

    generator: str = "smollm2"
    generator_kwargs: dict[str, Any] = Field(default_factory=dict, description="keyword arguments of that class")
    retry_kwargs: dict[str, Any] | None = Field(None, description="bound to the model for the second attempt; "
                                                "None: a higher temperature for the embedded models, none otherwise")
    prompt: str = "reason.v1"
    prefill: Literal["never", "retry", "always"] = Field(
        "always", description="embedded models only: start the reason for the model (\"This Samsung charger\")"
                              " on these attempts")
    top: int = Field(3, ge=0, le=10, description="products per page that get a generated reason")
    parallel: int = Field(3, ge=1, le=8, description="reasons written at once")
    threads: int = Field(2, ge=1, le=64, description="CPU threads of the embedded model")
    max_tokens: int = Field(48, ge=8, le=256)
    stream_timeout: float = Field(10.0, gt=0, description="seconds before a stream gives up and shows templates")

    @classmethod
    def from_env(cls, base: dict[str, Any] | None = None, **overrides: Any) -> ReasonSettings:
        """Defaults < `base` (the `reasons:` mapping of a settings file) < SHOPASSIST_REASONS_<FIELD>
        environment variables (JSON for dicts) < overrides."""
        values: dict[str, Any] = dict(base or {})
        for name in cls.model_fields:
            raw = os.environ.get(f"SHOPASSIST_REASONS_{name.upper()}")
            if raw is not None:
                values[name] = json.loads(raw) if name.endswith("_kwargs") else raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


class Settings(BaseModel):
    """Everything a deployment may change. Stages receive the fields they need, not this object."""

    cache_dir: Path = Field(default_factory=default_cache_dir)
    catalog: str = Field("icecat", description="Name of the ingested catalog (its Chroma collection)")
    encoder_path: Path | None = Field(DEFAULT_ENCODER, description="The retrieval encoder: the shipped fine-tuned "
                                      "adapter by default, another fine-tuned one, or 'base' (or null) for the "
                                      "packaged all-MiniLM-L6-v2")
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
    reasons: ReasonSettings = Field(default_factory=ReasonSettings.from_env,
                                    description="How reasons are written; env vars SHOPASSIST_REASONS_<FIELD>")

    @field_validator("encoder_path", mode="before")
    @classmethod
    def _base_encoder(cls, value: Any) -> Any:
        return None if isinstance(value, str) and value.strip().lower() in ("", "base", "none", "null") else value

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
    if not isinstance(values.get("reasons", {}), dict):
        raise ValueError("the `reasons` setting must be a mapping of field: value")
    values["reasons"] = values.get("reasons") or {}
    for name in Settings.model_fields:
        if name == "reasons":  # its fields have their own SHOPASSIST_REASONS_<FIELD> variables
            continue
        env = os.environ.get(f"SHOPASSIST_{name.upper()}")
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        raise ValueError(f"unknown setting(s) {unknown}; valid ones are {sorted(Settings.model_fields)}")
    try:
        if not isinstance(values["reasons"], ReasonSettings):
            values["reasons"] = ReasonSettings.from_env(base=values["reasons"])
        return Settings(**values)
    except ValidationError as err:
        raise ValueError(f"invalid settings: {err}") from err
