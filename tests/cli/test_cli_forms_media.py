"""``fieldkit forms import --media`` and ``forms export`` with a form's files (issue 12)."""

import json
import zipfile

from fieldkit_testing import run_cli, write_xlsx

SITES = "name,label,altitude\nlhasa,拉萨,3650\n".encode()


def test_import_with_media_and_export_them(tmp_path):
    ws = tmp_path / "w.fieldkit"
    assert run_cli("init", ws).returncode == 0
    form = write_xlsx(tmp_path / "lookup.xlsx", [["type", "name", "label", "calculation"],
                                                  ["select_one_from_file sites.csv", "site", "Site", ""],
                                                  ["calculate", "alt", "", "pulldata('sites', 'altitude', 'name', ${site})"]],
                      title="survey")
    refused = run_cli("--workspace", ws, "--lang", "zh_CN", "forms", "import", form)
    assert refused.returncode == 1 and "sites.csv" in refused.stderr and "Traceback" not in refused.stderr
    assert "未找到" in refused.stderr
    archive = tmp_path / "media.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("sites.csv", SITES)
    done = run_cli("--workspace", ws, "forms", "import", form, "--media", archive, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["files"] == ["sites.csv"]
    out = run_cli("--workspace", ws, "forms", "export", "lookup", "-o", tmp_path / "out.xlsx")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "out-media" / "sites.csv").read_bytes() == SITES
    shown = run_cli("--workspace", ws, "forms", "show", "lookup")
    assert shown.returncode == 0 and "sites.csv" in shown.stdout
