"""Kibo Commerce B2B accounts and their users: models, errors and an async client (no Textual)."""
