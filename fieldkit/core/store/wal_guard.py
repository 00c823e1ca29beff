"""Keep a ``-wal`` file from being applied to a database it does not belong to.

SQLite ties a write-ahead log to nothing in its database file: a ``-wal`` left by a killed
process beside ``ws.fieldkit``, after another workspace (or an old copy) was copied over
``ws.fieldkit``, is replayed onto the new file and wrecks it. fieldkit therefore ties them
itself, by *generations*:

- SQLite's automatic checkpoints are off; the main file changes only when fieldkit
  checkpoints (``PRAGMA wal_checkpoint(TRUNCATE)``), which empties the log.
- Each generation of the log begins with one small transaction (``start_generation``)
  that writes two ``meta`` rows: ``wal_generation`` (a new random nonce for this
  generation) and ``wal_base`` (the nonce of the generation whose checkpoint produced
  the main file the log builds on). So the log's first frames say which main file
  they belong to, and the main file, once checkpointed, carries its generation's nonce.
- Before SQLite opens a workspace, ``inspect`` reads the log's first transaction and
  looks for the main file's nonce in the main file's bytes. If the main file carries
  neither the log's base nor the log's own nonce (a partly checkpointed log), the log
  is foreign: it is renamed to a dated ``.orphan-wal`` file, never deleted.

A log held open by a running program is never touched (checked by trying the lock
SQLite keeps on the ``-shm`` file). Backups and restores get a fresh nonce, so a copy of
a workspace never claims a live log of the original.
"""

from __future__ import annotations

import mmap
import os
import re
import struct
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

GENERATION_KEY = "wal_generation"
BASE_KEY = "wal_base"
_GEN = re.compile(rb"fkgen1:([0-9a-f]{32})")
_BASE = re.compile(rb"fkbase1:([0-9a-f]{32})")
_NONE = "0" * 32
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_SHM_DMS_BYTE = 128  # SQLite's unix VFS: every connection holds a read lock on this byte


@dataclass
class WalState:
    """What the ``-wal`` beside a workspace holds (read without SQLite)."""

    frames: int = 0              # frames of the current log generation
    page_size: int = 0
    own: str | None = None       # the generation nonce its first transaction wrote
    base: str | None = None      # the main file's nonce that generation built on

    @property
    def has_content(self) -> bool:
        return self.frames > 0


@dataclass
class GuardResult:
    unclean: bool = False                       # a log with content was left behind
    orphan: Path | None = None                  # where a foreign log was moved
    in_use: bool = False                        # another program holds the workspace open
    notes: list[str] = field(default_factory=list)


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def shm_path(path: Path) -> Path:
    return path.with_name(path.name + "-shm")


def read_wal(path: Path) -> WalState:
    """Parse the ``-wal`` header and frames of the current generation (salts match)."""
    state = WalState()
    try:
        with open(wal_path(path), "rb") as fh:
            header = fh.read(32)
            if len(header) < 32:
                return state
            magic, _, page_size, _, salt1, salt2 = struct.unpack(">6I", header[:24])
            if magic not in _WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
                return state
            state.page_size = page_size
            first_commit_done = False
            while True:
                frame = fh.read(24)
                if len(frame) < 24:
                    break
                _, commit_size, s1, s2 = struct.unpack(">4I", frame[:16])
                if (s1, s2) != (salt1, salt2):
                    break  # a frame of an older generation: SQLite ignores it and the rest
                page = fh.read(page_size)
                if len(page) < page_size:
                    break
                state.frames += 1
                if not first_commit_done:
                    own, base = _GEN.search(page), _BASE.search(page)
                    if own:
                        state.own = own.group(1).decode()
                    if base:
                        state.base = base.group(1).decode()
                    first_commit_done = commit_size != 0
    except OSError:
        return state
    return state


def main_nonces(path: Path) -> set[str]:
    """Every generation nonce in the main file's bytes (normally one)."""
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size == 0:
                return set()
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return {m.group(1).decode() for m in _GEN.finditer(data)}
    except (OSError, ValueError):
        return set()


def main_page_size(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            header = fh.read(18)
    except OSError:
        return 0
    if len(header) < 18:
        return 0
    size = struct.unpack(">H", header[16:18])[0]
    return 65536 if size == 1 else size


def in_use(path: Path) -> bool:
    """True when a program has this database open in WAL mode: it holds the lock SQLite
    keeps on byte 128 of the ``-shm``. On Linux the lock table is read from /proc/locks,
    because opening and closing the ``-shm`` here would release this process's own SQLite
    locks on it (POSIX locks belong to the process, and any close drops them)."""
    shm = shm_path(path)
    try:
        st = shm.stat()
    except OSError:
        return False
    if sys.platform.startswith("linux") and os.path.exists("/proc/locks"):
        return _locked_in_proc(st)
    if sys.platform == "win32":
        try:  # a file SQLite has open cannot be renamed on Windows
            os.rename(shm, shm)
            return False
        except OSError:
            return True
    return _locked_by_probe(shm)


def _locked_in_proc(st: os.stat_result) -> bool:
    """Matched by inode only (overlay file systems report another device number there);
    a stray match with another file's inode errs on the safe side: "in use"."""
    suffix = f":{st.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if "->" in parts:
                    continue  # a waiter, not a holder
                for i, part in enumerate(parts[:-2]):
                    if part.count(":") == 2 and part.endswith(suffix):
                        start, end = parts[i + 1], parts[i + 2]
                        if int(start) <= _SHM_DMS_BYTE and (end == "EOF"
                                                            or _SHM_DMS_BYTE <= int(end)):
                            return True
                        break
    except (OSError, ValueError):
        return True  # cannot tell: assume it is live, and touch nothing
    return False


_probe_fds: dict[str, int] = {}


def _locked_by_probe(shm: Path) -> bool:
    """Elsewhere: try the lock. The descriptor is kept open for the life of the process,
    since closing it would drop this process's own SQLite locks on the file."""
    import fcntl

    fd = _probe_fds.get(str(shm))
    if fd is None:
        try:
            fd = os.open(shm, os.O_RDWR)
        except OSError:
            return True
        _probe_fds[str(shm)] = fd
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE, os.SEEK_SET)
    except OSError:
        return True
    fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE, os.SEEK_SET)
    return False


def belongs(path: Path, state: WalState) -> bool:
    """Whether a log with content may be applied to the main file at ``path``."""
    if state.page_size != main_page_size(path):
        return False
    if state.own is None or state.base is None:
        return True  # written before fieldkit tied logs to files: trust it, as SQLite would
    found = main_nonces(path)
    return bool(found & {state.own, state.base}) or (not found and state.base == _NONE)


def set_aside(path: Path) -> Path:
    """Rename the ``-wal`` to ``<name>-<date>.orphan-wal`` (never deleted) and drop the
    ``-shm`` (an index SQLite rebuilds)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}-{stamp}.orphan-wal")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}-{stamp}-{number}.orphan-wal")
    os.rename(wal_path(path), target)
    shm_path(path).unlink(missing_ok=True)
    return target


def inspect(path: Path) -> GuardResult:
    """Run before SQLite opens ``path`` for writing: set a foreign log aside, and say
    whether a log of this file was left behind (the workspace was not closed cleanly)."""
    result = GuardResult()
    if not wal_path(path).exists():
        return result
    if in_use(path):
        result.in_use = True
        return result
    state = read_wal(path)
    if not state.has_content:
        return result
    if belongs(path, state):
        result.unclean = True
    else:
        result.orphan = set_aside(path)
    return result


def fresh_nonce() -> str:
    return uuid.uuid4().hex


def start_generation(conn, path: Path, extra: dict[str, str] | None = None) -> None:
    """The first transaction of a new log generation (when the log is empty, right after a
    checkpoint that emptied it; otherwise only ``extra`` is written): record the nonce the main file now carries as this log's base, and
    a new nonce for this generation. Written in place (same length, ``secure_delete``),
    so the file holds no stale copy of an older nonce. ``extra`` meta rows ride along."""
    rotate = _size(wal_path(path)) == 0  # only the first transaction of a log may rotate
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (GENERATION_KEY,)).fetchone()
    base = row[0][len("fkgen1:"):] if row and row[0].startswith("fkgen1:") else _NONE
    conn.execute("PRAGMA secure_delete = ON")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if rotate:
                upsert(conn, BASE_KEY, f"fkbase1:{base}")
                upsert(conn, GENERATION_KEY, f"fkgen1:{fresh_nonce()}")
            for key, value in (extra or {}).items():
                upsert(conn, key, value)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA secure_delete = OFF")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def upsert(conn, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def renew_copy(conn) -> None:
    """Give a copy (backup, restore) its own nonce, so it never claims the original's log,
    and drop the original's "open" mark: the copy is complete and closed."""
    conn.execute("PRAGMA secure_delete = ON")
    upsert(conn, GENERATION_KEY, f"fkgen1:{fresh_nonce()}")
    upsert(conn, BASE_KEY, f"fkbase1:{_NONE}")
    conn.execute("DELETE FROM meta WHERE key = 'open_since'")  # the copy is not open anywhere
