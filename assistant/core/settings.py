"""One typed settings object: defaults < a YAML file < SHOPASSIST_* environment variables < arguments."""

from __future__ import annotations

import json
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    YamlConfigSettingsSource,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
# The retrieval encoder tuned to the catalog (`shopassist train retriever`): the base MiniLM + a LoRA adapter.
DEFAULT_ENCODER = REPO_ROOT / "assistant" / "artifacts" / "retriever.v1"
# Research data (judgments, MG-ShopDial, the Best Buy catalog) is read in place beside the checkout,
# never copied into it.
DEFAULT_SHARED_DATA = REPO_ROOT.parent / "shared" / "data"

# The file `load_settings(path)` was given; a context variable, so that concurrent loads cannot see
# each other's file. None: $SHOPASSIST_CONFIG, if set.
_config_file: ContextVar[Path | None] = ContextVar("shopassist_config_file", default=None)


class SettingsFile(YamlConfigSettingsSource):
    """The YAML settings file as a settings source; a missing, malformed or non-mapping file is an
    error that names the file, where pydantic-settings would skip it or fail on the first field."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path):
        if not path.is_file():
            raise FileNotFoundError(f"settings file {path} does not exist; check --config or $SHOPASSIST_CONFIG")
        super().__init__(settings_cls, yaml_file=path)

    def _read_file(self, file_path: Path) -> dict[str, Any]:
        try:
            loaded = super()._read_file(file_path)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
            raise ValueError(f"settings file {file_path} is not valid YAML: "
                             f"{getattr(err, 'problem', None) or err}{where}") from err
        if not isinstance(loaded, dict):
            raise ValueError(f"settings file {file_path} must hold a mapping of field: value, "
                             f"got {type(loaded).__name__}")
        return loaded


class ReasonSettings(BaseSettings):
    """How reasons are written. `generator`: "template" (no model), "smollm2", "gemma3", or a
    LangChain model class by import path ("langchain_openai.ChatOpenAI").

    On its own it reads defaults < SHOPASSIST_REASONS_<FIELD> (JSON for the dicts) < arguments;
    as `Settings.reasons` the settings file's `reasons:` mapping sits between the first two."""

    model_config = SettingsConfigDict(env_prefix="SHOPASSIST_REASONS_", extra="forbid")

    generator: str = "smollm2"
    generator_kwargs: dict[str, Any] = Field(default_factory=dict, description="keyword arguments of that class")
    retry_kwargs: dict[str, Any] | None = Field(None, description="bound to the model for the second attempt; "
                                                "None: a higher temperature for the embedded models, none otherwise")
    # v2 had an "only one shown" example the model copied; v4 names the product by brand and noun, not
    # its whole title (21% fewer prompt tokens per reason, no title words copied into the sentence)
    prompt: str = "reason.v4"
    prefill: Literal["never", "retry", "always"] = Field(
        "always", description="embedded models only: start the reason for the model (\"This Samsung charger\")"
                              " on these attempts")
    top: int = Field(3, ge=0, le=10, description="products per page that get a generated reason")
    parallel: int = Field(3, ge=1, le=8, description="reasons written at once")
    threads: int = Field(2, ge=1, le=64, description="CPU threads of the embedded model")
    max_tokens: int = Field(48, ge=8, le=256)
    stream_timeout: float = Field(10.0, gt=0, description="seconds before a stream gives up and shows templates")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings  # no .env or secrets files: a deployment has one settings file

    @classmethod
    def from_env(cls, **overrides: Any) -> ReasonSettings:
        """Defaults < SHOPASSIST_REASONS_<FIELD> < the overrides that are not None."""
        return cls(**{k: v for k, v in overrides.items() if v is not None})


class Settings(BaseSettings):
    """Everything a deployment may change. Stages receive the fields they need, not this object."""

    # "_" with one split: SHOPASSIST_REASONS_MAX_TOKENS is reasons.max_tokens, not reasons.max.tokens.
    model_config = SettingsConfigDict(env_prefix="SHOPASSIST_", env_nested_delimiter="_", env_nested_max_split=1,
                                      extra="forbid")

    cache_dir: Path = Field(REPO_ROOT / ".cache", description="Rebuildable artifacts (the vector store, trained "
                            "models); never in git")
    shared_data: Path = Field(DEFAULT_SHARED_DATA, description="Research data read in place: the Icecat "
                              "judgments, MG-ShopDial, the Best Buy catalog")
    catalog: str = Field("icecat", description="Name of the ingested catalog (its Chroma collection)")
    # Chroma embedded or as a server (issue 14)
    chroma_url: str = Field("", description="A Chroma server (`chroma run --path DIR --port N`) such as "
                            "http://127.0.0.1:8000; empty: the embedded store in cache_dir/chroma")
    chroma_token: str | None = Field(None, description="Token sent to chroma_url with every request; None: none")
    chroma_token_header: Literal["Authorization", "X-Chroma-Token"] = Field(
        "Authorization", description="How chroma_token is sent: \"Authorization: Bearer TOKEN\" or \"X-Chroma-Token: TOKEN\"")
    encoder_path: Path | None = Field(DEFAULT_ENCODER, description="The retrieval encoder: the shipped fine-tuned "
                                      "adapter by default, another fine-tuned one, or 'base' (or null) for the "
                                      "packaged all-MiniLM-L6-v2")
    retrieval_depth: int = Field(100, ge=1, le=1000, description="Candidates each search path returns")
    candidates: int = Field(50, ge=1, le=500, description="Fused candidates handed to the ranker")
    results: int = Field(5, ge=1, le=20, description="Products shown per turn")
    # 1, not 2, on the 2-core machines this runs on: a second torch thread encodes ~10% faster, but the
    # turn's p95 goes 45 -> 135 ms, and the embedded reason model (llama.cpp, OpenMP too) runs 3x slower
    # once more OpenMP threads than cores exist (libgomp then stops spinning at its barriers).
    threads: int = Field(1, ge=1, le=64, description="torch CPU threads (SHOPASSIST_THREADS=2 indexes ~10% faster)")
    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    # Sessions and the HTTP API (helper-dialogue, issue 6)
    sessions_db: Path | None = Field(None, description="SQLite file of dialogue sessions; None: cache_dir/sessions.sqlite3")
    session_idle_minutes: float = Field(24 * 60, gt=0, description="A session idle this long expires")
    api_token: str | None = Field(None, description="Bearer token the /v1 API requires; None: no auth")
    max_request_bytes: int = Field(64_000, ge=1_000, le=10_000_000, description="Largest API request body")
    # Safe defaults for serving (helper-api, issue 5)
    allow_unauthenticated_remote: bool = Field(False, description="Serve on a non-loopback host without "
                                               "api_token; refused otherwise (`serve --allow-unauthenticated-remote`)")
    rate_limit: str = Field("120/minute", description="Requests per client on /v1 and the MCP HTTP transport "
                            "(\"10/second;120/minute\" for several); empty or \"0\": no limit")
    # The cart's checkout and the shop's policies (issue 12)
    checkout_webhook: str = Field("", description="URL that receives each order summary (JSON POST) at checkout; "
                                  "empty: orders_file")
    checkout_token: str | None = Field(None, description="Bearer token sent to checkout_webhook")
    orders_file: Path | None = Field(None, description="File each order summary is appended to (one JSON line) "
                                     "when there is no webhook; None: cache_dir/orders.jsonl")
    policies_file: Path | None = Field(None, description="The shop's policies (Markdown, one '## ' section per topic); "
                                       "None: the example policies for the embedded catalog, none for others")
    # Transparency for merchants (issue: exposure report, fairness setting)
    # Off by default: the only strength within 0.005 nDCG@10 (0.02: 0.814 -> 0.810, distinct brands per top 10
    # 4.18 -> 4.90, L2 to deserved brand exposure 0.105 -> 0.099; `shopassist eval fairness`, 71 dev queries)
    # also cost the conversation benchmark 2 journeys (217 -> 215 of 244) and a refinement turn's retention.
    fairness_strength: float = Field(0.0, ge=0.0, le=1.0, description="Brand diversity in the rank stage "
                                     "(assistant/rank/diversity.py): normalised score - strength x same-brand products "
                                     "above; 0 (the default): the ranker's order. 0.02 costs 0.004 nDCG@10 for +0.7 "
                                     "brands per top 10; 0.05 costs 0.010, 0.1 0.031, 1.0 0.152")
    log_queries: bool = Field(False, description="Append each search turn's parsed query text and constraints "
                              "(redacted; never the raw message or the session id) to cache_dir/queries.jsonl, "
                              "for `shopassist report exposure --queries logged`")
    reasons: ReasonSettings = Field(default_factory=ReasonSettings,
                                    description="How reasons are written; env vars SHOPASSIST_REASONS_<FIELD>")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        # First wins: arguments, then the environment, then the file; field defaults last.
        path = _config_file.get() or os.environ.get("SHOPASSIST_CONFIG")
        return (init_settings, env_settings) + ((SettingsFile(settings_cls, Path(path)),) if path else ())

    @field_validator("encoder_path", mode="before")
    @classmethod
    def _base_encoder(cls, value: Any) -> Any:
        return None if isinstance(value, str) and value.strip().lower() in ("", "base", "none", "null") else value

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url(cls, value: str) -> str:
        value = value.strip()
        if value and not (value.startswith(("http://", "https://")) and len(value.split("://", 1)[1]) > 0):
            raise ValueError("write it like http://127.0.0.1:8000 (a Chroma server), or leave it empty for the "
                             "embedded store")
        return value

    @field_validator("rate_limit", mode="before")
    @classmethod
    def _rate(cls, value: Any) -> Any:
        if value is None or (isinstance(value, (int, float)) and value == 0):
            return ""
        if isinstance(value, str) and value.strip().lower() not in ("", "0", "off", "none"):
            from limits import parse_many  # light; only to refuse a rate it cannot read, here at the edge

            try:
                parse_many(value)
            except ValueError:
                raise ValueError("write it like \"120/minute\" or \"10/second;120/minute\" (\"0\" or empty: "
                                 "no limit)") from None
        return value

    @field_validator("reasons", mode="before")
    @classmethod
    def _reasons_mapping(cls, value: Any) -> Any:
        if value is None:  # `reasons:` with every line under it commented out
            return {}
        if not isinstance(value, (dict, ReasonSettings)):
            raise ValueError("the `reasons` setting must be a mapping of field: value")
        return value

    @property
    def store_dir(self) -> Path:
        return self.cache_dir / "chroma"

    @property
    def orders_path(self) -> Path:
        return self.orders_file or self.cache_dir / "orders.jsonl"

    @property
    def queries_log(self) -> Path:
        return self.cache_dir / "queries.jsonl"

    @property
    def sessions_file(self) -> Path:
        return self.sessions_db or self.cache_dir / "sessions.sqlite3"


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults < YAML file (`path` or $SHOPASSIST_CONFIG) < SHOPASSIST_<FIELD> env vars < overrides
    (those that are not None). Every problem is a ValueError (FileNotFoundError for a missing file)
    that names the setting, the value and the fix."""
    token = _config_file.set(Path(path) if path else None)
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as err:
        raise ValueError(_explain(err)) from None
    except SettingsError as err:  # pydantic-settings could not decode an environment variable
        raise ValueError(f"invalid settings: {_bad_json_variable() or err}; the *_KWARGS variables take a JSON "
                         "object such as '{\"model\": \"m\"}'") from err
    finally:
        _config_file.reset(token)


def _explain(err: ValidationError) -> str:
    errors = err.errors()
    unknown = [e["loc"] for e in errors if e["type"] == "extra_forbidden"]
    if unknown:  # a misspelt name first: its value's error would only mislead
        top = sorted(str(loc[0]) for loc in unknown if len(loc) == 1)
        if top:
            return f"unknown setting(s) {top}; valid ones are {sorted(Settings.model_fields)}"
        return (f"unknown reasons setting(s) {sorted(str(loc[-1]) for loc in unknown)}; "
                f"valid ones are {sorted(ReasonSettings.model_fields)}")
    problems = []
    for e in errors:
        loc = [str(part) for part in e["loc"]]
        variable = "SHOPASSIST_" + "_".join(loc[:2]).upper()
        problems.append(f"{'.'.join(loc)} = {e['input']!r}: {e['msg'].removeprefix('Value error, ')} "
                        f"(fix it in the settings file, ${variable} or the argument)")
    return "invalid settings: " + "; ".join(problems)


def _bad_json_variable() -> str | None:
    """The first SHOPASSIST_REASONS_*_KWARGS variable that is not JSON, as NAME='value'."""
    for name, raw in os.environ.items():
        if name.upper().startswith("SHOPASSIST_REASONS_") and name.upper().endswith("_KWARGS"):
            try:
                json.loads(raw)
            except ValueError as err:
                return f"{name}={raw!r} is not JSON ({err})"
    return None
