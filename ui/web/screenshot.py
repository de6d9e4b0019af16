"""Save a PNG of the running chat UI after real conversation turns.

    python -m ui.web.screenshot --url http://127.0.0.1:7860 --out out/chat.png \
        --message "a wireless mouse under $30" --message "compare the first two"

Each message travels in the page URL as a `?q=...` parameter, which the app sends as the first
turns on load, so the screenshot shows the turns as a shopper sees them. Needs headless Chromium
(Debian: `apt-get install -y chromium`).
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def find_browser() -> str:
    """The path of a Chromium-family browser, or a clear error saying how to get one."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise FileNotFoundError(
        f"No Chromium found on PATH (looked for {', '.join(BROWSERS)}). "
        "Install one, e.g. `apt-get install -y chromium`, or pass --browser PATH."
    )


def page_url(url: str, message: str | Sequence[str]) -> str:
    """`url` with each message added as a `q` query parameter the app reads on load."""
    messages = [message] if isinstance(message, str) else list(message)
    parts = urlsplit(url if "://" in url else f"http://{url}")
    query = "&".join(q for q in (parts.query, urlencode([("q", m) for m in messages if m])) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


# Ready when the page is not waiting on the assistant any more and the last reply has stopped
# growing (it streams in word by word): checked in the page with this expression.
READY_JS = """(() => {
  const text = document.body ? document.body.innerText : "";
  if (!text || text.includes("processing |") || text.includes("Loading")) return "";
  const chat = document.querySelector('[role="log"]') || document.body;
  const boxes = Array.from(document.querySelectorAll("textarea")).map(t => t.value.length).join(",");
  return chat.innerText.length + ":" + boxes;  // a filled textbox counts as a change too
})()"""


def take_screenshot(
    url: str,
    out: Path,
    message: str | Sequence[str] = "",
    *,
    browser: str | None = None,
    width: int = 1280,
    height: int = 1400,
    budget_ms: int = 30000,
    timeout_s: float = 120.0,
    expand: bool = False,
    clicks: Sequence[str] = (),
) -> Path:
    """Open `url` (with the message(s) as `?q=`) in headless Chromium and save a PNG at `out`.

    `clicks` are CSS selectors clicked in order once the turns are answered (e.g. a card's Like
    button), each followed by a wait for the page to settle; `expand` then opens every
    "Why this?" expander, to show the ranking evidence.

    The browser is driven over the DevTools protocol: the PNG is taken once the page has answered
    its turns (waiting at most `budget_ms`), in real time, so a slow first turn is still captured.
    """
    from websockets.sync.client import connect

    browser = browser or find_browser()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)  # a stale PNG must not pass for a fresh one
    # Chromium's helper processes may still write to the profile while it is removed: never fail on that.
    with tempfile.TemporaryDirectory(prefix="shopassist-chromium-", ignore_cleanup_errors=True) as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1",
               f"--user-data-dir={profile}",  # a private profile: parallel runs do not collide
               f"--window-size={width},{height}", "--remote-debugging-port=0", "about:blank"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stderr_tail: list[str] = []
        try:
            ws_url = _devtools_url(proc, timeout_s, stderr_tail)
            with connect(_page_target(ws_url), max_size=64 * 1024 * 1024, open_timeout=timeout_s) as ws:
                cdp = _Cdp(ws, timeout_s)
                cdp("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
                cdp("Page.enable")
                cdp("Page.navigate", url=page_url(url, message))
                _wait_until_ready(cdp, budget_ms / 1000)
                for selector in clicks:
                    found = cdp("Runtime.evaluate", returnByValue=True, expression=(
                        f"(() => {{ const el = document.querySelector({json.dumps(selector)}); "
                        "if (el) el.click(); return !!el; })()"))["result"].get("value")
                    if not found:
                        raise RuntimeError(f"nothing on the page matches {selector!r}")
                    _wait_until_ready(cdp, budget_ms / 1000)
                if expand:
                    cdp("Runtime.evaluate", expression="document.querySelectorAll('details').forEach(d => d.open = true)")
                    time.sleep(0.5)
                png = base64.b64decode(cdp("Page.captureScreenshot", format="png")["data"])
            out.write_bytes(png)
        except (OSError, TimeoutError, RuntimeError, KeyError) as err:
            raise RuntimeError(
                f"Chromium wrote no PNG at {out}: {err}. Is the app running at {url}? "
                f"Chromium said:\n{''.join(stderr_tail)[-2000:]}") from err
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    if out.read_bytes()[:8] != PNG_MAGIC:
        raise RuntimeError(f"Chromium wrote no PNG at {out}")
    return out


def _devtools_url(proc: subprocess.Popen, timeout_s: float, tail: list[str]) -> str:
    """The browser's DevTools websocket address, which Chromium prints on stderr at start."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            raise RuntimeError(f"Chromium exited with {proc.returncode}")
        tail.append(line)
        found = re.search(r"DevTools listening on (ws://\S+)", line)
        if found:
            return found.group(1)
    raise TimeoutError("Chromium did not start its DevTools server")


def _page_target(browser_ws: str) -> str:
    """The websocket of the browser's first page (the about:blank tab)."""
    host = urlsplit(browser_ws).netloc
    with urllib.request.urlopen(f"http://{host}/json/list", timeout=10) as r:
        pages = [t for t in json.load(r) if t.get("type") == "page"]
    if not pages:
        raise RuntimeError("Chromium has no page open")
    return pages[0]["webSocketDebuggerUrl"]


class _Cdp:
    """Send one DevTools command and return its result (events in between are skipped)."""

    def __init__(self, ws, timeout_s: float) -> None:
        self.ws, self.timeout_s, self.next_id = ws, timeout_s, 0

    def __call__(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=self.timeout_s))
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})


def _wait_until_ready(cdp: _Cdp, budget_s: float, settle_s: float = 2.0) -> None:
    """Poll the page until READY_JS gives the same non-empty answer for `settle_s`, or the budget ends."""
    deadline = time.monotonic() + budget_s
    last, since = "", time.monotonic()
    time.sleep(1.0)  # let the page start loading before the first look
    while time.monotonic() < deadline:
        value = cdp("Runtime.evaluate", expression=READY_JS, returnByValue=True)["result"].get("value") or ""
        if value != last:
            last, since = value, time.monotonic()
        elif value and time.monotonic() - since >= settle_s:
            return
        time.sleep(0.25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860", help="where the app runs")
    parser.add_argument("--out", default="out/chat.png", type=Path, help="PNG to write")
    parser.add_argument("--message", action="append", default=[], help="a first turn, sent as ?q= (repeatable)")
    parser.add_argument("--browser", default=None, help="Chromium binary (default: on PATH)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1400)
    parser.add_argument("--budget-ms", type=int, default=30000, help="longest wait for the page's turns")
    parser.add_argument("--expand", action="store_true", help="open every “Why this?” expander first")
    parser.add_argument("--click", action="append", default=[], help="CSS selector to click after the turns (repeatable)")
    args = parser.parse_args(argv)
    try:
        path = take_screenshot(
            args.url,
            args.out,
            args.message,
            browser=args.browser,
            width=args.width,
            height=args.height,
            budget_ms=args.budget_ms,
            expand=args.expand,
            clicks=args.click,
        )
    except (FileNotFoundError, RuntimeError) as err:
        print(f"screenshot failed: {err}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
