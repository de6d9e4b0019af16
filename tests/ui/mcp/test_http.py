"""The MCP server over a real loopback streamable-HTTP connection (uvicorn in a thread), with the SDK's
client: the bearer token of /v1 and the per-client rate limit."""

from __future__ import annotations

import anyio
import httpx
import httpx2
import pytest
from mcp import Client, MCPError
from mcp.client.streamable_http import streamable_http_client

from tests.ui.api.loopback import serving
from ui.mcp.http import http_app

TOKEN = "mcp-test-token"
INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
HEADERS = {"accept": "application/json, text/event-stream", "content-type": "application/json"}


def over_http(url: str, token: str | None, *calls: tuple[str, dict]) -> tuple[list[str], list]:
    """The tool names the server lists, and each (tool, arguments) called in order, over one connection."""

    async def run():
        headers = {"Authorization": f"Bearer {token}"} if token else None
        async with httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(30, read=300)) as http:
            async with Client(streamable_http_client(url, http_client=http)) as client:
                names = [t.name for t in (await client.list_tools()).tools]
                return names, [await client.call_tool(name, args) for name, args in calls]

    return anyio.run(run)


@pytest.fixture(scope="module")
def open_server(small_stages):
    from assistant.core.assistant import Assistant

    with serving(http_app(Assistant(small_stages)), ready="/health") as base:
        yield base + "/mcp"


@pytest.fixture(scope="module")
def token_server(small_stages):
    from assistant.core.assistant import Assistant

    with serving(http_app(Assistant(small_stages), token=TOKEN), ready="/health") as base:
        yield base + "/mcp"


def test_tools_over_loopback_without_a_token_configured(open_server):
    names, (search, chat) = over_http(open_server, None, ("search_products", {"query": "speaker", "max_price": 50}),
                                      ("chat", {"session_id": "w1", "message": "bluetooth speaker"}))
    assert {"search_products", "chat", "add_to_cart", "store_policy"} <= set(names)
    assert search.structured_content["products"]
    assert all(p["price"] <= 50 for p in search.structured_content["products"])
    assert chat.structured_content["session_id"] == "w1" and chat.structured_content["products"]


def test_errors_come_back_as_tool_errors_over_the_wire(open_server):
    _, (result,) = over_http(open_server, None, ("get_product", {"product_id": "nope"}))
    assert result.is_error and "no product with id 'nope'" in result.content[0].text


def test_token_is_required_when_configured(token_server):
    _, (result,) = over_http(token_server, TOKEN, ("get_product", {"product_id": "s1"}))
    assert result.structured_content["title"] == "JBL Flip 5 Bluetooth Speaker Blue"
    for headers in ({}, {"authorization": "Bearer wrong"}, {"authorization": f"Basic {TOKEN}"}):
        answer = httpx.post(token_server, json=INIT, headers=HEADERS | headers, timeout=10)
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
        assert "a valid bearer token is required" in answer.json()["error"]["message"]
    assert httpx.get(token_server.removesuffix("/mcp") + "/health", timeout=10).status_code == 200  # no token


def test_the_sdk_client_without_the_token_is_refused(token_server):
    def leaves(err: BaseException) -> list[BaseException]:  # the SDK's task groups wrap the error the 401 became
        return [x for e in err.exceptions for x in leaves(e)] if hasattr(err, "exceptions") else [err]

    with pytest.raises(Exception) as failed:
        over_http(token_server, None)
    assert any(isinstance(e, MCPError) for e in leaves(failed.value)), failed.value


def test_rate_limit_answers_429_with_retry_after(small_stages):
    from assistant.core.assistant import Assistant

    with serving(http_app(Assistant(small_stages), token=TOKEN, rate_limit="3/minute"), ready="/health") as base:
        auth = {"authorization": f"Bearer {TOKEN}"}
        answers = [httpx.post(base + "/mcp", json=INIT, headers=HEADERS | auth, timeout=10) for _ in range(4)]
        assert [a.status_code for a in answers[:3]] == [200] * 3
        assert answers[3].status_code == 429 and int(answers[3].headers["retry-after"]) >= 1
        assert answers[3].json()["error"]["type"] == "rate_limit_exceeded"
        assert httpx.get(base + "/health", timeout=10).status_code == 200  # liveness is never limited
