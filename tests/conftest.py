"""Test set-up: offscreen Qt before anything imports it, and private config/data folders."""

import os
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_private = Path(tempfile.mkdtemp(prefix="fieldkit-tests-"))
os.environ["FIELDKIT_CONFIG_DIR"] = str(_private / "config")
os.environ["FIELDKIT_DATA_DIR"] = str(_private / "data")
os.environ.pop("FIELDKIT_WORKSPACE", None)
os.environ.setdefault("FIELDKIT_DEVICE_ID", "testdevice01")

import pytest  # noqa: E402

@pytest.fixture
def workspace(tmp_path):
    from fieldkit.core.store.workspace import Workspace

    ws = Workspace.open(tmp_path / "ws.fieldkit", create=True)
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(tmp_path):
    from fieldkit.core import demo
    from fieldkit.core.store.workspace import Workspace

    ws = Workspace.open(tmp_path / "demo.fieldkit", create=True)
    demo.build_demo(ws)
    yield ws
    ws.close()


@pytest.fixture(autouse=True)
def _english_by_default():
    from fieldkit.core import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")
