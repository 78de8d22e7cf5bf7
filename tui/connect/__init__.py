"""A resolved connection becomes a working client: the platform map, the sandbox, the pre-flight check."""
