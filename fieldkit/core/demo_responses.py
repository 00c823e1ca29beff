"""Example responses for the demo workspace: the built-in questionnaires answered at the
demo sites by the demo cadres over the last months, each held to its form's rules.
Values are drawn at random (seeded, so every demo is the same) from each question's own
choices and limits; the comments are the kind of thing workers told the cadres."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

from fieldkit.core.work import directory
from fieldkit.core.store.workspace import Workspace, json_text

COMMENTS = ["暑期托管难，孩子放假没人看", "希望食堂增加夜班热饭", "高原上睡不好，希望增加轮休",
            "希望多开展电工、焊工技能培训", "宿舍空调不够用", "加班费怎么算不清楚，希望讲一讲",
            "驿站能不能延长开放时间", "希望体检一年两次", "家里老人看病难，请假不方便",
            "外卖高峰时找不到地方喝水", "希望工会多组织家庭日活动", "工伤保险怎么办理不清楚"]
PLAN = {  # form_id -> (count, site names it is collected at)
    "frontline_needs": (36, ("新开口镇服装加工厂", "天津港集装箱码头", "南港乙烯项目施工现场",
                             "尼日利亚拉各斯铁路项目经理部")),
    "altitude_health": (18, ("高原铁路项目三工区", "格尔木铁路站前工程项目部")),
    "new_forms_of_employment": (20, ("文化中心智能工会驿站", "时代奥城户外劳动者服务驿站")),
    "problem_followup": (10, ("新开口镇服装加工厂", "文化中心智能工会驿站")),
}
_BOUNDS = re.compile(r"\.\s*>=?\s*(-?\d+(?:\.\d+)?)\s+and\s+\.\s*<=?\s*(-?\d+(?:\.\d+)?)")
_AVOID = {"other", "none", "dont_know", "unsure"}


_FREE_TEXT = re.compile(r"suggest|comment|note|reason|problem|describe|detail|issue|need|wish|"
                        r"advice|worr|concern|other_help|feedback")


def _value(question, definition, rng: random.Random, site: dict) -> str | None:
    qtype = question.type
    if qtype in ("select_one", "select_multiple"):
        names = [c.name for c in definition.choices.get(question.list_name, [])
                 if c.name not in _AVOID] or \
            [c.name for c in definition.choices.get(question.list_name, [])]
        if not names:
            return None
        if qtype == "select_one":
            return rng.choice(names)
        return " ".join(rng.sample(names, min(len(names), rng.randint(1, 2))))
    if qtype in ("integer", "decimal"):
        low, high = 0.0, 10.0
        match = _BOUNDS.search(question.constraint or "")
        if match:
            low, high = float(match[1]), float(match[2])
        value = low + (high - low) * rng.uniform(0.25, 0.55)
        return str(int(round(value))) if qtype == "integer" else f"{value:.1f}"
    if qtype == "text":
        if "phone" in question.name:
            return "13" + "".join(rng.choice("0123456789") for _ in range(9))
        if "regex" in (question.constraint or "") or question.name.endswith("_other"):
            return None
        if "region" in question.name or "place" in question.name:
            return site["region"]
        if "site" in question.name or "project" in question.name:
            return site["name"]
        if _FREE_TEXT.search(question.name):
            return rng.choice(COMMENTS)
        return None
    if qtype == "date":
        return (datetime.now() - timedelta(days=rng.randint(1, 120))).date().isoformat()
    return None


def build_demo_responses(ws: Workspace) -> int:
    from fieldkit.core.forms.session import schema_for
    from fieldkit.core.forms.store import list_forms
    from fieldkit.core.importing.rules import FlatRules
    from fieldkit.core.forms.store import active_version
    from fieldkit.core.responses.records import definition_for, search_text

    rng = random.Random(20241212)
    sites = {r["name"]: r for r in directory.search(ws, directory.SITES)}
    cadres = [r["id"] for r in directory.search(ws, directory.CADRES)]
    available = {f["form_id"] for f in list_forms(ws)}
    rows = []
    for form_id, (count, site_names) in PLAN.items():
        if form_id not in available:
            continue
        record = active_version(ws, form_id, None)
        definition = definition_for(ws, record["id"])
        rules = FlatRules(definition, language="zh")
        flat = {n for n, f in schema_for(definition).fields.items() if not f.chain}
        questions = [q for q in definition.walk()
                     if q.name in flat and not q.is_container and not q.is_metadata]
        for n in range(count):
            site = sites.get(site_names[n % len(site_names)]) or next(iter(sites.values()))
            answers = {q.name: v for q in questions if (v := _value(q, definition, rng, site))}
            final, problems = rules.check(answers)
            if any(kind == "choice_filter" for _, kind, *_ in problems):  # as the runner offers
                for name, kind, *_ in problems:
                    options = sorted(rules.allowed(name, answers)) if kind == "choice_filter" \
                        else ()
                    if options:
                        answers[name] = options[n % len(options)]
                final, problems = rules.check(answers)
            started = datetime.now().astimezone() - timedelta(days=rng.randint(1, 150),
                                                              minutes=rng.randint(0, 600))
            finished = started + timedelta(minutes=rng.randint(6, 25))
            rows.append({
                "form_record_id": record["id"], "form_id": form_id,
                "form_version": record["version"],
                "status": "draft" if problems else "complete",
                "review_state": rng.choice(("received", "received", "approved")),
                "site_id": site["id"],
                "cadre_id": rng.choice(cadres), "started_at": started.isoformat(timespec="seconds"),
                "finished_at": "" if problems else finished.isoformat(timespec="seconds"),
                "answers": json_text(final)})
    from fieldkit.core.responses.search_index import add_texts, deferred_indexing

    with ws.transaction(), deferred_indexing(ws):
        ids = ws.insert_many("responses", rows)
        add_texts(ws, zip(ids, (search_text(ws, r["form_record_id"], r["answers"].value)
                                for r in rows)))
    return len(rows)
