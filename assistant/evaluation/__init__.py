"""Measuring the assistant: retrieval, parser and reason evaluations, scripted dialogue journeys
and their fixed sample catalog. Run from `shopassist eval ...` and the tests; never imported by
serving code."""
