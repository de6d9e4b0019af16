"""The /v1 HTTP API: TestClient for the contract, a real uvicorn server on loopback for the wire."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.core.assistant import Assistant
from assistant.core.settings import Settings
from assistant.dialogue.sessions import SQLiteSessions
from tests.fixtures import free_port
from ui.api.routes import build_server, create_api

TOKEN = "s3cret-token"


@pytest.fixture()
def assistant(small_stages, tmp_path):
    return Assistant(small_stages, sessions=SQLiteSessions(tmp_path / "sessions.sqlite3"))


@pytest.fixture()
def client(assistant):
    return TestClient(create_api(assistant, max_request_bytes=4_000))


def chat(client, message, session="s1", **kw):
    return client.post("/v1/chat", json={"session_id": session, "message": message}, **kw)


def test_chat_returns_reply_products_with_reasons_and_state(client):
    r = chat(client, "a wireless mouse under $30")
    assert r.status_code == 200
    body = r.json()
    assert body["session_id"] == "s1" and body["intent"] == "search"
    assert body["products"] and all(p["price"] <= 30 and p["reason"] for p in body["products"])
    for i, p in enumerate(body["products"], start=1):
        assert f"{i}. {p['title']}" in body["reply"]
        assert set(p) >= {"id", "title", "brand", "price", "colour", "reason", "ranking"}
        assert p["ranking"] and {"feature", "label", "contribution"} == set(p["ranking"][0])
    assert body["constraints"]["filters"] == {"price_max": 30.0}
    assert body["state"]["shown"] == [p["id"] for p in body["products"]] and body["state"]["turns"] == 1


def test_session_continues_and_can_be_read_and_deleted(client):
    chat(client, "gaming laptop")
    body = chat(client, "under $1,000").json()
    assert body["intent"] == "refine" and body["products"] and all(p["price"] <= 1000 for p in body["products"])
    session = client.get("/v1/sessions/s1").json()
    assert session["state"]["turns"] == 2 and session["constraints"]["query"] == "gaming laptop"
    assert [line["role"] for line in session["transcript"]] == ["user", "assistant"] * 2
    assert client.delete("/v1/sessions/s1").status_code == 204
    assert client.get("/v1/sessions/s1").status_code == 404
    assert client.delete("/v1/sessions/s1").status_code == 404
    assert chat(client, "under $1,000").json()["constraints"]["query"] == ""  # a fresh start


def test_transcript_is_redacted(client):
    chat(client, "speaker, and mail me at jo@example.com")
    text = json.dumps(client.get("/v1/sessions/s1").json())
    assert "jo@example.com" not in text and "[email]" in text


def test_feedback_is_recorded_in_the_session(client):
    shown = chat(client, "wireless mouse").json()["products"]
    r = client.post("/v1/feedback", json={"session_id": "s1", "product_id": shown[0]["id"], "verdict": "dislike"})
    assert r.status_code == 200 and r.json()["disliked"] == [shown[0]["id"]]
    again = chat(client, "wireless mouse").json()
    assert shown[0]["id"] not in [p["id"] for p in again["products"]]
    assert again["state"]["disliked"] == [shown[0]["id"]]
    missing = client.post("/v1/feedback", json={"session_id": "s1", "product_id": "nope", "verdict": "like"})
    assert missing.status_code == 404 and "no product with id 'nope'" in missing.json()["error"]["message"]


def test_search_is_stateless(client, assistant):
    r = client.post("/v1/search", json={"query": "HP laptop"})
    assert r.status_code == 200 and r.json()["session_id"] is None
    products = r.json()["products"]
    # results=3, and the catalog has four HP products, two of them laptops: only those are laptops
    assert {p["id"] for p in products} == {"l1", "l5"}
    assert assistant.sessions.count() == 0


def test_handoff_comes_with_a_summary(client):
    chat(client, "bluetooth speaker")
    body = chat(client, "can I talk to a human?").json()
    assert body["intent"] == "human_agent" and "Request: “bluetooth speaker”" in body["handoff"]["summary"]


def test_compare_returns_a_table(client):
    chat(client, "wireless mouse")
    body = chat(client, "compare the first two").json()
    assert body["intent"] == "compare" and body["table"][0][0] == "" and len(body["table"][0]) == 3


@pytest.mark.parametrize("body, status, words", [
    ('{"session_id": "s1", "message": ', 400, "not valid JSON"),
    ("not json at all", 400, "not valid JSON"),
    ('{"session_id": "s1"}', 422, "message: Field required"),
    ('{"session_id": "s1", "message": ""}', 422, "message: String should have at least 1 character"),
    ('{"session_id": "bad id!", "message": "mouse"}', 422, "session_id: String should match pattern"),
    ('{"session_id": "s1", "message": "mouse", "extra": 1}', 422, "extra: Extra inputs are not permitted"),
])
def test_bad_requests_get_a_clear_4xx(client, body, status, words):
    r = client.post("/v1/chat", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == status
    assert words in r.json()["error"]["message"]


@pytest.mark.parametrize("stream", ["false", "true"])
def test_openai_text_that_utf8_cannot_carry_is_a_422_not_a_500(client, stream):
    body = '{"stream": ' + stream + ', "messages": [{"role": "user", "content": "\\ud83d mouse"}]}'
    r = client.post("/v1/chat/completions", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == ("messages.0.content: Value error, the text holds an unpaired UTF-16 "
                                            "surrogate (half an emoji?); send valid Unicode")


def test_an_unexpected_failure_is_a_500_in_the_openai_error_shape(assistant, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the index is gone")

    monkeypatch.setattr(assistant, "search", broken)
    r = TestClient(create_api(assistant), raise_server_exceptions=False).post("/v1/search", json={"query": "mouse"})
    assert r.status_code == 500 and r.json() == {"error": {
        "message": "the server failed on this request; it has been logged", "type": "server_error", "code": 500}}
    assert "the index is gone" not in r.text and "the index is gone" in caplog.text


def test_oversized_body_is_refused(client):
    r = chat(client, "mouse " * 2000)
    assert r.status_code == 413 and "too large" in r.json()["error"]["message"]


def test_token_is_required_when_configured(assistant):
    secured = TestClient(create_api(assistant, token=TOKEN))
    r = chat(secured, "mouse")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert chat(secured, "mouse", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert chat(secured, "mouse", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert secured.get("/v1/health").status_code == 200  # liveness needs no token


def test_openapi_documents_the_bodies_with_examples(client):
    spec = client.get("/openapi.json").json()
    assert {"/v1/chat", "/v1/search", "/v1/feedback", "/v1/sessions/{session_id}", "/v1/chat/completions"} <= set(spec["paths"])
    chat_request = spec["components"]["schemas"]["ChatRequest"]
    assert chat_request["properties"]["message"]["examples"] == ["a wireless mouse under $30"]


def test_openai_completion_replays_a_stateless_conversation(client, assistant):
    r = client.post("/v1/chat/completions", json={"model": "anything", "messages": [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "gaming laptop"},
        {"role": "assistant", "content": "Here are some laptops"},
        {"role": "user", "content": [{"type": "text", "text": "under $1,000"}]}]})
    assert r.status_code == 200
    body = r.json()
    assert body["object"] == "chat.completion" and body["model"] == "anything"
    message = body["choices"][0]["message"]
    assert message["role"] == "assistant" and "“gaming laptop” under $1,000.00" in message["content"]
    products = body["shopassist"]["products"]
    assert products and all(p["price"] <= 1000 for p in products)
    assert assistant.sessions.count() == 0  # the replay session is gone


def test_openai_completion_with_user_continues_a_session(client):
    chat(client, "gaming laptop", session="oa")
    r = client.post("/v1/chat/completions", json={"user": "oa", "messages": [{"role": "user", "content": "HP only"}]})
    assert "“gaming laptop” by HP" in r.json()["choices"][0]["message"]["content"]


def parse_sse(text: str) -> list:
    events = [line[len("data: "):] for line in text.splitlines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    return [json.loads(e) for e in events[:-1]]


def test_openai_streaming_sends_chunks_that_add_up_to_the_reply(client):
    with client.stream("POST", "/v1/chat/completions",
                       json={"stream": True, "messages": [{"role": "user", "content": "bluetooth speaker"}]}) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        chunks = parse_sse(r.read().decode())
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert len(chunks) > 5 and all(c["object"] == "chat.completion.chunk" for c in chunks)
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert text.startswith(chunks[-1]["shopassist"]["reply"])


def test_models_lists_the_model_in_the_openai_shape(assistant):
    secured = TestClient(create_api(assistant, token=TOKEN))
    assert secured.get("/v1/models").status_code == 401  # token-protected like the rest of /v1
    auth = {"Authorization": f"Bearer {TOKEN}"}
    listed = secured.get("/v1/models", headers=auth).json()
    assert listed["object"] == "list" and [m["id"] for m in listed["data"]] == ["shopassist"]
    assert set(listed["data"][0]) == {"id", "object", "created", "owned_by"} and listed["data"][0]["object"] == "model"
    assert secured.get("/v1/models/shopassist", headers=auth).json() == listed["data"][0]
    missing = secured.get("/v1/models/gpt-4o", headers=auth)
    assert missing.status_code == 404 and missing.json()["error"] == {
        "message": "no model 'gpt-4o'; the one model is 'shopassist' (GET /v1/models)", "type": "not_found", "code": 404}


def test_openai_request_with_too_many_messages_is_refused(assistant):
    too_many = {"messages": [{"role": "user", "content": "m"}] * 201}
    r = TestClient(create_api(assistant)).post("/v1/chat/completions", json=too_many)
    assert r.status_code == 422 and "messages: List should have at most 200 items" in r.json()["error"]["message"]


def test_openai_request_without_user_text_is_refused(client):
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "system", "content": "hi"}]})
    assert r.status_code == 422 and "at least one user message" in r.json()["error"]["message"]


# -- a real server on loopback ----------------------------------------------------------------



@pytest.fixture(scope="module")
def server(small_stages, tmp_path_factory):
    import uvicorn

    settings = Settings(cache_dir=tmp_path_factory.mktemp("srv"), api_token=TOKEN, port=free_port())
    assistant = Assistant(small_stages, sessions=SQLiteSessions(settings.sessions_file))
    config = uvicorn.Config(build_server(assistant, settings), host="127.0.0.1", port=settings.port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{settings.port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        pytest.fail("the server did not start within 60 s")
    yield base
    srv.should_exit = True
    thread.join(timeout=10)


def test_real_server_serves_api_and_ui_on_one_port(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=server, timeout=30) as http:
        assert http.post("/v1/chat", json={"session_id": "w", "message": "mouse"}).status_code == 401
        r = http.post("/v1/chat", json={"session_id": "w", "message": "wireless mouse under $30"}, headers=auth)
        assert r.status_code == 200 and r.json()["products"]
        assert http.get("/v1/sessions/w", headers=auth).json()["state"]["turns"] == 1
        page = http.get("/")
        assert page.status_code == 200 and "gradio" in page.text.lower()


def test_real_server_streams_server_sent_events(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"stream": True, "messages": [{"role": "user", "content": "gaming laptop under $1,000"}]}
    with httpx.stream("POST", f"{server}/v1/chat/completions", json=body, headers=auth, timeout=30) as r:
        assert r.status_code == 200
        lines = [line for line in r.iter_lines() if line]
    chunks = parse_sse("\n".join(lines))
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks).startswith("Here are")


def test_oversized_chunked_body_is_refused(client):
    def chunks():
        yield b'{"session_id": "s1", "message": "'
        for _ in range(100):
            yield b"mouse " * 10
        yield b'"}'

    r = client.post("/v1/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "the limit is 4,000 bytes" in r.json()["error"]["message"]
