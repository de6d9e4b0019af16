"""A real uvicorn server on a free loopback port, in a thread, for tests of the wire."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.fixtures import free_port


@contextmanager
def serving(app, port: int | None = None, ready: str = "/v1/health", timeout: float = 60) -> Iterator[str]:
    """Serve the ASGI `app` on 127.0.0.1 until the block ends; yields its base URL once `ready` answers 200."""
    import uvicorn

    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                if httpx.get(base + ready, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError(f"the test server on {base} did not start within {timeout:.0f} s")
            time.sleep(0.2)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
