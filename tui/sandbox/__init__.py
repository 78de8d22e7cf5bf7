"""A local, stateful emulator of the Emporix Customer Service and OAuth APIs."""

from .app import create_app
from .config import DEMO_CLIENTS, DEMO_SECRET, TENANT, VALID_RESTRICTIONS, SandboxConfig
from .faults import Faults
from .state import SandboxState
from .store import Store

__all__ = [
    "DEMO_CLIENTS",
    "DEMO_SECRET",
    "TENANT",
    "VALID_RESTRICTIONS",
    "Faults",
    "SandboxConfig",
    "SandboxState",
    "Store",
    "create_app",
]
