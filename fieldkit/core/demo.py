"""A demo workspace with believable example data, drawn from the situations in the
Guangming Daily report (2024-12-12) on Tianjin's “我和一线劳动者在一起” system.
The people are invented. Later capabilities add their own demo records here.
"""

from __future__ import annotations

from fieldkit.core.work import directory
from fieldkit.core.errors import WorkspaceError
from fieldkit.core.i18n import N_
from fieldkit.core.progress import CancelToken, Progress, ProgressCallback
from fieldkit.core.store.workspace import Workspace

# (key, name, English name, kind, parent key)
ORG_UNITS = [
    ("city", "天津市总工会", "Tianjin Federation of Trade Unions", "city", None),
    ("hexi", "河西区总工会", "Hexi District Federation of Trade Unions", "district", "city"),
    ("baodi", "宝坻区总工会", "Baodi District Federation of Trade Unions", "district", "city"),
    ("nankai", "南开区总工会", "Nankai District Federation of Trade Unions", "district", "city"),
    ("binhai", "滨海新区总工会", "Binhai New Area Federation of Trade Unions", "district", "city"),
    ("crcc18", "中铁十八局集团工会", "China Railway 18th Bureau Group Trade Union", "enterprise", "city"),
    ("port", "天津港集团工会", "Tianjin Port Group Trade Union", "enterprise", "city"),
    ("nangang", "南港乙烯项目管理部工会", "Nangang Ethylene Project Management Trade Union",
     "enterprise", "binhai"),
    ("xinkaikou", "新开口镇服装企业联合工会", "Xinkaikou Garment Enterprises Joint Union",
     "enterprise", "baodi"),
]

# (key, name, English name, kind, org key, region, country, altitude, time zone)
SITES = [
    ("plateau", "高原铁路项目三工区", "Plateau railway project, section 3", "project", "crcc18",
     "西藏自治区山南市", "CN", 3800, "Asia/Shanghai"),
    ("qinghai", "格尔木铁路站前工程项目部", "Golmud railway works project office", "project",
     "crcc18", "青海省海西州格尔木市", "CN", 2800, "Asia/Shanghai"),
    ("terminal", "天津港集装箱码头", "Tianjin Port container terminal", "port", "port",
     "天津市滨海新区", "CN", 3, "Asia/Shanghai"),
    ("garment", "新开口镇服装加工厂", "Xinkaikou garment factory", "enterprise", "xinkaikou",
     "天津市宝坻区新开口镇", "CN", 5, "Asia/Shanghai"),
    ("ethylene", "南港乙烯项目施工现场", "Nangang ethylene construction site", "project",
     "nangang", "天津市滨海新区南港工业区", "CN", 2, "Asia/Shanghai"),
    ("hexi_station", "文化中心智能工会驿站", "Cultural Centre smart union service station",
     "station", "hexi", "天津市河西区", "CN", 4, "Asia/Shanghai"),
    ("aocheng_station", "时代奥城户外劳动者服务驿站", "Times Olympic City outdoor workers' station",
     "station", "nankai", "天津市南开区", "CN", 4, "Asia/Shanghai"),
    ("nigeria", "尼日利亚拉各斯铁路项目经理部", "Lagos railway project office, Nigeria", "office",
     "crcc18", "Lagos", "NG", 40, "Africa/Lagos"),
    ("uganda", "乌干达坎帕拉公路项目部", "Kampala road project office, Uganda", "office",
     "crcc18", "Kampala", "UG", 1190, "Africa/Kampala"),
    ("guinea", "几内亚科纳克里项目部", "Conakry project office, Guinea", "office", "crcc18",
     "Conakry", "GN", 13, "Africa/Conakry"),
    ("saudi", "沙特利雅得项目部", "Riyadh project office, Saudi Arabia", "office", "crcc18",
     "Riyadh", "SA", 612, "Asia/Riyadh"),
]

# (name, org key, post, phone) — invented people
CADRES = [
    ("赵振华", "city", "市总工会基层工作部部长", "022-2301 5561"),
    ("钱雅琴", "city", "市总工会职工服务中心副主任", "022-2301 5578"),
    ("孙立新", "hexi", "河西区总工会常务副主席", "022-2831 2207"),
    ("周晓梅", "hexi", "驿站运营专干", "138 2055 6120"),
    ("吴建国", "baodi", "宝坻区总工会职工服务中心主任", "022-2924 1183"),
    ("郑丽娟", "baodi", "女职工委员会主任", "139 2012 4471"),
    ("冯海涛", "nankai", "南开区总工会副主席", "022-2736 8810"),
    ("陈志刚", "crcc18", "群团工作部部长", "136 0213 7789"),
    ("褚明亮", "crcc18", "高原项目工会主席", "135 0891 2260"),
    ("卫国强", "crcc18", "海外项目工会联络员", "+234 803 555 0192"),
    ("蒋春燕", "port", "港口集团工会副主席", "022-2570 6632"),
    ("沈宏伟", "nangang", "项目管理部工会主席", "022-6328 1190"),
    ("韩秀兰", "xinkaikou", "联合工会专职干部", "137 2011 5593"),
]


def build_demo(ws: Workspace, progress: ProgressCallback | None = None,
               cancel: CancelToken | None = None) -> dict[str, int]:
    """Fill an empty workspace with the demo directory, in one transaction."""
    if ws.meta("demo") == "1":
        return directory_counts(ws)
    if holds_user_data(ws):
        raise WorkspaceError(N_("{path} already holds data; the demo needs an empty workspace."),
                             path=str(ws.path))
    steps = Progress(len(ORG_UNITS) + len(SITES) + len(CADRES), progress, cancel)
    done = 0
    with ws.transaction():
        org_ids: dict[str, str] = {}
        for key, name, name_en, kind, parent in ORG_UNITS:
            org_ids[key] = directory.create(ws, directory.ORG_UNITS, {
                "name": name, "name_en": name_en, "kind": kind,
                "parent_id": org_ids.get(parent) if parent else None})
            done += 1
            steps.step(done)
        for key, name, name_en, kind, org, region, country, altitude, tz in SITES:
            directory.create(ws, directory.SITES, {
                "name": name, "name_en": name_en, "kind": kind, "org_unit_id": org_ids[org],
                "region": region, "country": country, "altitude_m": altitude, "timezone": tz})
            done += 1
            steps.step(done)
        for name, org, title, phone in CADRES:
            directory.create(ws, directory.CADRES, {
                "name": name, "org_unit_id": org_ids[org], "title": title, "phone": phone})
            done += 1
            steps.step(done)
        if ws.scalar("SELECT count(*) FROM forms"):
            from fieldkit.core.demo_responses import build_demo_responses

            build_demo_responses(ws)
            # the year of work comes with the questionnaires (the app's demo always has
            # them; the bare directory stays small for tests that need only that)
            from fieldkit.core.work.demo import build_demo_work

            build_demo_work(ws)
            from fieldkit.core.interviews.demo import build_demo_interviews

            build_demo_interviews(ws)
        ws.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')")
    return directory_counts(ws)


def holds_user_data(ws: Workspace) -> bool:
    """Whether anything but the built-in questionnaires is in the workspace: the demo's
    invented people and answers must never be mixed into a real workspace."""
    for table in ("org_units", "cadres", "sites", "responses", "import_batches",
                  "import_mappings", "attachments", "activities", "problems",
                  "interview_notes", "interview_codes"):
        if ws.scalar(f"SELECT 1 FROM {table} LIMIT 1"):
            return True
    return bool(ws.scalar("SELECT 1 FROM forms WHERE builtin = 0 LIMIT 1"))


def directory_counts(ws: Workspace) -> dict[str, int]:
    counts = {table: c["total"] for table, c in directory.counts(ws).items()}
    counts["responses"] = ws.scalar("SELECT count(*) FROM responses")
    counts["activities"] = ws.scalar("SELECT count(*) FROM activities")
    counts["problems"] = ws.scalar("SELECT count(*) FROM problems")
    return counts
