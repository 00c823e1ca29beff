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
# Top-level packages that must not be in the bundle (modules in the code archive or folders in _internal).
UNWANTED_PACKAGES = ("numpy", "numpy.libs", "pandas", "pyreadstat", "hypothesis", "pytest", "_pytest", "pytestqt",
                     "pypdf", "msoffcrypto", "sqlite_utils", "PyInstaller", "setuptools", "pip", "tkinter")


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

    # Nothing fieldkit does not run: the optional SPSS extra (pyreadstat, pandas, numpy), the test tools
    # sharing the venv, OpenSSL's hashes, Pillow's AVIF codec, the lxml parts python-docx never uses.
    tops = {name.split(".")[0] for name in bundled_modules}
    on_disk = {p.name.split(".")[0] for p in internal.iterdir()}
    for unwanted in UNWANTED_PACKAGES:
        assert unwanted not in tops and unwanted not in on_disk, f"{unwanted} is in the bundle"
    assert not [n for n in bundled_modules if n.startswith(("lxml.objectify", "lxml.html", "PIL._avif"))]
    unwanted_files = [p.name for p in internal.rglob("*")
                      if p.name.startswith(("_hashlib.", "libcrypto", "libssl", "libavif", "objectify."))]
    assert not unwanted_files, f"left out by build.spec, yet bundled: {unwanted_files}"
    # python-docx finds its templates as docx/parts/../templates (see packaging/pyinstaller_hooks/hook-docx.py).
    assert (internal / "docx" / "parts").is_dir() and (internal / "docx" / "templates" / "default-header.xml").is_file()

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

    # The reports and the interviews wing: reportlab with the bundled fonts, python-docx with its templates,
    # the charts drawn as pictures (rl_renderPM, Pillow) for Word, a .docx note read, a REFI-QDA project written.
    _check_reports_and_notes(exe, env, demo, tmp_path)

    # Chinese messages come from the bundled translations.
    out, _ = _run(exe, env, "--lang", "zh_CN", "--workspace", str(demo), "check")
    assert re.search("[\u4e00-\u9fff]", out), out

    out, err = _run(exe, env, "--workspace", str(demo), "--quit-after-show")
    assert "shown_after_s=" in out, out + err
    assert "Could not load the Qt platform plugin" not in err, err


def _check_reports_and_notes(exe: Path, env: dict[str, str], demo: Path, tmp_path: Path) -> None:
    import zipfile

    import docx
    from pypdf import PdfReader

    note = tmp_path / "note-2026-11-02.docx"
    document = docx.Document()
    document.add_heading("食堂访谈", 1)
    document.add_paragraph("工人说：宿舍太冷，晚上睡不好。")
    document.save(str(note))
    out, _ = _run(exe, env, "--workspace", str(demo), "interviews", "import", "--json", str(note))
    assert len(json.loads(out)["created"]) == 1, out
    out, _ = _run(exe, env, "--workspace", str(demo), "interviews", "search", "宿舍太冷")
    assert "宿舍太冷" in out, out[:2000]

    qdpx = tmp_path / "project.qdpx"
    out, _ = _run(exe, env, "--workspace", str(demo), "interviews", "export-qdpx", "-o", str(qdpx), "--json")
    assert json.loads(out)["notes"] >= 1 and zipfile.is_zipfile(qdpx)

    form_id = json.loads(_run(exe, env, "--workspace", str(demo), "forms", "list", "--json")[0])[0]["form_id"]
    for fmt in ("pdf", "docx"):
        _run(exe, env, "--lang", "zh_CN", "--workspace", str(demo), "report", "survey", form_id,
             "-o", str(tmp_path / f"report.{fmt}"))

    pdf = PdfReader(str(tmp_path / "report.pdf"))
    assert len(pdf.pages) > 1
    text = "".join(page.extract_text() for page in pdf.pages[:3])
    assert re.search("[\u4e00-\u9fff]", text), text[:500]
    fonts = set()
    for page in pdf.pages[:3]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for d in descendants:
                descriptor = d.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    fonts.add((str(d.get_object()["/BaseFont"]), "/FontFile2" in descriptor.get_object()))
    assert fonts and any(embedded for _name, embedded in fonts), fonts

    report = docx.Document(str(tmp_path / "report.docx"))
    assert any(p.style.name.startswith("Heading") for p in report.paragraphs)
    assert report.tables and report.inline_shapes, "the Word report lost its tables or chart pictures"
    assert report.sections[0].header.paragraphs, "the Word report has no header"
