"""The `openai` Python package, unchanged, against a real server on loopback: models, chat, streaming,
a multi-turn history, and a wrong key."""

from __future__ import annotations

import openai
import pytest

from assistant.core.assistant import Assistant
from assistant.core.settings import Settings
from assistant.dialogue.sessions import SQLiteSessions
from tests.ui.api.loopback import serving
from ui.api.bodies import MODEL_ID
from ui.api.routes import build_server

TOKEN = "openai-client-token"


@pytest.fixture(scope="module")
def base_url(small_stages, tmp_path_factory):
    settings = Settings(cache_dir=tmp_path_factory.mktemp("oai"), api_token=TOKEN)
    assistant = Assistant(small_stages, sessions=SQLiteSessions(settings.sessions_file))
    with serving(build_server(assistant, settings)) as base:
        yield f"{base}/v1"


@pytest.fixture()
def client(base_url):
    with openai.OpenAI(base_url=base_url, api_key=TOKEN, max_retries=0, timeout=30) as oai:
        yield oai


def user(text: str) -> dict:
    return {"role": "user", "content": text}


def test_models_list_and_retrieve(client):
    models = client.models.list()
    assert [m.id for m in models.data] == [MODEL_ID]
    assert models.data[0].object == "model" and models.data[0].owned_by and models.data[0].created > 0
    assert client.models.retrieve(MODEL_ID).id == MODEL_ID
    with pytest.raises(openai.NotFoundError, match="no model 'gpt-4o'"):
        client.models.retrieve("gpt-4o")


def test_chat_completion(client):
    completion = client.chat.completions.create(model=MODEL_ID, messages=[user("a wireless mouse under $30")])
    assert completion.object == "chat.completion" and completion.model == MODEL_ID
    choice = completion.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    assert "“wireless mouse” under $30.00" in choice.message.content and "Why these:" in choice.message.content
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens > 0


def test_chat_completion_with_a_model_name_the_client_defaults_to(client):
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "developer", "content": "Be brief."}, user("bluetooth speaker")], temperature=0.2)
    assert completion.model == "gpt-4o-mini" and "speaker" in completion.choices[0].message.content.lower()


def test_streaming_chunks_join_into_the_reply(client):
    plain = client.chat.completions.create(model=MODEL_ID, messages=[user("gaming laptop under $1,000")])
    stream = client.chat.completions.create(model=MODEL_ID, messages=[user("gaming laptop under $1,000")], stream=True)
    chunks = list(stream)
    assert len(chunks) > 5 and all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[-1].choices[0].finish_reason == "stop"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == plain.choices[0].message.content and "under $1,000.00" in text


def test_a_multi_turn_history_is_answered_as_a_whole(client):
    first = client.chat.completions.create(model=MODEL_ID, messages=[user("a wireless mouse")])
    history = [{"role": "system", "content": "You are a shopping assistant."}, user("a wireless mouse"),
               {"role": "assistant", "content": first.choices[0].message.content}, user("cheaper")]
    completion = client.chat.completions.create(model=MODEL_ID, messages=history)
    reply = completion.model_dump()["shopassist"]  # the structured payload beside the OpenAI fields
    first_prices = [p["price"] for p in first.model_dump()["shopassist"]["products"]]
    assert reply["intent"] == "cheaper" and reply["constraints"]["query"] == "wireless mouse"
    assert reply["products"] and all("Mouse" in p["title"] for p in reply["products"])
    assert max(p["price"] for p in reply["products"]) < max(first_prices)
    cheapest = min(first_prices)
    assert f"mouse under ${cheapest - 0.01:.2f}" in completion.choices[0].message.content  # cheaper than all shown
    alone = client.chat.completions.create(model=MODEL_ID, messages=[user("cheaper")]).model_dump()["shopassist"]
    assert alone["constraints"]["query"] != "wireless mouse"  # the history, not the last message alone, made it


def test_a_wrong_key_is_an_authentication_error(base_url):
    with openai.OpenAI(base_url=base_url, api_key="wrong", max_retries=0) as wrong:
        with pytest.raises(openai.AuthenticationError, match="bearer token"):
            wrong.models.list()
        with pytest.raises(openai.AuthenticationError):
            wrong.chat.completions.create(model=MODEL_ID, messages=[user("mouse")])
