"""`shopassist chat --session ID` continues a stored session across processes (real encoder)."""

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
]


def shopassist(*args: str, cache: Path) -> subprocess.CompletedProcess:
    # Template reasons: this test is about sessions, not about the reasons generator.
    env = {**os.environ, "SHOPASSIST_CACHE_DIR": str(cache), "SHOPASSIST_THREADS": "1",
           "SHOPASSIST_REASONS_GENERATOR": "template"}
    return subprocess.run([sys.executable, "-m", "ui", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_chat_session_continues_in_a_new_process_and_prints_the_api_json(tmp_path):
    catalog = tmp_path / "mini.jsonl"
    catalog.write_text("\n".join(json.dumps(r) for r in ROWS))
    (tmp_path / "mapping.yaml").write_text("id: sku\ntitle: name\nbrand: maker\nprice: cost\ncolour: color\n")
    cache = tmp_path / "cache"
    ingest = shopassist("ingest", str(catalog), "--mapping", str(tmp_path / "mapping.yaml"), "--name", "mini", "-q",
                        cache=cache)
    assert ingest.returncode == 0, ingest.stderr

    first = shopassist("--catalog", "mini", "chat", "-q", "--session", "shopper-7", "wireless mouse", cache=cache)
    assert first.returncode == 0, first.stderr
    second = shopassist("--catalog", "mini", "chat", "-q", "--session", "shopper-7", "under $30", cache=cache)
    assert second.returncode == 0, second.stderr
    body = json.loads(second.stdout)
    assert body["session_id"] == "shopper-7" and body["intent"] == "refine"
    assert body["constraints"]["query"] == "wireless mouse" and body["state"]["turns"] == 2
    assert body["products"] and all(p["price"] <= 30 for p in body["products"])
    assert set(body["products"][0]) >= {"id", "title", "brand", "price", "colour", "reason"}

    from ui.api.bodies import ChatResponse

    assert ChatResponse.model_validate(body).session_id == "shopper-7"  # the same shape as POST /v1/chat
    assert (cache / "sessions.sqlite3").is_file()
