"""The four built-in questionnaires of fieldkit, as plain Python data.

``tools/make_builtin_forms.py`` turns these into XLSForm workbooks under ``forms/``.
Edit the questionnaires here, then run::

    .venv/bin/python tools/make_builtin_forms.py

Every text is a ``(中文, English)`` pair.  Names (questions, choice lists, choice values)
are lowercase ASCII snake_case; the 1-5 rating scale uses the digits 1-5 as its values
so that averages and "4 or 5 = satisfied" can be computed directly.

The situations come from the Guangming Daily report of 2024-12-12 on the "我和一线劳动者在一起"
work system: plateau railway projects (高原铁路, 高原病, 血氧手环, extra annual leave above
3,000 m, health checks twice a year), ports, garment factories and school-holiday care
(暑期托管), couriers / riders / ride-hailing drivers and the union service stations
(驿站, the "four difficulties" 四难), and the problem ledger followed to closure with a
satisfaction rating (挂账销号, 回复率/办结率/满意率, 典型案例).
"""

from __future__ import annotations

ZH = "中文 (zh)"
EN = "English (en)"
LANGUAGES = (ZH, EN)

REQUIRED_MESSAGE = ("此题必答。", "This question is required.")
MAX3 = "count-selected(.) <= 3"
MAX3_MESSAGE = ("最多选择3项。", "Please choose at most 3.")
INTEGER_MESSAGE = "请填写{lo}到{hi}之间的数字。", "Please enter a number from {lo} to {hi}."


# --------------------------------------------------------------------------- row helpers


def _row(type_, name, label=None, *, hint=None, req=False, rmsg=None, relevant=None,
         constraint=None, cmsg=None, appearance=None, calculation=None,
         choice_filter=None, repeat_count=None, default=None, personal=False):
    row = {"type": type_, "name": name}
    if label is not None:
        row["label"] = label
    if hint is not None:
        row["hint"] = hint
    if req:
        row["required"] = "yes"
        row["required_message"] = rmsg or REQUIRED_MESSAGE
    if personal:  # names, phone numbers: left out of exports and reports unless asked for
        row["personal"] = "yes"
    for key, value in (("relevant", relevant), ("constraint", constraint),
                       ("constraint_message", cmsg), ("appearance", appearance),
                       ("calculation", calculation), ("choice_filter", choice_filter),
                       ("repeat_count", repeat_count), ("default", default)):
        if value is not None:
            row[key] = value
    return row


def one(name, list_name, label, **kw):
    return _row(f"select_one {list_name}", name, label, **kw)


def many(name, list_name, label, **kw):
    return _row(f"select_multiple {list_name}", name, label, **kw)


def text(name, label, **kw):
    return _row("text", name, label, **kw)


def integer(name, label, lo, hi, *, cmsg=None, **kw):
    cmsg = cmsg or (INTEGER_MESSAGE[0].format(lo=lo, hi=hi), INTEGER_MESSAGE[1].format(lo=lo, hi=hi))
    return _row("integer", name, label, constraint=f". >= {lo} and . <= {hi}", cmsg=cmsg, **kw)


def decimal(name, label, lo, hi, *, cmsg=None, **kw):
    cmsg = cmsg or (INTEGER_MESSAGE[0].format(lo=lo, hi=hi), INTEGER_MESSAGE[1].format(lo=lo, hi=hi))
    return _row("decimal", name, label, constraint=f". >= {lo} and . <= {hi}", cmsg=cmsg, **kw)


def note(name, label, **kw):
    return _row("note", name, label, **kw)


def calc(name, expression, **kw):
    return _row("calculate", name, calculation=expression, **kw)


def group(name, label, *, field_list=True, **kw):
    if field_list:
        kw.setdefault("appearance", "field-list")
    return _row("begin_group", name, label, **kw)


def end_group(name):
    return {"type": "end_group", "name": name}


def repeat(name, label, **kw):
    return _row("begin_repeat", name, label, **kw)


def end_repeat(name):
    return {"type": "end_repeat", "name": name}


def none_alone(value, zh, en):
    """Constraint: the exclusive choice ``value`` may not be combined with any other."""
    return {
        "constraint": f"not(selected(., '{value}') and count-selected(.) > 1)",
        "cmsg": (f"“{zh}”不能与其他选项同时选择。", f"“{en}” cannot be combined with other options."),
    }


METADATA = [
    {"type": "start", "name": "start"},
    {"type": "end", "name": "end"},
    {"type": "today", "name": "today"},
    {"type": "deviceid", "name": "deviceid"},
    {"type": "username", "name": "username"},
]

PHONE_CONSTRAINT = r"regex(., '^1[3-9][0-9]{9}$')"
PHONE_MESSAGE = ("请填写11位手机号码。", "Please enter an 11-digit mobile number.")


# --------------------------------------------------------------------------- shared choice lists

SHARED_CHOICES = {
    "yes_no": [
        ("yes", "是", "Yes"),
        ("no", "否", "No"),
    ],
    "yes_no_unsure": [
        ("yes", "是", "Yes"),
        ("no", "否", "No"),
        ("unsure", "不清楚", "Not sure"),
    ],
    "gender": [
        ("male", "男", "Male"),
        ("female", "女", "Female"),
        ("prefer_not", "不愿透露", "Prefer not to say"),
    ],
    "age_group": [
        ("under_25", "25岁以下", "Under 25"),
        ("age_25_34", "25至34岁", "25 to 34"),
        ("age_35_44", "35至44岁", "35 to 44"),
        ("age_45_54", "45至54岁", "45 to 54"),
        ("age_55_plus", "55岁及以上", "55 or over"),
    ],
    "holiday_care": [
        ("grandparents", "老人或亲戚照看", "Grandparents or relatives"),
        ("parents", "自己或配偶照看", "Myself or my spouse"),
        ("care_class", "托管班、培训班", "A day-care or holiday class"),
        ("alone", "孩子独自在家", "The child stays home alone"),
        ("comes_to_work", "跟着父母到工作的地方", "Comes along to the parent's workplace"),
        ("left_in_hometown", "留在老家", "Stays in the home town"),
        ("other", "其他", "Other"),
    ],
    "satisfaction": [
        ("1", "很不满意", "Very dissatisfied"),
        ("2", "不满意", "Dissatisfied"),
        ("3", "一般", "Neutral"),
        ("4", "满意", "Satisfied"),
        ("5", "很满意", "Very satisfied"),
    ],
    "rating3": [
        ("good", "较好", "Good"),
        ("fair", "一般", "Fair"),
        ("poor", "较差", "Poor"),
    ],
}


def _thanks(extra_zh="", extra_en="", **kw):
    return note(
        "thanks",
        ("调查到此结束，谢谢您的支持！" + extra_zh, "That is the end of the survey. Thank you for your help!" + extra_en),
        **kw,
    )


# =========================================================================== 1. frontline_needs

FRONTLINE_NEEDS = {
    "form_id": "frontline_needs",
    "form_title": "一线职工需求调查",
    "version": "2024120102",  # 02: contact name and phone marked personal
    "instance_name": "concat('需求调查-', ${site_name}, '-', ${today})",
    "survey": [
        *METADATA,
        note("intro", (
            "您好！我们是工会干部，正在开展“我和一线劳动者在一起”走访，想听听您在工作和生活中最需要工会帮什么忙。"
            "问卷不用写姓名，大约需要10分钟，您的回答只用于改进工会服务。",
            "Hello! We are trade-union officers visiting frontline workers under the “With Frontline Workers” "
            "programme, and we would like to hear what help you most need from the union at work and at home. "
            "You do not need to give your name. It takes about 10 minutes, and your answers are used only to "
            "improve union services.")),

        group("site", ("调查地点", "Survey site")),
        one("site_type", "site_type", ("您所在的单位或项目属于哪一类？", "What kind of workplace are you at?"), req=True),
        text("site_type_other", ("请注明单位类型", "Please describe the workplace"), req=True,
             relevant="selected(${site_type}, 'other')"),
        text("site_name", ("项目或企业名称", "Name of the project or company"), req=True,
             hint=("写常用简称即可，如“XX铁路项目X标段”“XX服装厂”", "A short name is enough, e.g. “XX Railway, Section X” or “XX Garment Factory”.")),
        text("site_region", ("所在地区", "Location"),
             hint=("省、市、县（区）；境外项目写国家", "Province, city and county (district); for a project abroad, the country.")),
        end_group("site"),

        group("about_you", ("您的基本情况", "About you")),
        one("gender", "gender", ("性别", "Gender"), req=True),
        one("age_group", "age_group", ("年龄", "Age"), req=True),
        one("work_type", "work_type", ("您的工种或岗位", "Your trade or job"), req=True),
        text("work_type_other", ("请注明工种或岗位", "Please describe your trade or job"), req=True,
             relevant="selected(${work_type}, 'other')"),
        one("employment_type", "employment_type", ("您的用工形式", "How are you employed?"), req=True),
        integer("years_in_job", ("您干这一行多少年了？", "How many years have you worked in this line of work?"), 0, 50,
                req=True, hint=("不满1年填0", "Enter 0 if less than a year.")),
        one("union_member", "yes_no_unsure", ("您是工会会员吗？", "Are you a union member?"), req=True),
        end_group("about_you"),

        group("work", ("工作与作息", "Work and rest")),
        one("shift_pattern", "shift_pattern", ("您目前的班次", "Your current shift pattern"), req=True),
        decimal("daily_hours", ("平均每天工作多少小时（含加班）？", "On average, how many hours do you work a day, including overtime?"),
                1, 24, req=True),
        integer("rest_days_month", ("平均每月能休息几天？", "On average, how many days off do you get a month?"), 0, 31, req=True),
        note("long_hours_note", (
            "已记录：每天工作超过10小时。工会将在汇总时重点关注工时和休息问题。",
            "Noted: more than 10 hours of work a day. The union will look closely at working hours and rest."),
             relevant="${daily_hours} != '' and ${daily_hours} > 10"),
        one("overtime_compensated", "overtime_compensation",
            ("加班时，能否按规定拿到加班费或安排调休？", "When you work overtime, do you get overtime pay or time off in lieu as required?"),
            req=True),
        one("rest_conditions", "rating3",
            ("工作现场的休息条件（休息室、饮水、防暑或取暖）怎么样？", "How are the rest facilities at work (rest room, drinking water, cooling or heating)?"),
            req=True),
        one("meal_conditions", "rating3", ("用餐条件（能否按时吃上热饭）怎么样？", "How are meals at work (can you get a hot meal on time)?"),
            req=True),
        end_group("work"),

        group("family", ("家庭情况", "Family"), field_list=False),
        one("family_far", "yes_no", ("您的家人是否在外地（不和您在同一个城市）？", "Does your family live in another city?"), req=True),
        integer("home_visits_year", ("一年能回家几次？", "How many times a year can you go home?"), 0, 52,
                relevant="${family_far} = 'yes'"),
        many("family_worries", "family_worries", ("您最牵挂家里哪些事？", "What worries you most about your family?"), req=True,
             hint=("可多选", "Choose all that apply."), relevant="${family_far} = 'yes'",
             **none_alone("none", "没有特别牵挂的", "Nothing in particular")),
        one("has_children", "yes_no",
            ("您是否有正在上幼儿园到初中的孩子？", "Do you have children from kindergarten to junior-secondary-school age?"), req=True),
        repeat("children", ("孩子", "Child"), relevant="${has_children} = 'yes'"),
        integer("child_age", ("孩子年龄（周岁）", "Child's age (years)"), 2, 16, req=True,
                cmsg=("请填写2到16岁之间的年龄。", "Please enter an age from 2 to 16.")),
        one("child_summer_care", "holiday_care", ("暑假期间孩子主要由谁照看？", "Who mainly looks after the child in the summer holiday?"),
            req=True),
        one("child_needs_care", "yes_no",
            ("暑假是否需要托管服务（如工会暑期公益课堂）？", "Does the child need summer-holiday care (e.g. a union summer class)?"), req=True),
        calc("child_care_flag", "if(${child_needs_care} = 'yes', 1, 0)"),
        end_repeat("children"),
        calc("children_needing_care", "sum(${child_care_flag})"),
        note("childcare_summary", (
            "共有 ${children_needing_care} 个孩子需要暑期托管。工会将汇总这一需求，研究开设暑期托管或公益课堂。",
            "${children_needing_care} child(ren) need summer-holiday care. The union will pool these needs and "
            "look into holiday care or free summer classes."),
             relevant="${children_needing_care} > 0"),
        end_group("family"),

        group("needs", ("您最需要工会帮什么", "What you need from the union"), field_list=False),
        many("top_needs", "needs", ("您最希望工会在哪些方面提供帮助？（最多选3项）", "Where would you most like help from the union? (Choose up to 3)"),
             req=True, hint=("请选出最迫切的1至3项", "Pick the 1 to 3 most pressing."),
             constraint=MAX3, cmsg=MAX3_MESSAGE),
        text("top_needs_other", ("请注明其他需求", "Please describe the other need"), req=True,
             relevant="selected(${top_needs}, 'other')"),
        one("most_urgent", "needs", ("在您选的几项中，哪一项最迫切？", "Of those you chose, which is the most pressing?"), req=True,
            relevant="count-selected(${top_needs}) > 1", choice_filter="selected(${top_needs}, name)"),
        one("last_health_check", "last_check", ("您最近一次体检是什么时候？", "When did you last have a health check?"), req=True),
        group("training", ("培训需求", "Training"),
              relevant="selected(${top_needs}, 'skills_training') or selected(${top_needs}, 'education')"),
        many("training_topics", "training_topics", ("您想参加哪些培训？", "What training would you like?"), req=True,
             hint=("可多选", "Choose all that apply.")),
        one("training_time", "training_time", ("什么时间参加培训比较方便？", "When would it suit you to attend training?"), req=True),
        end_group("training"),
        group("rights", ("权益帮助", "Rights help"), relevant="selected(${top_needs}, 'rights_help')"),
        many("rights_issues", "rights_issues", ("您需要哪些方面的权益帮助？", "What do you need help with?"), req=True,
             hint=("可多选", "Choose all that apply.")),
        text("rights_issues_other", ("请注明", "Please describe"), req=True, relevant="selected(${rights_issues}, 'other')"),
        end_group("rights"),
        one("rights_channel", "rights_channel",
            ("遇到权益方面的问题，您一般会找谁？", "When you have a problem with your rights at work, whom do you usually go to?"), req=True),
        one("union_services_known", "known3",
            ("您了解工会能为职工提供哪些服务吗？", "Do you know what services the union offers workers?"), req=True),
        many("preferred_contact", "contact_channel",
             ("您希望通过哪些方式和工会联系？", "How would you like to keep in touch with the union?"), req=True,
             hint=("可多选", "Choose all that apply.")),
        text("suggestions", ("您对工会还有什么意见或建议？", "Any other comments or suggestions for the union?"),
             appearance="multiline"),
        end_group("needs"),

        group("callback", ("回访", "Follow-up")),
        one("want_callback", "yes_no",
            ("是否希望工会干部就您反映的问题回访您？", "Would you like a union officer to get back to you about what you raised?"),
            req=True, hint=("选“是”需要留下联系方式；不留也完全可以。", "If yes, please leave a phone number. It is fine not to.")),
        text("contact_name", ("怎么称呼您？", "How should we address you?"), relevant="${want_callback} = 'yes'",
             personal=True,
             hint=("写姓氏即可，如“王师傅”", "A family name is enough, e.g. “Master Wang”.")),
        text("contact_phone", ("手机号码", "Mobile number"), req=True, relevant="${want_callback} = 'yes'",
             personal=True,
             constraint=PHONE_CONSTRAINT, cmsg=PHONE_MESSAGE,
             rmsg=("需要回访请留下手机号码。", "Please leave a mobile number so that we can get back to you.")),
        end_group("callback"),

        _thanks("如有急事，可随时拨打12351职工服务热线。", " If anything is urgent, call the 12351 workers' hotline at any time."),
    ],
    "choices": {
        "site_type": [
            ("railway_project", "铁路、公路等工程项目", "Railway, road or other construction project"),
            ("building_site", "房建、市政工地", "Building or municipal construction site"),
            ("port", "港口码头", "Port or terminal"),
            ("factory", "工厂（如服装、汽车、电子加工）", "Factory (e.g. garments, cars, electronics)"),
            ("overseas_project", "境外项目", "Project abroad"),
            ("shop_service", "商户、服务业门店", "Shop or service business"),
            ("other", "其他", "Other"),
        ],
        "work_type": [
            ("construction", "施工作业（土建、桥隧、轨道等）", "Construction work (civil, bridges, tunnels, track)"),
            ("machine_operator", "机械设备操作或车辆驾驶", "Machine operator or driver"),
            ("licensed_trade", "电工、焊工等特种作业", "Electrician, welder or other licensed trade"),
            ("loading_handling", "装卸、搬运、理货", "Loading, handling or tallying"),
            ("production_line", "生产线操作", "Production-line work"),
            ("quality_warehouse", "质检、仓储", "Quality inspection or warehouse"),
            ("support_services", "后勤保障（食堂、保洁、安保）", "Support services (canteen, cleaning, security)"),
            ("technical_management", "技术或管理岗位", "Technical or management staff"),
            ("other", "其他", "Other"),
        ],
        "employment_type": [
            ("regular", "与本单位直接签订劳动合同", "Employment contract directly with this employer"),
            ("dispatched", "劳务派遣", "Agency (dispatched) worker"),
            ("subcontracted", "劳务分包、劳务公司", "Through a labour subcontractor"),
            ("temporary", "临时或季节性用工", "Temporary or seasonal"),
            ("unsure", "不清楚", "Not sure"),
        ],
        "shift_pattern": [
            ("day_only", "固定白班", "Day shift only"),
            ("two_shift", "两班倒", "Two-shift rotation"),
            ("three_shift", "三班倒", "Three-shift rotation"),
            ("long_stints", "连续作业、集中休息（如干几周休几天）", "Long stints with block rest (e.g. weeks on, days off)"),
            ("irregular", "不固定", "Irregular"),
        ],
        "overtime_compensation": [
            ("yes", "能", "Yes"),
            ("sometimes", "有时能", "Sometimes"),
            ("no", "不能", "No"),
            ("no_overtime", "基本不加班", "I rarely work overtime"),
            ("unsure", "不清楚", "Not sure"),
        ],
        "family_worries": [
            ("elderly_parents", "父母养老、看病", "Ageing parents' care and health"),
            ("children", "孩子看护和上学", "Children's care and schooling"),
            ("spouse", "配偶的工作和生活", "My spouse's job and life"),
            ("housing", "住房", "Housing"),
            ("income", "家庭收入", "Family income"),
            ("none", "没有特别牵挂的", "Nothing in particular"),
        ],
        "needs": [
            ("rest_facilities", "改善休息条件（休息室、空调、淋浴）", "Better rest facilities (rest rooms, air conditioning, showers)"),
            ("meals", "改善用餐（热饭、食堂、送餐）", "Better meals (hot food, canteen, meal delivery)"),
            ("health_check", "健康体检和看病就医", "Health checks and medical care"),
            ("mental_health", "心理疏导", "Counselling and emotional support"),
            ("holiday_childcare", "子女暑期托管、课后托管", "Holiday and after-school childcare"),
            ("skills_training", "技能培训、技能竞赛", "Skills training and competitions"),
            ("education", "学历提升", "Further education"),
            ("rights_help", "劳动权益咨询、法律援助", "Labour-rights advice and legal aid"),
            ("safety", "劳动安全防护", "Safety protection at work"),
            ("housing", "改善宿舍住宿条件", "Better dormitories"),
            ("family_visits", "探亲、家属探访", "Home leave and family visits"),
            ("culture_sports", "文体活动", "Cultural and sports activities"),
            ("other", "其他", "Other"),
        ],
        "last_check": [
            ("within_year", "一年以内", "Within the last year"),
            ("one_two_years", "1至2年前", "1 to 2 years ago"),
            ("over_two_years", "2年以上", "More than 2 years ago"),
            ("never", "从来没有", "Never"),
        ],
        "training_topics": [
            ("licence", "特种作业操作证（电工、焊工、起重等）", "Licensed-trade certificates (electrician, welder, crane, etc.)"),
            ("equipment", "设备操作与维修", "Equipment operation and maintenance"),
            ("safety", "安全生产", "Work safety"),
            ("digital", "数字技能、智能设备", "Digital skills and smart equipment"),
            ("skill_level", "职业技能等级认定", "Vocational skill-level certification"),
            ("degree", "学历提升", "Further education (diplomas and degrees)"),
            ("competition", "技能大赛", "Skills competitions"),
            ("other", "其他", "Other"),
        ],
        "training_time": [
            ("after_shift", "下班后", "After the shift"),
            ("rest_days", "休息日", "On rest days"),
            ("working_hours", "工作时间内（脱产或半脱产）", "During working hours (released from work)"),
            ("online", "线上，随时学", "Online, at any time"),
        ],
        "rights_issues": [
            ("contract", "签订劳动合同", "Employment contract"),
            ("wages", "工资、加班费按时足额发放", "Wages and overtime paid on time and in full"),
            ("social_insurance", "社会保险缴纳", "Social-insurance contributions"),
            ("work_injury", "工伤认定与待遇", "Work-injury recognition and benefits"),
            ("leave", "休息休假", "Rest days and leave"),
            ("safety_health", "劳动安全卫生", "Occupational safety and health"),
            ("dispute", "劳动争议调解", "Labour-dispute mediation"),
            ("other", "其他", "Other"),
        ],
        "rights_channel": [
            ("team_leader", "班组长、车间或项目部", "Team leader, workshop or project office"),
            ("union", "单位工会", "The workplace union"),
            ("hotline", "12351职工服务热线", "The 12351 workers' hotline"),
            ("labour_authority", "劳动监察或劳动仲裁", "Labour inspection or arbitration"),
            ("dont_know", "不知道找谁", "I don't know whom to ask"),
            ("other", "其他", "Other"),
        ],
        "known3": [
            ("well", "比较了解", "Fairly well"),
            ("somewhat", "了解一些", "A little"),
            ("not_at_all", "不了解", "Not at all"),
        ],
        "contact_channel": [
            ("site_visit", "工会干部到现场走访", "Union officers visiting the site"),
            ("wechat", "微信群、公众号", "WeChat group or official account"),
            ("hotline", "电话或12351热线", "Phone or the 12351 hotline"),
            ("workers_home", "职工之家、工会驿站", "Workers' home or union service station"),
            ("briefing", "班前会、宣讲会", "Pre-shift meetings and talks"),
        ],
    },
}


# =========================================================================== 2. altitude_health

ALTITUDE_HEALTH = {
    "form_id": "altitude_health",
    "form_title": "高海拔项目职工健康关爱调查",
    "version": "2024120101",
    "instance_name": "concat('高原健康-', ${project_name}, '-', ${site_altitude}, 'm-', ${today})",
    "survey": [
        *METADATA,
        note("intro", (
            "为了解高海拔项目一线职工的身体状况和关爱需求，工会开展本次调查，结果用于改进体检、供氧、休假轮换等保障措施。"
            "血氧和心率请在安静休息5分钟后，用血氧监测手环或指夹式血氧仪测量。"
            "本调查不能代替医生诊断；身体明显不适时，请立即告诉项目部并就医。",
            "The union is asking frontline workers on high-altitude projects about their health and what support "
            "they need, to improve health checks, oxygen supply, leave and rotation. Measure blood oxygen and pulse "
            "with a blood-oxygen wristband or fingertip oximeter after 5 minutes of quiet rest. This survey is not a "
            "medical diagnosis: anyone who feels clearly unwell should tell the project office and see a doctor at once.")),

        group("site", ("项目与海拔", "Project and altitude")),
        text("project_name", ("项目名称", "Project name"), req=True,
             hint=("如“XX铁路项目X标段X工区”", "E.g. “XX Railway, Section X, Work Area X”.")),
        integer("site_altitude", ("您主要作业地点的海拔（米）", "Altitude of your main work place (metres)"), 0, 6000, req=True,
                hint=("可参考项目部公布的海拔，估计即可", "Use the altitude given by the project office; an estimate is fine."),
                cmsg=("海拔应在0到6000米之间。", "Altitude must be between 0 and 6,000 m.")),
        integer("camp_altitude", ("您住宿的营地或宿舍海拔（米）", "Altitude of your camp or dormitory (metres)"), 0, 6000,
                hint=("不清楚可不填", "Leave blank if you don't know."),
                cmsg=("海拔应在0到6000米之间。", "Altitude must be between 0 and 6,000 m.")),
        note("low_altitude_note", (
            "本问卷主要面向海拔2500米以上的项目；海拔较低也可以继续填写。",
            "This questionnaire is meant for projects above 2,500 m; you may still continue."),
             relevant="${site_altitude} != '' and ${site_altitude} < 2500"),
        end_group("site"),
        calc("altitude_band",
             "if(${site_altitude} >= 4000, 'above_4000', if(${site_altitude} >= 3000, 'from_3000_to_4000', "
             "if(${site_altitude} >= 2500, 'from_2500_to_3000', 'below_2500')))"),

        group("about_you", ("您的基本情况", "About you")),
        one("gender", "gender", ("性别", "Gender"), req=True),
        one("age_group", "age_group", ("年龄", "Age"), req=True),
        one("work_type", "altitude_work_type", ("您的工种或岗位", "Your trade or job"), req=True),
        text("work_type_other", ("请注明工种或岗位", "Please describe your trade or job"), req=True,
             relevant="selected(${work_type}, 'other')"),
        integer("months_this_stint", ("这一次在高原已连续工作几个月？", "How many months have you worked at altitude this time without a break?"),
                0, 60, req=True, hint=("不满1个月填0", "Enter 0 if less than a month.")),
        one("highland_native", "yes_no", ("您是否在高原地区出生或长期生活？", "Were you born or have you lived long at high altitude?"),
            req=True),
        end_group("about_you"),

        group("symptoms_page", ("身体感受", "How you feel")),
        many("symptoms", "altitude_symptoms", ("最近一个月，您有过以下哪些不适？", "In the past month, which of these have you had?"),
             req=True, hint=("可多选", "Choose all that apply."), **none_alone("none", "都没有", "None of these")),
        note("danger_note", (
            "注意：咳粉红色泡沫痰、神志不清或走路不稳，可能是高原肺水肿或高原脑水肿的表现，属于急症。"
            "请立即报告项目部，吸氧、送医，必要时尽快转往低海拔地区。",
            "Warning: coughing up pink, frothy sputum, confusion or unsteady walking can be signs of high-altitude "
            "pulmonary or cerebral oedema, which are emergencies. Report to the project office at once, give oxygen, "
            "get medical care and, if needed, move to a lower altitude quickly."),
             relevant="selected(${symptoms}, 'pink_frothy_cough') or selected(${symptoms}, 'confusion')"),
        one("symptom_frequency", "symptom_frequency", ("这些不适多久出现一次？", "How often do you have them?"), req=True,
            relevant="count-selected(${symptoms}) > 0 and not(selected(${symptoms}, 'none'))"),
        one("symptom_impact", "symptom_impact", ("对您的工作和生活影响大吗？", "How much do they affect your work and daily life?"),
            req=True, relevant="count-selected(${symptoms}) > 0 and not(selected(${symptoms}, 'none'))"),
        decimal("sleep_hours", ("平均每晚能睡几个小时？", "On average, how many hours do you sleep a night?"), 0, 24, req=True),
        many("oxygen_supply", "oxygen_supply", ("在工地和宿舍能用上哪些供氧条件？", "What oxygen supply can you use at work or in the dormitory?"),
             req=True, hint=("可多选", "Choose all that apply."), **none_alone("none", "都没有", "None")),
        many("diagnosed_conditions", "conditions",
             ("您是否有经医生诊断的以下情况？", "Has a doctor ever told you that you have any of these?"),
             hint=("可多选；不愿回答可以跳过", "Choose all that apply; you may skip this question."),
             **none_alone("none", "都没有", "None of these")),
        end_group("symptoms_page"),

        group("readings_section", ("血氧与心率", "Blood oxygen and pulse"), field_list=False),
        one("has_monitor", "yes_no", ("单位是否给您配发了血氧监测手环？", "Has your employer given you a blood-oxygen wristband?"),
            req=True),
        note("readings_intro", (
            "请逐次录入最近的测量结果，每条记录一次测量（可以现场测量，也可以抄录手环上的记录）。",
            "Enter recent readings one at a time (measured now, or copied from the wristband)."),
             ),
        repeat("readings", ("测量记录", "Reading")),
        _row("dateTime", "reading_time", ("测量时间", "Time of reading"), req=True),
        one("reading_state", "reading_state", ("测量时的状态", "When was it taken?"), req=True),
        integer("reading_spo2", ("血氧饱和度 SpO2（%）", "Blood-oxygen saturation, SpO2 (%)"), 50, 100, req=True,
                hint=("填整数，如 88", "A whole number, e.g. 88."),
                cmsg=("血氧饱和度应在50到100之间，请核对读数。", "SpO2 must be between 50 and 100. Please check the reading.")),
        integer("reading_pulse", ("心率（次/分钟）", "Pulse (beats per minute)"), 30, 220, req=True,
                cmsg=("心率应在30到220之间，请核对读数。", "Pulse must be between 30 and 220. Please check the reading.")),
        calc("reading_low", "if(${reading_spo2} < 85, 1, 0)"),
        note("low_reading_note", (
            "这次血氧低于85%。请让职工休息、吸氧后复测；仍然偏低或伴有不适，请到医务室检查。",
            "This SpO2 is below 85%. Let the worker rest, give oxygen and measure again; if it stays low or they feel "
            "unwell, go to the site clinic."),
             relevant="${reading_spo2} != '' and ${reading_spo2} < 85"),
        end_repeat("readings"),
        calc("reading_count", "count(${readings})"),
        calc("spo2_min", "if(${reading_count} > 0, min(${reading_spo2}), '')"),
        calc("spo2_avg", "if(${reading_count} > 0, round(sum(${reading_spo2}) div ${reading_count}, 1), '')"),
        calc("pulse_max", "if(${reading_count} > 0, max(${reading_pulse}), '')"),
        calc("low_reading_count", "sum(${reading_low})"),
        calc("low_spo2_flag", "if(${low_reading_count} > 0, 'yes', 'no')"),
        note("readings_summary", (
            "共 ${reading_count} 次读数：最低血氧 ${spo2_min}%，平均 ${spo2_avg}%，最高心率 ${pulse_max} 次/分钟；"
            "低于85%的有 ${low_reading_count} 次。",
            "${reading_count} reading(s): lowest SpO2 ${spo2_min}%, average ${spo2_avg}%, highest pulse "
            "${pulse_max} bpm; ${low_reading_count} below 85%."),
             relevant="${reading_count} > 0"),
        note("low_flag_note", (
            "有读数低于85%，本问卷已标记为需关注，建议项目医务室跟踪复查。",
            "At least one reading is below 85%. This response is flagged for attention; the site clinic should follow up."),
             relevant="${low_spo2_flag} = 'yes'"),
        end_group("readings_section"),

        group("checkups_leave", ("体检、休假与轮换", "Health checks, leave and rotation")),
        one("checkups_per_year", "checkup_count", ("过去一年，单位组织您体检了几次？", "In the past year, how many health checks did your employer arrange for you?"),
            req=True),
        one("checkup_altitude_items", "yes_no_unsure",
            ("体检是否包括心电图、血常规等与高原有关的项目？", "Did the checks include altitude-related tests such as an ECG and a blood count?"),
            req=True, relevant="${checkups_per_year} != '' and ${checkups_per_year} != 'none'"),
        one("pre_posting_check", "yes_no_unsure",
            ("上高原前，您是否做过适应性体检？", "Did you have a fitness check before going up to altitude?"), req=True),
        one("extra_leave_policy", "yes_no_unsure",
            ("单位对高海拔岗位是否有增加年休假的规定？", "Does your employer give extra annual leave for high-altitude posts?"), req=True,
            hint=("有的单位已把“海拔3000米以上职工增加年休假”写进集体合同", "Some employers have written extra leave for work above 3,000 m into the collective contract.")),
        one("extra_leave_taken", "leave_taken", ("去年这部分假期您休到了吗？", "Did you take that extra leave last year?"), req=True,
            relevant="${extra_leave_policy} = 'yes'"),
        one("rotation", "rotation", ("您目前轮换下山休整的方式", "How are you rotated down to lower altitude to recover?"), req=True),
        integer("preferred_rotation_months",
                ("您认为在高原连续工作几个月轮换一次比较合适？", "After how many months at altitude do you think workers should be rotated?"),
                1, 12, req=True, cmsg=("请填写1到12之间的整数。", "Please enter a whole number from 1 to 12.")),
        end_group("checkups_leave"),

        group("care", ("关爱需求", "Support you need")),
        many("care_needs", "care_needs",
             ("您最希望工会和单位在哪些方面加强关爱？（最多选3项）", "Where should the union and your employer do more for you? (Choose up to 3)"),
             req=True, constraint=MAX3, cmsg=MAX3_MESSAGE),
        text("care_needs_other", ("请注明其他需求", "Please describe the other need"), req=True,
             relevant="selected(${care_needs}, 'other')"),
        end_group("care"),

        group("family", ("家人", "Family")),
        one("family_worry_level", "worry_level", ("家里人对您在高原工作担心吗？", "Does your family worry about you working at altitude?"),
            req=True),
        many("family_worries", "altitude_family_worries", ("家里人最担心什么？", "What does your family worry about most?"), req=True,
             hint=("可多选", "Choose all that apply."), **none_alone("none", "没什么担心的", "Nothing in particular")),
        one("family_contact_signal", "signal",
            ("工地的手机信号和网络，能满足您和家人视频通话吗？", "Is the phone signal and internet at the site good enough for video calls with your family?"),
            req=True),
        text("message_to_union", ("您还有什么想对工会说的？", "Anything else you would like to tell the union?"), appearance="multiline"),
        end_group("family"),

        _thanks("祝您身体健康、平安顺利！", " Stay well and stay safe!"),
    ],
    "choices": {
        "altitude_work_type": [
            ("tunnelling", "隧道施工", "Tunnelling"),
            ("bridge", "桥梁施工", "Bridge construction"),
            ("roadbed_track", "路基、轨道施工", "Roadbed and track work"),
            ("machine_operator", "机械操作或车辆驾驶", "Machine operator or driver"),
            ("power_comms", "电力、通信", "Power and communications"),
            ("support_services", "后勤保障（食堂、医务、安保）", "Support services (canteen, clinic, security)"),
            ("technical_management", "技术或管理岗位", "Technical or management staff"),
            ("other", "其他", "Other"),
        ],
        "altitude_symptoms": [
            ("headache", "头痛", "Headache"),
            ("dizziness", "头晕", "Dizziness"),
            ("short_breath", "胸闷、气短", "Chest tightness or shortness of breath"),
            ("palpitations", "心慌、心跳快", "Palpitations or a fast heartbeat"),
            ("poor_sleep", "失眠、睡不好", "Poor sleep"),
            ("nausea", "食欲差、恶心呕吐", "Poor appetite, nausea or vomiting"),
            ("fatigue", "乏力", "Fatigue"),
            ("cyanosis", "口唇或指甲发紫", "Blue lips or fingernails"),
            ("swelling", "面部或手脚浮肿", "Swollen face, hands or feet"),
            ("nosebleed", "流鼻血", "Nosebleeds"),
            ("pink_frothy_cough", "咳嗽并咳粉红色泡沫痰", "Cough with pink, frothy sputum"),
            ("confusion", "神志不清、走路不稳", "Confusion or unsteady walking"),
            ("none", "都没有", "None of these"),
        ],
        "symptom_frequency": [
            ("occasionally", "偶尔（每月几次）", "Occasionally (a few times a month)"),
            ("often", "经常（每周几次）", "Often (a few times a week)"),
            ("daily", "几乎每天", "Almost every day"),
        ],
        "symptom_impact": [
            ("none", "没有影响", "Not at all"),
            ("some", "有些影响", "Somewhat"),
            ("serious", "影响很大", "A great deal"),
        ],
        "oxygen_supply": [
            ("dorm_oxygen", "宿舍弥散供氧或制氧室", "Oxygen-enriched dormitory or oxygen room"),
            ("portable_oxygen", "随身氧气瓶", "Portable oxygen cylinder"),
            ("clinic_oxygen", "项目医务室吸氧", "Oxygen at the site clinic"),
            ("none", "都没有", "None"),
        ],
        "conditions": [
            ("hypertension", "高血压", "High blood pressure"),
            ("heart_disease", "心脏疾病", "Heart disease"),
            ("lung_disease", "慢性肺病或哮喘", "Chronic lung disease or asthma"),
            ("anaemia", "贫血", "Anaemia"),
            ("polycythaemia", "高原红细胞增多症", "High-altitude polycythaemia"),
            ("other", "其他", "Other"),
            ("none", "都没有", "None of these"),
        ],
        "reading_state": [
            ("after_waking", "早晨起床后", "After waking"),
            ("resting", "休息时", "At rest"),
            ("after_work", "作业中或刚作业后", "During or just after work"),
            ("night", "夜间", "At night"),
        ],
        "checkup_count": [
            ("none", "0次", "None"),
            ("once", "1次", "Once"),
            ("twice", "2次", "Twice"),
            ("three_plus", "3次及以上", "Three or more"),
        ],
        "leave_taken": [
            ("all", "全部休了", "All of it"),
            ("part", "休了一部分", "Part of it"),
            ("none", "没有休", "None of it"),
            ("not_due", "今年刚来，还没到时候", "I am new this year; it is not due yet"),
        ],
        "rotation": [
            ("regular", "定期轮换下山休整", "Regular rotation to lower altitude"),
            ("by_stage", "按工程阶段轮换", "Rotation by project stage"),
            ("none", "没有固定轮换", "No fixed rotation"),
            ("unsure", "不清楚", "Not sure"),
        ],
        "care_needs": [
            ("more_checkups", "增加体检次数", "More health checks"),
            ("oxygen_monitors", "配发或更换血氧手环", "Provide or replace blood-oxygen wristbands"),
            ("dorm_oxygen", "宿舍供氧", "Oxygen supply in dormitories"),
            ("altitude_training", "高原病防治知识培训", "Training on preventing altitude sickness"),
            ("nutrition", "改善伙食和营养", "Better food and nutrition"),
            ("more_leave", "增加休假或轮换", "More leave or rotation"),
            ("family_visits", "支持家属探亲", "Support for family visits"),
            ("counselling", "心理疏导", "Counselling"),
            ("mobile_clinic", "医疗巡诊、远程问诊", "Mobile clinics or remote consultations"),
            ("other", "其他", "Other"),
        ],
        "worry_level": [
            ("very", "很担心", "Very worried"),
            ("somewhat", "有些担心", "Somewhat worried"),
            ("little", "不太担心", "Not very worried"),
        ],
        "altitude_family_worries": [
            ("health", "身体健康", "My health"),
            ("separation", "长期不能团聚", "Long separation"),
            ("children", "孩子的照看和教育", "Care and schooling of our children"),
            ("parents", "父母没人照顾", "No one to look after my parents"),
            ("work_safety", "施工安全", "Safety at work"),
            ("none", "没什么担心的", "Nothing in particular"),
        ],
        "signal": [
            ("good", "能", "Yes"),
            ("sometimes", "时好时坏", "Sometimes"),
            ("poor", "基本不能", "Hardly ever"),
        ],
    },
}


# =========================================================================== 3. new_forms_of_employment

NEW_FORMS_OF_EMPLOYMENT = {
    "form_id": "new_forms_of_employment",
    "form_title": "新就业形态劳动者服务需求调查",
    "version": "2024120101",
    "instance_name": "concat('新就业形态-', ${occupation}, '-', ${today})",
    "survey": [
        *METADATA,
        note("intro", (
            "您好！工会正在走访快递员、外卖骑手、网约车司机等新就业形态劳动者，了解大家在吃饭、喝水、休息、如厕，"
            "以及孩子照看、保险保障等方面的困难和需求。问卷不用写姓名，大约需要8分钟。",
            "Hello! The union is talking with couriers, delivery riders, ride-hailing drivers and other platform "
            "workers about the difficulties they face in eating, drinking water, resting and finding toilets, and "
            "about childcare and insurance. You do not need to give your name. It takes about 8 minutes.")),

        group("basic", ("基本情况", "About you")),
        one("occupation", "nfe_occupation", ("您目前主要从事哪种工作？", "What is your main work at present?"), req=True),
        text("occupation_other", ("请注明", "Please describe"), req=True, relevant="selected(${occupation}, 'other')"),
        many("platforms", "platforms", ("您在哪些平台或企业接单？", "Which platforms or companies do you take orders from?"), req=True,
             hint=("可多选", "Choose all that apply.")),
        one("work_mode", "work_mode", ("您和平台或站点是什么关系？", "How are you engaged by the platform or station?"), req=True),
        one("gender", "gender", ("性别", "Gender"), req=True),
        one("age_group", "age_group", ("年龄", "Age"), req=True),
        one("local_hukou", "yes_no", ("您的户籍在本市吗？", "Is your household registration (hukou) in this city?"), req=True),
        decimal("years_in_job", ("您干这一行多久了（年）？", "How long have you done this work (years)?"), 0, 40, req=True,
                hint=("半年填0.5", "Enter 0.5 for half a year.")),
        end_group("basic"),

        group("hours", ("工作时间", "Working hours")),
        decimal("hours_per_day", ("平均每天接单或在线工作多少小时？", "On average, how many hours a day are you online or working?"),
                1, 24, req=True),
        integer("days_per_week", ("平均每周工作几天？", "On average, how many days a week do you work?"), 1, 7, req=True),
        calc("weekly_hours", "${hours_per_day} * ${days_per_week}"),
        note("long_hours_note", (
            "您每周工作约 ${weekly_hours} 小时，强度较大，请注意休息。附近的工会驿站可以歇脚、喝水、热饭。",
            "You work about ${weekly_hours} hours a week, which is a heavy load; please make sure you rest. "
            "Union service stations nearby offer a place to rest, drinking water and a microwave."),
             relevant="${weekly_hours} > 60"),
        one("rest_place", "rest_place", ("高峰期过后，您一般在哪里歇脚？", "After the rush hours, where do you usually rest?"), req=True),
        end_group("hours"),

        group("station", ("工会驿站（户外劳动者服务站点）", "Union service stations for outdoor workers")),
        one("station_use", "station_use", ("您知道附近的工会驿站吗？", "Do you know of a union service station near you?"), req=True),
        one("station_frequency", "station_frequency", ("您多久去一次驿站？", "How often do you go there?"), req=True,
            relevant="${station_use} = 'used'"),
        many("station_services_used", "station_services", ("您在驿站用过哪些服务？", "Which services have you used there?"), req=True,
             hint=("可多选", "Choose all that apply."), relevant="${station_use} = 'used'"),
        many("station_not_used_reasons", "station_not_used", ("没去用的原因是？", "Why haven't you used it?"), req=True,
             hint=("可多选", "Choose all that apply."), relevant="${station_use} = 'aware_not_used'"),
        many("station_wishes", "station_wishes",
             ("您最希望驿站增加哪些服务？（最多选3项）", "What would you most like stations to offer? (Choose up to 3)"), req=True,
             constraint=MAX3, cmsg=MAX3_MESSAGE),
        end_group("station"),

        group("four_difficulties_page", ("“四难”问题", "The “four difficulties”")),
        note("four_difficulties_intro", (
            "“四难”是指户外劳动者工作中的吃饭难、喝水难、休息难、如厕难。",
            "The “four difficulties” are the problems outdoor workers have in finding somewhere to eat, drinking "
            "water, a place to rest and a toilet.")),
        many("difficulties", "four_difficulties", ("在工作中，您觉得哪些方面有困难？", "Which of these are difficult for you at work?"),
             req=True, hint=("可多选", "Choose all that apply."), **none_alone("none", "都不难", "None of these")),
        end_group("four_difficulties_page"),
        calc("difficulty_count", "if(selected(${difficulties}, 'none'), 0, count-selected(${difficulties}))"),
        group("difficulty_details_page", ("困难的具体情况", "More about the difficulties"), relevant="${difficulty_count} > 0"),
        one("hardest_difficulty", "four_difficulties", ("其中哪一项最突出？", "Which one is the worst?"), req=True,
            relevant="${difficulty_count} > 1", choice_filter="selected(${difficulties}, name)"),
        many("difficulty_times", "difficulty_times", ("什么时候最难？", "When is it hardest?"), req=True,
             hint=("可多选", "Choose all that apply.")),
        text("difficulty_details", ("能具体说说吗？", "Can you tell us more?"), appearance="multiline",
             hint=("如哪个路段、商圈缺少饮水点或厕所", "E.g. which roads or shopping areas lack drinking water or toilets.")),
        end_group("difficulty_details_page"),

        group("children_section", ("孩子照看", "Childcare"), field_list=False),
        one("has_children", "yes_no",
            ("您是否有上幼儿园到初中的孩子和您一起在本市生活？", "Do you have children from kindergarten to junior-secondary age living with you in this city?"),
            req=True),
        integer("children_count", ("有几个孩子？", "How many children?"), 1, 6, req=True, relevant="${has_children} = 'yes'"),
        repeat("children", ("孩子", "Child"), relevant="${has_children} = 'yes'", repeat_count="${children_count}"),
        integer("child_age", ("孩子年龄（周岁）", "Child's age (years)"), 2, 16, req=True,
                cmsg=("请填写2到16岁之间的年龄。", "Please enter an age from 2 to 16.")),
        one("child_holiday_care", "holiday_care", ("寒暑假孩子主要由谁照看？", "Who mainly looks after the child in the school holidays?"),
            req=True),
        one("child_needs_care", "yes_no", ("是否需要寒暑假或课后托管？", "Does the child need holiday or after-school care?"), req=True),
        calc("child_care_flag", "if(${child_needs_care} = 'yes', 1, 0)"),
        end_repeat("children"),
        calc("children_needing_care", "sum(${child_care_flag})"),
        many("care_periods", "care_periods", ("最需要哪些时段的托管？", "When is care most needed?"), req=True,
             hint=("可多选", "Choose all that apply."), relevant="${children_needing_care} > 0"),
        one("family_event_interest", "yes_no",
            ("如果工会举办“六一”助学圆梦等亲子活动，您愿意带孩子参加吗？",
             "If the union holds a family event, such as a Children's Day “little wishes” event, would you bring your children?"),
            req=True, relevant="${has_children} = 'yes'"),
        end_group("children_section"),

        group("insurance_page", ("保险保障", "Insurance and protection")),
        many("insurance", "insurance", ("您目前有哪些保险？", "What insurance do you have at present?"), req=True,
             hint=("可多选", "Choose all that apply."),
             constraint="not((selected(., 'none') or selected(., 'unsure')) and count-selected(.) > 1)",
             cmsg=("“都没有”或“不清楚”不能与其他选项同时选择。", "“None” or “Not sure” cannot be combined with other options.")),
        one("injured_past_year", "yes_no",
            ("过去一年，您在工作中受过伤吗（包括交通事故）？", "In the past year, were you injured at work (including road accidents)?"),
            req=True),
        one("injury_outcome", "injury_outcome", ("受伤后的费用是怎么解决的？", "How were the costs of the injury covered?"), req=True,
            relevant="${injured_past_year} = 'yes'"),
        many("work_problems", "work_problems", ("工作中您遇到过哪些问题？", "Which of these problems have you had at work?"), req=True,
             hint=("可多选", "Choose all that apply."), **none_alone("none", "没遇到过", "None")),
        end_group("insurance_page"),

        group("union", ("工会", "The union")),
        one("union_member", "union_member", ("您加入工会了吗？", "Have you joined the union?"), req=True),
        one("join_willing", "join_willing", ("您愿意加入工会吗？", "Would you like to join the union?"), req=True,
            relevant="${union_member} != '' and ${union_member} != 'member'"),
        many("join_channel", "join_channel", ("您希望通过什么方式入会？", "How would you prefer to join?"),
             hint=("可多选", "Choose all that apply."),
             relevant="${join_willing} = 'willing' or ${join_willing} = 'learn_more'"),
        many("union_expectations", "union_expectations",
             ("您最希望工会为您做什么？（最多选3项）", "What would you most like the union to do for you? (Choose up to 3)"), req=True,
             constraint=MAX3, cmsg=MAX3_MESSAGE),
        text("suggestions", ("您还有什么意见或建议？", "Any other comments or suggestions?"), appearance="multiline"),
        end_group("union"),

        _thanks("跑单路上注意安全！", " Stay safe on the road!"),
    ],
    "choices": {
        "nfe_occupation": [
            ("courier", "快递员", "Courier"),
            ("food_delivery", "外卖骑手", "Food-delivery rider"),
            ("ride_hailing", "网约车司机", "Ride-hailing driver"),
            ("freight_driver", "网约货车司机", "App-based freight driver"),
            ("errand_runner", "即时配送、跑腿", "On-demand delivery or errand runner"),
            ("other", "其他", "Other"),
        ],
        "platforms": [
            ("meituan", "美团", "Meituan"),
            ("eleme", "饿了么", "Ele.me"),
            ("jd", "京东", "JD"),
            ("sf_express", "顺丰", "SF Express"),
            ("tongda", "中通、圆通、申通、韵达、极兔等", "ZTO, YTO, STO, Yunda, J&T, etc."),
            ("china_post", "中国邮政", "China Post"),
            ("didi", "滴滴出行", "DiDi"),
            ("aggregator", "打车聚合平台（如高德）", "Ride-hailing aggregator (e.g. Amap)"),
            ("huolala", "货拉拉", "Huolala (Lalamove)"),
            ("other", "其他", "Other"),
        ],
        "work_mode": [
            ("contracted", "与站点、配送商或快递网点签了合同", "Contract with a station, delivery agent or courier outlet"),
            ("crowdsourced", "众包，自己注册接单", "Crowd-sourced: registered myself"),
            ("rental_company", "通过租车公司或汽车服务公司", "Through a car-rental or vehicle-service company"),
            ("own_vehicle", "自有车辆直接在平台注册", "Own vehicle, registered directly with the platform"),
            ("unsure", "不清楚", "Not sure"),
        ],
        "rest_place": [
            ("union_station", "工会驿站、服务站点", "A union service station"),
            ("shop", "商户店里", "In a shop or restaurant"),
            ("in_vehicle", "车上", "In my vehicle"),
            ("roadside", "路边、树荫下", "By the roadside or in the shade"),
            ("home", "回家或宿舍", "At home or in the dormitory"),
            ("hardly_rest", "基本不休息", "I hardly rest"),
        ],
        "station_use": [
            ("used", "知道，用过", "Yes, and I have used it"),
            ("aware_not_used", "知道，但没用过", "Yes, but I have never used it"),
            ("not_aware", "不知道", "No"),
        ],
        "station_frequency": [
            ("daily", "几乎每天", "Almost every day"),
            ("weekly", "每周几次", "A few times a week"),
            ("monthly", "每月几次", "A few times a month"),
            ("rarely", "很少", "Rarely"),
        ],
        "station_services": [
            ("drinking_water", "饮水", "Drinking water"),
            ("heat_meals", "热饭", "Heating meals"),
            ("phone_charging", "手机充电", "Phone charging"),
            ("rest", "休息", "Rest"),
            ("toilet", "如厕", "Toilet"),
            ("wifi", "上网", "Wi-Fi"),
            ("first_aid", "应急药箱", "First-aid kit"),
            ("health_check", "健康检测", "Health check"),
            ("legal_advice", "法律咨询", "Legal advice"),
            ("other", "其他", "Other"),
        ],
        "station_not_used": [
            ("too_far", "离跑单路线远", "Too far from my routes"),
            ("hours", "开放时间不合适", "Opening hours don't suit me"),
            ("not_sure_allowed", "不知道自己能不能进", "Not sure I am allowed in"),
            ("parking", "停车不方便", "Hard to park"),
            ("no_time", "时间紧，顾不上", "Too busy"),
            ("other", "其他", "Other"),
        ],
        "station_wishes": [
            ("open_24h", "24小时开放", "Open 24 hours"),
            ("scan_entry", "扫码就能进", "Entry by scanning a QR code"),
            ("ebike_charging", "电动车充电、换电", "E-bike charging or battery swap"),
            ("microwave", "微波炉热饭", "Microwave for heating meals"),
            ("toilet_shower", "洗手间、淋浴", "Toilets and showers"),
            ("health_check", "健康检测、流动体检车", "Health checks or a mobile clinic"),
            ("legal_advice", "法律咨询", "Legal advice"),
            ("kids_activities", "孩子托管和亲子活动", "Childcare and family activities"),
            ("other", "其他", "Other"),
        ],
        "four_difficulties": [
            ("eating", "吃饭难", "Finding somewhere to eat"),
            ("drinking", "喝水难", "Getting drinking water"),
            ("resting", "休息难", "Finding a place to rest"),
            ("toilet", "如厕难", "Finding a toilet"),
            ("none", "都不难", "None of these"),
        ],
        "difficulty_times": [
            ("hot_weather", "高温天气", "Hot weather"),
            ("cold_weather", "寒冷天气", "Cold weather"),
            ("rain_snow", "雨雪天气", "Rain or snow"),
            ("night", "夜间", "At night"),
            ("peak_hours", "午高峰、晚高峰", "Lunch and evening rush hours"),
        ],
        "care_periods": [
            ("summer", "暑假", "Summer holiday"),
            ("winter", "寒假", "Winter holiday"),
            ("after_school", "放学后", "After school"),
            ("weekends", "周末", "Weekends"),
        ],
        "insurance": [
            ("employee_pension", "职工养老保险", "Employee pension insurance"),
            ("employee_medical", "职工医疗保险", "Employee medical insurance"),
            ("resident_insurance", "城乡居民养老或医疗保险", "Urban and rural residents' pension or medical insurance"),
            ("occupational_injury", "新就业形态人员职业伤害保障", "Occupational-injury protection for platform workers"),
            ("commercial_accident", "平台或站点买的商业意外险", "Commercial accident insurance bought by the platform or station"),
            ("none", "都没有", "None"),
            ("unsure", "不清楚", "Not sure"),
        ],
        "injury_outcome": [
            ("injury_protection", "职业伤害保障或工伤保险赔付", "Paid by occupational-injury protection or work-injury insurance"),
            ("commercial", "商业保险赔付", "Paid by commercial insurance"),
            ("platform_help", "平台或站点给了一些补偿", "Some compensation from the platform or station"),
            ("self_paid", "自己承担", "I paid myself"),
            ("pending", "还在处理", "Still being dealt with"),
        ],
        "work_problems": [
            ("unfair_fines", "不合理的罚款、扣款", "Unfair fines or deductions"),
            ("tight_times", "配送时间太紧", "Delivery times too tight"),
            ("account_blocked", "账号被封或限制接单", "Account blocked or restricted"),
            ("unpaid_earnings", "报酬被拖欠", "Earnings paid late or not at all"),
            ("disputes", "与顾客或商户的纠纷", "Disputes with customers or merchants"),
            ("none", "没遇到过", "None"),
        ],
        "union_member": [
            ("member", "已加入", "Yes"),
            ("not_member", "没有", "No"),
            ("unsure", "不清楚", "Not sure"),
        ],
        "join_willing": [
            ("willing", "愿意", "Yes"),
            ("learn_more", "想先了解一下", "I'd like to learn more first"),
            ("not_now", "暂时不考虑", "Not for now"),
        ],
        "join_channel": [
            ("at_station", "在驿站现场办理", "In person at a union service station"),
            ("online", "手机扫码线上入会", "Online, by scanning a QR code"),
            ("via_employer", "通过站点或配送商的工会", "Through the station's or delivery agent's union"),
            ("other", "其他", "Other"),
        ],
        "union_expectations": [
            ("rights_help", "维权和法律援助", "Rights protection and legal aid"),
            ("injury_protection", "争取职业伤害保障", "Better occupational-injury protection"),
            ("health_checks", "免费体检、流动体检车", "Free health checks, mobile clinic"),
            ("childcare", "孩子托管和助学", "Childcare and help with children's schooling"),
            ("training", "技能培训", "Skills training"),
            ("seasonal_care", "节日慰问、夏送清凉冬送温暖", "Holiday visits, summer cooling and winter warmth packs"),
            ("hardship_help", "困难帮扶", "Help in hardship"),
            ("activities", "文体活动", "Social and sports activities"),
        ],
    },
}


# =========================================================================== 4. problem_followup

_REACHED = "${reached} = 'yes'"
_NOT_RESOLVED = "selected(${resolved}, 'partly') or selected(${resolved}, 'not_resolved')"

PROBLEM_FOLLOWUP = {
    "form_id": "problem_followup",
    "form_title": "问题办理满意度回访",
    "version": "2024120101",
    "instance_name": "concat('回访-', ${problem_ref}, '-', ${today})",
    "survey": [
        *METADATA,
        note("intro", (
            "回访提示：先说明身份和来意，核对问题台账编号和问题内容；请职工按真实感受评价，不要引导。",
            "Interviewer: introduce yourself and the purpose of the call, check the ledger number and the problem "
            "with the worker, and let the worker rate honestly without leading them.")),

        group("contact", ("回访对象", "Who is being contacted")),
        text("problem_ref", ("问题台账编号", "Problem-ledger number"), req=True,
             hint=("照抄问题台账上的编号", "Copy the number from the problem ledger."),
             constraint="string-length(.) >= 3 and string-length(.) <= 40",
             cmsg=("编号长度应为3到40个字符。", "The number must be 3 to 40 characters long.")),
        one("followup_method", "followup_method", ("回访方式", "How was the follow-up done?"), req=True),
        one("reached", "yes_no", ("本次是否联系上了问题反映人（或其代表）？", "Did you reach the person who raised the problem (or their representative)?"),
            req=True),
        one("not_reached_reason", "not_reached_reason", ("没有联系上的原因", "Why could they not be reached?"), req=True,
            relevant="${reached} = 'no'"),
        note("not_reached_note", (
            "请在问题台账中记录本次回访，择日再次回访。以下内容不用填写。",
            "Record this attempt in the problem ledger and try again another day. The rest of the form is not needed."),
             relevant="${reached} = 'no'"),
        end_group("contact"),

        group("problem", ("问题信息", "The problem"), relevant=_REACHED),
        one("respondent_role", "respondent_role", ("受访人是", "The person interviewed is"), req=True),
        text("site_name", ("所在项目或企业", "Project or company"), req=True),
        one("problem_category", "problem_category", ("问题类别", "Category of problem"), req=True),
        one("problem_grade", "problem_grade", ("办理方式（见问题台账）", "How it was handled (see the ledger)"), req=True),
        text("problem_summary", ("问题简述", "Short description of the problem"), req=True, appearance="multiline"),
        _row("date", "raised_date", ("问题反映日期", "Date the problem was raised"), req=True,
             constraint=". <= today()", cmsg=("日期不能晚于今天。", "The date cannot be later than today.")),
        end_group("problem"),

        group("handling", ("办理情况", "How it was handled"), relevant=_REACHED),
        one("kept_informed", "kept_informed", ("办理过程中，有人告诉您进展吗？", "While it was being handled, were you told how it was going?"),
            req=True),
        one("replied_in_time", "yes_no", ("是否在承诺的时限内得到了答复？", "Did you get a reply within the promised time?"), req=True),
        integer("days_to_reply", ("从反映问题到第一次得到答复，大约用了几天？", "About how many days passed between raising the problem and the first reply?"),
                0, 365, hint=("记不清可以估计", "An estimate is fine.")),
        one("resolved", "resolved", ("您反映的问题解决了吗？", "Has your problem been resolved?"), req=True),
        many("unresolved_reasons", "unresolved_reasons",
             ("据您了解，没有完全解决的原因是？", "As far as you know, why has it not been fully resolved?"), req=True,
             hint=("可多选", "Choose all that apply."), relevant=_NOT_RESOLVED),
        text("unresolved_other", ("请注明其他原因", "Please describe the other reason"), req=True,
             relevant="selected(${unresolved_reasons}, 'other')"),
        end_group("handling"),

        group("rating", ("满意度评价", "Satisfaction"), relevant=_REACHED),
        note("rating_intro", (
            "请按1至5分评价：1分为很不满意，5分为很满意。",
            "Please rate from 1 to 5: 1 is very dissatisfied, 5 is very satisfied.")),
        one("satisfaction", "satisfaction", ("总的来说，您对这个问题的办理结果满意吗？", "Overall, how satisfied are you with the outcome?"),
            req=True, appearance="likert"),
        one("timeliness_rating", "satisfaction", ("您对办理速度满意吗？", "How satisfied are you with how quickly it was handled?"),
            req=True, appearance="likert"),
        one("attitude_rating", "satisfaction", ("您对工会干部的服务态度满意吗？", "How satisfied are you with the union officers' attitude?"),
            req=True, appearance="likert"),
        end_group("rating"),
        calc("is_satisfied", "if(${satisfaction} = '', '', if(${satisfaction} >= 4, 1, 0))"),
        calc("average_rating",
             "if(${satisfaction} = '' or ${timeliness_rating} = '' or ${attitude_rating} = '', '', "
             "round((${satisfaction} + ${timeliness_rating} + ${attitude_rating}) div 3, 1))"),

        group("dissatisfied", ("不满意的原因", "Reasons for dissatisfaction"),
              relevant=f"{_REACHED} and ${{satisfaction}} != '' and ${{satisfaction}} <= 3"),
        many("dissatisfied_reasons", "dissatisfied_reasons", ("您觉得哪些方面还不满意？", "What are you not satisfied with?"), req=True,
             hint=("可多选", "Choose all that apply.")),
        text("dissatisfied_other", ("请注明", "Please describe"), req=True, relevant="selected(${dissatisfied_reasons}, 'other')"),
        end_group("dissatisfied"),

        group("next_steps", ("后续", "Next steps"), relevant=_REACHED),
        one("want_followup", "yes_no", ("是否希望工会继续跟进这个问题？", "Would you like the union to keep working on this problem?"),
            req=True, relevant=f"{_NOT_RESOLVED} or (${{satisfaction}} != '' and ${{satisfaction}} <= 3)"),
        one("would_return", "would_return", ("以后遇到问题，您还愿意找工会反映吗？", "Would you come to the union again with a problem?"),
            req=True),
        text("suggestions", ("您对工会的工作还有什么意见或建议？", "Any comments or suggestions about the union's work?"),
             appearance="multiline"),
        end_group("next_steps"),
        calc("needs_reopen", "if(${want_followup} = 'yes', 1, 0)"),

        group("interviewer", ("调查员填写", "For the interviewer"), relevant=_REACHED),
        one("nominate_typical_case", "yes_no", ("是否建议推荐为解决问题典型案例？", "Recommend this as a typical case of a problem solved?"),
            req=True, relevant="selected(${resolved}, 'resolved') and ${satisfaction} != '' and ${satisfaction} >= 4",
            hint=("问题已解决且职工满意时可以推荐", "Possible when the problem is resolved and the worker is satisfied.")),
        text("interviewer_notes", ("调查员备注", "Interviewer's notes"), appearance="multiline"),
        end_group("interviewer"),

        note("thanks", ("回访结束，感谢您对工会工作的支持！", "That is the end of the follow-up. Thank you for supporting the union's work!"),
             relevant=_REACHED),
    ],
    "choices": {
        "followup_method": [
            ("in_person", "当面", "In person"),
            ("phone", "电话", "Phone"),
            ("video", "微信或视频", "WeChat or video call"),
            ("other", "其他", "Other"),
        ],
        "not_reached_reason": [
            ("no_answer", "电话无人接听", "No answer"),
            ("number_changed", "号码已变更", "Number changed"),
            ("left", "已离职或离开项目", "Has left the job or project"),
            ("declined", "不愿接受回访", "Declined the follow-up"),
            ("other", "其他", "Other"),
        ],
        "respondent_role": [
            ("self", "问题反映人本人", "The person who raised it"),
            ("representative", "工友代表", "A co-worker representative"),
            ("family", "家属", "A family member"),
        ],
        "problem_category": [
            ("wages", "工资报酬", "Wages and pay"),
            ("contract", "劳动合同", "Employment contract"),
            ("social_insurance", "社会保险、工伤", "Social insurance and work injury"),
            ("rest_leave", "休息休假", "Rest and leave"),
            ("safety", "劳动安全卫生", "Occupational safety and health"),
            ("living_conditions", "食宿、饮水等生活条件", "Food, housing, water and other living conditions"),
            ("health", "健康与就医", "Health and medical care"),
            ("childcare", "子女托管与教育", "Childcare and schooling"),
            ("training", "技能培训", "Skills training"),
            ("service_facilities", "驿站等服务设施", "Service stations and facilities"),
            ("other", "其他", "Other"),
        ],
        "problem_grade": [
            ("time_limited", "限时办结", "Resolved within a time limit"),
            ("multi_department", "多部门协同办理", "Handled jointly by several departments"),
            ("escalated", "向上级反映", "Escalated to a higher level"),
        ],
        "kept_informed": [
            ("regularly", "定期告知", "Regularly"),
            ("sometimes", "偶尔告知", "Sometimes"),
            ("never", "从未告知", "Never"),
        ],
        "resolved": [
            ("resolved", "已解决", "Resolved"),
            ("partly", "部分解决", "Partly resolved"),
            ("not_resolved", "没有解决", "Not resolved"),
        ],
        "unresolved_reasons": [
            ("in_progress", "还在办理中", "Still in progress"),
            ("needs_higher_level", "需要上级或其他部门解决", "Needs a higher level or another department"),
            ("employer_not_acted", "企业没有落实", "The employer has not acted"),
            ("outside_policy", "超出政策范围", "Outside current policy"),
            ("not_explained", "没有人说明原因", "Nobody explained why"),
            ("other", "其他", "Other"),
        ],
        "dissatisfied_reasons": [
            ("too_slow", "办理太慢", "Too slow"),
            ("not_informed", "没有及时告知进展", "Not kept informed"),
            ("not_really_solved", "问题没有真正解决", "The problem was not really solved"),
            ("result_gap", "结果和期望差距大", "The outcome fell far short of what I expected"),
            ("attitude", "服务态度不好", "Poor attitude"),
            ("passed_around", "来回跑、互相推诿", "Passed back and forth between offices"),
            ("other", "其他", "Other"),
        ],
        "would_return": [
            ("yes", "愿意", "Yes"),
            ("depends", "看情况", "It depends"),
            ("no", "不愿意", "No"),
        ],
    },
}


FORMS = [FRONTLINE_NEEDS, ALTITUDE_HEALTH, NEW_FORMS_OF_EMPLOYMENT, PROBLEM_FOLLOWUP]
