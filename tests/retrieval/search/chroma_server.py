"""Test helpers: a real Chroma server (`chroma run`) on loopback, and a token gate in front of one.

chromadb 1.x's `chroma run` (the Rust server) has no token auth of its own: Chroma's guide puts a
proxy (Envoy) in front that checks the header. `TokenGate` is that proxy, in a thread, for tests.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.fixtures import free_port

CHROMA = Path(sys.executable).with_name("chroma")  # the CLI installed with chromadb, beside this python
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "proxy-connection"}


class ChromaServer:
    """`chroma run --path PATH --host 127.0.0.1 --port PORT` as a subprocess; `url` once it answers."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path, self.port = Path(path), port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = self.path.parent / f"{self.path.name}-chroma-{self.port}.log"
        self._process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> ChromaServer:
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "NO_COLOR": "1"}
        with open(self._log, "wb") as log:
            self._process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self._process.returncode}: {self._log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"chroma run gave no heartbeat at {self.url} within {timeout:.0f} s")

    def kill(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (SIGKILL to crash it) and wait for it."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(sig)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=15)
        self._process = None


@contextmanager
def chroma_server(path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(path).start()
    try:
        yield server
    finally:
        server.kill()


class TokenGate:
    """A loopback reverse proxy to `upstream` that forwards only requests carrying `header: value`
    (401 otherwise), as the proxy in front of a production Chroma server would; it counts both."""

    def __init__(self, upstream: str, header: str, value: str) -> None:
        gate = self
        self.refused = 0
        self.forwarded = 0
        host, port = upstream.removeprefix("http://").split(":")

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                if self.headers.get(header) != value:
                    gate.refused += 1
                    body = b"missing or wrong token"
                    self.send_response(401)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                gate.forwarded += 1
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                try:
                    conn.request(self.command, self.path, body=body or None,
                                 headers={k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP})
                    reply = conn.getresponse()
                    data = reply.read()
                finally:
                    conn.close()
                self.send_response(reply.status)
                for k, v in reply.getheaders():
                    if k.lower() not in HOP_BY_HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

            def log_message(self, format: str, *args) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> TokenGate:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
