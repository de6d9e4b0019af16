"""The chat UI driven as a client would: launched on loopback and called through gradio_client."""

from __future__ import annotations

import os

# gradio and gradio_client look up outside hosts unless told not to; set before importing them.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import logging  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import threading  # noqa: E402

import pytest  # noqa: E402
from gradio_client import Client  # noqa: E402

from assistant.types import ProductCard, Reply  # noqa: E402
from ui.app import EMPTY_PROMPT, ERROR_REPLY, TOO_LONG_REPLY, build_app, launch  # noqa: E402
from ui.cards import EMPTY_HTML  # noqa: E402

EVIL_TITLE = '<script>alert("pwned")</script> Mouse'


class FakeAssistant:
    """Deterministic stand-in: two cards per turn, a turn count per session, scripted failures."""

    def __init__(self) -> None:
        self.turns: dict[str, int] = {}
        self.calls: list[tuple[str, str]] = []
        self._lock = threading.Lock()  # gradio calls from worker threads

    def respond(self, message: str, session_id: str) -> Reply:
        with self._lock:
            self.calls.append((message, session_id))
            if message == "boom":
                raise RuntimeError("index exploded: /secret/path/store.db")
            self.turns[session_id] = self.turns.get(session_id, 0) + 1
            turn = self.turns[session_id]
        first = EVIL_TITLE if message == "evil" else "Logitech M185 Wireless Mouse"
        cards = (
            ProductCard("p1", first, "Logitech", 14.99, "grey", "mouse", "", "Cheap and wireless."),
            ProductCard(
                "p2", "HP Z3700 Mouse", "HP", None, "silver", "mouse",
                "https://images.icecat.biz/img/p2.jpg", "Slim, fits a laptop bag.",
            ),
        )
        return Reply(text=f"Turn {turn}: here are 2 mice for '{message}'.", cards=cards)

    def reset(self, session_id: str) -> None:
        with self._lock:
            self.turns.pop(session_id, None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture(scope="module")
def url(fake):
    app = build_app(fake)
    launch(app, port=_free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield app.local_url
    finally:
        app.close()


@pytest.fixture
def client(url) -> Client:
    return Client(url, verbose=False, download_files=False)  # a fresh session per test


def test_api_signature(client):
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    respond = endpoints["/respond"]
    assert [p["parameter_name"] for p in respond["parameters"]] == ["message"]
    assert [r["label"] for r in respond["returns"]] == ["Reply", "Products"]
    assert endpoints["/reset"]["parameters"] == []


def test_respond_returns_reply_text_and_cards(client):
    text, cards = client.predict("a wireless mouse", api_name="/respond")
    assert text == "Turn 1: here are 2 mice for 'a wireless mouse'."
    for expected in ("Logitech M185 Wireless Mouse", "HP Z3700 Mouse", "$14.99", "price not listed"):
        assert expected in cards
    assert "<b>Why:</b> Cheap and wireless." in cards
    assert "<b>Why:</b> Slim, fits a laptop bag." in cards


def test_turns_stay_in_one_session_per_client(client, url):
    assert client.predict("mouse", api_name="/respond")[0].startswith("Turn 1:")
    assert client.predict("cheaper", api_name="/respond")[0].startswith("Turn 2:")
    other = Client(url, verbose=False, download_files=False)
    assert other.predict("mouse", api_name="/respond")[0].startswith("Turn 1:")


def test_reset_starts_a_new_conversation(client, fake):
    client.predict("mouse", api_name="/respond")
    client.predict("cheaper", api_name="/respond")
    old_session = fake.calls[-1][1]
    chat, cards, message = client.predict(api_name="/reset")
    assert (chat, cards, message) == ([], EMPTY_HTML, "")
    assert old_session not in fake.turns  # the assistant was told to forget it
    assert client.predict("mouse", api_name="/respond")[0].startswith("Turn 1:")
    assert fake.calls[-1][1] != old_session  # and the tab moved to a fresh session id


def test_html_in_a_product_title_is_escaped(client):
    _, cards = client.predict("evil", api_name="/respond")
    assert "<script>" not in cards
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Mouse" in cards


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_empty_message_gets_a_gentle_prompt(client, fake, message):
    calls_before = len(fake.calls)
    text, cards = client.predict(message, api_name="/respond")
    assert text == EMPTY_PROMPT
    assert cards == EMPTY_HTML  # nothing shown yet in this session, nothing invented
    assert len(fake.calls) == calls_before  # the assistant is not bothered


def test_too_long_message_is_refused_politely(client, fake):
    calls_before = len(fake.calls)
    text, _ = client.predict("mouse " * 500, api_name="/respond")
    assert text == TOO_LONG_REPLY
    assert len(fake.calls) == calls_before


def test_assistant_exception_gives_a_friendly_message(client, caplog):
    _, shown = client.predict("a wireless mouse", api_name="/respond")
    with caplog.at_level(logging.ERROR, logger="ui.app"):
        text, cards = client.predict("boom", api_name="/respond")
    assert text == ERROR_REPLY
    assert "Traceback" not in text and "secret" not in text
    assert cards == shown  # the cards already on screen stay
    assert any("assistant.respond failed" in r.getMessage() for r in caplog.records)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_screenshot_shows_the_first_turn_from_the_url(url, fake, tmp_path):
    from PIL import Image

    from ui.screenshot import take_screenshot

    calls_before = len(fake.calls)
    png = take_screenshot(url, tmp_path / "chat.png", "a wireless mouse under $30")
    # The page itself sent the `?q=` text as its first turn.
    assert [message for message, _ in fake.calls[calls_before:]] == ["a wireless mouse under $30"]
    with Image.open(png) as image:
        assert image.size == (1280, 1400)
        colours = image.convert("RGB").resize((64, 70)).getcolors(maxcolors=64 * 70)
    assert colours is not None and len(colours) > 20  # a blank page has a handful
