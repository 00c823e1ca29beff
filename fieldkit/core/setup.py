"""Open a workspace the way the app and the command line do: upgrade it, and make sure
the built-in questionnaires shipped with this fieldkit are in it.

A new workspace is built complete in a temporary file in the same folder and renamed into
place only then, so a full disk or a kill while creating it never leaves a 0-byte or
half-made file that would later read as "not a fieldkit workspace".
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fieldkit.core.errors import FieldkitError, WorkspaceError
from fieldkit.core.i18n import N_
from fieldkit.core.paths import builtin_forms_dir
from fieldkit.core.store.workspace import Workspace, _remove_files


def shipped_forms_fingerprint() -> str:
    """Changes whenever the forms shipped with this fieldkit change (cheap: no file reads)."""
    digest = hashlib.sha256()
    for path in sorted(builtin_forms_dir().glob("*.xlsx")):
        digest.update(f"{path.name}:{path.stat().st_size};".encode())
    return digest.hexdigest()[:16]


def open_workspace(path: str | os.PathLike, **options) -> Workspace:
    path = Path(path).expanduser()
    if options.get("create") and not path.exists() and path.parent.is_dir():
        _create(path, options)
        options = {**options, "create": False}
    ws = Workspace.open(path, **options)
    try:
        _load_builtin_forms(ws)
    except BaseException:
        ws.close()
        raise
    return ws


def _load_builtin_forms(ws: Workspace) -> None:
    if ws.read_only:
        return
    fingerprint = shipped_forms_fingerprint()
    if ws.meta("builtin_forms") != fingerprint:
        from fieldkit.core.forms.store import load_builtin_forms

        with ws.transaction():
            load_builtin_forms(ws)
            ws.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                            ("builtin_forms", fingerprint))


def _create(path: Path, options: dict) -> None:
    """Build the new workspace beside ``path`` and rename it into place when complete."""
    temp = path.with_name(f".{path.name}.creating-{os.getpid()}")
    try:
        ws = Workspace.open(temp, **options)
        try:
            _load_builtin_forms(ws)
        finally:
            ws.close()
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise WorkspaceError(N_("{path} already exists; fieldkit will not overwrite it."),
                                 path=str(path)) from None
        except OSError:  # no hard links here (FAT on a USB drive)
            if path.exists():
                raise WorkspaceError(N_("{path} already exists; fieldkit will not overwrite it."),
                                     path=str(path)) from None
            os.replace(temp, path)
    except FieldkitError as exc:
        if exc.params.get("path") == str(temp):
            exc.params["path"] = str(path)  # the user knows the name they asked for
        raise
    except OSError as exc:
        from fieldkit.core.store.faults import file_fault

        fault = file_fault(exc)
        if fault is None:
            raise
        if fault.params.get("path") == str(temp):
            fault.params["path"] = str(path)
        raise fault from None
    finally:
        _remove_files(temp)
