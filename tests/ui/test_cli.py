"""The command line end to end, with the real encoder and Chroma, on a small ingested catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def shopassist(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SHOPASSIST_CACHE_DIR": str(cache), "SHOPASSIST_THREADS": "1"}
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


def test_bad_mapping_is_one_clear_error(tmp_path):
    (tmp_path / "m.yaml").write_text("titel: name\n")
    (tmp_path / "c.json").write_text("[]")
    result = shopassist("ingest", str(tmp_path / "c.json"), "--mapping", str(tmp_path / "m.yaml"), cache=tmp_path)
    assert result.returncode == 2
    assert "titel" in result.stderr and "Traceback" not in result.stderr


def test_unknown_catalog_says_how_to_ingest(tmp_path):
    result = shopassist("--catalog", "nothing-here", "chat", "-q", "mouse", cache=tmp_path)
    assert result.returncode == 2 and "shopassist ingest" in result.stderr
