"""Kibo Commerce B2B accounts client (not built yet; see README)."""
