"""The app served to a team from one host: over SSH (asyncssh) and in a browser (textual-serve)."""
