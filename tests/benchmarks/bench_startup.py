"""Cold start: process start to main window shown (offscreen, demo workspace), against a
bare Python process that creates a QApplication and shows an empty QMainWindow.

Run: python tests/benchmarks/bench_startup.py [--runs 7]. Prints medians and the ratio
(target <= 2.0). Both are measured in the same run, alternating, to share the noise. Run it
with compiled bytecode, as an installed app has it (``env -u PYTHONDONTWRITEBYTECODE`` where
the machine sets it). The CPU time of each process (user + system, all threads) is printed
too: on a machine shared with other work it moves less than the wall clock.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1180, 760)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(args, env):
    """(wall seconds, CPU seconds) of one run of ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_CONFIG_DIR": str(tmp / "cfg"),
           "FIELDKIT_DATA_DIR": str(tmp / "data")}
    demo = tmp / "demo.fieldkit"
    subprocess.run([sys.executable, "-m", "fieldkit", "demo", "--no-gui", "--workspace", str(demo)],
                   env=env, check=True, capture_output=True)
    app_args = [sys.executable, "-m", "fieldkit", "--workspace", str(demo), "--quit-after-show"]
    bare_args = [sys.executable, "-c", BARE]
    timed(app_args, env), timed(bare_args, env)  # warm the disk cache for both
    bare, app = [], []
    for _ in range(runs):
        bare.append(timed(bare_args, env))
        app.append(timed(app_args, env))
    b, a = (statistics.median(w for w, _ in bare), statistics.median(w for w, _ in app))
    bc, ac = (statistics.median(c for _, c in bare), statistics.median(c for _, c in app))
    print(f"bare QApplication + QMainWindow: median {b * 1000:.0f} ms over {runs} runs "
          f"(CPU {bc * 1000:.0f} ms)")
    print(f"fieldkit main window (demo):     median {a * 1000:.0f} ms over {runs} runs "
          f"(CPU {ac * 1000:.0f} ms)")
    print(f"ratio: {a / b:.2f}  (target <= 2.0); CPU time ratio {ac / bc:.2f}")


if __name__ == "__main__":
    main()
