"""The change flows for records of any kind, talking to screens only by messages (messages.py)."""
