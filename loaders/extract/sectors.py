"""Placeholder until the sectors extractor lands: finds nothing."""

from __future__ import annotations


def extract_sectors(context) -> list:
    """No sectors yet."""
    return []
