"""Searching a write-protected workspace (a copy on a locked USB drive) finds the notes: the
search must not try to bring its index up to date and fail with “changes cannot be saved”."""

from fieldkit.core.interviews import notes, search
from fieldkit.core.store.workspace import Workspace


def test_a_read_only_workspace_is_searched_as_it_is(tmp_path):
    path = tmp_path / "ro.fieldkit"
    ws = Workspace.open(path, create=True)
    notes.create_note(ws, title="快递员老李", body="他说暑期托管难，孩子没人带。")
    ws.close()  # the note is still queued for the search index
    path.chmod(0o444)
    try:
        ws = Workspace.open(path)
        assert ws.read_only
        found = search.search_notes(ws, "托管")
        assert found.total == 1 and found.hits[0].title == "快递员老李"
        assert search.search_everything(ws, "托管")["notes"]["total"] == 1
        ws.close()
    finally:
        path.chmod(0o644)


def test_importing_a_folder_as_qdpx_says_it_is_a_folder(workspace, tmp_path):
    import pytest

    from fieldkit.core.interviews.qdpx import import_qdpx
    from fieldkit.core.interviews.qdpx_read import QdpxError

    with pytest.raises(QdpxError) as caught:
        import_qdpx(workspace, tmp_path)
    assert "folder" in caught.value.message() and "文件夹" in caught.value.message("zh_CN")
