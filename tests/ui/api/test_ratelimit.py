"""The per-client rate limit: 429 in the OpenAI error shape with Retry-After, per token or address."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from assistant.core.settings import load_settings
from ui.api.ratelimit import RateLimit, parse_rate
from ui.api.routes import create_api


def ok(request):
    return PlainTextResponse("ok")


def app_under(prefix: str = "/v1", **kw) -> Starlette:
    routes = [Route(path, ok) for path in ("/v1/x", "/v1/health", "/mcp", "/mcp/y", "/")]
    app = Starlette(routes=routes)
    app.add_middleware(RateLimit, prefix=prefix, **kw)
    return app


def assert_limited(r, limit: str = "3 per 1 minute"):
    assert r.status_code == 429
    wait = r.headers["retry-after"]
    assert wait.isdigit() and 1 <= int(wait) <= 60
    error = r.json()["error"]
    assert error["type"] == "rate_limit_exceeded" and error["code"] == 429
    assert error["message"] == f"too many requests: the limit is {limit} per client; retry after {wait} s"


def test_the_api_answers_429_with_retry_after_past_the_limit(small_assistant):
    client = TestClient(create_api(small_assistant, rate_limit="3/minute"))
    for _ in range(3):
        assert client.post("/v1/search", json={"query": "mouse"}).status_code == 200
    assert_limited(client.post("/v1/search", json={"query": "mouse"}))
    assert_limited(client.get("/v1/models"))  # every /v1 route shares the client's budget
    assert client.get("/v1/health").status_code == 200  # liveness is never limited
    other = TestClient(create_api(small_assistant, rate_limit="3/minute"), client=("203.0.113.9", 5000))
    assert other.get("/v1/models").status_code == 200


def test_refused_requests_count_too_so_guessing_tokens_is_limited(small_assistant):
    client = TestClient(create_api(small_assistant, token="right", rate_limit="3/minute"))
    for n in range(3):
        assert client.get("/v1/models", headers={"Authorization": f"Bearer guess-{n}"}).status_code == 401
    assert_limited(client.get("/v1/models", headers={"Authorization": "Bearer guess-4"}))
    # the right token is a client of its own: its budget is untouched by the guesses from this address
    assert client.get("/v1/models", headers={"Authorization": "Bearer right"}).status_code == 200


def test_known_tokens_have_budgets_of_their_own_and_other_prefixes_are_left_alone():
    client = TestClient(app_under("/mcp", rate="2/minute", exempt=(), tokens=["a", "b", None]))
    a, b = {"Authorization": "Bearer a"}, {"Authorization": "bearer b"}
    assert [client.get("/mcp/y", headers=a).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/mcp", headers=b).status_code == 200
    assert [client.get("/v1/x").status_code for _ in range(5)] == [200] * 5  # outside the prefix
    assert [client.get("/mcp").status_code for _ in range(3)] == [200, 200, 429]  # no token: the address
    assert_limited(client.get("/mcp", headers={"Authorization": "Bearer made-up"}), "2 per 1 minute")


def test_several_limits_and_off():
    client = TestClient(app_under(rate="2/second;10/minute"))
    assert [client.get("/v1/x").status_code for _ in range(3)] == [200, 200, 429]
    assert "2 per 1 second and 10 per 1 minute" in client.get("/v1/x").json()["error"]["message"]
    for off in ("", "0", "off", None):
        unlimited = TestClient(app_under(rate=off))
        assert [unlimited.get("/v1/x").status_code for _ in range(20)] == [200] * 20


def test_a_rate_it_cannot_read_is_a_clear_error(monkeypatch):
    assert [str(i) for i in parse_rate("120/minute")] == ["120 per 1 minute"]
    with pytest.raises(ValueError, match=r"rate limit 'lots' is not a rate; write it like \"120/minute\""):
        parse_rate("lots")
    monkeypatch.setenv("SHOPASSIST_RATE_LIMIT", "fast")
    with pytest.raises(ValueError, match=r"rate_limit = 'fast': write it like \"120/minute\""):
        load_settings()
    monkeypatch.setenv("SHOPASSIST_RATE_LIMIT", "0")
    assert parse_rate(load_settings().rate_limit) == []
    monkeypatch.delenv("SHOPASSIST_RATE_LIMIT")
    assert load_settings().rate_limit == "120/minute"  # on by default
