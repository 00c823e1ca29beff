"""A site's worker roster: the repeat the "repeats stay fluid" tests and benchmark use.

``roster_form()``: a repeat of six questions per worker (name, age with a constraint, sex,
monthly wage, works on this site, and why not, asked only of those who do not, with the
name in its label), with a count and a sum over the repeat outside it and a note showing
both.
``roster_answers(n)``: answers with ``n`` workers filled in, as a saved draft holds them.
No Qt here: core tests, UI tests and tests/benchmarks/bench_repeats.py share it.
"""

from __future__ import annotations

from fieldkit.core.forms.model import Choice, FormDefinition, Question

EN, ZH = "English (en)", "中文 (zh)"


def _t(en: str, zh: str) -> dict[str, str]:
    return {EN: en, ZH: zh}


def roster_form(form_id: str = "worker_roster") -> FormDefinition:
    worker = [
        Question("text", "m_name", label=_t("Name", "姓名"), required="yes"),
        Question("integer", "m_age", label=_t("Age", "年龄"), constraint=". >= 16 and . <= 80",
                 constraint_message=_t("Age must be between 16 and 80.", "年龄应在16至80岁之间。")),
        Question("select_one", "m_sex", label=_t("Sex", "性别"), list_name="sex"),
        Question("decimal", "m_wage", label=_t("Monthly wage (yuan)", "月工资（元）"),
                 constraint=". > 0", constraint_message=_t("A wage is more than 0.", "工资应大于0。")),
        Question("select_one", "m_works", label=_t("Works on this site", "是否在本站点工作"),
                 list_name="yes_no"),
        Question("text", "m_note", label=_t("Why does ${m_name} not work here?",
                                             "${m_name}为何不在本站点工作？"),
                 relevant="${m_works} = 'no'"),
    ]
    questions = [
        Question("text", "site_name", label=_t("Site", "站点")),
        Question("repeat", "members", label=_t("Worker", "工人"), children=worker),
        Question("calculate", "member_count", calculation="count(${members})"),
        Question("calculate", "wage_total", calculation="sum(${m_wage})"),
        Question("note", "roster_summary",
                 label=_t("${member_count} workers; wages add up to ${wage_total} yuan.",
                          "共${member_count}名工人，月工资合计${wage_total}元。")),
    ]
    choices = {
        "sex": [Choice("m", _t("Male", "男")), Choice("f", _t("Female", "女"))],
        "yes_no": [Choice("yes", _t("Yes", "是")), Choice("no", _t("No", "否"))],
    }
    return FormDefinition(form_id, title="Worker roster", version="1", default_language=EN,
                          questions=questions, choices=choices)


def worker(k: int) -> dict[str, str]:
    """The answers of worker number ``k`` (0-based): every third one works elsewhere."""
    works = k % 3 != 2
    return {"m_name": f"工人{k + 1}", "m_age": str(20 + k % 40), "m_sex": "mf"[k % 2],
            "m_wage": str(3000 + 10 * k), "m_works": "yes" if works else "no",
            "m_note": "" if works else "调往隧道工区"}


def roster_answers(n: int) -> dict:
    return {"site_name": "拉林铁路3标", "members": [worker(k) for k in range(n)]}


def expected_total(n: int) -> int:
    return sum(3000 + 10 * k for k in range(n))
