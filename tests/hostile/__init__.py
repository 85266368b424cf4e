"""Hostile documents generated in the repository (no ../shared needed): see tests/hostile/make.py."""
