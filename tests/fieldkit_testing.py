"""Shared test helpers (importable from any test folder)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SCREENSHOTS = Path(os.environ.get("FIELDKIT_SCREENSHOTS",
                                   Path(os.environ["FIELDKIT_CONFIG_DIR"]).parent / "screenshots"))


def run_cli(*args, env=None, timeout=120, cwd=None):
    """Run ``python -m fieldkit`` in a child process; returns CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "fieldkit", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=full_env,
                          timeout=timeout, cwd=cwd)
