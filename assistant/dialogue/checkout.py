"""Checkout hands the order summary (JSON) to the merchant's system: a webhook URL or a file.

No payment is taken here. `FileSink` appends one JSON object per line to a file (the default, in
the cache folder); `WebhookSink` POSTs it to a URL and counts the order as placed only on a 2xx
answer, so a shop whose system is down never loses an order silently: the cart is kept and the
shopper is told.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from assistant.core.types import CartView, Order


class CheckoutError(RuntimeError):
    """The merchant's system did not take the order; the cart is kept."""


class OrderSink(Protocol):
    def deliver(self, order: dict) -> str:
        """Hand the order summary over; return where it went. Raises CheckoutError when it could not."""


class FileSink:
    """Appends each order as one JSON line to `path`."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def deliver(self, order: dict) -> str:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(order, ensure_ascii=False) + "\n")
        except OSError as err:
            raise CheckoutError(f"could not write the order to {self.path}: {err}") from err
        return str(self.path)


class WebhookSink:
    """POSTs each order as JSON to `url` (with `Authorization: Bearer <token>` when a token is given)."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 10.0,
                 opener: Callable = urllib.request.urlopen) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"the checkout webhook must be an http(s) URL, got {url!r}")
        self.url, self.token, self.timeout, self._open = url, token, timeout, opener

    def deliver(self, order: dict) -> str:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, json.dumps(order).encode(), headers, method="POST")
        try:
            with self._open(request, timeout=self.timeout) as response:
                status = response.status
        except (urllib.error.URLError, OSError, TimeoutError) as err:
            raise CheckoutError(f"the shop's order system at {self.url} did not answer: {err}") from err
        if not 200 <= status < 300:
            raise CheckoutError(f"the shop's order system at {self.url} answered {status}")
        return self.url


def make_order(session_id: str, cart: CartView, delivered_to: str = "") -> Order:
    items = tuple(i for i in cart.items if i.available)
    return Order(order_id=f"ord-{uuid.uuid4().hex[:16]}", session_id=session_id,
                 created=datetime.now(timezone.utc).isoformat(timespec="seconds"), items=items, total=cart.total,
                 currency=cart.currency, delivered_to=delivered_to)


def open_sink(webhook: str = "", file: str | Path | None = None, token: str | None = None) -> OrderSink:
    """The webhook when one is configured, else the file."""
    if webhook:
        return WebhookSink(webhook, token)
    if file is None:
        raise ValueError("checkout needs a webhook URL or a file")
    return FileSink(file)
