"""A small coded workspace whose every figure can be counted by hand (retrieval, frequencies,
co-occurrence, search, REFI-QDA, the codebook report).

Sites: 青藏铁路三标 (S1), 洋山港四期 (S2). Codes (tree): 家庭 > 子女托管, 家庭 > 家人担心健康,
工作条件 > 高原反应, 薪酬. Notes N1, N2 (S1) and N3 (S2), plus a deleted note N4.

| note | code        | text                    | coder  | quote | other        |
|------|-------------|-------------------------|--------|-------|--------------|
| N1   | 子女托管    | 暑期托管难              | 李干部 | yes   |              |
| N1   | 家庭        | 暑期托管难，孩子没人管  | 李干部 |       | overlaps ↑   |
| N1   | 家人担心健康| 家里人担心我的身体      | 李干部 |       |              |
| N1   | 高原反应    | 高原反应很重            | 李干部 | yes   | important    |
| N1   | 薪酬        | 工资按时发              | 李干部 |       |              |
| N2   | 子女托管    | 暑期托管难找            | 王干部 | yes   |              |
| N2   | 薪酬        | 工资偏低                | 王干部 |       |              |
| N2   | 薪酬        | (lost: 加班费)          | 王干部 |       | lost         |
| N3   | 家人担心健康| 家人担心安全            | 王干部 | yes   |              |
| N3   | 工作条件    | 夜班多，家人担心安全    | 王干部 |       | overlaps ↑   |
| N3   | 子女托管    | 孩子上学远              | 李干部 |       |              |
| N3   | 薪酬        | (deleted segment)       | 王干部 |       | deleted      |
| N4   | 子女托管    | 托管 (note deleted)     | 李干部 |       |              |
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

N1_BODY = "暑期托管难，孩子没人管。家里人担心我的身体，高原反应很重。工资按时发。"
N2_BODY = "送件多，暑期托管难找。工资偏低。"
N3_BODY = "夜班多，家人担心安全。孩子上学远。"
N4_BODY = "托管的事以后再说。"


@dataclass
class Coded:
    ws: object
    sites: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    segments: dict[str, str] = field(default_factory=dict)


def _code(ws, name, parent=None, colour="#f2c14e", description="", position=0):
    return ws.insert("interview_codes", {"name": name, "parent_id": parent, "colour": colour,
                                         "description": description, "position": position})


def _note(ws, title, body, site, on_date, occupation, age_band, attributes, name=""):
    import json
    return ws.insert("interview_notes", {
        "title": title, "body": body, "on_date": on_date, "site_id": site,
        "interviewee_name": name, "occupation": occupation, "age_band": age_band,
        "attributes": json.dumps(attributes, ensure_ascii=False),
        "interviewers": json.dumps(["李干部"], ensure_ascii=False),
        "created_at": on_date + "T09:00:00+08:00"})


def _segment(ws, note, body, code, phrase, coder, *, quote=False, important=False,
             lost=False, deleted=False, memo=""):
    start = body.find(phrase) if not lost else len(body)
    assert start >= 0, phrase
    end = start + (0 if lost else len(phrase))
    return ws.insert("interview_segments", {
        "note_id": note, "code_id": code, "start": start, "end": end, "text": phrase,
        "coder": coder, "coded_at": "2026-07-10T10:00:00+08:00", "memo": memo,
        "important": int(important), "quote": int(quote), "lost": int(lost),
        "deleted": int(deleted)})


def build_coded(ws) -> Coded:
    out = Coded(ws)
    with ws.transaction():
        out.sites["S1"] = ws.insert("sites", {"name": "青藏铁路三标", "name_en": "Qinghai-Tibet "
                                              "Railway lot 3", "kind": "project"})
        out.sites["S2"] = ws.insert("sites", {"name": "洋山港四期", "name_en": "Yangshan Port "
                                              "phase 4", "kind": "enterprise"})
        ws.insert("interview_attributes", {"name": "seniority", "label": "工龄",
                                           "label_en": "Years of service", "position": 1})
        ws.insert("interview_attributes", {"name": "hukou", "label": "户籍",
                                           "label_en": "Household registration",
                                           "personal": 1, "position": 2})
        c = out.codes
        c["family"] = _code(ws, "家庭", description="家庭方面的牵挂", colour="#e07a5f")
        c["child"] = _code(ws, "子女托管", c["family"], description="孩子假期无人照看",
                           position=1)
        c["health"] = _code(ws, "家人担心健康", c["family"], position=2)
        c["work"] = _code(ws, "工作条件", position=1, colour="#3d405b")
        c["alt"] = _code(ws, "高原反应", c["work"], description="高海拔带来的身体不适")
        c["pay"] = _code(ws, "薪酬", position=2)
        n = out.notes
        n["N1"] = _note(ws, "高原铁路工人访谈", N1_BODY, out.sites["S1"], "2026-06-01",
                        "铁路施工人员", "26-35", {"seniority": "5年", "hukou": "四川"},
                        name="张伟")
        n["N2"] = _note(ws, "快递员谈心", N2_BODY, out.sites["S1"], "2026-06-15", "快递员",
                        "36-45", {"seniority": "2年"}, name="刘洋")
        n["N3"] = _note(ws, "港口夜班访谈", N3_BODY, out.sites["S2"], "2026-07-02", "港口技工",
                        "26-35", {"seniority": "5年", "hukou": "上海"})
        n["N4"] = _note(ws, "作废的记录", N4_BODY, out.sites["S2"], "2026-07-03", "快递员",
                        "18-25", {})
        ws.update("interview_notes", n["N4"], {"deleted": 1})
        s = out.segments
        s["n1_child"] = _segment(ws, n["N1"], N1_BODY, c["child"], "暑期托管难", "李干部",
                                 quote=True, memo="假期托管是共同难题")
        s["n1_family"] = _segment(ws, n["N1"], N1_BODY, c["family"], "暑期托管难，孩子没人管",
                                  "李干部")
        s["n1_health"] = _segment(ws, n["N1"], N1_BODY, c["health"], "家里人担心我的身体",
                                  "李干部")
        s["n1_alt"] = _segment(ws, n["N1"], N1_BODY, c["alt"], "高原反应很重", "李干部",
                               quote=True, important=True)
        s["n1_pay"] = _segment(ws, n["N1"], N1_BODY, c["pay"], "工资按时发", "李干部")
        s["n2_child"] = _segment(ws, n["N2"], N2_BODY, c["child"], "暑期托管难找", "王干部",
                                 quote=True)
        s["n2_pay"] = _segment(ws, n["N2"], N2_BODY, c["pay"], "工资偏低", "王干部")
        s["n2_lost"] = _segment(ws, n["N2"], N2_BODY, c["pay"], "加班费", "王干部", lost=True)
        s["n3_health"] = _segment(ws, n["N3"], N3_BODY, c["health"], "家人担心安全", "王干部",
                                  quote=True)
        s["n3_work"] = _segment(ws, n["N3"], N3_BODY, c["work"], "夜班多，家人担心安全",
                                "王干部")
        s["n3_child"] = _segment(ws, n["N3"], N3_BODY, c["child"], "孩子上学远", "李干部")
        s["n3_deleted"] = _segment(ws, n["N3"], N3_BODY, c["pay"], "夜班多", "王干部",
                                   deleted=True)
        s["n4_child"] = _segment(ws, n["N4"], N4_BODY, c["child"], "托管", "李干部")
        ws.insert("interview_memos", {"target_kind": "workspace", "target_id": None,
                                      "title": "总体印象", "text": "托管和健康是两大主题。",
                                      "author": "李干部", "written_at": "2026-07-11T10:00:00"})
        ws.insert("interview_memos", {"target_kind": "code", "target_id": c["child"],
                                      "title": "", "text": "暑期最突出",
                                      "author": "王干部", "written_at": "2026-07-11T11:00:00"})
        ws.insert("interview_memos", {"target_kind": "note", "target_id": n["N1"],
                                      "title": "回访", "text": "八月回访张师傅",
                                      "author": "李干部", "written_at": "2026-07-12T11:00:00"})
    return out


@pytest.fixture
def coded(workspace) -> Coded:
    return build_coded(workspace)
