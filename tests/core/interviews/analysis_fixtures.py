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


def _segment(ws, note, body, code, phrase, coder, *, quote=False, important=False, memo=""):
    from fieldkit.core.interviews import segments

    start = body.index(phrase)
    return segments.apply_codes(ws, note, start, start + len(phrase), [code], coder=coder,
                                quote=quote, important=important, memo=memo)[0]


def build_coded(ws) -> Coded:
    """The workspace of the table above, written through the wing's own functions."""
    from fieldkit.core.work import directory
    from fieldkit.core.interviews import codes, memos, notes, segments

    out = Coded(ws)
    out.sites["S1"] = directory.create(ws, directory.SITES, {
        "name": "青藏铁路三标", "name_en": "Qinghai-Tibet Railway lot 3", "kind": "project"})
    out.sites["S2"] = directory.create(ws, directory.SITES, {
        "name": "洋山港四期", "name_en": "Yangshan Port phase 4", "kind": "enterprise"})
    notes.define_attribute(ws, "seniority", "工龄", label_en="Years of service")
    notes.define_attribute(ws, "hukou", "户籍", label_en="Household registration",
                           personal=True)
    c = out.codes
    c["family"] = codes.add_code(ws, "家庭", colour="#e07a5f", description="家庭方面的牵挂")
    c["child"] = codes.add_code(ws, "子女托管", c["family"], description="孩子假期无人照看")
    c["health"] = codes.add_code(ws, "家人担心健康", c["family"])
    c["work"] = codes.add_code(ws, "工作条件", colour="#3d405b")
    c["alt"] = codes.add_code(ws, "高原反应", c["work"], description="高海拔带来的身体不适")
    c["pay"] = codes.add_code(ws, "薪酬")
    n = out.notes
    n["N1"] = notes.create_note(ws, title="高原铁路工人访谈", body=N1_BODY,
                                site_id=out.sites["S1"], on_date="2026-06-01",
                                occupation="铁路施工人员", age_band="26-35",
                                attributes={"seniority": "5年", "hukou": "四川"},
                                interviewee_name="张伟")
    n["N2"] = notes.create_note(ws, title="快递员谈心", body=N2_BODY + "加班费没有。",
                                site_id=out.sites["S1"], on_date="2026-06-15",
                                occupation="快递员", age_band="36-45",
                                attributes={"seniority": "2年"}, interviewee_name="刘洋")
    n["N3"] = notes.create_note(ws, title="港口夜班访谈", body=N3_BODY,
                                site_id=out.sites["S2"], on_date="2026-07-02",
                                occupation="港口技工", age_band="26-35",
                                attributes={"seniority": "5年", "hukou": "上海"})
    n["N4"] = notes.create_note(ws, title="作废的记录", body=N4_BODY, site_id=out.sites["S2"],
                                on_date="2026-07-03", occupation="快递员", age_band="18-25")
    s = out.segments
    s["n1_child"] = _segment(ws, n["N1"], N1_BODY, c["child"], "暑期托管难", "李干部",
                             quote=True, memo="假期托管是共同难题")
    s["n1_family"] = _segment(ws, n["N1"], N1_BODY, c["family"], "暑期托管难，孩子没人管",
                              "李干部")
    s["n1_health"] = _segment(ws, n["N1"], N1_BODY, c["health"], "家里人担心我的身体", "李干部")
    s["n1_alt"] = _segment(ws, n["N1"], N1_BODY, c["alt"], "高原反应很重", "李干部",
                           quote=True, important=True)
    s["n1_pay"] = _segment(ws, n["N1"], N1_BODY, c["pay"], "工资按时发", "李干部")
    s["n2_child"] = _segment(ws, n["N2"], N2_BODY, c["child"], "暑期托管难找", "王干部",
                             quote=True)
    s["n2_pay"] = _segment(ws, n["N2"], N2_BODY, c["pay"], "工资偏低", "王干部")
    s["n2_lost"] = _segment(ws, n["N2"], N2_BODY + "加班费没有。", c["pay"], "加班费", "王干部")
    notes.set_body(ws, n["N2"], N2_BODY)                      # 加班费 is lost
    s["n3_health"] = _segment(ws, n["N3"], N3_BODY, c["health"], "家人担心安全", "王干部",
                              quote=True)
    s["n3_work"] = _segment(ws, n["N3"], N3_BODY, c["work"], "夜班多，家人担心安全", "王干部")
    s["n3_child"] = _segment(ws, n["N3"], N3_BODY, c["child"], "孩子上学远", "李干部")
    s["n3_deleted"] = _segment(ws, n["N3"], N3_BODY, c["pay"], "夜班多", "王干部")
    segments.remove_segment(ws, s["n3_deleted"])
    s["n4_child"] = _segment(ws, n["N4"], N4_BODY, c["child"], "托管", "李干部")
    notes.delete_note(ws, n["N4"])
    memos.add_memo(ws, "workspace", None, "托管和健康是两大主题。", title="总体印象",
                   author="李干部")
    memos.add_memo(ws, "code", c["child"], "暑期最突出", author="王干部")
    memos.add_memo(ws, "note", n["N1"], "八月回访张师傅", title="回访", author="李干部")
    return out


@pytest.fixture
def coded(workspace) -> Coded:
    return build_coded(workspace)
