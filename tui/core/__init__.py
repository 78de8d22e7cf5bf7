"""Platform-neutral parts both platforms share: no Textual, no httpx."""
