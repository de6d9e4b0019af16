"""A per-client rate limit as ASGI middleware over `limits` (moving window, in-memory storage).

Wrap any ASGI app with it: the /v1 API (`create_api`), or an MCP server's HTTP app with its own
prefix. A request over the limit gets 429 in the OpenAI error shape with `Retry-After` (whole
seconds, at least 1), before any route runs or any body is read.
"""

from __future__ import annotations

import hashlib
import json
import math
import secrets
import time
from collections.abc import Collection

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

OFF = ("", "0", "off", "none")


def parse_rate(rate: str | None) -> list[RateLimitItem]:
    """`"120/minute"` (or several: `"10/second;120/minute"`) as limits; empty, "0" or "off": none.

    A value `limits` cannot read is a ValueError that names it and shows the form."""
    if rate is None or rate.strip().lower() in OFF:
        return []
    try:
        return parse_many(rate)
    except ValueError:
        raise ValueError(f"rate limit {rate!r} is not a rate; write it like \"120/minute\" or "
                         "\"10/second;120/minute\" (\"0\" or empty turns it off)") from None


def _bearer(scope) -> str | None:
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            return credentials.strip() or None if scheme.lower() == "bearer" else None
    return None


class RateLimit:
    """ASGI middleware: at most `rate` requests per client under `prefix` (paths in `exempt` are free).

    A client is its bearer token when that token is one of `tokens` (clients behind one address
    keep their own budgets), otherwise its IP address: a made-up token buys no fresh budget, so
    guessing tokens is rate limited too. `rate` as in `parse_rate`; off, the app is called as is.
    """

    def __init__(self, app, rate: str | None, prefix: str = "/v1", exempt: Collection[str] = ("/v1/health",),
                 tokens: Collection[str | None] = ()) -> None:
        self.app, self.prefix, self.exempt = app, prefix, frozenset(exempt)
        self.items = parse_rate(rate)
        self.tokens = [t for t in tokens if t]
        self.limiter = MovingWindowRateLimiter(MemoryStorage()) if self.items else None

    def client(self, scope) -> str:
        """The key a request is counted under: a known token (hashed, never stored as is), else the address."""
        token = _bearer(scope)
        if token and any(secrets.compare_digest(token, known) for known in self.tokens):
            return "token:" + hashlib.sha256(token.encode()).hexdigest()[:32]
        client = scope.get("client")
        return f"ip:{client[0] if client else 'unknown'}"

    def retry_after(self, key: str) -> int:
        """Whole seconds until every exhausted limit lets `key` in again (at least 1)."""
        now, waits = time.time(), [1.0]
        for item in self.items:
            stats = self.limiter.get_window_stats(item, key)
            if stats.remaining <= 0:
                waits.append(stats.reset_time - now)
        return max(1, math.ceil(max(waits)))

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "")
        if (self.limiter is None or scope["type"] != "http" or not path.startswith(self.prefix)
                or path in self.exempt):
            return await self.app(scope, receive, send)
        key = self.client(scope)
        if all([self.limiter.hit(item, key) for item in self.items]):  # a list: every limit counts the hit
            return await self.app(scope, receive, send)
        wait = self.retry_after(key)
        limits = " and ".join(str(item) for item in self.items)
        body = json.dumps({"error": {"message": f"too many requests: the limit is {limits} per client; "
                                                f"retry after {wait} s", "type": "rate_limit_exceeded",
                                     "code": 429}}).encode()
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"retry-after", str(wait).encode())]})
        await send({"type": "http.response.body", "body": body})
