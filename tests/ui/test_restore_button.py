"""Settings: Restore… puts a backup back through core (the workspace is closed on the
database thread, restored, reopened), keeps the old file under a dated name, and a
damaged backup is refused with a message instead of a crash."""

import sqlite3

from PySide6.QtWidgets import QMessageBox

from fieldkit.core import i18n
from fieldkit.core.store import maintenance
from fieldkit_testing import save_shot


def test_restore_button_replaces_the_workspace_and_keeps_the_old_one(main_window, tmp_path,
                                                                     monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    executor = main_window.tasks.executor
    backup = tmp_path / "backup.fieldkit"
    executor.submit(lambda ws: maintenance.backup(ws, backup)).result(60)
    executor.submit(lambda ws: ws.insert("org_units", {"name": "备份之后", "kind": "city"})
                    ).result(30)
    page = main_window.page("settings")
    assert page.restore_button.isVisible() or page.restore_button.text()
    page.start_restore(backup)
    main_window.idle()
    assert page.restored_text and ".before-restore-" in page.restored_text
    assert told == [page.restored_text] and "backup.fieldkit" in told[0]
    count = executor.submit(
        lambda ws: ws.scalar("SELECT count(*) FROM org_units WHERE name = '备份之后'")).result(30)
    assert count == 0  # the backup's content is what is open now
    kept = list(tmp_path.glob("demo.before-restore-*.fieldkit"))
    assert len(kept) == 1
    conn = sqlite3.connect(kept[0])
    assert conn.execute("SELECT count(*) FROM org_units WHERE name = '备份之后'").fetchone()[0] == 1
    conn.close()


def test_a_damaged_backup_is_refused_with_a_message(main_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bogus = tmp_path / "not-a-backup.fieldkit"
    bogus.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    page = main_window.page("settings")
    page.start_restore(bogus)
    main_window.idle()
    assert shown and "not a fieldkit workspace" in shown[0]
    # the workspace was reopened as it was
    assert main_window.tasks.executor.submit(
        lambda ws: ws.scalar("SELECT count(*) FROM cadres")).result(30) == 13


def test_settings_screenshots_with_restore(main_window):
    for language in ("zh_CN", "en"):
        main_window.retranslate(language)
        main_window.show_page("settings")
        main_window.idle()
        page = main_window.page("settings")
        assert page.restore_button.text() == ("恢复…" if language == "zh_CN" else "Restore…")
        save_shot(main_window, f"settings_restore_{language}")
    i18n.set_language("en")


def test_a_read_only_workspace_can_be_browsed_and_refuses_writes(qtbot, tmp_path, monkeypatch):
    """Every page opens on a write-protected workspace; a write says "read-only"."""
    from fieldkit.core import demo
    from fieldkit.core.setup import open_workspace
    from tests_ui_helpers import open_main_window

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    path = tmp_path / "ro.fieldkit"
    with open_workspace(path, create=True) as ws:
        demo.build_demo(ws)
    path.chmod(0o444)
    try:
        window, executor = open_main_window(qtbot, path)
        try:
            window.idle()
            for key, _, _ in window.pages:
                window.show_page(key)
                window.idle()
            assert shown == []  # browsing wrote nothing and raised nothing
            window.tasks.run(lambda ws: ws.insert("org_units", {"name": "x", "kind": "city"}))
            window.idle()
            assert shown and "read-only" in shown[0]
        finally:
            executor.shutdown()
    finally:
        path.chmod(0o644)
