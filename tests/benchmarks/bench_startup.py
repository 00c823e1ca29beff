"""Cold start: process start to main window shown (offscreen, demo workspace), against a
bare Python process that creates a QApplication and shows an empty QMainWindow.

Run: python tests/benchmarks/bench_startup.py [--runs 7]. Prints medians and the ratio
(target <= 2.0). Both are measured in the same run, alternating, to share the noise.
"""

import argparse
import os
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
    start = time.perf_counter()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


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
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare QApplication + QMainWindow: median {b * 1000:.0f} ms over {runs} runs")
    print(f"fieldkit main window (demo):     median {a * 1000:.0f} ms over {runs} runs")
    print(f"ratio: {a / b:.2f}  (target <= 2.0)")


if __name__ == "__main__":
    main()
