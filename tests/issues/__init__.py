"""Regression tests, one per reported bug, each named after what broke."""
