"""Unit tests of the screenshot script's pieces that need no browser."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ui.web import screenshot


@pytest.mark.parametrize(
    "url, expected_path",
    [
        ("http://127.0.0.1:7860", "/"),
        ("http://127.0.0.1:7860/", "/"),
        ("127.0.0.1:7860", "/"),
        ("http://host/app/?lang=en", "/app/"),
    ],
)
def test_page_url_carries_the_message_as_q(url, expected_path):
    parts = urlsplit(screenshot.page_url(url, "a wireless mouse under $30 & more"))
    assert parts.path == expected_path
    assert parse_qs(parts.query)["q"] == ["a wireless mouse under $30 & more"]


def test_page_url_keeps_existing_query_and_omits_empty_message():
    assert screenshot.page_url("http://h/?lang=en", "") == "http://h/?lang=en"
    assert parse_qs(urlsplit(screenshot.page_url("http://h/?lang=en", "x")).query) == {
        "lang": ["en"],
        "q": ["x"],
    }


def test_missing_browser_says_how_to_install(monkeypatch):
    monkeypatch.setattr(screenshot.shutil, "which", lambda name: None)
    with pytest.raises(FileNotFoundError, match="apt-get install -y chromium"):
        screenshot.find_browser()


def test_main_reports_failure_without_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(screenshot.shutil, "which", lambda name: None)
    assert screenshot.main(["--out", str(tmp_path / "x.png"), "--message", "hi"]) == 1
    assert "screenshot failed: No Chromium found" in capsys.readouterr().err


def test_page_url_carries_several_messages_in_order():
    parts = urlsplit(screenshot.page_url("http://h/", ["mouse", "compare the first two"]))
    assert parse_qs(parts.query)["q"] == ["mouse", "compare the first two"]
