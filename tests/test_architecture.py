"""Layering: the core never imports Qt; the UI holds no SQL; packaging lists every package."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "fieldkit"


def core_modules():
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts)


def test_core_imports_no_qt_even_indirectly():
    modules = list(core_modules())
    assert "fieldkit.core.store.workspace" in modules
    code = ("import sys, importlib\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "print(bad)\nsys.exit(1 if bad else 0)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_source_never_mentions_pyside():
    for path in (PACKAGE / "core").rglob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+PySide6", path.read_text(encoding="utf-8"),
                             re.MULTILINE), path


def test_ui_holds_no_sql():
    pattern = re.compile(r"\.execute(many)?\(|\b(SELECT\b.+\bFROM|INSERT INTO|DELETE FROM|"
                         r"UPDATE\s+\w+\s+SET)\b", re.IGNORECASE)
    offenders = [f"{p.name}:{n}" for p in (PACKAGE / "ui").rglob("*.py")
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []


def test_pyproject_lists_every_package():
    data = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(data["tool"]["setuptools"]["packages"])
    actual = {".".join(p.parent.relative_to(PACKAGE.parent).parts)
              for p in PACKAGE.rglob("__init__.py")}
    assert actual - listed == set()


# The core's root holds only shared utilities and the few modules that sit above the wings;
# everything else lives in a wing (store/, responses/, forms/, ...), so the folder list
# shows the core's parts (issue 14).
CORE_ROOT_MODULES = {
    "__init__", "errors", "i18n", "i18n_extract", "progress", "paths", "settings",
    "ui_prefs", "gc_pause", "typed_dates", "executor", "collation", "spreadsheet_out",
    "plain_text",  # control characters left out of typed and imported text (all wings)
    "demo", "demo_responses",
    "setup",     # opens a workspace and loads the built-in forms: above store/ and forms/
    "overview",  # the dashboard's counts across wings
}


def test_core_root_holds_only_shared_utilities():
    found = {p.stem for p in (PACKAGE / "core").glob("*.py")}
    assert found - CORE_ROOT_MODULES == set(), "move these into a wing under fieldkit/core/"


def test_moved_modules_have_no_old_import_path():
    import importlib
    for old in ("workspace", "schema", "hlc", "response_query", "response_paging",
                "search_index", "directory", "attachments", "maintenance"):
        try:
            importlib.import_module("fieldkit.core." + old)
        except ModuleNotFoundError:
            continue
        raise AssertionError(f"fieldkit.core.{old} should no longer import (no shims)")
