"""The demo's year of work: days with frontline workers, problems in every status and grade
(some overdue), replies, ratings, candidate typical cases and leaders' focus problems.

Drawn from the situations in the Guangming Daily report (plateau altitude sickness, summer
childcare in 新开口镇, outdoor workers' rest and meals, skills contests at the port, the
Nangang ethylene site's safety, overseas projects); the workers' names are invented. The
year ends today, so overdue problems and this month's stragglers are real on the dashboard.
Everything goes through the wing's own functions, so the demo obeys the same rules.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from fieldkit.core.work import activities, cases, ledger
from fieldkit.core.work.model import half_year_of, quarter_of

# (site key, kinds, sub-kind, note)
SITUATIONS = [
    ("plateau", ["visit", "solve"], "座谈会", "高原项目走访，了解职工高原反应和血氧监测手环使用情况"),
    ("plateau", ["lecture", "visit"], "健康体检", "宣讲高海拔职工增加年休假5天的集体合同条款"),
    ("qinghai", ["visit", "befriend"], "座谈会", "与老员工谈心，家属最担心职工身体健康"),
    ("terminal", ["lecture", "visit"], "技能竞赛", "职业技能大赛与技能职工家庭日筹备"),
    ("terminal", ["rights"], "职工代表巡视质询", "职工代表巡视质询，检查夜班休息室"),
    ("garment", ["visit", "solve"], "座谈会", "走访服装加工厂，了解职工暑期子女看护难"),
    ("garment", ["befriend"], "送清凉", "车间送清凉，与一线女工交友谈心"),
    ("ethylene", ["lecture", "rights"], "法律咨询", "施工现场安全生产宣讲与劳动合同咨询"),
    ("ethylene", ["visit", "solve"], "送清凉", "高温季节送清凉，现场急需什么就送什么"),
    ("hexi_station", ["visit", "befriend"], "座谈会", "驿站与快递小哥座谈，了解吃饭难、休息难"),
    ("aocheng_station", ["befriend", "solve"], "座谈会", "网约车司机子女微心愿征集"),
    ("nigeria", ["visit", "rights"], "职工代表巡视质询", "海外项目视频走访，了解中方员工探亲休假"),
    ("uganda", ["visit"], "座谈会", "海外项目部职工思想动态座谈"),
    ("saudi", ["lecture", "visit"], "健康体检", "高温作业防暑宣讲"),
]

# (site key, title, category, grade, lead department, description)
PROBLEMS = [
    ("plateau", "高原项目职工体检次数偏少", "safety_health", "short_term", "",
     "职工反映一年一次体检不足以及时发现高原病"),
    ("plateau", "血氧监测手环数量不足", "safety_health", "short_term", "", "新进场班组未配发手环"),
    ("plateau", "高海拔地区职工年休假标准", "safety_health", "systemic", "",
     "希望把海拔3000米以上增加年休假写进行业标准"),
    ("qinghai", "宿舍供暖不足", "housing_commute", "short_term", "", "夜间宿舍温度低于10度"),
    ("terminal", "夜班职工就餐不便", "rest_meals", "short_term", "", "凌晨食堂不开门"),
    ("terminal", "技能大赛希望兼顾家庭", "skills", "cross_department", "集团人力资源部",
     "参赛选手周末集训无法照顾孩子"),
    ("garment", "暑期子女看护难", "childcare", "cross_department", "区妇联",
     "村里双职工家庭暑假孩子无人看护"),
    ("garment", "车间高温缺少降温设备", "safety_health", "short_term", "", "夏季车间温度超35度"),
    ("garment", "加班费计算不清", "wages", "cross_department", "区人社局", "计件工资加班费未单列"),
    ("ethylene", "施工人员异地就医报销难", "insurance_medical", "systemic", "",
     "异地就医未纳入职工互助保障"),
    ("ethylene", "通勤班车班次太少", "housing_commute", "short_term", "", "早班车只有一趟"),
    ("ethylene", "分包单位拖欠农民工工资", "wages", "cross_department", "区住建委",
     "两个班组三个月工资未发"),
    ("hexi_station", "驿站夜间无法热饭", "rest_meals", "short_term", "", "微波炉晚上十点后停用"),
    ("hexi_station", "外卖骑手缺少健康检测", "safety_health", "short_term", "",
     "希望驿站提供血压血糖检测"),
    ("aocheng_station", "户外劳动者如厕难", "rest_meals", "cross_department", "区城管委",
     "周边公厕夜间关闭"),
    ("aocheng_station", "新就业形态劳动者子女托管", "childcare", "systemic", "",
     "快递、网约车家庭课后托管需求普遍"),
    ("nigeria", "海外员工探亲假往返时间不计假期", "wages", "systemic", "", "路途时间占用探亲假"),
    ("uganda", "项目营地网络信号差", "other", "short_term", "", "职工无法与家人视频"),
    ("guinea", "疟疾防治药品储备不足", "safety_health", "short_term", "", "雨季来临前需补充"),
    ("saudi", "高温时段户外作业安排", "safety_health", "cross_department", "项目安全部",
     "中午高温时段仍安排露天作业"),
]
WORKERS = ["王桂芝", "刘建军", "张晓燕", "陈大勇", "杨春花", "赵铁柱", "黄丽萍", "周海军",
           "吴秀英", "徐志强", "孙凤霞", "马永刚"]
REPLIES = ["已协调解决，感谢您的反映", "问题已办结，后续有困难请随时联系工会",
           "已落实整改措施，请监督", "已与企业沟通，按您的意见办理"]
COMMENTS = ["解决得很快", "工会真是娘家人", "基本解决了，希望长期坚持", "办得太慢了"]


def build_demo_work(ws, *, today: date | None = None, seed: int = 2024) -> dict[str, int]:
    """Add a year of work to a demo workspace holding the demo directory (one transaction
    when called inside ``build_demo``). Returns counts."""
    rnd = random.Random(seed)
    today = today or date.today()
    sites = {r["name_en"]: r for r in ws.query("SELECT id, name_en, org_unit_id FROM sites")}
    from fieldkit.core.demo import SITES

    site_ids = {key: sites[name_en]["id"] for key, _n, name_en, *_ in SITES if name_en in sites}
    cadres = [dict(r) for r in ws.query("SELECT id, name, org_unit_id FROM cadres ORDER BY rowid")]
    with ws.transaction():
        count_a = _activities(ws, rnd, today, site_ids, cadres)
        count_p = _problems(ws, rnd, today, site_ids, cadres)
    return {"activities": count_a, "problems": count_p}


def _activities(ws, rnd, today, site_ids, cadres) -> int:
    count = 0
    start = today - timedelta(days=365)
    behind = {c["id"] for c in cadres[-3:]}  # these three have no day yet this month
    month = date(start.year, start.month, 1)
    while month <= today:
        for cadre in cadres:
            current = (month.year, month.month) == (today.year, today.month)
            if current and cadre["id"] in behind:
                continue
            if not current and rnd.random() < 0.04:
                continue  # now and then a cadre misses a month
            for n in range(rnd.choice((1, 1, 2, 2, 3))):
                last = min(today, (month + timedelta(days=31)).replace(day=1) - timedelta(days=1))
                if last < month:
                    continue
                day = month + timedelta(days=rnd.randrange((last - month).days + 1))
                site, kinds, sub_kind, note = rnd.choice(SITUATIONS)
                others = [c["id"] for c in rnd.sample(cadres, rnd.choice((0, 0, 1)))
                          if c["id"] != cadre["id"] and not (current and c["id"] in behind)]
                activities.log_activity(
                    ws, on=day, cadre_ids=[cadre["id"], *others], kinds=kinds,
                    site_id=site_ids.get(site), sub_kinds=[sub_kind],
                    workers_reached=rnd.randint(8, 80), feedback_count=rnd.randint(0, 12),
                    duration=rnd.choice(("day", "day", "half")) if n else "day", notes=note,
                    allow_duplicate=True)
                count += 1
        month = (month + timedelta(days=32)).replace(day=1)
    return count


def _problems(ws, rnd, today, site_ids, cadres) -> int:
    count = 0
    by_org = {}
    for c in cadres:
        by_org.setdefault(c["org_unit_id"], []).append(c["id"])
    resolved = []
    for round_ in range(3):
        for i, (site, title, category, grade, lead, description) in enumerate(PROBLEMS):
            age = rnd.randint(3, 360) if round_ else 20 + 17 * i
            registered = today - timedelta(days=age)
            org = ws.scalar("SELECT org_unit_id FROM sites WHERE id = ?", (site_ids[site],))
            cadre = rnd.choice(by_org.get(org) or [c["id"] for c in cadres])
            anonymous = rnd.random() < 0.2
            pid = ledger.log_problem(
                ws, title=title if not round_ else f"{title}（第{round_ + 1}批）",
                description=description, grade=grade, category=category,
                site_id=site_ids[site], cadre_id=cadre, lead_department=lead,
                co_departments=["区总工会"] if lead else [], anonymous=anonymous,
                worker_name="" if anonymous else rnd.choice(WORKERS),
                worker_phone="" if anonymous else f"13{rnd.randint(100000000, 999999999)}",
                escalated_to="全国总工会" if grade == "systemic" else "",
                registered_on=registered, deadline_days=rnd.choice((7, 15, 15, 30)))
            count += 1
            stop = STOPS[i % len(STOPS)] if not round_ else None
            if _walk(ws, rnd, pid, grade, registered, today, stop):
                resolved.append(pid)
    _cases(ws, rnd, today, resolved, cadres)
    return count


STOPS = ("registered", "accepted", "in_progress", "escalated", "resolved", "replied", "closed")


def _walk(ws, rnd, pid, grade, registered, today, stop=None) -> bool:
    """Move a problem along its grade's path, to ``stop`` or as far as its age and chance
    allow; True when it ended resolved."""
    age = (today - registered).days
    path = ["accepted", "in_progress", "resolved", "replied", "closed"]
    if grade == "systemic":
        path = ["accepted", *(["in_progress"] if rnd.random() < 0.5 else []), "escalated",
                "resolved", "replied", "closed"]
    if stop in ("registered", *path):
        steps = path[:path.index(stop) + 1] if stop != "registered" else []
    else:
        reach = rnd.random()
        end = path.index("resolved") if grade != "systemic" else path.index("escalated") + 1
        if age > 10 and reach > 0.25:
            end += 1 + int(reach * 3 - 0.75)
        steps = path[:end] if age > 3 else path[:rnd.randint(0, 1)]
    day = registered
    for status in steps:
        day = min(today, day + timedelta(days=rnd.randint(1, max(1, age // 6 or 1))))
        note = rnd.choice(REPLIES) if status == "replied" else ""
        ledger.move(ws, pid, status, on=day, note=note)
        if status == "in_progress" and grade == "cross_department" and rnd.random() < 0.6:
            ledger.record_feedback(ws, pid, "已向职工反馈牵头部门办理进度",
                                   on=min(today, day + timedelta(days=10)))
    if "replied" in steps:
        for _ in range(rnd.choice((1, 1, 1, 2))):
            rating = rnd.choices(("satisfied", "basic", "unsatisfied"), (7, 2, 1))[0]
            ledger.rate(ws, pid, rating, comment=rnd.choice(COMMENTS), on=day)
            day = min(today, day + timedelta(days=20))
    return "resolved" in steps


def _cases(ws, rnd, today, resolved, cadres) -> None:
    by_half: dict[str, list[str]] = {}
    for pid in resolved:
        problem = ws.get("problems", pid)
        half = half_year_of(date.fromisoformat(problem["resolved_on"]))
        if rnd.random() < 0.6:
            write_up = f"{problem['title']}：工会干部在走访中发现问题，协调相关部门限时解决，职工满意。"
            by_half.setdefault(half, []).append(cases.nominate_case(ws, pid, write_up))
    for half, ids in by_half.items():
        ranked = rnd.sample(ids, len(ids))
        cases.rank_cases(ws, half, ranked)
        if half != half_year_of(today):
            cases.select_cases(ws, half, ranked[:10])
    leaders = cadres[:2]
    open_ones = [r["id"] for r in ws.query(
        "SELECT id FROM problems WHERE status NOT IN ('resolved', 'replied', 'closed')"
        " ORDER BY registered_on DESC LIMIT 4")]
    for leader, pid in zip(leaders * 2, open_ones[:3]):
        cases.set_focus(ws, pid, leader["id"], quarter_of(today))
