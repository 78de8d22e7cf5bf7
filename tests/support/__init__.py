"""Test helpers, each defined once: loopback servers and ports, sandbox services, waiting on the app."""
