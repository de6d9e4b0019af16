"""The chat UI driven as a client would: launched on loopback and called through gradio_client."""

from __future__ import annotations

import os

# gradio and gradio_client look up outside hosts unless told not to; set before importing them.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import logging  # noqa: E402

import pytest  # noqa: E402
from gradio_client import Client  # noqa: E402

from assistant.core.messages import EMPTY_PROMPT, TOO_LONG_REPLY  # noqa: E402
from assistant.core.types import ProductCard  # noqa: E402
from tests.fakes import FakeAssistant  # noqa: E402
from tests.ui.web import served  # noqa: E402
from ui.web.app import COMPARE_HINT, ERROR_REPLY, _stream_reply, compare_message  # noqa: E402
from ui.web.cards import EMPTY_HTML  # noqa: E402


@pytest.fixture(scope="module")
def fake() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture(scope="module")
def url(fake):
    with served(fake) as local_url:
        yield local_url


@pytest.fixture
def client(url) -> Client:
    return Client(url, verbose=False, download_files=False)  # a fresh session per test


def test_api_signature(client):
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    respond = endpoints["/respond"]
    assert [p["parameter_name"] for p in respond["parameters"]] == ["message"]
    assert [r["label"] for r in respond["returns"]] == ["Reply", "Products"]
    assert [p["parameter_name"] for p in endpoints["/feedback"]["parameters"]] == ["product_id", "verdict"]
    assert [r["label"] for r in endpoints["/feedback"]["returns"]] == ["Note", "Products"]
    assert [p["parameter_name"] for p in endpoints["/compare"]["parameters"]] == ["positions"]
    assert endpoints["/reset"]["parameters"] == []


def test_respond_returns_reply_text_and_cards(client):
    text, cards = client.predict("a wireless mouse", api_name="/respond")
    assert text == "Turn 1: here are 2 mice for 'a wireless mouse'."
    for expected in ("Logitech M185 Wireless Mouse", "HP Z3700 Mouse", "$14.99", "price not listed"):
        assert expected in cards
    assert "<b>Why:</b> Cheap and wireless." in cards
    assert "<b>Why:</b> Slim, fits a laptop bag." in cards
    assert cards.count('data-fb="like"') == 2 and cards.count('data-fb="dislike"') == 2
    assert cards.count("Why this?") == 1  # only the card with ranking evidence has the expander


def test_turns_stay_in_one_session_per_client(client, url):
    assert client.predict("mouse", api_name="/respond")[0].startswith("Turn 1:")
    assert client.predict("cheaper", api_name="/respond")[0].startswith("Turn 2:")
    other = Client(url, verbose=False, download_files=False)
    assert other.predict("mouse", api_name="/respond")[0].startswith("Turn 1:")


def test_clear_session_starts_a_new_conversation(client, fake):
    client.predict("mouse", api_name="/respond")
    client.predict("cheaper", api_name="/respond")
    old_session = fake.calls[-1][1]
    chat, cards, message, picks, table, cart = client.predict(api_name="/reset")
    assert (chat, cards, message, table) == ([], EMPTY_HTML, "", "") and "cart is empty" in cart
    assert picks["choices"] == [] and picks["value"] == []  # the compare view is emptied too
    assert old_session not in fake.turns  # the assistant was told to forget it
    assert client.predict("mouse", api_name="/respond")[0].startswith("Turn 1:")
    assert fake.calls[-1][1] != old_session  # and the tab moved to a fresh session id


def test_feedback_reaches_the_assistant_and_marks_the_card(client, fake):
    client.predict("mouse", api_name="/respond")
    session = fake.calls[-1][1]
    note, cards = client.predict("p2", "like", api_name="/feedback")
    assert note == "Noted: you like HP Z3700 Mouse. I'll favour similar products."
    assert fake.feedback_calls[-1] == (session, "p2", True)
    assert 'class="sa-like sa-on" data-fb="like" data-pid="p2"' in cards
    note, cards = client.predict("p1", "dislike", api_name="/feedback")
    assert fake.feedback_calls[-1] == (session, "p1", False) and "sa-disliked" in cards


def test_feedback_on_a_product_not_shown_is_refused(client, fake):
    client.predict("mouse", api_name="/respond")
    before = len(fake.feedback_calls)
    note, _ = client.predict("p999", "like", api_name="/feedback")
    assert note == "Pick a product card first." and len(fake.feedback_calls) == before


def test_compare_view_sends_a_compare_turn_and_shows_the_table(client, fake):
    _, cards_before = client.predict("mouse", api_name="/respond")
    text, table = client.predict([1, 2], api_name="/compare")
    assert fake.calls[-1][0] == "compare the first and second"
    assert text.endswith("compared.") and '<table class="sa-compare">' in table and "#2 HP Z3700" in table


def test_compare_view_needs_two_products(client, fake):
    client.predict("mouse", api_name="/respond")
    calls = len(fake.calls)
    text, table = client.predict([2], api_name="/compare")
    assert (text, table) == (COMPARE_HINT, "") and len(fake.calls) == calls


def test_a_compare_reply_keeps_the_cards_on_screen(client):
    _, shown = client.predict("mouse", api_name="/respond")
    _, cards = client.predict("compare the first two", api_name="/respond")
    assert cards == shown  # "the second one" must keep meaning the second card on screen


@pytest.mark.parametrize("positions, message", [([1, 2], "compare the first and second"),
                                                ([3, 1, 2], "compare the first, second and third"),
                                                ([1, 7], "compare the first and #7")])
def test_compare_message(positions, message):
    assert compare_message(positions) == message


def test_reply_streams_word_by_word():
    text = "Here are 3 matches for “mouse”:\n1. A ($1.00)"
    steps = [history[-1]["content"] for history, _ in _stream_reply([{"role": "user", "content": "mouse"}], text)]
    assert steps[-1] == text and len(steps) > 3
    assert all(text.startswith(s) for s in steps) and steps == sorted(steps, key=len)


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
    with caplog.at_level(logging.ERROR, logger="ui.web.app"):
        text, cards = client.predict("boom", api_name="/respond")
    assert text == ERROR_REPLY
    assert "Traceback" not in text and "secret" not in text
    assert cards == shown  # the cards already on screen stay
    assert any("assistant.respond failed" in r.getMessage() for r in caplog.records)


@pytest.mark.browser
def test_screenshot_shows_the_turns_from_the_url(url, fake, tmp_path):
    from PIL import Image

    from ui.web.screenshot import take_screenshot

    calls_before = len(fake.calls)
    png = take_screenshot(url, tmp_path / "chat.png", ["a wireless mouse under $30", "compare the first two"])
    # The page itself sent the `?q=` texts as its first turns, in order.
    assert [message for message, _ in fake.calls[calls_before:]] == ["a wireless mouse under $30",
                                                                     "compare the first two"]
    with Image.open(png) as image:
        assert image.size == (1280, 1400)
        colours = image.convert("RGB").resize((64, 70)).getcolors(maxcolors=64 * 70)
    assert colours is not None and len(colours) > 20  # a blank page has a handful


@pytest.mark.browser
def test_like_button_in_the_browser_reaches_the_assistant(url, fake, tmp_path):
    from ui.web.screenshot import take_screenshot

    before = len(fake.feedback_calls)
    take_screenshot(url, tmp_path / "liked.png", "a wireless mouse",
                    clicks=['#sa-cards button[data-fb="like"][data-pid="p2"]'])
    assert [(pid, liked) for _, pid, liked in fake.feedback_calls[before:]] == [("p2", True)]
    session = fake.calls[-1][1]
    assert fake.feedback_calls[-1][0] == session  # the same tab's session


def test_streamed_reasons_replace_the_template_ones_as_they_arrive():
    from assistant.core.types import Reason
    from ui.web.app import reason_updates

    cards = [ProductCard("p1", "A", "B", 1.0, "", "mouse", "", "Template one."),
             ProductCard("p2", "C", "D", 2.0, "", "mouse", "", "Template two.")]

    class Streaming:
        def stream_reasons(self, session_id):
            assert session_id == "s"
            yield Reason("p2", "A written reason for two.")
            yield Reason("gone", "Not on screen.")
            yield Reason("p1", "A written reason for one.")

    updates = list(reason_updates(Streaming(), "s", cards, {}))
    assert len(updates) == 2
    html, latest = updates[-1]
    assert [c.reason for c in latest] == ["A written reason for one.", "A written reason for two."]
    assert "A written reason for two." in updates[0][0] and "Template one." in updates[0][0]
    assert list(reason_updates(FakeAssistant(), "s", cards, {})) == []  # no such method: nothing to do


@pytest.mark.browser
def test_typing_a_message_and_sending_it_in_the_browser(url, fake, tmp_path):
    from ui.web.screenshot import take_screenshot

    before = len(fake.calls)
    # An example prompt fills the textbox; Send runs the chain: message, reply, streamed text.
    take_screenshot(url, tmp_path / "sent.png", [], clicks=["#sa-examples button", "#sa-send"])
    assert [message for message, _ in fake.calls[before:]] == ["a wireless mouse under $30"]


def test_add_to_cart_from_the_api_shows_the_cart_panel(client, fake):
    client.predict("a wireless mouse", api_name="/respond")
    note, cart_html = client.predict("p1", api_name="/add_to_cart")
    assert "Added Logitech M185 Wireless Mouse" in note and "$14.99" in cart_html and "× 1" in cart_html
    note, cart_html = client.predict("p1", api_name="/add_to_cart")
    assert "× 2" in cart_html and "$29.98" in cart_html
    assert "couldn't add" in client.predict("nope", api_name="/add_to_cart")[0]
    assert "× 2" in client.predict(api_name="/cart")


@pytest.mark.browser
def test_add_to_cart_button_in_the_browser_fills_the_cart_panel(url, fake, tmp_path):
    from ui.web.screenshot import take_screenshot

    take_screenshot(url, tmp_path / "cart.png", "a wireless mouse",
                    clicks=['#sa-cards button[data-fb="cart"][data-pid="p1"]'])
    session = fake.calls[-1][1]
    assert fake.carts.get(session) == {"p1": 1}  # the same tab's session
