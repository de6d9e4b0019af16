"""The command line: its parser and errors in-process, then end to end (`python -m ui`) with the real
encoder and Chroma on a small ingested catalog (slow)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.types import Reply
from ui.api.bodies import ChatResponse
from ui.cli import cmd_chat, main, parser, reply_to_json
from ui.payload import reply_payload

REPO = Path(__file__).resolve().parents[2]

ROWS = [
    {"sku": "a1", "name": "Logitech M185 Wireless Mouse", "maker": "Logitech", "cost": "$19.99", "color": "Grey"},
    {"sku": "a2", "name": "Logitech MX Master 3 Wireless Mouse", "maker": "Logitech", "cost": "$99.99", "color": "Black"},
    {"sku": "a3", "name": "HP X3000 Wireless Mouse", "maker": "HP", "cost": "24.50", "color": "Black"},
    {"sku": "a4", "name": "JBL Flip 5 Bluetooth Speaker", "maker": "JBL", "cost": "$99", "color": "Blue"},
    {"sku": "a5", "name": "", "maker": "Nobody", "cost": "$5"},
    {"sku": "a6", "name": "Broken price mouse", "maker": "X", "cost": "call us"},
]
MAPPING = "id: sku\ntitle: name\nbrand: maker\nprice: cost\ncolour: color\n"


def shopassist(*args: str, cache: Path, **env: str) -> subprocess.CompletedProcess:
    """`python -m ui ARGS` in a new process, with its cache (index, sessions) in `cache`."""
    env = {**os.environ, "SHOPASSIST_CACHE_DIR": str(cache), "SHOPASSIST_THREADS": "1", **env}
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    catalog = tmp / "mini.jsonl"
    catalog.write_text("\n".join(json.dumps(r) for r in ROWS))
    (tmp / "mapping.yaml").write_text(MAPPING)
    result = shopassist("ingest", str(catalog), "--mapping", str(tmp / "mapping.yaml"), "--name", "mini",
                        "-q", cache=tmp / "cache")
    return tmp, result


@pytest.mark.slow
def test_ingest_reports_bad_rows_and_loads_the_rest(ingested):
    _, result = ingested
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["products"], summary["skipped_rows"], summary["added"]) == (4, 2, 4)
    assert "row 5" in result.stderr and "row 6" in result.stderr


@pytest.mark.slow
def test_chat_prints_the_reply_as_json(ingested):
    tmp, _ = ingested
    result = shopassist("--catalog", "mini", "chat", "-q", "a wireless mouse under $30", cache=tmp / "cache")
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    titles = [p["title"] for p in reply["products"]]
    assert titles and set(titles) <= {"Logitech M185 Wireless Mouse", "HP X3000 Wireless Mouse"}
    assert all(p["price"] <= 30 and p["reason"] for p in reply["products"])
    assert reply["constraints"]["filters"] == {"price_max": 30.0}


@pytest.mark.slow
def test_reingest_encodes_nothing_new(ingested):
    tmp, _ = ingested
    result = shopassist("ingest", str(tmp / "mini.jsonl"), "--mapping", str(tmp / "mapping.yaml"),
                        "--name", "mini", "-q", cache=tmp / "cache")
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (0, 0, 4)


@pytest.mark.slow
def test_index_builds_an_ingested_catalog_with_kinds_stored(ingested):
    tmp, _ = ingested
    result = shopassist("--catalog", "mini", "index", "-q", cache=tmp / "cache")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["catalog"] == "mini" and summary["products"] == 4 and 1 <= summary["with_kind"] <= 4


def test_bad_mapping_is_one_clear_error(tmp_path):
    (tmp_path / "m.yaml").write_text("titel: name\n")
    (tmp_path / "c.json").write_text("[]")
    result = shopassist("ingest", str(tmp_path / "c.json"), "--mapping", str(tmp_path / "m.yaml"), cache=tmp_path)
    assert result.returncode == 2
    assert "titel" in result.stderr and "Traceback" not in result.stderr


def test_unknown_catalog_says_how_to_ingest(tmp_path):
    result = shopassist("--catalog", "nothing-here", "chat", "-q", "mouse", cache=tmp_path)
    assert result.returncode == 2 and "shopassist ingest" in result.stderr


@pytest.mark.slow
def test_chat_session_continues_in_a_new_process_and_prints_the_api_json(ingested):
    tmp, _ = ingested
    cache, template = tmp / "cache", {"SHOPASSIST_REASONS_GENERATOR": "template"}  # sessions, not reasons
    first = shopassist("--catalog", "mini", "chat", "-q", "--session", "shopper-7", "wireless mouse", cache=cache,
                       **template)
    assert first.returncode == 0, first.stderr
    second = shopassist("--catalog", "mini", "chat", "-q", "--session", "shopper-7", "under $30", cache=cache,
                        **template)
    assert second.returncode == 0, second.stderr
    body = json.loads(second.stdout)
    assert body["session_id"] == "shopper-7" and body["intent"] == "refine"
    assert body["constraints"]["query"] == "wireless mouse" and body["state"]["turns"] == 2
    assert {p["title"] for p in body["products"]} == {"Logitech M185 Wireless Mouse", "HP X3000 Wireless Mouse"}
    assert all(p["price"] <= 30 for p in body["products"])
    assert ChatResponse.model_validate(body).session_id == "shopper-7"  # the same shape as POST /v1/chat
    assert (cache / "sessions.sqlite3").is_file()


# --- in-process ---------------------------------------------------------------------------------

def test_the_commands_and_their_defaults():
    args = parser().parse_args(["chat", "a mouse", "cheaper"])
    assert (args.command, args.message, args.session, args.run) == ("chat", ["a mouse", "cheaper"], "cli", cmd_chat)
    args = parser().parse_args(["--catalog", "bestbuy", "eval", "retrieval", "--judgments", "j.csv"])
    assert (args.catalog, args.what, args.depth, args.json) == ("bestbuy", "retrieval", 100, False)
    args = parser().parse_args(["train", "ranker"])
    assert (args.what, args.seed, args.folds, args.depth) == ("ranker", 0, 5, 200)
    with pytest.raises(SystemExit):
        parser().parse_args(["train"])  # which artifact is required


def test_a_settings_problem_is_one_line_and_exit_code_2(tmp_path, capsys):
    assert main(["--config", str(tmp_path / "nope.yaml"), "chat", "mouse"]) == 2
    missing = tmp_path / "nope.yaml"
    assert capsys.readouterr().err == f"error: settings file {missing} does not exist; check --config or $SHOPASSIST_CONFIG\n"
    (tmp_path / "bad.yaml").write_text("colour: red\n")
    assert main(["--config", str(tmp_path / "bad.yaml"), "chat", "mouse"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown setting(s) ['colour']")


def test_reply_to_json_is_the_api_payload():
    reply = Reply("Hello")
    assert reply_to_json(reply, "s1") == reply_payload(reply, "s1") and reply_to_json(reply)["session_id"] is None


def test_serve_on_a_reachable_host_without_a_token_is_refused_before_anything_loads(monkeypatch, capsys):
    import ui.cli

    monkeypatch.delenv("SHOPASSIST_API_TOKEN", raising=False)
    monkeypatch.delenv("SHOPASSIST_ALLOW_UNAUTHENTICATED_REMOTE", raising=False)
    monkeypatch.setattr(ui.cli, "build_with_sessions", lambda *a, **k: pytest.fail("the assistant was built"))
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: refusing to serve the HTTP API on '0.0.0.0' without a token")
    assert "SHOPASSIST_API_TOKEN" in err and "--allow-unauthenticated-remote" in err


@pytest.mark.parametrize("how", ["flag", "setting", "token"])
def test_serve_on_a_reachable_host_with_a_token_or_the_explicit_flag(monkeypatch, how):
    import ui.api.routes
    import ui.cli

    monkeypatch.delenv("SHOPASSIST_API_TOKEN", raising=False)
    monkeypatch.delenv("SHOPASSIST_ALLOW_UNAUTHENTICATED_REMOTE", raising=False)
    served = []
    monkeypatch.setattr(ui.cli, "build_with_sessions", lambda *a, **k: "assistant")
    monkeypatch.setattr(ui.api.routes, "serve", lambda assistant, settings: served.append(settings))
    argv = ["serve", "--host", "0.0.0.0"]
    if how == "flag":
        argv.append("--allow-unauthenticated-remote")
    elif how == "setting":
        monkeypatch.setenv("SHOPASSIST_ALLOW_UNAUTHENTICATED_REMOTE", "true")
    else:
        monkeypatch.setenv("SHOPASSIST_API_TOKEN", "s3cret")
    assert main(argv) == 0
    assert served[0].host == "0.0.0.0" and served[0].allow_unauthenticated_remote == (how != "token")
    assert parser().parse_args(["serve"]).allow_unauthenticated_remote is None  # absent: the settings decide
