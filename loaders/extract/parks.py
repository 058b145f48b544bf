"""Placeholder until the parks extractor lands: finds nothing."""

from __future__ import annotations


def extract_parks(context) -> list:
    """No parks yet."""
    return []
