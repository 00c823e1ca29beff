"""Open a workspace the way the app and the command line do: upgrade it, and make sure
the built-in questionnaires shipped with this fieldkit are in it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fieldkit.core.paths import builtin_forms_dir
from fieldkit.core.workspace import Workspace


def shipped_forms_fingerprint() -> str:
    """Changes whenever the forms shipped with this fieldkit change (cheap: no file reads)."""
    digest = hashlib.sha256()
    for path in sorted(builtin_forms_dir().glob("*.xlsx")):
        digest.update(f"{path.name}:{path.stat().st_size};".encode())
    return digest.hexdigest()[:16]


def open_workspace(path: str | os.PathLike, **options) -> Workspace:
    ws = Workspace.open(Path(path), **options)
    try:
        fingerprint = shipped_forms_fingerprint()
        if ws.meta("builtin_forms") != fingerprint:
            from fieldkit.core.forms.store import load_builtin_forms

            with ws.transaction():
                load_builtin_forms(ws)
                ws.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                ("builtin_forms", fingerprint))
    except BaseException:
        ws.close()
        raise
    return ws
