"""Personal data out of anything stored or logged: emails and phone numbers become placeholders.

Shoppers paste contact details ("call me on +44 20 7946 0958", "mail jo@example.com") when they ask
for a human. Transcripts, handoff summaries and log lines keep the conversation but not those.
Prices ("$1,299.99"), model numbers ("TN-2110", "WH-1000XM4") and sizes stay readable.
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A phone number: optional +country code, then at least 7 digits in groups split by spaces, dots,
# dashes or brackets. Money keeps its currency sign or decimals and never matches: see the tests.
PHONE = re.compile(
    r"(?<![\w$€£.,/-])"
    r"(?:\+\d{1,3}[\s.-]?)?"
    r"(?:\(\d{1,4}\)[\s.-]?)?"
    r"\d{2,4}(?:[\s.-]\d{2,4}){1,4}"
    r"(?![\w.,/-]?\d)(?!\s*(?:gb|tb|mb|mm|cm|inch|hz|w\b|x\b))"
    # Unbroken digits: with a + or a leading 0, or exactly 10 (US). 12-13 digits with neither are
    # barcodes (EAN, UPC) a shopper may search by, so they stay.
    r"|(?<![\w$€£.,/-])(?:\+\d{9,15}|0\d{9,10}|\d{10})(?![\w.,])",
    re.I,
)
EMAIL_MARK = "[email]"
PHONE_MARK = "[phone]"


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def redact(text: str) -> str:
    """`text` with email addresses and phone numbers replaced by "[email]" and "[phone]"."""
    if not text:
        return text
    text = EMAIL.sub(EMAIL_MARK, text)
    # Fewer than 7 digits is a year, a size or a short model number, not a phone number.
    return PHONE.sub(lambda m: PHONE_MARK if _digits(m.group(0)) >= 7 else m.group(0), text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's formatted message before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> RedactingFilter:
    """Attach a `RedactingFilter` to every handler of `logger` (the root logger by default)."""
    logger = logger or logging.getLogger()
    filt = RedactingFilter()
    for handler in logger.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(filt)
    return filt
