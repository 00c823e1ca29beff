"""Where things live: bundled resources, the user's data and config folders."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

APP_NAME = "fieldkit"


@lru_cache(maxsize=None)  # looked up once: every icon and font asks for it
def _resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # PyInstaller bundle
        return Path(frozen) / "fieldkit" / "resources"
    installed = Path(__file__).resolve().parent.parent / "resources"
    if installed.is_dir():  # pip install . maps resources/ to fieldkit/resources
        return installed
    return Path(__file__).resolve().parent.parent.parent / "resources"  # source checkout


def resource_path(*parts: str) -> Path:
    return _resources_root().joinpath(*parts)


def builtin_forms_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "fieldkit" / "builtin_forms"
    installed = Path(__file__).resolve().parent.parent / "builtin_forms"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "forms"


def config_dir() -> Path:
    """Per-user settings (language, current cadre, device id). ``FIELDKIT_CONFIG_DIR`` overrides."""
    override = os.environ.get("FIELDKIT_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    override = os.environ.get("FIELDKIT_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_workspace_path() -> Path:
    """``FIELDKIT_WORKSPACE`` if set, else ``workspace.fieldkit`` in the user's data folder."""
    override = os.environ.get("FIELDKIT_WORKSPACE")
    if override:
        return Path(override)
    return data_dir() / "workspace.fieldkit"
