"""A small year of work whose every figure the work-report tests work out by hand: the same
activities and problems as tests/core/work/test_kpis.py's ``kpi_ws`` (2024-Q2, judged on
2024-07-15), plus a worker's name and phone, a leader's focus problem and a typical case."""

from datetime import date

from fieldkit.core.work import activities, cases, directory, ledger

TODAY = date(2024, 7, 15)


def build_work(ws):
    ids = {}
    ids["city"] = directory.create(ws, directory.ORG_UNITS, {"name": "市总工会", "kind": "city"})
    ids["district"] = directory.create(ws, directory.ORG_UNITS, {
        "name": "河西区总工会", "kind": "district", "parent_id": ids["city"]})
    ids["other"] = directory.create(ws, directory.ORG_UNITS, {"name": "港口工会",
                                                              "kind": "enterprise"})
    ids["site_city"] = directory.create(ws, directory.SITES, {
        "name": "铁路工地", "kind": "project", "org_unit_id": ids["city"]})
    ids["site_district"] = directory.create(ws, directory.SITES, {
        "name": "驿站", "kind": "station", "org_unit_id": ids["district"]})
    ids["site_other"] = directory.create(ws, directory.SITES, {
        "name": "码头", "kind": "port", "org_unit_id": ids["other"]})
    ids["zhao"] = directory.create(ws, directory.CADRES, {"name": "赵一", "org_unit_id": ids["city"]})
    ids["qian"] = directory.create(ws, directory.CADRES, {"name": "钱二",
                                                          "org_unit_id": ids["district"]})
    ids["sun"] = directory.create(ws, directory.CADRES, {"name": "孙三", "org_unit_id": ids["other"]})
    act = activities.log_activity
    act(ws, on="2024-04-10", cadre_ids=[ids["zhao"], ids["qian"]], kinds=["lecture", "visit"],
        workers_reached=30, site_id=ids["site_city"])
    act(ws, on="2024-05-15", cadre_ids=[ids["zhao"]], kinds=["visit"], workers_reached=10,
        duration="half", site_id=ids["site_city"])
    act(ws, on="2024-05-20", cadre_ids=[ids["zhao"]], kinds=["rights"], workers_reached=5,
        duration="half", site_id=ids["site_city"])
    act(ws, on="2024-06-02", cadre_ids=[ids["qian"]], kinds=["solve"], workers_reached=8,
        site_id=ids["site_district"])
    act(ws, on="2024-06-03", cadre_ids=[ids["sun"]], kinds=["befriend"], workers_reached=12,
        site_id=ids["site_other"])
    act(ws, on="2024-07-01", cadre_ids=[ids["zhao"]], kinds=["lecture"], workers_reached=100)
    act(ws, on="2024-03-31", cadre_ids=[ids["qian"]], kinds=["visit"], workers_reached=7)
    act(ws, on="2024-06-20", cadre_ids=[ids["zhao"]], kinds=["visit"], site_id=ids["site_city"])

    def problem(title, grade="short_term", site="site_city", **kw):
        return ledger.log_problem(ws, title=title, grade=grade, site_id=ids[site], **kw)

    def walk(pid, *steps):
        for status, day, *note in steps:
            ledger.move(ws, pid, status, on=day, note=note[0] if note else "")
    p = {}
    p[1] = problem("P1 宿舍到工地通勤远", registered_on="2024-04-01", category="housing_commute",
                   worker_name="王小明", worker_phone="13800001111")
    walk(p[1], ("accepted", "2024-04-02"), ("in_progress", "2024-04-03"),
         ("resolved", "2024-04-11"), ("replied", "2024-04-12", "已解决"),
         ("closed", "2024-04-20"))
    ledger.rate(ws, p[1], "unsatisfied", on="2024-04-13")
    ledger.rate(ws, p[1], "satisfied", on="2024-05-02", comment="班车开通了")
    p[2] = problem("P2", registered_on="2024-05-01", deadline="2024-05-10")
    walk(p[2], ("accepted", "2024-05-02"), ("in_progress", "2024-05-03"))
    p[3] = problem("P3", registered_on="2024-06-25")
    p[4] = problem("P4", grade="cross_department", lead_department="人社局",
                   registered_on="2024-04-05")
    walk(p[4], ("accepted", "2024-04-06"), ("in_progress", "2024-04-07"),
         ("resolved", "2024-06-05"), ("replied", "2024-07-02", "已回复"))
    ledger.rate(ws, p[4], "unsatisfied", on="2024-06-10")
    p[5] = problem("P5", grade="systemic", registered_on="2024-03-20")
    walk(p[5], ("accepted", "2024-03-21"))
    ledger.move(ws, p[5], "escalated", on="2024-04-15", escalated_to="全国总工会")
    p[6] = problem("P6", registered_on="2024-03-01")
    walk(p[6], ("accepted", "2024-03-02"), ("in_progress", "2024-03-03"),
         ("resolved", "2024-04-20"), ("replied", "2024-04-21", "已回复"))
    ledger.rate(ws, p[6], "satisfied", on="2024-04-22")
    p[7] = problem("P7", site="site_other", registered_on="2024-05-05", deadline="2024-05-06")
    walk(p[7], ("accepted", "2024-05-05"))
    p[8] = problem("P8", site="site_district", registered_on="2024-06-01")
    walk(p[8], ("accepted", "2024-06-01"), ("in_progress", "2024-06-02"),
         ("resolved", "2024-06-03"))
    p[9] = problem("P9", grade="cross_department", lead_department="住建委",
                   registered_on="2024-06-01")
    walk(p[9], ("accepted", "2024-06-05"))
    cases.set_focus(ws, p[2], ids["zhao"], "2024-Q2")
    cases.nominate_case(ws, p[1], "开通职工通勤班车，每天接送120名职工。", on="2024-06-01")
    ws.ids, ws.problems = ids, p
    return ws
