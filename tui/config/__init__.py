"""The config file: its models, loading it with errors in words, secrets, which connection wins."""
