"""The MkDocs plugins of the guide, registered in pyproject.toml."""
