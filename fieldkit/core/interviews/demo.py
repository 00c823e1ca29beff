"""The demo's interview notes: talks with workers written up by cadres, a two-level codebook,
coded segments (some marked as quotes), interviewee attributes and a few memos.

Drawn from the situations in the Guangming Daily report (a plateau worker's family fearing
for his health, a garment worker's summer childcare, couriers with nowhere to eat or rest,
the port's skills contest and family day, overseas projects); the people are invented.
Everything goes through the wing's own functions, so the demo obeys the same rules.
"""

from __future__ import annotations

from datetime import date, timedelta

from fieldkit.core.interviews import codes, memos, notes, segments

# (key, name, parent key, colour, description)
CODEBOOK = [
    ("health", "身心健康", None, "#f4a3a8", "职工身体与心理状况、作业环境对健康的影响"),
    ("altitude", "高原反应", "health", "#ffadad", "高海拔作业引起的头痛、失眠、缺氧等"),
    ("heat", "高温作业", "health", "#ffd6a5", "夏季室外、车间高温，防暑降温"),
    ("checkup", "体检与就医", "health", "#fdffb6", "体检频次、异地就医、健康监测"),
    ("family", "家庭牵挂", None, "#a0c4ff", "职工对家人的牵挂和家人对职工的担心"),
    ("childcare", "子女托管", "family", "#9bf6ff", "寒暑假、课后孩子无人看护"),
    ("worry", "家属担忧", "family", "#bdb2ff", "家属担心职工的身体和安全"),
    ("home_leave", "探亲休假", "family", "#cdb4db", "探亲假、年休假、路途时间"),
    ("work", "工作条件", None, "#b5e48c", "吃饭、休息、工资、技能等日常工作条件"),
    ("meals_rest", "吃饭休息", "work", "#caffbf", "吃饭难、喝水难、休息难、如厕难"),
    ("pay", "工资待遇", "work", "#f2c14e", "工资、加班费、拖欠"),
    ("skills", "技能提升", "work", "#8ecae6", "培训、技能竞赛、岗位成长"),
    ("union", "对工会的看法", None, "#e9c46a", "职工怎样看工会、遇到困难找谁"),
]

# (site key, days ago, title, occupation, interviewee, age band, attributes, interviewer,
#  text, [(passage, [code keys], quote, important, memo)])
NOTES = [
    ("plateau", 300, "高原三工区隧道班组长访谈", "铁路施工人员", "扎西平措", "36-45",
     {"工龄": "12", "户籍": "四川甘孜"}, "褚明亮",
     "在三工区隧道口和班组长聊了一个多小时。他说刚上来那半个月头痛得睡不着觉，夜里要醒好几次，"
     "现在好些了，但爬坡还是喘。项目给每个人发了血氧监测手环，他每天早上都看一眼数字。"
     "他最担心的是家里：媳妇每次视频都问他头还疼不疼，让他干完这个项目就回老家。"
     "他希望体检能一年两次，年轻人刚上来不知道轻重，最好有人盯着。",
     [("刚上来那半个月头痛得睡不着觉，夜里要醒好几次", ["altitude"], True, True, ""),
      ("项目给每个人发了血氧监测手环", ["checkup"], False, False, "手环已覆盖全班组"),
      ("媳妇每次视频都问他头还疼不疼，让他干完这个项目就回老家", ["worry"], True, False, ""),
      ("他希望体检能一年两次", ["checkup"], False, True, "")]),
    ("qinghai", 260, "格尔木项目老员工谈心", "铁路施工人员", "马建军", "46-55",
     {"工龄": "26", "户籍": "甘肃天水"}, "陈志刚",
     "老马在铁路上干了二十六年，高原项目跑了五个。他说自己身体扛得住，就是家里人不放心，"
     "母亲七十多了，每次打电话第一句就问氧气够不够。他说最盼的是探亲假能多几天，"
     "路上来回就要四天，真正在家只有十来天。听说集体合同里给高海拔职工加了五天年休假，他很高兴。",
     [("母亲七十多了，每次打电话第一句就问氧气够不够", ["worry", "altitude"], True, False, ""),
      ("路上来回就要四天，真正在家只有十来天", ["home_leave"], True, True, ""),
      ("集体合同里给高海拔职工加了五天年休假，他很高兴", ["home_leave", "union"], False, False,
       "政策有感知度")]),
    ("garment", 150, "服装厂女工李大姐：暑假孩子怎么办", "服装厂职工", "李秀芬", "36-45",
     {"工龄": "9", "户籍": "天津宝坻"}, "郑丽娟",
     "车间里找李大姐聊。她两个孩子，一个上三年级一个上一年级。每年一放暑假她就犯愁，"
     "两口子都在厂里上班，老人身体不好带不动，孩子只能锁在家里看电视。她说去年有几天实在没办法，"
     "把孩子带到厂门口的小卖部让人帮着看。她问工会能不能在村里办个暑期班，哪怕只管半天也行。",
     [("每年一放暑假她就犯愁", ["childcare"], False, False, ""),
      ("孩子只能锁在家里看电视", ["childcare"], True, True, "安全隐患"),
      ("她问工会能不能在村里办个暑期班，哪怕只管半天也行", ["childcare", "union"], True, False,
       "")]),
    ("garment", 120, "暑期公益课堂开课后回访", "服装厂职工", "李秀芬", "36-45",
     {"工龄": "9", "户籍": "天津宝坻"}, "韩秀兰",
     "公益课堂在村里开了三周，回访李大姐。她说孩子每天上午去学国学和美术，下午回来还能讲给她听，"
     "她上班踏实多了。她说这回真是工会帮我们解决了大问题。也提了个建议：下午能不能也开，"
     "车间夏天要赶单，下班晚。车间里温度太高，风扇不顶用。",
     [("她上班踏实多了", ["childcare"], False, False, ""),
      ("这回真是工会帮我们解决了大问题", ["union"], True, True, ""),
      ("下午能不能也开", ["childcare"], False, False, ""),
      ("车间里温度太高，风扇不顶用", ["heat"], False, False, "")]),
    ("hexi_station", 90, "驿站快递小哥座谈记录", "快递员", "孙小田", "26-35",
     {"工龄": "4", "户籍": "河北沧州"}, "周晓梅",
     "晚上在驿站和三个快递小哥聊。小孙说以前送完午高峰没地方吃饭，只能蹲在路边啃面包，"
     "现在扫码就能进驿站热饭、充电，还能躺一会儿。他们最头疼的是电动车电池不够用，"
     "一天要换两块。说起孩子，小孙的儿子在老家，一年见两次，他说挣钱就是为了孩子。"
     "他们希望驿站晚上十点以后微波炉也能用。",
     [("以前送完午高峰没地方吃饭，只能蹲在路边啃面包", ["meals_rest"], True, True, ""),
      ("现在扫码就能进驿站热饭、充电，还能躺一会儿", ["meals_rest", "union"], True, False, ""),
      ("小孙的儿子在老家，一年见两次", ["family"], False, False, ""),
      ("希望驿站晚上十点以后微波炉也能用", ["meals_rest"], False, False, "已转问题台账")]),
    ("aocheng_station", 80, "网约车司机老周：孩子放学没人接", "网约车司机", "周大海", "36-45",
     {"工龄": "6", "户籍": "天津南开"}, "冯海涛",
     "老周开网约车六年，妻子在超市上班。孩子下午三点半放学，两口子都接不了，只能托邻居。"
     "他说晚高峰是一天里最挣钱的时候，要是去接孩子就得少跑好几单。听说有的区办了课后托管，"
     "问我们南开什么时候有。他还说跑车一坐就是十几个小时，腰不好，想知道工会体检管不管他们这种没单位的。",
     [("孩子下午三点半放学，两口子都接不了，只能托邻居", ["childcare"], True, True, ""),
      ("要是去接孩子就得少跑好几单", ["childcare", "pay"], False, False, ""),
      ("跑车一坐就是十几个小时，腰不好", ["health"], False, False, ""),
      ("想知道工会体检管不管他们这种没单位的", ["checkup", "union"], True, False,
       "新就业形态劳动者的体检覆盖")]),
    ("terminal", 200, "码头桥吊司机：技能大赛和家庭日", "港口技工", "林国栋", "26-35",
     {"工龄": "8", "户籍": "天津滨海"}, "蒋春燕",
     "小林是桥吊司机，去年参加了职业技能大赛。他说集训那两个月周末都在练，孩子一直问爸爸去哪了。"
     "今年大赛办了家庭日，孩子和爱人都来了，在看台上给他加油，他说那是他最有面子的一天。"
     "他希望比赛成绩能和岗位晋升挂钩，不然年轻人不愿意吃这个苦。",
     [("集训那两个月周末都在练，孩子一直问爸爸去哪了", ["skills", "family"], True, False, ""),
      ("孩子和爱人都来了，在看台上给他加油", ["skills", "union"], True, True, ""),
      ("他希望比赛成绩能和岗位晋升挂钩", ["skills", "pay"], False, False, "")]),
    ("ethylene", 60, "南港乙烯项目钢筋工访谈", "建筑工人", "王铁军", "46-55",
     {"工龄": "20", "户籍": "河南周口"}, "沈宏伟",
     "在工地休息棚里和老王聊。七月中午地面温度四十多度，他说中午那两个小时最难熬，"
     "现在项目把作业时间调开了，工会还送了绿豆汤和藿香正气水。他反映分包老板有两个月工资没发，"
     "家里老人看病等着用钱。他问在外地看病能不能报销，上次在天津住院，回老家报销跑了好几趟。",
     [("七月中午地面温度四十多度，他说中午那两个小时最难熬", ["heat"], True, True, ""),
      ("工会还送了绿豆汤和藿香正气水", ["heat", "union"], False, False, ""),
      ("分包老板有两个月工资没发", ["pay"], True, True, "已登记问题台账，协同区住建委"),
      ("上次在天津住院，回老家报销跑了好几趟", ["checkup"], False, False, "")]),
    ("ethylene", 45, "南港项目电焊工：通勤和休息", "建筑工人", "赵刚", "26-35",
     {"工龄": "5", "户籍": "天津津南"}, "沈宏伟",
     "小赵住在市区，每天坐项目班车来回。早班车只有一趟，错过就得自己打车，来回一百多块。"
     "他说电焊活儿累，中午想找个凉快地方眯一会儿都难。他想考高级焊工证，希望工会能组织培训。",
     [("早班车只有一趟，错过就得自己打车，来回一百多块", ["pay"], False, False, ""),
      ("中午想找个凉快地方眯一会儿都难", ["meals_rest", "heat"], True, False, ""),
      ("他想考高级焊工证，希望工会能组织培训", ["skills", "union"], False, True, "")]),
    ("nigeria", 180, "尼日利亚项目视频访谈：探亲路途", "铁路施工人员", "刘志远", "26-35",
     {"工龄": "7", "户籍": "湖北孝感"}, "卫国强",
     "通过视频和拉各斯项目的小刘聊。他两年回一次国，飞机转两次，路上就要三天。"
     "他说探亲假把路途时间算进去，在家的日子就剩不到二十天，女儿都快不认识他了。"
     "项目上最近疟疾多，药品还够，但雨季快来了心里没底。",
     [("探亲假把路途时间算进去，在家的日子就剩不到二十天", ["home_leave"], True, True, ""),
      ("女儿都快不认识他了", ["worry", "family"], True, False, ""),
      ("项目上最近疟疾多，药品还够，但雨季快来了心里没底", ["health"], False, False, "")]),
    ("uganda", 110, "乌干达项目部青年职工座谈", "铁路施工人员", "陈晓东", "18-25",
     {"工龄": "2", "户籍": "陕西宝鸡"}, "卫国强",
     "几个年轻人都是第一次出国。小陈说营地网络信号差，晚上想和家里视频总卡。"
     "他们业余时间没什么活动，希望工会能组织篮球赛。说到家里，小陈的母亲总担心非洲不安全。",
     [("营地网络信号差，晚上想和家里视频总卡", ["family", "meals_rest"], False, False, ""),
      ("希望工会能组织篮球赛", ["union"], False, False, ""),
      ("小陈的母亲总担心非洲不安全", ["worry"], True, False, "")]),
    ("hexi_station", 20, "外卖骑手：如厕难和健康检测", "外卖骑手", "何勇", "18-25",
     {"工龄": "1", "户籍": "山东德州"}, "孙立新",
     "小何做外卖骑手一年。他说最尴尬的是如厕难，写字楼不让进，公厕晚上关门。"
     "他知道驿站能测血压，但没时间去。他觉得工会离他们挺近的，有事就在群里说。",
     [("最尴尬的是如厕难，写字楼不让进，公厕晚上关门", ["meals_rest"], True, True, ""),
      ("他知道驿站能测血压，但没时间去", ["checkup"], False, False, ""),
      ("他觉得工会离他们挺近的，有事就在群里说", ["union"], True, False, "")]),
]

WORKSPACE_MEMO = ("编码说明", "“家庭牵挂”下的三个子码互不排斥：孩子无人看护同时常带来家属担忧。"
                  "摘录（quote）只选职工原话，不选访谈者的转述。")
CODE_MEMOS = {"childcare": "宝坻、南开、滨海的访谈都提到托管，暑期集中；课后托管是新就业群体的普遍需求。",
              "altitude": "高原反应多集中在进场头一个月，建议新进场职工配专人盯护。"}
NOTE_MEMOS = {2: "与第四条是同一位受访者，前后对照看公益课堂的效果。",
              7: "工资拖欠已转台账，下月回访。"}


def build_demo_interviews(ws, *, today: date | None = None) -> dict[str, int]:
    """Add the demo's notes, codebook, segments and memos to a workspace holding the demo
    directory (one transaction when called inside ``build_demo``). Returns counts."""
    today = today or date.today()
    from fieldkit.core.demo import SITES

    by_name_en = {r["name_en"]: r["id"] for r in ws.query("SELECT id, name_en FROM sites")}
    site_ids = {key: by_name_en.get(name_en) for key, _n, name_en, *_ in SITES}
    cadres = {r["name"]: r["id"] for r in ws.query("SELECT id, name FROM cadres")}
    counts = {"notes": 0, "codes": 0, "segments": 0, "memos": 0}
    with ws.transaction():
        notes.define_attribute(ws, "工龄", "工龄（年）", label_en="Years of service")
        notes.define_attribute(ws, "户籍", "户籍所在地", label_en="Home town", personal=True)
        code_ids: dict[str, str] = {}
        for key, name, parent, colour, description in CODEBOOK:
            code_ids[key] = codes.add_code(ws, name, code_ids.get(parent) if parent else None,
                                           colour, description)
        counts["codes"] = len(code_ids)
        note_ids = []
        for (site, days, title, occupation, person, age_band, attributes, cadre, body,
             coded) in NOTES:
            cadre_id = cadres.get(cadre)
            note_id = notes.create_note(
                ws, title=title, body=body, on_date=today - timedelta(days=days),
                site_id=site_ids.get(site), occupation=occupation, interviewee_name=person,
                age_band=age_band, attributes=attributes,
                interviewers=[cadre_id] if cadre_id else [])
            note_ids.append(note_id)
            for passage, keys, quote, important, memo in coded:
                start = body.index(passage)
                counts["segments"] += len(segments.apply_codes(
                    ws, note_id, start, start + len(passage), [code_ids[k] for k in keys],
                    coder_id=cadre_id, memo=memo, important=important, quote=quote))
        counts["notes"] = len(note_ids)
        memos.add_memo(ws, "workspace", None, WORKSPACE_MEMO[1], title=WORKSPACE_MEMO[0],
                       author="钱雅琴")
        for key, text in CODE_MEMOS.items():
            memos.add_memo(ws, "code", code_ids[key], text, author="钱雅琴")
        for index, text in NOTE_MEMOS.items():
            memos.add_memo(ws, "note", note_ids[index], text, author="钱雅琴")
        first = segments.segments_for_note(ws, note_ids[0])[0]
        memos.add_memo(ws, "segment", first.id, "典型表述，可用于专题报告。", author="褚明亮")
        counts["memos"] = 1 + len(CODE_MEMOS) + len(NOTE_MEMOS) + 1
    return counts
