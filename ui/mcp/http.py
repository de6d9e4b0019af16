"""The MCP server's transports: stdio, and streamable HTTP behind the /v1 API's bearer token and rate limit.

    client ─▶ RateLimit (per client, 429 + Retry-After) ─▶ BearerToken (401) ─▶ the SDK's streamable-HTTP app
                                                                                 at /mcp, and GET /health

The rate limit sits outside the token check, so guessing tokens is rate limited too
(ui/api/ratelimit.py: a client is its token when that token is known, else its address).
"""

from __future__ import annotations

import json
import secrets

from ui.api.ratelimit import RateLimit
from ui.mcp.server import build_mcp

MCP_PATH = "/mcp"
DEFAULT_PORT = 8765
UNAUTHORISED = "a valid bearer token is required: send `Authorization: Bearer <token>`"


class BearerToken:
    """ASGI middleware: with a `token`, a request under `prefix` without `Authorization: Bearer <token>`
    gets 401 in the /v1 error shape (`{"error": {"message", "type", "code"}}`) and `WWW-Authenticate: Bearer`.
    Without a token every request passes."""

    def __init__(self, app, token: str | None, prefix: str = MCP_PATH) -> None:
        self.app, self.token, self.prefix = app, token or None, prefix

    def authorised(self, scope) -> bool:
        for name, value in scope.get("headers") or []:
            if name == b"authorization":
                scheme, _, credentials = value.decode("latin-1").partition(" ")
                return scheme.lower() == "bearer" and secrets.compare_digest(credentials.strip().encode(),
                                                                             self.token.encode())
        return False

    async def __call__(self, scope, receive, send) -> None:
        if (self.token is None or scope["type"] != "http" or not scope.get("path", "").startswith(self.prefix)
                or self.authorised(scope)):
            return await self.app(scope, receive, send)
        body = json.dumps({"error": {"message": UNAUTHORISED, "type": "unauthorized", "code": 401}}).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"www-authenticate", b"Bearer")]})
        await send({"type": "http.response.body", "body": body})


def http_app(assistant, token: str | None = None, rate_limit: str | None = None, host: str = "127.0.0.1",
             max_request_bytes: int = 64_000, path: str = MCP_PATH):
    """The ASGI app of the MCP server of `assistant` over streamable HTTP at `path`.

    `token`: the bearer token every request must carry (None: none needed). `rate_limit`: requests per
    client, as the `rate_limit` setting ("120/minute"; None or "0": no limit). `host` is where it will
    listen: on a loopback host the SDK also refuses other Host and Origin headers (DNS rebinding).
    A fresh app each call: the SDK's session manager runs once per app.
    """
    from starlette.responses import JSONResponse

    mcp = build_mcp(assistant)

    @mcp.custom_route("/health", methods=["GET"])
    async def health(request) -> JSONResponse:  # liveness; outside `path`, so it needs no token and is never limited
        return JSONResponse({"status": "ok"})

    app = mcp.streamable_http_app(streamable_http_path=path, host=host, max_request_body_size=max_request_bytes)
    return RateLimit(BearerToken(app, token, prefix=path), rate_limit, prefix=path, exempt=(), tokens=(token,))


def serve_http(assistant, settings, host: str, port: int) -> None:  # pragma: no cover - blocks; tests run uvicorn
    import uvicorn

    app = http_app(assistant, settings.api_token, settings.rate_limit, host, settings.max_request_bytes)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def serve_stdio(assistant) -> None:  # pragma: no cover - blocks; the slow test runs it as a subprocess
    """Serve over this process's stdin and stdout (nothing else may write to stdout meanwhile)."""
    build_mcp(assistant).run("stdio")
