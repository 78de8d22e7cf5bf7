"""Where the app connects: a resolved profile (platform, URL, tenant, client, secret, looks)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import SecretStr

from tui import paths

SANDBOX_URL = "http://sandbox.local"
SANDBOX_TENANT = "demo"
SANDBOX_CLIENT_ID = "demo-agent"
# The sandbox's published demo secret; it guards nothing real, but is still kept out of every repr.
SANDBOX_SECRET = "demo-secret"
PLATFORMS = ("emporix", "kibo")
# The embedded sandbox's Kibo side (README, "Kibo demo data"): its tenant, site and client.
KIBO_SANDBOX_PATH = "/kibo/api"
KIBO_SANDBOX_TENANT = "10000"
KIBO_SANDBOX_SITE = "10001"
KIBO_SANDBOX_CLIENT_ID = "kibo-agent"


class UnsupportedPlatform(Exception):
    """The profile names a platform this version of the app cannot open yet."""


def sandbox_data_path() -> Path:
    """The embedded sandbox's SQLite file; a file so that a demo's edits survive a restart."""
    return paths.sandbox_data_file()


@dataclass(frozen=True)
class Connection:
    """A fully resolved place to work: which API, which tenant, which client, and how to show it."""

    name: str
    platform: str
    api_url: str
    tenant: str
    client_id: str
    client_secret: SecretStr = field(repr=False)
    read_only: bool = False
    label: str | None = None
    color: str | None = None
    sandbox: bool = False
    site: str | None = None
    """Kibo only: the site id sent as `x-vol-site`."""
    data_path: Path | None = None
    """Sandbox only: the SQLite file; None means the default under the user data directory."""
    auth_url: str | None = None
    """Kibo only: where the application signs in, when not at `api_url` (e.g. home.mozu.com)."""

    def __post_init__(self) -> None:
        # Accept a plain str but never keep one: SecretStr hides it from repr and logs.
        if not isinstance(self.client_secret, SecretStr):
            object.__setattr__(self, "client_secret", SecretStr(str(self.client_secret)))

    @classmethod
    def sandbox_default(
        cls, *, read_only: bool = False, data_path: Path | None = None, platform: str = "emporix"
    ) -> Connection:
        """demo-agent on the embedded sandbox: what the app uses when nothing is configured;
        `platform="kibo"`: kibo-agent on the same sandbox's Kibo side (`--platform kibo`)."""
        if platform == "kibo":
            return cls(
                name="sandbox",
                platform="kibo",
                api_url=SANDBOX_URL + KIBO_SANDBOX_PATH,
                tenant=KIBO_SANDBOX_TENANT,
                site=KIBO_SANDBOX_SITE,
                client_id=KIBO_SANDBOX_CLIENT_ID,
                client_secret=SecretStr(SANDBOX_SECRET),
                read_only=read_only,
                label="SANDBOX",
                color="yellow",
                sandbox=True,
                data_path=data_path,
            )
        return cls(
            name="sandbox",
            platform="emporix",
            api_url=SANDBOX_URL,
            tenant=SANDBOX_TENANT,
            client_id=SANDBOX_CLIENT_ID,
            client_secret=SecretStr(SANDBOX_SECRET),
            read_only=read_only,
            label="SANDBOX",
            color="yellow",
            sandbox=True,
            data_path=data_path,
        )

    @property
    def api_host(self) -> str:
        """The host (and port) of the API, for the status line."""
        return urlsplit(self.api_url).netloc or self.api_url

    @property
    def title(self) -> str:
        """One short line that says where the agent is, e.g. for the header."""
        where = "SANDBOX (embedded)" if self.sandbox else f"{self.tenant} @ {self.api_host}"
        label = f"{self.label}: " if self.label and not self.sandbox else ""
        ro = " [read-only]" if self.read_only else ""
        return f"{label}{where} as {self.client_id}{ro}"

    def with_read_only(self, read_only: bool = True) -> Connection:
        """A copy with read-only switched on or off."""
        return replace(self, read_only=read_only)
