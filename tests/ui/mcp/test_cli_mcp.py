"""`shopassist mcp`: its arguments, the refusal to expose it unauthenticated, and (slow) the stdio server
as a subprocess on a small ingested catalog with the real encoder and parser, through the SDK's client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from ui.cli import main, parser

REPO = Path(__file__).resolve().parents[3]


def test_mcp_arguments():
    args = parser().parse_args(["mcp", "--http", "--host", "127.0.0.1", "--port", "9000"])
    assert (args.http, args.mcp_host, args.mcp_port) == (True, "127.0.0.1", 9000)
    assert parser().parse_args(["mcp"]).http is False


def test_http_on_an_exposed_host_without_a_token_is_refused_before_anything_loads(monkeypatch, capsys):
    monkeypatch.delenv("SHOPASSIST_API_TOKEN", raising=False)
    monkeypatch.delenv("SHOPASSIST_CONFIG", raising=False)
    assert main(["mcp", "--http", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "refusing to serve the MCP server on '0.0.0.0' without a token" in err


@pytest.mark.slow
def test_stdio_server_answers_a_search(tmp_path):
    from mcp import Client, StdioServerParameters, stdio_client

    rows = [{"sku": "a1", "name": "Logitech M185 Wireless Mouse", "maker": "Logitech", "cost": "$19.99", "color": "Grey"},
            {"sku": "a2", "name": "Logitech MX Master 3 Wireless Mouse", "maker": "Logitech", "cost": "$99.99"},
            {"sku": "a3", "name": "JBL Flip 5 Bluetooth Speaker", "maker": "JBL", "cost": "$99", "color": "Blue"}]
    (tmp_path / "mini.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    (tmp_path / "mapping.yaml").write_text("id: sku\ntitle: name\nbrand: maker\nprice: cost\ncolour: color\n")
    env = {**os.environ, "SHOPASSIST_CACHE_DIR": str(tmp_path / "cache"), "SHOPASSIST_THREADS": "1",
           "SHOPASSIST_REASONS_GENERATOR": "template"}
    ingest = subprocess.run([sys.executable, "-m", "ui", "ingest", str(tmp_path / "mini.jsonl"), "--mapping",
                             str(tmp_path / "mapping.yaml"), "--name", "mini", "-q"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr

    async def run():
        server = StdioServerParameters(command=sys.executable, args=["-m", "ui", "--catalog", "mini", "mcp", "-q"],
                                       env=env, cwd=str(REPO))
        with (tmp_path / "stderr.txt").open("w") as errlog:  # a real file: pytest's captured stderr has no fd
            async with Client(stdio_client(server, errlog=errlog), read_timeout_seconds=300) as client:
                return await client.call_tool("search_products", {"query": "wireless mouse", "max_price": 30})

    result = anyio.run(run)
    assert not result.is_error, (result.content, (tmp_path / "stderr.txt").read_text()[-2000:])
    assert [p["title"] for p in result.structured_content["products"]] == ["Logitech M185 Wireless Mouse"]
