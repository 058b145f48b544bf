"""Placeholder until the persons extractor lands: finds nothing."""

from __future__ import annotations


def extract_persons(context) -> list:
    """No persons yet."""
    return []
