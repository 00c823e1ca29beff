"""``fieldkit interviews search|retrieve|frequencies|export-qdpx|import-qdpx`` and
``fieldkit report codebook``: exit codes, JSON, Chinese, no tracebacks."""

import json
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fieldkit_testing import run_cli

sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "interviews"))
from analysis_fixtures import build_coded  # noqa: E402


@pytest.fixture(scope="module")
def coded_path(tmp_path_factory):
    from fieldkit.core.store.workspace import Workspace

    path = tmp_path_factory.mktemp("cli") / "coded.fieldkit"
    ws = Workspace.open(path, create=True)
    build_coded(ws)
    ws.close()
    return path


def test_search(coded_path):
    done = run_cli("--workspace", coded_path, "interviews", "search", "托管", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["notes"]["total"] == 2
    assert {h["title"] for h in found["notes"]["hits"]} == {"快递员谈心", "高原铁路工人访谈"}
    text = run_cli("--lang", "zh_CN", "--workspace", coded_path, "interviews", "search", "托管")
    assert text.returncode == 0, text.stderr
    assert "访谈记录：2" in text.stdout and "暑期【托管】难找" in text.stdout


def test_retrieve(coded_path):
    done = run_cli("--workspace", coded_path, "interviews", "retrieve", "--code", "家庭",
                   "--children", "--site", "洋山港四期", "--json")
    assert done.returncode == 0, done.stderr
    assert [r["text"] for r in json.loads(done.stdout)] == ["家人担心安全", "孩子上学远"]
    done = run_cli("--workspace", coded_path, "interviews", "retrieve", "--code",
                   "家庭/子女托管", "--quotes", "--attribute", "seniority=2年")
    assert done.returncode == 0 and "“暑期托管难找”" in done.stdout
    out = coded_path.parent / "quotes.xlsx"
    done = run_cli("--lang", "zh_CN", "--workspace", coded_path, "interviews", "retrieve",
                   "--quotes", "-o", out)
    assert done.returncode == 0 and "已将 4 个编码片段写入" in done.stdout, done.stderr
    sheet = load_workbook(out)["编码片段"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编码", "文本", "访谈记录")
    assert [r[1] for r in rows[1:]] == ["暑期托管难", "高原反应很重", "暑期托管难找", "家人担心安全"]
    assert all(r[8] == "是" for r in rows[1:])
    bad = run_cli("--workspace", coded_path, "interviews", "retrieve", "--code", "没有")
    assert bad.returncode == 1 and "没有" in bad.stderr and "Traceback" not in bad.stderr
    bad = run_cli("--workspace", coded_path, "interviews", "retrieve", "--attribute", "x")
    assert bad.returncode == 1 and "NAME=VALUE" in bad.stderr


def test_frequencies(coded_path, tmp_path):
    out = tmp_path / "f.xlsx"
    done = run_cli("--lang", "zh_CN", "--workspace", coded_path, "interviews", "frequencies",
                   "--by", "occupation", "-o", out, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["codes"] == 6
    assert load_workbook(out).sheetnames == ["片段数", "访谈记录数", "共现"]
    bad = run_cli("--workspace", coded_path, "interviews", "frequencies", "--by", "hukou",
                  "-o", out)
    assert bad.returncode == 1 and "personal" in bad.stderr and "Traceback" not in bad.stderr


def test_qdpx_round_trip(coded_path, tmp_path):
    out = tmp_path / "p.qdpx"
    done = run_cli("--workspace", coded_path, "interviews", "export-qdpx", "-o", out, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["segments"] == 10
    assert "project.qde" in zipfile.ZipFile(out).namelist()
    fresh = tmp_path / "fresh.fieldkit"
    assert run_cli("init", fresh).returncode == 0
    done = run_cli("--lang", "zh_CN", "--workspace", fresh, "interviews", "import-qdpx", out)
    assert done.returncode == 0, done.stderr
    assert "站点“洋山港四期”不在名录中" in done.stdout
    again = run_cli("--workspace", fresh, "interviews", "import-qdpx", out, "--json")
    result = json.loads(again.stdout)
    assert (result["notes_created"], result["notes_merged"], result["segments_created"]) == (
        0, 3, 0)
    bogus = tmp_path / "bogus.qdpx"
    bogus.write_text("not a zip", encoding="utf-8")
    bad = run_cli("--workspace", fresh, "interviews", "import-qdpx", bogus)
    assert bad.returncode == 1 and "not a zip" in bad.stderr and "Traceback" not in bad.stderr


def test_report_codebook(coded_path, tmp_path):
    for fmt in ("pdf", "xlsx", "docx"):
        out = tmp_path / f"codebook.{fmt}"
        done = run_cli("--lang", "zh_CN", "--workspace", coded_path, "report", "codebook",
                       "-o", out, "--json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["format"] == fmt and out.stat().st_size > 1000
    bad = run_cli("--workspace", coded_path, "report", "codebook", "-o", tmp_path / "x.txt")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
