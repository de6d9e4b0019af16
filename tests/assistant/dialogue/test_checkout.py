"""Checkout sinks: an order file, and a webhook on a real loopback HTTP server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from assistant.core.types import CartItem, CartView
from assistant.dialogue.checkout import CheckoutError, FileSink, WebhookSink, make_order, open_sink

CART = CartView((CartItem("m1", "Logitech M185", "Logitech", 2, 19.99, 39.98),), 39.98)


def test_file_sink_appends_one_json_line_per_order(tmp_path):
    sink = FileSink(tmp_path / "orders" / "o.jsonl")
    for _ in range(2):
        sink.deliver(make_order("s", CART).to_json())
    rows = [json.loads(line) for line in (tmp_path / "orders" / "o.jsonl").read_text().splitlines()]
    assert len(rows) == 2 and rows[0]["order_id"] != rows[1]["order_id"] and rows[0]["total"] == 39.98


@pytest.fixture()
def webhook():
    got, status = [], [200]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            got.append((self.headers.get("Authorization"), json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(status[0])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/orders", got, status
    server.shutdown()


def test_webhook_posts_the_order_with_its_token(webhook):
    url, got, _ = webhook
    assert open_sink(url, None, "tok").deliver(make_order("s", CART).to_json()) == url
    assert got[0][0] == "Bearer tok" and got[0][1]["items"][0]["product_id"] == "m1"


def test_webhook_failure_is_a_checkout_error(webhook):
    url, _, status = webhook
    status[0] = 500
    with pytest.raises(CheckoutError, match="500"):
        WebhookSink(url).deliver({"order_id": "x"})
    with pytest.raises(CheckoutError, match="did not answer"):
        WebhookSink("http://127.0.0.1:9/none", timeout=1).deliver({})
    with pytest.raises(ValueError):
        WebhookSink("ftp://example.org")
