"""Rebuilding the trained artifacts of assistant/artifacts (parser adapter and heads, ranker).
Run from `shopassist train ...`; nothing in the serving path imports this package."""
