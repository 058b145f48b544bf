"""Placeholder until the platforms extractor lands: finds nothing."""

from __future__ import annotations


def extract_platforms(context) -> list:
    """No platforms yet."""
    return []
