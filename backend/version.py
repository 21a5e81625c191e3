"""The API version, read once from the installed package metadata (pyproject.toml)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import metadata
from pathlib import Path


@lru_cache(maxsize=1)
def api_version() -> str:
    try:
        return metadata.version("cinemate")
    except metadata.PackageNotFoundError:
        # Running from a checkout that was not pip-installed: read the same source of truth.
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        return tomllib.loads(pyproject.read_text())["project"]["version"]
