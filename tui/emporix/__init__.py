"""Everything that knows Emporix's wire format, and nothing of Textual."""
