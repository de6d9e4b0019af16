"""The Merchant tab over a real small assistant, launched on loopback: /explain through gradio_client,
the exposure report, and the tab in a real headless Chromium."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import pytest  # noqa: E402
from gradio_client import Client  # noqa: E402

from assistant.core.text import clip  # noqa: E402
from assistant.merchant.path import ProductPath, trace  # noqa: E402
from tests.fakes import FakeAssistant  # noqa: E402
from tests.ui.web import served  # noqa: E402
from ui.web.merchant import explain_html, render_path  # noqa: E402


@pytest.fixture(scope="module")
def assistant(small_stages):
    from assistant.core.assistant import Assistant

    return Assistant(small_stages)


@pytest.fixture(scope="module")
def url(assistant):
    with served(assistant) as local_url:
        yield local_url


@pytest.fixture
def client(url) -> Client:
    return Client(url, verbose=False, download_files=False)


def test_explain_endpoint_signature(client):
    endpoints = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    # no session id: the tab shares the shoppers' server, and a session's state is the shopper's
    assert [p["parameter_name"] for p in endpoints["/explain"]["parameters"]] == ["query", "product_id"]
    assert "/respond" in endpoints  # the chat's endpoints are still there


def test_explain_a_filtered_out_product(client):
    out = client.predict("a wireless mouse under $30", "m2", api_name="/explain")
    assert 'data-stage="filtered out"' in out and "price under $30.00" in out and "$99.99" in out
    assert "Logitech MX Master 3 Wireless Mouse Black" in out


def test_explain_a_ranked_product_shows_the_one_above(client, small_stages):
    path = trace(small_stages, "a wireless mouse under $30", "m5")
    out = client.predict("a wireless mouse under $30", "m5", api_name="/explain")
    assert 'data-stage="ranked"' in out and f"Ranked {path.rank}" in out
    assert f"#{path.rank - 1} {clip(path.above.title, 40)}" in out and "difference" in out and "score" in out


def test_explain_says_what_is_missing(client):
    assert "Type the shopper" in client.predict("", "m1", api_name="/explain")
    assert "No product with id &#x27;zz&#x27;" in client.predict("mouse", "zz", api_name="/explain")


def test_every_text_is_escaped():
    path = ProductPath(query="<b>q</b>", product_id="x1", title='<script>alert("x")</script>', stage="filtered out",
                       searched="<i>", intent="search", failed=(("brand <HP>", "<img src=x>"),))
    out = render_path(path)
    assert "<script>" not in out and "<img" not in out and "<i>" not in out
    assert "&lt;script&gt;" in out and "brand &lt;HP&gt;" in out


def test_an_assistant_without_stages_gets_a_note():
    assert "no stages" in explain_html(FakeAssistant(), "mouse", "p1")


def test_exposure_report_from_the_tab(client):
    brand, band, table, note = client.predict("a wireless mouse\ngaming laptop", 5, api_name="/exposure")
    assert "2 queries, top 5" in note
    assert brand is not None and band is not None and table["data"]


@pytest.mark.browser
def test_merchant_tab_in_the_browser_traces_from_the_url(url, tmp_path, monkeypatch):
    from PIL import Image

    import ui.web.merchant as merchant
    from ui.web.screenshot import take_screenshot

    calls = []
    real = merchant.trace_session

    def spy(assistant, message, product_id, session_id=None, results=None):
        calls.append((message, product_id))
        return real(assistant, message, product_id, session_id=session_id, results=results)

    monkeypatch.setattr(merchant, "trace_session", spy)
    page = f"{url}?explain=a+wireless+mouse+under+%2430&product=m5"
    png = take_screenshot(page, tmp_path / "merchant.png", [], clicks=["#sa-merchant-button"])
    assert calls == [("a wireless mouse under $30", "m5")]  # opening the tab traced the URL's product
    with Image.open(png) as image:
        colours = image.convert("RGB").resize((64, 70)).getcolors(maxcolors=64 * 70)
    assert colours is not None and len(colours) > 20
