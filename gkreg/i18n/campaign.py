"""Strings of the campaign area (issue 13): online activities, co-hosts, calendar, feeds,
campaign parts, inspections, consultation previews, paper questionnaires."""

STRINGS: dict[str, tuple[str, str]] = {
    "pub.seats.online": ("在线活动，无需报名", "Online activity, no sign-up needed"),
    # /calendar
    "page.calendar": ("主题日安排", "Theme-day calendar"),
    "cal.intro": (
        "全年政务公开日主题活动，按月排列。现场活动可网上报名，在线活动可点链接观看或拨打热线参与。",
        "This year's open-government theme days by month. Sign up for on-site days; watch or call in to online ones.",
    ),
    "cal.year": ("年份", "Year"),
    "cal.unit": ("单位", "Unit"),
    "cal.form": ("活动形式", "Form"),
    "cal.all": ("全部", "All"),
    "cal.none": ("所选条件下暂无已公布的主题日活动。", "No published theme days match these filters."),
    "cal.month": ("{year}年{month}月", "{month}/{year}"),
    "cal.held_month": ("（暂缓公布）", " (held back)"),
    "cal.hosts": ("主办：{lead}", "Host: {lead}"),
    "cal.cohosts": ("合办：{names}", "Co-hosts: {names}"),
    "cal.signup": ("我要报名", "Sign up"),
    "cal.watch": ("观看 / 参与", "Watch / take part"),
    "cal.hotline": ("热线：{number}", "Hotline: {number}"),
    "cal.state.finalized": ("名单已确定", "List closed"),
    "cal.state.held": ("已举办", "Held"),
    "cal.download_ics": ("下载日历（.ics）", "Download calendar (.ics)"),
    "cal.download_xlsx": ("下载年度主题日安排表（Excel）", "Download the year's schedule (Excel)"),
    "cal.subscribe": (
        "订阅地址（在手机或电脑日历中“添加订阅日历”，自动更新）：",
        "Subscription address (add it as a subscribed calendar; it updates itself):",
    ),
    "cal.office": ("月度安排发布（政务公开办）", "Publish months (office)"),
    "cal.office_help": (
        "暂缓公布的月份不在公开日历、订阅和门户订阅源中显示。",
        "A held month is hidden from the public calendar and every feed.",
    ),
    "cal.publish_month": ("公布 {label}", "Publish {label}"),
    "cal.hold_month": ("暂缓 {label}", "Hold {label}"),
    "cal.saved": ("已保存。", "Saved."),
    "cal.feeds": ("门户订阅源：", "Feeds for the portal:"),
    # online record on /reports
    "online.record": ("访谈实录与问答", "Transcript and questions"),
    "online.transcript": ("实录", "Transcript"),
    "online.q": ("问：{text}", "Q: {text}"),
    "online.a": ("答：{text}", "A: {text}"),
    "online.unanswered": ("（待答复）", "(not answered yet)"),
}

STRINGS.update(
    {
        # /manage-events: online activities and co-hosts
        "oc.kind": ("活动类型", "Kind of activity"),
        "oc.kind.seated": ("现场活动（报名、名单）", "On-site (sign-up and list)"),
        "oc.kind.online": (
            "在线活动（访谈、热线、发布解读、问卷、网上征集）",
            "Online (interview, hotline, policy briefing, survey, online call)",
        ),
        "oc.form": ("活动形式", "Form"),
        "oc.title": ("活动主题", "Theme"),
        "oc.date": ("日期", "Date"),
        "oc.start": ("开始时间", "Starts"),
        "oc.end": ("结束时间", "Ends"),
        "oc.stream": ("直播或参与链接（https://…）", "Stream or participation link (https://…)"),
        "oc.hotline": ("热线号码", "Hotline number"),
        "oc.schedule": ("活动议程（每行一项）", "Schedule (one item a line)"),
        "oc.description": ("活动介绍", "Description"),
        "oc.guests": ("嘉宾（姓名、职务、单位）", "Guests (name, title, unit)"),
        "oc.guest.name": ("姓名", "Name"),
        "oc.guest.title": ("职务", "Title"),
        "oc.guest.unit": ("单位", "Unit"),
        "oc.save_draft": ("保存草稿", "Save draft"),
        "oc.save_publish": ("保存并发布", "Save and publish"),
        "oc.created": ("在线活动已创建。", "Online activity created."),
        "oc.panel": ("在线活动", "Online activity"),
        "oc.no_list": (
            "在线活动没有报名和参加人员名单；活动开始后直接标记“已举办”。",
            "An online activity has no sign-up or list; mark it held once it has started.",
        ),
        "oc.save": ("保存", "Save"),
        "oc.saved": ("已保存。", "Saved."),
        "oc.held_button": ("标记已举办", "Mark as held"),
        "oc.held_done": (
            "已标记为已举办，请整理实录和问答、填写活动开展情况。",
            "Marked as held: write up the record and the report.",
        ),
        "oc.record": ("访谈实录与问答", "Transcript and questions"),
        "oc.transcript": ("访谈实录", "Transcript"),
        "oc.save_transcript": ("保存实录", "Save transcript"),
        "oc.questions": ("问答（热线来电、网友提问）", "Questions (calls, online questions)"),
        "oc.question": ("问题", "Question"),
        "oc.answer": ("答复", "Answer"),
        "oc.asker": ("提问人（可不填，公开时不显示）", "Asked by (optional, never shown publicly)"),
        "oc.add_question": ("添加问答", "Add question"),
        "oc.to_ledger": ("转入意见台账", "Send to the ledger"),
        "oc.in_ledger": ("已转入意见台账（编号 {id}）", "In the ledger (no. {id})"),
        "oc.sent": ("已转入意见台账。", "Sent to the ledger."),
        "oc.publish_record": ("公开实录和问答", "Publish the record"),
        "oc.withdraw_record": ("撤回公开", "Withdraw the record"),
        "oc.record_public": (
            "实录和问答已于 {date} 公开（显示在“活动开展情况”页）。",
            "Record published on {date} (shown on the reports page).",
        ),
        "oc.no_questions": ("还没有录入问答。", "No questions yet."),
        "oc.cohosts": ("合办单位", "Co-hosting units"),
        "oc.cohosts_help": (
            "合办单位的工作人员可以查看和管理本活动的参加人员和意见；考核时每个主办、合办单位各计一次。",
            "Co-hosts' staff see and manage this event's attendees and opinions; each host is credited once.",
        ),
        "oc.cohosts_save": ("保存合办单位", "Save co-hosts"),
        "oc.cohost_of": (
            "本单位为合办单位，活动信息由主办单位 {lead} 维护。",
            "Your unit co-hosts this event; {lead} maintains it.",
        ),
    }
)

STRINGS.update(
    {
        # /campaign-work: submissions against deadlines, inspections, points
        "page.campaign_work": ("报送与督查", "Submissions & inspections"),
        "cw.campaign": ("活动安排", "Campaign"),
        "cw.no_campaign": ("还没有活动安排，请先在“系统管理”中新建。", "No campaign yet: create one under Admin."),
        "cw.tab.status": ("报送情况", "Submissions"),
        "cw.tab.setup": ("主题、参与单位和时限", "Theme, units and deadlines"),
        "cw.tab.inspections": ("督查记录", "Inspections"),
        "cw.tab.points": ("加减分", "Bonus / penalty points"),
        "cw.tab.submit": ("报送材料和总结", "Submit materials and summary"),
        "cw.tab.my_inspections": ("督查整改", "Inspections of my unit"),
        "cw.theme": ("活动主题", "Theme"),
        "cw.units": ("参与单位（不选即全部单位）", "Participating units (none chosen: all units)"),
        "cw.save": ("保存", "Save"),
        "cw.saved": ("已保存。", "Saved."),
        "cw.deadlines": ("报送时限", "Deadlines"),
        "cw.no_deadlines": ("还没有设置报送时限。", "No deadlines yet."),
        "cw.d.kind": ("类型", "Kind"),
        "cw.d.name": ("名称", "Name"),
        "cw.d.date": ("截止日期", "Due date"),
        "cw.d.time": ("截止时间", "Due time"),
        "cw.d.add": ("添加时限", "Add deadline"),
        "cw.d.remove": ("删除", "Remove"),
        "cw.kind.plan": ("方案报送", "Plan"),
        "cw.kind.materials": ("活动材料报送", "Materials"),
        "cw.kind.summary": ("总结报告报送", "Summary report"),
        "cw.kind.other": ("其他", "Other"),
        "cw.state.on_time": ("按时", "On time"),
        "cw.state.late": ("逾期", "Late"),
        "cw.state.missing": ("未报送", "Missing"),
        "cw.state.pending": ("未到期", "Not due yet"),
        "cw.col.unit": ("单位", "Unit"),
        "cw.counts": (
            "按时 {on_time} · 逾期 {late} · 未报送 {missing} · 未到期 {pending}",
            "On time {on_time} · late {late} · missing {missing} · not due {pending}",
        ),
        "cw.due": ("截止：{due}", "Due: {due}"),
        "cw.my_state": ("本单位：{state}", "My unit: {state}"),
        "cw.body": ("报送内容（文字）", "Text"),
        "cw.links": ("视频或网页链接（每行一个，https://…）", "Video or page links (one a line, https://…)"),
        "cw.files": (
            "照片或附件（JPG、PNG、PDF、Office文档，每个不超过10MB）",
            "Photos or attachments (JPG, PNG, PDF, Office; up to 10 MB each)",
        ),
        "cw.submit": ("报送", "Submit"),
        "cw.submitted": ("已报送。", "Submitted."),
        "cw.history": ("已报送 {n} 次，最近一次 {at}", "Submitted {n} times, last at {at}"),
        "cw.not_participant": ("本单位不在该活动安排的参与单位之列。", "Your unit does not take part in this campaign."),
        "cw.i.unit": ("被督查单位", "Unit inspected"),
        "cw.i.event": ("督查的活动（可不选）", "Event inspected (optional)"),
        "cw.i.none": ("（不针对具体活动）", "(no particular event)"),
        "cw.i.date": ("督查日期", "Date"),
        "cw.i.findings": ("督查发现的问题和情况", "Findings"),
        "cw.i.rectify": ("要求整改", "Rectification required"),
        "cw.i.rectify_by": ("整改期限", "Rectify by"),
        "cw.i.photos": ("现场照片（JPG、PNG）", "Photos (JPG, PNG)"),
        "cw.i.record": ("记录督查", "Record inspection"),
        "cw.i.none_yet": ("暂无督查记录。", "No inspections yet."),
        "cw.i.no_units": (
            "还没有启用的单位，请先在“系统管理”中添加单位。",
            "No active units yet: add units in Administration first.",
        ),
        "cw.i.mark_done": ("确认已整改", "Confirm rectified"),
        "cw.i.state": ("整改：{state}", "Rectification: {state}"),
        "cw.p.unit": ("单位", "Unit"),
        "cw.p.points": ("分值（加分为正，减分为负）", "Points (positive bonus, negative penalty)"),
        "cw.p.reason": ("理由", "Reason"),
        "cw.p.add": ("记录加减分", "Record points"),
        "cw.p.none": ("暂无加减分。", "No points yet."),
        "cw.p.no_units": ("本次活动还没有参与单位，无法加减分。", "This campaign has no participating units to score yet."),
        "cw.p.col.points": ("分值", "Points"),
        "cw.p.col.reason": ("理由", "Reason"),
        "cw.p.col.date": ("日期", "Date"),
    }
)

STRINGS.update(
    {
        "assess.points": ("督查加减分", "Inspection points"),
        "assess.inspections": ("督查与加减分", "Inspections and points"),
        "assess.insp.inspection": ("督查", "Inspection"),
        "assess.insp.bonus": ("加分", "Bonus"),
        "assess.insp.penalty": ("减分", "Penalty"),
        "assess.insp.col.0": ("类别", "Kind"),
        "assess.insp.col.1": ("日期", "Date"),
        "assess.insp.col.2": ("活动", "Event"),
        "assess.insp.col.3": ("督查情况 / 加减分理由", "Findings / reason for the points"),
        "assess.insp.col.4": ("整改期限", "Rectify by"),
        "assess.insp.col.5": ("整改情况", "Rectification"),
        "assess.insp.col.6": ("分值", "Points"),
    }
)

STRINGS.update(
    {
        "oc.plan": ("方案：联系人和活动流程", "Plan: contacts and steps"),
        "oc.plan_help": (
            "联系人和电话只有本单位和县政务公开办能看到；活动流程按顺序填写，每行一步。",
            "Contacts and phones are seen by your unit and the office only; steps in order, one a line.",
        ),
        "oc.contact.name": ("联系人", "Contact"),
        "oc.contact.phone": ("电话", "Phone"),
        "oc.contact.role": ("职务或分工", "Role"),
        "oc.steps": ("活动流程（每行一步）", "Steps (one a line)"),
        "oc.plan_save": ("保存方案", "Save plan"),
        "cw.contacts": ("各单位活动联系人", "Event contacts of all units"),
        "cw.c.unit": ("单位", "Unit"),
        "cw.c.event": ("活动", "Event"),
        "cw.c.name": ("联系人", "Contact"),
        "cw.c.phone": ("电话", "Phone"),
        "cw.c.role": ("分工", "Role"),
    }
)

STRINGS.update(
    {
        "pq.tab": ("纸质问卷", "Paper forms"),
        "pq.draft": ("问卷发布后才能录入纸质答卷。", "Publish the questionnaire before entering paper forms."),
        "pq.online": ("网上答卷", "Online"),
        "pq.paper": ("纸质答卷", "Paper"),
        "pq.all": ("合计", "Together"),
        "pq.col.question": ("题目", "Question"),
        "pq.col.option": ("选项", "Option"),
        "pq.enter": ("录入一份纸质答卷", "Enter one paper form"),
        "pq.save": ("保存这一份", "Save this form"),
        "pq.saved": ("已录入一份纸质答卷。", "Paper form saved."),
        "pq.import": ("批量导入纸质答卷", "Import paper forms"),
        "pq.import_help": (
            "先下载本问卷的Excel模板，每行填一份答卷（多选用“、”分隔），再上传导入；"
            "有一行不符合要求则全部不导入，并指出是哪一行。",
            "Download this questionnaire's template, fill one row per form (multiple choices separated "
            "by 、), then upload; one bad row stops the import and is named.",
        ),
        "pq.template": ("下载Excel模板", "Download the template"),
        "pq.file": ("填好的模板（.xlsx）", "Filled template (.xlsx)"),
        "pq.import_button": ("导入", "Import"),
        "pq.importing": ("正在导入…", "Importing…"),
        "pq.imported": ("已导入{n}份纸质答卷。", "Imported {n} paper forms."),
    }
)

STRINGS.update(
    {
        "cr.preview_header": ("决策预公开目录（{year}年）", "Decisions to be consulted on ({year})"),
        "cr.preview_none": ("本年度暂无公布的拟征集意见事项。", "No planned consultations published for this year."),
        "cr.month": ("{month}月", "Month {month}"),
        "cr.closed_header": ("已结束的意见征集", "Closed consultations"),
        "cr.closed_none": ("暂无已结束的意见征集。", "No closed consultations yet."),
        "cr.figures": (
            "{unit} · 截止 {ended} · 收到意见 {comments} 条（{people} 人参与），采纳 {adopted} 条",
            "{unit} · closed {ended} · {comments} comments from {people} people, {adopted} adopted",
        ),
        "cr.outcome": ("采纳结果：", "Outcome:"),
        "cr.outcome_pending": ("采纳结果整理中。", "Outcome being prepared."),
        "cr.plan_header": ("决策预公开目录（本单位）", "Planned consultations (my unit)"),
        "cr.plan_year": ("年份", "Year"),
        "cr.plan_month": ("计划月份", "Month"),
        "cr.plan_title": ("拟征集意见的决策事项", "Decision to consult on"),
        "cr.plan_description": ("事项说明（可不填）", "Description (optional)"),
        "cr.plan_add": ("加入目录", "Add to the list"),
        "cr.plan_remove": ("移除", "Remove"),
        "cr.outcome_label": ("采纳结果（公开）", "Outcome (public)"),
        "cr.outcome_save": ("公布采纳结果", "Publish the outcome"),
        "cr.saved": ("已保存。", "Saved."),
    }
)

STRINGS.update({"oc.status_open": ("已发布（在线）", "Published (online)")})

STRINGS.update({"online.guests": ("嘉宾：", "Guests: ")})
