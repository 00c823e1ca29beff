"""How big is the desktop bundle, and what makes it big?

    .venv/bin/python tests/benchmarks/bench_bundle_size.py [--keep DIR] [--no-baseline]

Builds build.spec into a temporary folder and prints the total size, the folders and files that hold the
most bytes, and a breakdown by kind (Qt libraries, ICU, Python, system libraries, fieldkit's own data).
As a baseline measured in the same run it also builds an untrimmed bundle (same entry script and data,
PyInstaller's stock hooks, no excludes, no strip) and prints the ratios. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"
MB = 1024 * 1024

BASELINE_SPEC = """\
# Untrimmed baseline for bench_bundle_size.py: PyInstaller's defaults, same entry script and data.
from pathlib import Path
ROOT = Path({root!r})
datas = [(str(ROOT / "resources"), "fieldkit/resources")]
if list((ROOT / "forms").glob("*.xlsx")):
    datas.append((str(ROOT / "forms" / "*.xlsx"), "fieldkit/builtin_forms"))
a = Analysis([str(ROOT / "packaging" / "fieldkit_main.py")], pathex=[str(ROOT)], datas=datas)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="fieldkit", console=True, upx=False)
coll = COLLECT(exe, a.binaries, a.datas, upx=False, name="fieldkit")
"""


def build(spec: Path, out: Path) -> tuple[Path, float]:
    cmd = [sys.executable, "-m", "PyInstaller", str(spec), "--distpath", str(out / "dist"),
           "--workpath", str(out / "work"), "--noconfirm", "--log-level", "WARN"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=out, capture_output=True, text=True, errors="replace")
    elapsed = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"PyInstaller failed on {spec}:\n{proc.stderr[-6000:]}")
    return out / "dist" / "fieldkit", elapsed


def files_of(bundle: Path) -> list[tuple[int, str]]:
    """(bytes, path relative to the bundle) of every regular file; symlinks are not counted."""
    found = []
    for dirpath, _dirs, names in os.walk(bundle):
        for name in names:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                found.append((os.path.getsize(path), Path(path).relative_to(bundle).as_posix()))
    return found


def kind_of(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if "/fieldkit/" in path:
        return "fieldkit data (font, translations, forms)"
    if "/tzdata/" in path:
        return "tzdata (time zones)"
    if "libicu" in name or name.startswith("icu"):
        return "ICU (Qt's Unicode and locale data)"
    if "/Qt/plugins/" in path or "/plugins/" in path:
        return "Qt plugins"
    if "/Qt/translations/" in path or path.endswith(".qm"):
        return "Qt translations"
    if "Qt6" in name or "/Qt/lib/" in path:
        return "Qt libraries"
    if "/PySide6/" in path or "/shiboken6/" in path or "pyside6" in name or "shiboken6" in name:
        return "PySide6 bindings"
    if "python3" in name or "/python3" in path or name == "base_library.zip" or "/lib-dynload/" in path:
        return "Python runtime and stdlib extensions"
    if path.count("/") <= 1 and name != "fieldkit" and not name.endswith(".exe"):
        return "other shared libraries (from the build machine)"
    return "other (launcher, Python code archive)"


def report(label: str, bundle: Path, elapsed: float) -> int:
    files = files_of(bundle)
    total = sum(size for size, _ in files)
    print(f"== {label}: {total / MB:.1f} MB in {len(files)} files, built in {elapsed:.1f} s")
    per_folder: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for size, path in files:
        folder = path.rsplit("/", 1)[0] if "/" in path else "."
        per_folder[folder] = per_folder.get(folder, 0) + size
        per_kind[kind_of(path)] = per_kind.get(kind_of(path), 0) + size
    print("  by kind:")
    for kind, size in sorted(per_kind.items(), key=lambda kv: -kv[1]):
        print(f"    {size / MB:7.1f} MB  {size * 100 / total:3.0f}%  {kind}")
    print("  folders (files directly inside):")
    for folder, size in sorted(per_folder.items(), key=lambda kv: -kv[1])[:8]:
        print(f"    {size / MB:7.1f} MB  {folder}/")
    print("  files:")
    for size, path in sorted(files, reverse=True)[:10]:
        print(f"    {size / MB:7.1f} MB  {path}")
    print("  packages fieldkit does not run:", unwanted_in(files) or "none")
    return total


# The optional SPSS extra, test-only tools, OpenSSL's hashes and Pillow's AVIF codec: build.spec leaves
# them out (tests/test_bundle.py checks); an untrimmed build has some. Names are file or folder prefixes.
UNWANTED = ("numpy", "pandas", "pyreadstat", "hypothesis", "pytest", "_pytest", "pypdf/", "msoffcrypto",
            "sqlite_utils", "libcrypto", "_hashlib", "libavif", "lxml/objectify")


def unwanted_in(files: list[tuple[int, str]]) -> str:
    """'numpy 37.1 MB, ...' for the unwanted names found at any level of the bundle's paths."""
    sizes: dict[str, int] = {}
    for size, path in files:
        parts = path.split("/")
        for name in UNWANTED:
            if any(("/".join(parts[i:]) + "/").startswith(name) for i in range(len(parts))):
                sizes[name] = sizes.get(name, 0) + size
                break
    return ", ".join(f"{name.rstrip('/')} {size / MB:.1f} MB" for name, size in sorted(sizes.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", metavar="DIR", help="build into DIR and keep it (default: a temp folder)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the untrimmed baseline build")
    args = parser.parse_args()

    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="fieldkit-bundle-"))
    try:
        (out / "trimmed").mkdir(parents=True, exist_ok=True)
        bundle, elapsed = build(SPEC, out / "trimmed")
        size = report("build.spec", bundle, elapsed)
        if not args.no_baseline:
            base_dir = out / "baseline"
            base_dir.mkdir(parents=True, exist_ok=True)
            base_spec = base_dir / "baseline.spec"
            base_spec.write_text(BASELINE_SPEC.format(root=str(ROOT)), encoding="utf-8")
            base_bundle, base_elapsed = build(base_spec, base_dir)
            base_size = report("baseline (untrimmed)", base_bundle, base_elapsed)
            print(f"== ratio build.spec / baseline: size {size / base_size:.2f}, "
                  f"build time {elapsed / base_elapsed:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
