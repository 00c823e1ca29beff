"""check finds what SQLite's integrity_check cannot: damaged text, broken JSON, records that
differ from their journal, blobs and form definitions that no longer match their hash;
backup refuses to copy damage; restore puts a backup back safely; faults get clear errors."""

import hashlib
import shutil
import sqlite3

import pytest

from fieldkit.core import demo, responses
from fieldkit.core.store import maintenance, wal_guard
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.store.faults import DiskFull, WorkspaceDamaged
from fieldkit.core.store.restore import restore
from fieldkit.core.setup import open_workspace
from fieldkit.core.store.workspace import Workspace

MARK = "暑期托管难请尽快解决"


@pytest.fixture
def filled(tmp_path):
    """A demo workspace with one response carrying a recognisable answer, closed."""
    path = tmp_path / "site.fieldkit"
    with open_workspace(path, create=True) as ws:
        demo.build_demo(ws)
        rid = responses.start(ws, "frontline_needs", answers={"suggestions": MARK})
        responses.save_draft(ws, rid, {"suggestions": MARK, "work_type": "construction"})
    return path, rid


def flip(path, needle: bytes, replacement: bytes) -> int:
    """Overwrite every occurrence of ``needle`` in the file (same length): damage inside a
    stored value that leaves the file's structure intact."""
    assert len(needle) == len(replacement)
    data = bytearray(path.read_bytes())
    count = 0
    start = data.find(needle)
    while start != -1:
        data[start:start + len(needle)] = replacement
        count += 1
        start = data.find(needle, start + 1)
    path.write_bytes(bytes(data))
    return count


def kinds(report):
    return {(p["kind"], p["table"]) for p in report["problems"]}


def test_a_healthy_workspace_checks_clean(filled):
    path, _ = filled
    with open_workspace(path) as ws:
        report = maintenance.check(ws)
    assert report["ok"] and report["integrity"] == "ok" and report["problems"] == []
    assert report["counts"]["responses"] >= 85


def test_invalid_utf8_inside_an_answer_is_found_and_backup_refuses(filled, tmp_path):
    path, rid = filled
    assert flip(path, MARK.encode()[:8], b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8") >= 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite sees nothing
    conn.close()
    with open_workspace(path) as ws:
        report = maintenance.check(ws)
        assert not report["ok"] and report["integrity"] == "problems"
        assert ("utf8", "responses") in kinds(report)
        assert any(p["record"] == rid for p in report["problems"])
        zh = [p for p in report["problems"] if p["kind"] == "utf8"][0]
        assert "答卷" in maintenance.integrity.Problem(
            "utf8", maintenance.integrity.BAD_TEXT, "responses", rid).message("zh_CN")
        assert "UTF-8" in zh["message_en"]
        with pytest.raises(WorkspaceError, match="no backup was written") as err:
            maintenance.backup(ws, tmp_path / "copy.fieldkit")
        assert err.value.problems
        assert not list(tmp_path.glob("copy.fieldkit*"))
        forced = maintenance.backup(ws, tmp_path / "forced.fieldkit", even_if_damaged=True)
        assert forced.exists()


def test_broken_json_and_bypassed_journal_are_found(filled):
    path, rid = filled
    with open_workspace(path) as ws:
        # written behind the journal's back (as a tool or a bug might): check must see it
        ws.conn.execute("UPDATE responses SET answers = ? WHERE id = ?",
                        ('{"suggestions": "改过了"}', rid))
        other = ws.scalar("SELECT id FROM responses WHERE id != ? LIMIT 1", (rid,))
        ws.conn.execute("UPDATE responses SET answers = ? WHERE id = ?", ('{"broken', other))
        report = maintenance.check(ws)
    found = {(p["kind"], p["record"]) for p in report["problems"]}
    assert ("journal", rid) in found and ("json", other) in found
    assert report["problem_count"] == 2


def test_blob_and_form_definition_hashes_are_checked(filled, tmp_path):
    from fieldkit.core.store import attachments

    path, _ = filled
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8" + bytes(range(256)) * 8)
    with open_workspace(path) as ws:
        attachment = attachments.add(ws, photo)
        attachment_id = attachment.removeprefix("att:")
        form_id = ws.scalar("SELECT id FROM forms WHERE form_id = 'frontline_needs'")
        ws.conn.execute("UPDATE attachments SET data = ? WHERE id = ?", (b"\x00" * 10, attachment_id))
        definition = ws.scalar("SELECT definition FROM forms WHERE id = ?", (form_id,))
        ws.conn.execute("UPDATE forms SET definition = ? WHERE id = ?",
                        (definition.replace("职工", "员工", 1), form_id))  # still JSON
        report = maintenance.check(ws)
    found = {(p["kind"], p["table"], p["record"]) for p in report["problems"]}
    assert ("hash", "attachments", attachment_id) in found
    assert ("hash", "forms", form_id) in found


def test_a_damaged_page_is_reported_not_raised(filled):
    path, _ = filled
    data = bytearray(path.read_bytes())
    page = 4096
    for number in range(3, len(data) // page - 1, 3):  # wreck b-tree page headers
        data[number * page:number * page + 16] = b"\x0d\xff" * 8
    path.write_bytes(bytes(data))
    try:
        ws = open_workspace(path)
    except WorkspaceDamaged:
        return  # refused at open with the "damaged, restore a backup" message: also fine
    with ws:
        report = maintenance.check(ws)
    assert not report["ok"] and report["integrity"] == "damaged"


def test_restore_keeps_the_current_workspace_and_neutralises_its_log(filled, tmp_path):
    path, _ = filled
    backup = tmp_path / "backup.fieldkit"
    with open_workspace(path) as ws:
        maintenance.backup(ws, backup)
        ws.insert("org_units", {"name": "备份之后新增", "kind": "city"})
        units = ws.scalar("SELECT count(*) FROM org_units")
    # a leftover log of the current file (as a crash leaves it) must not meet the backup
    with Workspace.open(path) as ws:
        ws.insert("org_units", {"name": "pending", "kind": "city"})
        shutil.copyfile(wal_guard.wal_path(path), tmp_path / "pending-wal")
    shutil.copyfile(tmp_path / "pending-wal", wal_guard.wal_path(path))
    result = restore(backup, path)
    assert result.kept is not None and result.kept.exists()
    assert wal_guard.wal_path(result.kept).exists()  # the pair moved together
    assert not wal_guard.wal_path(path).exists()
    with open_workspace(path) as ws:
        assert ws.scalar("SELECT count(*) FROM org_units") == units - 1
        assert maintenance.check(ws)["ok"]
        assert not ws.notices
    with Workspace.open(result.kept) as ws:  # nothing was lost: the old one is all there
        assert ws.scalar("SELECT count(*) FROM org_units") == units + 1
    assert not list(tmp_path.glob(".*restoring*"))


def test_restore_refuses_a_damaged_backup_or_an_open_workspace(filled, tmp_path):
    path, _ = filled
    bad = tmp_path / "bad.fieldkit"
    shutil.copyfile(path, bad)
    flip(bad, MARK.encode()[:8], b"\xff" * 8)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(WorkspaceError, match="was not restored"):
        restore(bad, path)
    text = tmp_path / "notes.fieldkit"
    text.write_text("hello\n" * 100)
    with pytest.raises(WorkspaceError, match="not a fieldkit workspace"):
        restore(text, path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # nothing was changed
    good = tmp_path / "good.fieldkit"
    with open_workspace(path) as ws:
        maintenance.backup(ws, good)
        with pytest.raises(WorkspaceError, match="is open in fieldkit"):
            restore(good, path)
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_disk_full_inside_a_write_says_so_and_changes_nothing(filled):
    path, _ = filled
    with open_workspace(path) as ws:
        before = ws.scalar("SELECT count(*) FROM journal")
        pages = ws.scalar("PRAGMA page_count")
        ws.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(DiskFull) as err:
            with ws.transaction():
                for i in range(400):
                    ws.insert("org_units", {"name": "职工之家" * 200, "kind": "city"})
        assert "rollback" not in err.value.message()
        zh = err.value.message("zh_CN").replace(str(path), "")
        assert "空间不足" in zh and "space" not in zh and "full" not in zh
        assert ws.scalar("SELECT count(*) FROM journal") == before
        ws.conn.execute("PRAGMA max_page_count = 1073741823")
        ws.insert("org_units", {"name": "after", "kind": "city"})  # still usable


def test_demo_refuses_a_workspace_with_user_data(tmp_path):
    from fieldkit.core.forms.store import import_form
    from fieldkit_testing import build_survey_form

    path = tmp_path / "real.fieldkit"
    with open_workspace(path, create=True) as ws:
        import_form(ws, build_survey_form(tmp_path / "survey.xlsx"))
        responses.start(ws, "needs_survey", answers={"worker_name": "王师傅"})
        with pytest.raises(WorkspaceError, match="already holds data"):
            demo.build_demo(ws)
        assert ws.scalar("SELECT count(*) FROM cadres") == 0
    with open_workspace(tmp_path / "empty.fieldkit", create=True) as ws:
        assert demo.build_demo(ws)["cadres"] == 13


def test_a_new_workspace_is_never_left_half_made(tmp_path, monkeypatch):
    from fieldkit.core.forms import store

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(store, "load_builtin_forms", full)
    path = tmp_path / "new.fieldkit"
    with pytest.raises(DiskFull) as err:
        open_workspace(path, create=True)
    assert str(path) in err.value.message()
    assert list(tmp_path.iterdir()) == []


def test_machine_faults_read_plainly_in_both_languages():
    import errno

    from fieldkit.core.store.faults import fault_for

    cases = [sqlite3.OperationalError("database or disk is full"),
             sqlite3.DatabaseError("database disk image is malformed"),
             sqlite3.OperationalError("attempt to write a readonly database"),
             OSError(errno.ENOSPC, "No space left on device"),
             OSError(errno.EROFS, "Read-only file system", "/media/usb/t.xlsx")]
    for exc in cases:
        for workspace in (None, "/data/w.fieldkit"):
            fault = fault_for(exc, workspace)
            assert fault is not None, exc
            zh = fault.message("zh_CN")
            for path in ("/data/w.fieldkit", "/media/usb/t.xlsx"):
                zh = zh.replace(path, "")
            assert not any(word in zh for word in ("No space", "malformed", "readonly",
                                                   "Read-only", "?")), zh
            assert "Nothing" in fault.message("en")
    assert fault_for(sqlite3.IntegrityError("FOREIGN KEY constraint failed")) is None
    assert fault_for(ValueError("a bug")) is None
