"""How the assistant writes amounts and shortens text, the same in replies, reasons, tables and
reports."""

from __future__ import annotations

import math


def money(value: float | None) -> str:
    """US dollars with cents and thousands separators: 1299.5 -> "$1,299.50"; "price not listed"
    when the catalog has no usable price."""
    if value is None or not math.isfinite(value) or value < 0:
        return "price not listed"
    return f"${value:,.2f}"


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters with an ellipsis where it was cut."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
