"""Emails and phone numbers out of stored and logged text; prices, model numbers and sizes stay."""

from __future__ import annotations

import logging

import pytest

from assistant.dialogue.redact import RedactingFilter, install_log_redaction, redact


@pytest.mark.parametrize("text, expected", [
    ("call me on +44 20 7946 0958 please", "call me on [phone] please"),
    ("(212) 555-0100", "[phone]"),
    ("07700900123", "[phone]"),
    ("jo+shop@mail.example.co.uk", "[email]"),
    ("mail jo@example.com or jo.smith@example.org", "mail [email] or [email]"),
    ("laptop under $1,299.99", "laptop under $1,299.99"),
    ("Sony WH-1000XM4 and HP 305A", "Sony WH-1000XM4 and HP 305A"),
    ("a 2019 model, 16 GB RAM, 1920x1080", "a 2019 model, 16 GB RAM, 1920x1080"),
    ("between 100 and 200 dollars", "between 100 and 200 dollars"),
    ("EAN 4006381333931", "EAN 4006381333931"),  # 13 digits, no + or leading 0: a barcode
    ("call 555 1234", "call [phone]"),  # seven digits in groups
    ("call 5551234567", "call [phone]"),  # ten unbroken digits (US)
    ("size 12 34", "size 12 34"),  # four digits: a size, not a phone number
    ("", ""),
])
def test_redact(text, expected):
    assert redact(text) == expected


def test_log_records_are_redacted(caplog):
    logger = logging.getLogger("tests.redaction")
    with caplog.at_level(logging.INFO, logger="tests.redaction"):
        caplog.handler.addFilter(RedactingFilter())
        logger.info("turn from %s: %s", "session-1", "my email is jo@example.com")
    assert caplog.records[-1].getMessage() == "turn from session-1: my email is [email]"


def test_a_clean_record_keeps_its_arguments():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "turn %d of %s", (3, "session-1"), None)
    assert RedactingFilter().filter(record) is True
    assert (record.msg, record.args) == ("turn %d of %s", (3, "session-1"))


def test_install_log_redaction_filters_every_handler_once():
    logger = logging.getLogger("tests.install-redaction")
    handlers = [logging.StreamHandler(), logging.StreamHandler()]
    for handler in handlers:
        logger.addHandler(handler)
    try:
        install_log_redaction(logger)
        install_log_redaction(logger)  # a second call adds nothing
        assert [sum(isinstance(f, RedactingFilter) for f in h.filters) for h in handlers] == [1, 1]
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
