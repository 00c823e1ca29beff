"""Long work runs on the database thread behind a progress dialog whose Cancel works."""

import sqlite3
import threading

from PySide6.QtWidgets import QPushButton

from fieldkit.core.errors import Cancelled


def fill(ws, rows=3000):
    with ws.transaction():
        for i in range(rows):
            ws.insert("org_units", {"name": f"第{i}号企业工会" * 30, "kind": "enterprise"})


def test_backup_from_settings_with_progress(main_window, tmp_path, qtbot):
    main_window.tasks.executor.submit(fill, 500).result(30)
    page = main_window.page("settings")
    target = tmp_path / "usb" / "copy.fieldkit"
    target.parent.mkdir()
    run = page.start_backup(target)
    main_window.idle()
    assert target.exists()
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM org_units").fetchone()[0] == 509
    conn.close()
    assert "copy.fieldkit" in main_window.statusBar().currentMessage()
    assert not run.dialog.isVisible()


def test_cancel_stops_the_backup_and_leaves_nothing(main_window, tmp_path, qtbot, monkeypatch):
    main_window.tasks.executor.submit(fill).result(60)
    errors = []
    from fieldkit.ui import tasks as tasks_module
    monkeypatch.setattr(tasks_module, "show_error", lambda parent, exc: errors.append(exc))
    page = main_window.page("settings")
    target = tmp_path / "cancelled.fieldkit"
    gate = threading.Event()
    main_window.tasks.executor.submit(lambda ws: gate.wait(10))  # keep the db thread busy
    run = page.start_backup(target)
    run.dialog.show()
    cancel_button = run.dialog.findChild(QPushButton)
    assert cancel_button.text() == "Cancel"
    cancel_button.click()        # the user presses Cancel while the backup waits its turn
    gate.set()
    main_window.idle()
    assert run.token.cancelled
    assert errors and isinstance(errors[0], Cancelled)
    assert list(tmp_path.glob("cancelled.fieldkit*")) == []
