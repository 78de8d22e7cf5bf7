"""customer-tui: a keyboard-driven terminal app for Emporix customer support agents."""

__version__ = "0.1.0"
