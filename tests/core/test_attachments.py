import hashlib

import pytest

from fieldkit.core.store import attachments
from fieldkit.core.errors import FieldkitError


def test_attachments_are_blobs_in_the_workspace(workspace, tmp_path):
    photo = tmp_path / "驿站照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    reference = attachments.add(workspace, photo)
    assert reference.startswith("att:")
    assert attachments.add(workspace, photo) == reference  # the same file is stored once
    info = attachments.info(workspace, reference)
    assert info["file_name"] == "驿站照片.jpg" and info["media_type"] == "image/jpeg"
    assert info["size"] == photo.stat().st_size
    photo.unlink()  # the workspace keeps its own copy
    out = attachments.save_to(workspace, reference, tmp_path / "out.jpg")
    assert hashlib.sha256(out.read_bytes()).hexdigest() == info["sha256"]
    entry = workspace.history("attachments", reference[4:])[0]
    assert entry["changes"]["data"][1] == {"blob_sha256": info["sha256"], "size": info["size"]}
    assert attachments.info(workspace, "not a reference") is None


def test_missing_and_oversized_files(workspace, tmp_path, monkeypatch):
    with pytest.raises(FieldkitError, match="does not exist"):
        attachments.add(workspace, tmp_path / "gone.jpg")
    big = tmp_path / "video.mp4"
    big.write_bytes(b"0" * 2048)
    monkeypatch.setattr(attachments, "MAX_BYTES", 1024)
    with pytest.raises(FieldkitError, match="too large"):
        attachments.add(workspace, big)
    assert workspace.scalar("SELECT count(*) FROM attachments") == 0
