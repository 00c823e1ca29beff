"""Remembered screen choices: per-form columns, atomic file, damaged file ignored."""

import json

from fieldkit.core import settings, ui_prefs


def test_columns_are_remembered_per_form(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path))
    assert ui_prefs.response_columns("frontline_needs") is None
    ui_prefs.set_response_columns("frontline_needs", ["started", "q:work_type"])
    ui_prefs.set_response_columns("altitude_health", ["site"])
    ui_prefs.put("responses", "form", "altitude_health")
    assert ui_prefs.response_columns("frontline_needs") == ["started", "q:work_type"]
    assert ui_prefs.response_columns("altitude_health") == ["site"]
    assert ui_prefs.get("responses", "form") == "altitude_health"
    data = json.loads((tmp_path / "ui_prefs.json").read_text(encoding="utf-8"))
    assert data["response_columns"]["frontline_needs"] == ["started", "q:work_type"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ui_prefs.json"]  # no temp files left
    # the settings file is untouched and unaffected
    assert not settings.settings_path().exists()


def test_damaged_or_odd_file_means_no_choices(tmp_path, monkeypatch):
    monkeypatch.setenv("FIELDKIT_CONFIG_DIR", str(tmp_path))
    path = tmp_path / "ui_prefs.json"
    path.write_text("{not json", encoding="utf-8")
    assert ui_prefs.load() == {} and ui_prefs.response_columns("x") is None
    path.write_text(json.dumps({"response_columns": {"x": "started"}}), encoding="utf-8")
    assert ui_prefs.response_columns("x") is None
    path.write_text(json.dumps({"response_columns": []}), encoding="utf-8")
    assert ui_prefs.get("response_columns", "x", "d") == "d"
    ui_prefs.set_response_columns("x", ["site"])   # replaces the odd entry
    assert ui_prefs.response_columns("x") == ["site"]
