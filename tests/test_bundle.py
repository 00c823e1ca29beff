"""Build the PyInstaller bundle from build.spec and run what a user would run from it.

Slow (about 15 s to build on a warm machine); ``pytest -s tests/test_bundle.py`` also prints the bundle's
size and its biggest folders, which are written to ``size.txt`` in the test's tmp_path as well.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import fieldkit

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
EXE_NAME = "fieldkit.exe" if sys.platform == "win32" else "fieldkit"
FONT = "DroidSansFallbackFull.ttf"


def _fieldkit_modules() -> list[str]:
    names = []
    for py in (ROOT / "fieldkit").rglob("*.py"):
        parts = py.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts[-1] != "__main__":
            names.append(".".join(parts))
    return names


def _build(tmp_path: Path) -> Path:
    dist, work = tmp_path / "dist", tmp_path / "work"
    cmd = [sys.executable, "-m", "PyInstaller", str(SPEC), "--distpath", str(dist),
           "--workpath", str(work), "--noconfirm", "--log-level", "WARN"]
    started = time.perf_counter()
    # Run from tmp_path: the spec must not depend on the current directory.
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", timeout=600)
    print(f"\nbundle built in {time.perf_counter() - started:.1f} s")
    assert proc.returncode == 0, f"PyInstaller failed ({proc.returncode}):\n{proc.stderr[-6000:]}"
    return dist / "fieldkit"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("FIELDKIT_WORKSPACE", None)
    env["FIELDKIT_CONFIG_DIR"] = str(tmp_path / "config")
    env["FIELDKIT_DATA_DIR"] = str(tmp_path / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(exe: Path, env: dict[str, str], *args: str, timeout: float = 120):
    proc = subprocess.run([str(exe), *args], env=env, cwd=exe.parent.parent, capture_output=True,
                          timeout=timeout)
    out = proc.stdout.decode("utf-8")  # strict: the bundle must write UTF-8
    err = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode != 0 or "Traceback" in err:
        crash_logs = sorted(Path(env["FIELDKIT_DATA_DIR"]).glob("logs/crash-*.txt"))
        details = crash_logs[-1].read_text(encoding="utf-8", errors="replace") if crash_logs else ""
        pytest.fail(f"{args}: exit {proc.returncode}\nstdout:\n{out}\nstderr:\n{err}\n"
                    f"latest crash log:\n{details[-4000:]}", pytrace=False)
    return out, err


def _size_report(bundle: Path) -> tuple[int, str]:
    """Total bytes, and a text with the 5 folders holding the most bytes directly (not in sub-folders)
    and the 5 biggest files. Symlinks (PyInstaller links some Qt libraries) count as nothing."""
    per_folder: dict[str, int] = {}
    files: list[tuple[int, str]] = []
    for dirpath, _dirnames, filenames in os.walk(bundle):
        folder = Path(dirpath).relative_to(bundle).as_posix()
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                continue
            size = os.path.getsize(path)
            per_folder[folder] = per_folder.get(folder, 0) + size
            files.append((size, f"{folder}/{name}"))
    total = sum(per_folder.values())
    mb = 1024 * 1024
    lines = [f"bundle size: {total / mb:.1f} MB in {len(files)} files ({bundle})",
             "top 5 folders (files directly inside):"]
    for folder, size in sorted(per_folder.items(), key=lambda kv: -kv[1])[:5]:
        lines.append(f"  {size / mb:7.1f} MB  {folder}/  ({size * 100 / total:.0f}%)")
    lines.append("top 5 files:")
    for size, path in sorted(files, reverse=True)[:5]:
        lines.append(f"  {size / mb:7.1f} MB  {path}")
    return total, "\n".join(lines) + "\n"


def _unbundled_xcb_libraries(internal: Path) -> str:
    """Linux: libraries the X11 platform plugin needs that were not on the build machine, so the target
    machine must have them (a note for the report, not a failure: it depends on the build machine)."""
    plugin = next(internal.rglob("libqxcb.so"), None)
    if plugin is None or not shutil.which("ldd"):
        return ""
    proc = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=60)
    missing = sorted({line.split()[0] for line in proc.stdout.splitlines() if "not found" in line})
    if not missing:
        return ""
    return ("note: not bundled (absent on the build machine), so the xcb plugin needs them on the target: "
            + ", ".join(missing) + "\n")


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_bundle_builds_and_runs(tmp_path):
    pytest.importorskip("PyInstaller")
    bundle = _build(tmp_path)
    exe = bundle / EXE_NAME
    assert exe.is_file(), f"no executable at {exe}"
    internal = bundle / "_internal"

    # Data files where fieldkit.core.paths looks for them (sys._MEIPASS is _internal).
    resources = internal / "fieldkit" / "resources"
    assert (resources / "fonts" / FONT).is_file()
    assert (resources / "fonts" / FONT).stat().st_size == (ROOT / "resources" / "fonts" / FONT).stat().st_size
    assert list((resources / "fonts").glob("LICENSE*")), "font licence missing"
    repo_zh = sorted(p.name for p in (ROOT / "resources" / "translations" / "zh_CN").glob("*.json"))
    assert repo_zh, "the repository has no zh_CN translations"
    assert sorted(p.name for p in (resources / "translations" / "zh_CN").glob("*.json")) == repo_zh
    repo_forms = sorted(p.name for p in (ROOT / "forms").glob("*.xlsx") if not p.name.startswith("~$"))
    bundled_forms = internal / "fieldkit" / "builtin_forms"
    assert sorted(p.name for p in bundled_forms.glob("*.xlsx")) == repo_forms

    # The trimming in build.spec: only the Qt modules fieldkit uses; no TLS, no GTK theme.
    pyside = internal / "PySide6"
    assert not list(pyside.glob("QtNetwork*")) and not list(pyside.glob("QtQml*"))
    assert not list(internal.rglob("*qgtk3*"))
    assert list(internal.rglob("*qoffscreen*")), "offscreen platform plugin missing"

    # Every fieldkit module is in the bundle, including those imported by name at run time (the pages).
    from PyInstaller.archive.readers import CArchiveReader

    bundled_modules = set(CArchiveReader(str(exe)).open_embedded_archive("PYZ.pyz").toc)
    missing = sorted(set(_fieldkit_modules()) - bundled_modules)
    assert not missing, f"fieldkit modules missing from the bundle: {missing}"

    total, report = _size_report(bundle)
    report += _unbundled_xcb_libraries(internal)
    print(report, end="")
    (tmp_path / "size.txt").write_text(report, encoding="utf-8")

    env = _env(tmp_path)
    out, _ = _run(exe, env, "--version")
    assert out.strip() == f"fieldkit {fieldkit.__version__}"

    demo = tmp_path / "demo.fieldkit"
    _run(exe, env, "demo", "--no-gui", "--workspace", str(demo))
    assert demo.is_file()

    out, _ = _run(exe, env, "--workspace", str(demo), "check", "--json")
    report_json = json.loads(out)
    assert report_json["integrity"] == "ok"
    counts = report_json["counts"]
    assert all(isinstance(n, int) and n >= 0 for n in counts.values()), counts
    assert sum(counts.values()) > 0, counts
    assert "\\u" not in out, "Chinese must be written as Chinese, not as \\u escapes"
    if repo_forms:  # the demo loads the built-in questionnaires from the bundle (read with python-calamine)
        out, _ = _run(exe, env, "--workspace", str(demo), "forms", "list", "--json")
        forms = json.loads(out)
        assert len(forms) >= len(repo_forms), out[:2000]
        assert "\\u" not in out and re.search("[\u4e00-\u9fff]", out), out[:2000]
        exported = tmp_path / "exported.xlsx"  # written with openpyxl
        _run(exe, env, "--workspace", str(demo), "forms", "export", "-o", str(exported), forms[0]["form_id"])
        assert exported.read_bytes()[:2] == b"PK"

    # Chinese messages come from the bundled translations.
    out, _ = _run(exe, env, "--lang", "zh_CN", "--workspace", str(demo), "check")
    assert re.search("[\u4e00-\u9fff]", out), out

    out, err = _run(exe, env, "--workspace", str(demo), "--quit-after-show")
    assert "shown_after_s=" in out, out + err
    assert "Could not load the Qt platform plugin" not in err, err
