"""``fieldkit activities|problems|kpi``: exit codes, stable JSON, Chinese, no tracebacks."""

import json
from datetime import date, timedelta

from fieldkit_testing import run_cli


def setup_workspace(tmp_path):
    from fieldkit.core.work import directory
    from fieldkit.core.store.workspace import Workspace

    path = tmp_path / "w.fieldkit"
    assert run_cli("init", path).returncode == 0
    ws = Workspace.open(path)
    unit = directory.create(ws, directory.ORG_UNITS, {"name": "宝坻区总工会", "kind": "district"})
    directory.create(ws, directory.SITES, {"name": "服装厂", "kind": "enterprise",
                                           "org_unit_id": unit})
    directory.create(ws, directory.CADRES, {"name": "郑丽娟", "org_unit_id": unit})
    directory.create(ws, directory.CADRES, {"name": "吴建国", "org_unit_id": unit})
    ws.close()
    return path


def test_activities_problems_and_kpis(tmp_path):
    ws = setup_workspace(tmp_path)

    def cli(*args):
        return run_cli("--workspace", ws, *args)
    added = cli("activities", "add", "--date", "2024-05-06", "--cadre", "郑丽娟,吴建国",
                "--kind", "visit", "--kind", "lecture", "--site", "服装厂", "--workers", "25",
                "--json")
    assert added.returncode == 0, added.stderr
    assert len(json.loads(added.stdout)["id"]) == 36
    again = cli("activities", "add", "--date", "2024-05-06", "--cadre", "郑丽娟,吴建国",
                "--kind", "visit", "--kind", "lecture", "--site", "服装厂", "--workers", "25")
    assert again.returncode == 1 and "already recorded" in again.stderr
    assert "Traceback" not in again.stderr
    listed = json.loads(cli("activities", "list", "--period", "2024-05", "--json").stdout)
    assert [a["kinds"] for a in listed] == [["lecture", "visit"]]

    old = (date.today() - timedelta(days=30)).isoformat()
    add = cli("problems", "add", "--title", "暑期子女托管", "--grade", "short_term", "--site",
              "服装厂", "--category", "childcare", "--registered-on", old, "--worker-name",
              "李海花", "--json")
    assert add.returncode == 0, add.stderr
    problem = json.loads(add.stdout)
    assert problem["overdue"] is True and "worker_name" not in problem
    pid = problem["id"][:8]
    rows = json.loads(cli("problems", "list", "--json").stdout)
    assert isinstance(rows, list) and len(rows) == 1
    assert {"id", "title", "status", "grade", "deadline", "overdue"} <= rows[0].keys()
    assert rows[0]["overdue"] is True and rows[0]["status"] == "registered"

    refused = cli("problems", "move", pid, "closed")
    assert refused.returncode == 1 and "cannot move" in refused.stderr
    assert "Traceback" not in refused.stderr
    zh = cli("--lang", "zh_CN", "problems", "move", pid, "closed")
    assert zh.returncode == 1 and "登记" in zh.stderr and "销号" in zh.stderr
    for status in ("accepted", "in_progress", "resolved"):
        assert cli("problems", "move", pid, status).returncode == 0
    assert cli("problems", "move", pid, "replied", "--note", "已开办暑托班").returncode == 0
    assert cli("problems", "rate", pid, "satisfied", "--comment", "很好").returncode == 0
    shown = json.loads(cli("problems", "show", pid, "--json").stdout)
    assert [t["kind"] for t in shown["timeline"]][-2:] == ["reply", "rating"]

    period = f"{old}..{date.today().isoformat()}"
    kpi = cli("kpi", "--period", period, "--scope", "宝坻区总工会", "--json")
    assert kpi.returncode == 0, kpi.stderr
    figures = json.loads(kpi.stdout)
    assert figures["registered"] == 1 and figures["resolved"] == 1
    assert figures["reply_rate"] == 1.0 and figures["completion_rate"] == 1.0
    assert figures["satisfaction_rate"] == 1.0
    empty = json.loads(cli("kpi", "--period", "2023", "--json").stdout)
    assert empty["reply_rate"] is None and empty["completion_rate"] is None
    text = cli("--lang", "zh_CN", "kpi", "--period", "2024")
    assert text.returncode == 0 and "办结率" in text.stdout


def test_user_and_usage_errors(tmp_path):
    ws = setup_workspace(tmp_path)
    bad_period = run_cli("--workspace", ws, "kpi", "--period", "spring")
    assert bad_period.returncode == 1 and "not a period" in bad_period.stderr
    unknown = run_cli("--workspace", ws, "problems", "move", "deadbeef", "accepted")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    no_site = run_cli("--workspace", ws, "--lang", "zh_CN", "problems", "add", "--title", "x",
                      "--grade", "systemic", "--site", "火星")
    assert no_site.returncode == 1 and "火星" in no_site.stderr and "站点" in no_site.stderr
    usage = run_cli("--workspace", ws, "problems", "add", "--title", "x", "--grade", "urgent")
    assert usage.returncode == 2


def test_activities_link_and_unlink(tmp_path):
    from fieldkit.core.store.workspace import Workspace

    ws = setup_workspace(tmp_path)

    def cli(*args):
        return run_cli("--workspace", ws, *args)
    aid = json.loads(cli("activities", "add", "--date", "2024-05-06", "--cadre", "郑丽娟",
                         "--kind", "visit", "--json").stdout)["id"]
    pid = json.loads(cli("problems", "add", "--title", "夜班休息室不足", "--grade",
                         "short_term", "--json").stdout)["id"]
    linked = cli("activities", "link", aid[:8], pid[:8], "--json")
    assert linked.returncode == 0, linked.stderr
    links = json.loads(linked.stdout)["links"]
    assert [(x["table"], x["id"], x["label"], x["deleted"]) for x in links] == \
        [("problems", pid, "夜班休息室不足", False)]
    again = cli("activities", "link", aid, pid)          # twice: still one link
    assert again.returncode == 0 and "夜班休息室不足" in again.stdout
    assert len(json.loads(cli("activities", "list", "--json").stdout)[0]["links"]) == 1
    zh = cli("--lang", "zh_CN", "activities", "unlink", aid[:8], pid[:8])
    assert zh.returncode == 0, zh.stderr
    assert "保留" in zh.stdout and "没有关联记录" in zh.stdout
    gone = cli("activities", "unlink", aid[:8], pid[:8], "--json")
    assert gone.returncode == 1 and "not linked" in gone.stderr
    assert "Traceback" not in gone.stderr and gone.stdout == ""
    no_record = cli("activities", "link", aid[:8], "deadbeef")
    assert no_record.returncode == 1 and "deadbeef" in no_record.stderr
    no_activity = cli("--lang", "zh_CN", "activities", "unlink", "deadbeef", pid)
    assert no_activity.returncode == 1 and "deadbeef" in no_activity.stderr
    assert "Traceback" not in no_activity.stderr
    assert cli("activities", "unlink", aid).returncode == 2
    # relink and unlink with --json: the problem stays in the ledger
    cli("activities", "link", aid, pid)
    out = json.loads(cli("activities", "unlink", aid, pid, "--json").stdout)
    assert out == {"id": aid, "links": [], "removed": [{"table": "problems", "id": pid}]}
    check = Workspace.open(ws)
    assert check.scalar("SELECT count(*) FROM problems") == 1
    check.close()
