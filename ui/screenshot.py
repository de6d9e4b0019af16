"""Save a PNG of the running chat UI after one real conversation turn.

    python -m ui.screenshot --url http://127.0.0.1:7860 --out out/chat.png \
        --message "a wireless mouse under $30"

The message travels in the page URL as `?q=...`, which the app sends as the first turn on
load, so the screenshot shows the turn as a shopper sees it. Needs headless Chromium
(Debian: `apt-get install -y chromium`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
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


def page_url(url: str, message: str) -> str:
    """`url` with the message added as the `q` query parameter the app reads on load."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    query = "&".join(q for q in (parts.query, urlencode({"q": message}) if message else "") if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def take_screenshot(
    url: str,
    out: Path,
    message: str = "",
    *,
    browser: str | None = None,
    width: int = 1280,
    height: int = 1400,
    budget_ms: int = 15000,
    timeout_s: float = 120.0,
) -> Path:
    """Open `url` (with `message` as `?q=`) in headless Chromium and save a PNG at `out`."""
    browser = browser or find_browser()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)  # a stale PNG must not pass for a fresh one
    with tempfile.TemporaryDirectory(prefix="shopassist-chromium-") as profile:
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",  # a private profile: parallel runs do not collide
            # Without a virtual-time budget the page is captured before gradio has rendered.
            f"--virtual-time-budget={budget_ms}",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            page_url(url, message),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
    if not out.exists() or out.read_bytes()[:8] != PNG_MAGIC:
        raise RuntimeError(
            f"Chromium wrote no PNG at {out} (exit {result.returncode}). "
            f"Is the app running at {url}? Chromium said:\n{result.stderr[-2000:]}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860", help="where the app runs")
    parser.add_argument("--out", default="out/chat.png", type=Path, help="PNG to write")
    parser.add_argument("--message", default="", help="first turn, sent as ?q=")
    parser.add_argument("--browser", default=None, help="Chromium binary (default: on PATH)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1400)
    parser.add_argument("--budget-ms", type=int, default=15000, help="virtual time to render")
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
        )
    except (FileNotFoundError, RuntimeError, subprocess.TimeoutExpired) as err:
        print(f"screenshot failed: {err}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
