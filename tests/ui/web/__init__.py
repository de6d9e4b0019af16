"""Tests of the Gradio UI; `served` launches one on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def served(assistant) -> Iterator[str]:
    """The chat UI over `assistant`, launched on a free loopback port; yields its URL, closes it after."""
    from tests.fixtures import free_port
    from ui.web.app import build_app, launch  # imported here: gradio reads the offline switches on import

    app = build_app(assistant)
    launch(app, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield app.local_url
    finally:
        app.close()
