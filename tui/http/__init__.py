"""HTTP parts any platform client may share: retries, Retry-After, redacted request logs."""
