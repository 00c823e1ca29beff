"""This laptop's settings: interface language, the current cadre, the workspace path,
and the device id stamped on every record created here.

Kept in ``settings.json`` in the user's config folder (``FIELDKIT_CONFIG_DIR`` overrides),
written atomically so a power cut cannot leave it half-written.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fieldkit.core.paths import config_dir

_lock = threading.Lock()


@dataclass
class Settings:
    language: str = ""                 # "" means: follow the system locale
    workspace: str = ""                # "" means: the default workspace
    device_id: str = ""
    current_cadre: dict[str, str] = field(default_factory=dict)  # workspace_id -> cadre id

    def cadre_for(self, workspace_id: str) -> str | None:
        return self.current_cadre.get(workspace_id) or None


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load() -> Settings:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {k: v for k, v in data.items() if k in Settings.__dataclass_fields__}
    try:
        settings = Settings(**known)
    except TypeError:
        return Settings()
    if not isinstance(settings.current_cadre, dict):
        settings.current_cadre = {}
    return settings


def write_json_atomically(path: Path, data: object) -> None:
    """Write JSON to a temporary file beside ``path``, flush it to disk, then rename it over
    ``path``: a power cut leaves the old file or the new one, never half of one."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save(settings: Settings) -> None:
    write_json_atomically(settings_path(), asdict(settings))


def device_id() -> str:
    """This laptop's id, made once and kept. ``FIELDKIT_DEVICE_ID`` overrides (tests, bundles)."""
    override = os.environ.get("FIELDKIT_DEVICE_ID")
    if override:
        return override
    with _lock:
        settings = load()
        if not settings.device_id:
            settings.device_id = uuid.uuid4().hex[:12]
            try:
                save(settings)
            except OSError:
                pass  # a read-only profile: the id lives for this run only
        return settings.device_id
