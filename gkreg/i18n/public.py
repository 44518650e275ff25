"""UI strings of the public area: key -> (Chinese, English)."""

STRINGS: dict[str, tuple[str, str]] = {
    "pub.sep": ("：", ": "),
    # seat state
    "pub.seats.left": ("群众代表名额剩余 {n} 个", "{n} seats left for citizens"),
    "pub.seats.full_waitlist": ("已满，可登记候补", "Full: you can join the waiting list"),
    "pub.seats.full_review": ("名额已满，仍可报名，经审核后进入候补", "Full: you can still apply and be put on the waiting list"),
    "pub.seats.not_yet": ("报名尚未开始（{opens} 开始）", "Sign-up has not opened yet (opens {opens})"),
    "pub.seats.closed": ("报名已截止", "Sign-up has closed"),
    "pub.seats.finalized": ("名单已确定，报名已截止", "The list is final; sign-up has closed"),
    "pub.seats.over": ("报名已截止", "Sign-up has closed"),
    # the list
    "pub.intro": (
        "走进政府机关、项目现场和决策会议，面对面了解政策、提出意见建议。选择活动即可在线报名。",
        "Visit government offices, project sites and meetings, learn about policies and give your "
        "opinion. Pick an event to sign up online.",
    ),
    "pub.search": ("搜索活动", "Search events"),
    "pub.search.placeholder": ("输入主题、单位或地点关键词", "Theme, unit or place"),
    "pub.filters": ("按单位、形式、月份筛选", "Filter by unit, form, month"),
    "pub.filter.unit": ("单位", "Unit"),
    "pub.filter.form": ("活动形式", "Form"),
    "pub.filter.month": ("月份", "Month"),
    "pub.filter.all_units": ("全部单位", "All units"),
    "pub.filter.all_forms": ("全部形式", "All forms"),
    "pub.filter.all_months": ("全部月份", "All months"),
    "pub.count": ("共 {n} 场活动", "{n} events"),
    "pub.empty": (
        "目前没有正在开放报名的活动。新的开放日安排发布后会显示在这里，欢迎稍后再来。",
        "No open days are open for sign-up right now. New ones will appear here; please come back later.",
    ),
    "pub.no_match": (
        "没有符合条件的活动，请换个关键词或清除筛选条件。",
        "No event matches; try another keyword or clear the filters.",
    ),
    "pub.card.unit": ("主办单位", "Unit"),
    "pub.card.form": ("活动形式", "Form"),
    "pub.card.when": ("活动时间", "When"),
    "pub.card.place": ("活动地点", "Where"),
    "pub.card.deadline": ("报名截止", "Sign-up closes"),
    "pub.card.approval": ("报名方式", "How places are given"),
    "pub.card.approval.review": ("单位审核", "Reviewed by the unit"),
    "pub.card.approval.auto": ("先到先得", "First come, first served"),
    "pub.card.about": ("活动介绍", "About this event"),
    "pub.signup": ("我要报名", "Sign up"),
    "pub.details": ("查看详情", "Details"),
    "pub.all_events": ("查看全部活动", "See all events"),
    "pub.back": ("返回活动列表", "Back to the list"),
    "pub.event_missing": (
        "没有找到这场活动。链接可能有误，或活动已取消。您可以查看其他正在报名的活动。",
        "We could not find this event. The link may be wrong or the event was cancelled. See the other events open for sign-up.",
    ),
    "pub.event_held": ("这场活动已经举办。活动情况可在“活动报道”页面查看。", "This event has taken place. See the Reports page."),
    "pub.no_form": ("本场活动目前不接受报名。", "This event does not take sign-ups now."),
    "pub.poster_qr": ("本活动二维码（可用于海报）", "QR code of this event (for posters)"),
    "pub.poster_download": ("下载二维码图片", "Download the QR code"),
    # the form
    "pub.form.title": ("填写报名信息", "Your details"),
    "pub.form.name": ("姓名", "Name"),
    "pub.form.phone": ("手机号", "Mobile phone"),
    "pub.form.id_number": ("身份证号", "ID number"),
    "pub.form.organization": ("工作单位/职业（选填）", "Employer / occupation (optional)"),
    "pub.form.topic": ("关注的问题（选填）", "Issues you care about (optional)"),
    "pub.form.topic.help": (
        "您希望在活动中了解或反映的问题，单位会提前准备。",
        "What you would like to ask or raise; the unit will prepare.",
    ),
    "pub.form.phone.help": ("用于查询、取消报名和接收活动通知。", "For looking up or cancelling and for notices."),
    "pub.form.id.help": (
        "仅用于审核和现场安保核验，加密保存，页面上只显示部分号码。",
        "Only for review and the security check at the door; stored encrypted, shown masked.",
    ),
    "pub.form.consent": (
        "我已阅读并同意《个人信息处理告知》",
        "I have read and agree to the privacy notice",
    ),
    "pub.form.submit": ("提交报名", "Submit"),
    "pub.form.fix": ("请按提示修改后再提交：", "Please correct the following and submit again:"),
    "pub.form.not_stored": ("报名信息尚未保存。", "Nothing has been saved yet."),
    "pub.form.waitlist_note": (
        "本场名额已满，提交后将进入候补名单，有人取消时按报名先后递补。",
        "This event is full: you will join the waiting list and move up when someone cancels.",
    ),
    "pub.form.review_full_note": (
        "本场名额已满，提交后由单位审核，通过后进入候补名单。",
        "This event is full: after review you will be put on the waiting list.",
    ),
    "pub.privacy.title": ("个人信息处理告知", "Privacy notice"),
    "pub.privacy.who": (
        "收集者：活动主办单位（{unit}）和县政务公开办。",
        "Who collects: the organising unit ({unit}) and the county openness office.",
    ),
    "pub.privacy.what": (
        "收集内容：姓名、手机号、身份证号，以及您选填的工作单位/职业和关注的问题。身份证号属于敏感个人信息，加密保存。",
        "What: name, mobile phone, ID number, and the optional employer/occupation and issues. "
        "The ID number is sensitive personal information and is stored encrypted.",
    ),
    "pub.privacy.why": (
        "用途：审核报名、确定参加人员，以及活动现场的安保核验；不用于其他目的，不向第三方提供。",
        "Why: to review sign-ups, decide who attends, and for the security check at the venue; "
        "for nothing else and given to no third party.",
    ),
    "pub.privacy.keep": (
        "保存期限：身份证号和手机号在活动结束 {days} 天后删除，只保留不含身份信息的统计数字。",
        "How long: ID numbers and phones are erased {days} days after the event; only totals stay.",
    ),
    "pub.privacy.cancel": (
        "您的权利：可随时凭报名编号和手机号在本网站“报名查询”页面查询或取消报名。",
        "Your rights: look up or cancel at any time on this site's My registration page with your registration code and phone.",
    ),
    # success
    "pub.done.title": ("报名已提交", "Sign-up received"),
    "pub.done.code": ("报名编号", "Registration code"),
    "pub.done.keep": (
        "请保存报名编号（截图或记下）。凭报名编号和手机号可在“报名查询”页面查询结果或取消报名。",
        "Keep this code (take a screenshot). With it and your phone you can look up or cancel on the My registration page.",
    ),
    "pub.done.status": ("报名状态", "Status"),
    "pub.done.event": ("报名活动", "Event"),
    "pub.done.qr": ("报名编号二维码", "QR code of your registration code"),
    "pub.done.ics": ("添加到日历（.ics）", "Add to calendar (.ics)"),
    "pub.done.qr_download": ("下载二维码", "Download QR code"),
    "pub.done.lookup": ("去查询报名", "Look up my registration"),
    "pub.done.again": ("报名其他活动", "Sign up for another event"),
    # statuses and next steps
    "pub.status.pending": ("待审核", "Awaiting review"),
    "pub.status.confirmed": ("已确认", "Confirmed"),
    "pub.status.waitlisted": ("候补", "Waiting list"),
    "pub.status.waitlisted_pos": ("候补（第 {n} 位）", "Waiting list (number {n})"),
    "pub.status.rejected": ("未通过", "Not accepted"),
    "pub.status.cancelled": ("已取消", "Cancelled"),
    "pub.next.pending": (
        "{unit}将审核您的报名，审核结果请凭报名编号和手机号在“报名查询”页面查看。",
        "{unit} will review your sign-up; check the result on the My registration page.",
    ),
    "pub.next.confirmed": (
        "您已获得参加名额。请于 {when} 携带本人身份证到 {place} 参加活动；如不能参加，请提前取消，把名额让给其他群众。",
        "You have a place. Please come to {place} at {when} with your ID card; if you cannot come, "
        "please cancel so someone else can take the place.",
    ),
    "pub.next.waitlisted": (
        "目前名额已满，您在候补名单第 {n} 位。有人取消时按先后顺序自动递补，请留意查询结果。",
        "The event is full; you are number {n} on the waiting list. You move up automatically "
        "when someone cancels; check back later.",
    ),
    "pub.next.rejected": ("很抱歉，本次报名未通过。原因：{reason}", "Sorry, this sign-up was not accepted. Reason: {reason}"),
    "pub.next.cancelled": (
        "本次报名已取消。如需参加，可重新报名其他活动。",
        "This sign-up is cancelled. You are welcome to sign up again.",
    ),
    # lookup
    "pub.lookup.tab_reg": ("查询报名", "My registration"),
    "pub.lookup.tab_opinion": ("查询意见答复", "Replies to my opinion"),
    "pub.lookup.intro": (
        "输入报名时获得的报名编号和报名所用手机号，查询审核结果或取消报名。",
        "Enter your registration code and the phone you signed up with.",
    ),
    "pub.lookup.code": ("报名编号", "Registration code"),
    "pub.lookup.phone": ("手机号", "Mobile phone"),
    "pub.lookup.submit": ("查询", "Look up"),
    "pub.lookup.missing": ("请填写报名编号和手机号。", "Please enter the code and the phone."),
    "pub.lookup.cancel": ("取消报名", "Cancel my sign-up"),
    "pub.lookup.confirm": (
        "确定要取消本次报名吗？取消后名额将让给其他群众，不能恢复。",
        "Cancel this sign-up? Your place goes to someone else and cannot be restored.",
    ),
    "pub.lookup.confirm_yes": ("确认取消报名", "Yes, cancel it"),
    "pub.lookup.confirm_no": ("不取消", "Keep it"),
    "pub.lookup.cancelled": ("已取消报名。感谢您告知，名额已让给其他群众。", "Cancelled. Thank you for letting us know."),
    "pub.lookup.new": ("清空重新输入", "Start over"),
    "pub.lookup.opinion_unavailable": (
        "意见答复查询暂时无法使用，请稍后再试。",
        "Looking up replies is unavailable right now; please try later.",
    ),
    "pub.lookup.reason": ("未通过原因", "Reason"),
}
