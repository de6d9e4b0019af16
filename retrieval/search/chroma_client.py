"""Opening Chroma: the embedded store in a folder, or a Chroma server (`chroma run`) at a URL."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")  # Chroma must not phone home

import chromadb  # noqa: E402  (after the telemetry switch)
from chromadb.api import ClientAPI  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402

# The two headers chromadb's token auth client can send (chromadb.auth.token_authn.TokenTransportHeader).
TOKEN_HEADERS = ("Authorization", "X-Chroma-Token")


def connect(path: str | Path, url: str = "", token: str | None = None, token_header: str = "Authorization") -> ClientAPI:
    """The embedded store in `path` when `url` is empty, else the Chroma server at `url`."""
    return server_client(url, token, token_header) if url else embedded_client(path)


def embedded_client(path: str | Path) -> ClientAPI:
    """Chroma in this process, persisted in the folder `path` (made if missing)."""
    Path(path).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def server_client(url: str, token: str | None = None, token_header: str = "Authorization") -> ClientAPI:
    """A client of the Chroma server at `url` ("http://host:port", optionally with a path behind a proxy).

    `token` goes with every request: "Authorization: Bearer TOKEN" or "X-Chroma-Token: TOKEN". The
    open-source `chroma run` of chromadb 1.x checks no token itself; a proxy in front of it does.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"chroma_url {url!r} must be an http:// or https:// URL such as http://localhost:8000, "
                         "or empty for the embedded store")
    settings = ChromaSettings(anonymized_telemetry=False)
    if token:
        if token_header not in TOKEN_HEADERS:
            raise ValueError(f"chroma_token_header {token_header!r} must be one of {list(TOKEN_HEADERS)}")
        if not token.isascii() or not token.isprintable() or " " in token:
            raise ValueError("chroma_token must be ASCII letters, digits and punctuation (no spaces)")
        settings = ChromaSettings(anonymized_telemetry=False,
                                  chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
                                  chroma_client_auth_credentials=token, chroma_auth_token_transport_header=token_header)
    address = url.rstrip("/")
    try:
        # A full URL as the host: chromadb then keeps its port and path and appends /api/v2.
        return chromadb.HttpClient(host=address, ssl=parsed.scheme == "https", settings=settings)
    except Exception as err:
        if _unreachable(err):
            raise ConnectionError(f"no Chroma server at {address}: start one with `chroma run --path DIR --port N`, "
                                  "or leave chroma_url empty for the embedded store") from err
        status = _status(err)
        if status in (401, 403):
            raise PermissionError(f"the Chroma server at {address} refused the request ({status}): "
                                  f"{'check' if token else 'set'} chroma_token (sent as {token_header})") from err
        raise


def _unreachable(err: BaseException) -> bool:
    """Whether `err` (or what caused it) says nothing answered at the address."""
    import httpx  # chromadb's HTTP client

    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, httpx.TransportError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _status(err: BaseException) -> int | None:
    """The HTTP status in `err`'s chain, if a response caused it."""
    import httpx
    from chromadb.errors import AuthorizationError, ChromaAuthError

    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, httpx.HTTPStatusError):
            return seen.response.status_code
        if isinstance(seen, (AuthorizationError, ChromaAuthError)):
            return seen.code()
        seen = seen.__cause__ or seen.__context__
    return None
