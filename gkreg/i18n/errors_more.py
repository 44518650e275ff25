"""English for the staff side's error sentences: event and campaign work, inspections, questionnaires, opinion
handling, imports, accounts, settings and the command line (gkreg/i18n/errors.py has the public side).

Exact sentences first, then patterns with the values they carry (group names as in errors.py).
"""

from __future__ import annotations

import re

EXACT: dict[str, str] = {
    # accounts and access
    "请先以有效的工作人员账号登录。": "Please log in with a valid staff account first.",
    "您只能管理本单位的活动和数据。": "You can only manage your own unit's events and data.",
    "此操作仅限县政务公开办。": "Only the county open-government office can do this.",
    "您只能管理本单位主办或合办的活动和数据。": "You can only manage events and data your unit hosts or co-hosts.",
    "密码至少需要8个字符。": "A password needs at least 8 characters.",
    "密码不能超过72个字符。": "A password can have at most 72 characters.",
    "密码的开头和结尾不能是空格。": "A password cannot begin or end with a space.",
    "用户名应为2至32个字母、数字、下划线、点或横线。": "A user name has 2 to 32 letters, digits, underscores, dots or hyphens.",
    "角色应为 coordinator（政务公开办）或 unit_staff（单位管理员）。": (
        "The role must be coordinator (open-government office) or unit_staff (unit administrator)."
    ),
    "单位管理员必须绑定一个单位。": "A unit administrator must belong to a unit.",
    "不能停用自己的账号。": "You cannot deactivate your own account.",
    "未找到该单位管理员账号。": "Unit administrator account not found.",
    "未找到该账号。": "Account not found.",
    "单位类型应为乡镇（街道）、县直部门或企事业单位。": (
        "The unit type must be township (subdistrict), county department, or enterprise/institution."
    ),
    "未找到所选单位。": "The chosen unit was not found.",
    # assessment
    "权重不能全部为0。": "The weights cannot all be 0.",
    "月份应在1到12之间。": "The month must be between 1 and 12.",
    "年份不正确。": "Invalid year.",
    "年份和月份应为数字。": "The year and month must be numbers.",
    "月份格式应为 2026-05。": "Write the month like 2026-05.",
    # campaigns, deadlines, submissions
    "时限类型不正确。": "Invalid deadline type.",
    "请填写截止日期和时间。": "Please enter the due date and time.",
    "已有单位按该时限报送，不能删除。": "Units have already submitted for this deadline; it cannot be deleted.",
    "未找到该报送时限。": "Deadline not found.",
    "本单位不在该活动安排的参与单位之列。": "Your unit does not take part in this campaign.",
    "请填写报送内容，或添加链接、附件。": "Please write the submission, or add links or attachments.",
    "您只能查看本单位的报送情况。": "You can only see your own unit's submissions.",
    "结束日期不能早于开始日期。": "The end date cannot be before the start date.",
    "计划备案截止日期不能晚于活动安排的结束日期。": "The plan filing deadline cannot be after the campaign's end date.",
    "未找到该活动安排。": "Campaign not found.",
    "时间不能为空。": "Please enter a time.",
    "未找到该预公开事项。": "Catalogue entry not found.",
    "未找到该意见征集。": "Consultation not found.",
    "意见征集结束后才能公布采纳结果。": "The adoption results can be published only after the consultation has ended.",
    # inspections
    "督查日期不能晚于今天。": "The inspection date cannot be after today.",
    "整改期限不能早于督查日期。": "The rectification deadline cannot be before the inspection date.",
    "未找到该督查记录。": "Inspection not found.",
    "该督查没有整改要求。": "This inspection asks for no rectification.",
    "未找到该照片。": "Photo not found.",
    "您只能查看本单位的督查记录。": "You can only see your own unit's inspections.",
    "所选活动不是该单位主办或合办的活动。": "The chosen event is not hosted or co-hosted by this unit.",
    "分值应为数字，加分为正、减分为负。": "The points must be a number: positive to add, negative to deduct.",
    # events, lists, reports
    "活动形式不正确。": "Invalid event format.",
    "报名方式应为“单位审核”或“先到先得”。": 'The sign-up method must be "Reviewed by the unit" or "First come, first served".',
    "请填写活动开始时间。": "Please enter the event's start time.",
    "结束时间不能早于开始时间。": "The end time cannot be before the start time.",
    "报名截止时间不能早于报名开始时间。": "Sign-up cannot close before it opens.",
    "报名截止时间不能晚于活动开始时间。": "Sign-up must close by the time the event starts.",
    "人数上限应为整数。": "The capacity must be a whole number.",
    "只有草稿可以发布。": "Only a draft can be published.",
    "活动已取消，不能修改合办单位。": "The event is cancelled; its co-hosts cannot be changed.",
    "合办单位最多50个。": "At most 50 co-hosts.",
    "未找到所选的合办单位。": "The chosen co-host was not found.",
    "新活动只能是草稿或开放报名。": "A new event can only be a draft or open for sign-up.",
    "在线活动没有参加人员名单，无需确定名单。": "An online event has no list of participants to finalise.",
    "该活动的名单已确定或活动已结束，不能再次确定名单。": "This event's list is already final or the event is over.",
    "名单中还没有已确认的参加人员，不能确定名单。": "The list cannot be finalised: no participant is confirmed yet.",
    "名单已确定或活动已结束，不能再邀请。": "The list is final or the event is over; no more invitations.",
    "名单已确定或活动已结束，不能再审核。": "The list is final or the event is over; sign-ups can no longer be reviewed.",
    "未找到该报名记录。": "Sign-up not found.",
    "只有待审核的报名可以审核通过。": "Only sign-ups awaiting review can be accepted.",
    "只有待审核或候补的报名可以设为不通过。": "Only sign-ups awaiting review or on the waiting list can be rejected.",
    "只有已确认的参加人员可以签到。": "Only confirmed participants can check in.",
    "该报名没有身份证号（未填写或已按保留期限删除）。": (
        "This sign-up has no ID number (none given, or deleted after the retention period)."
    ),
    "请填写每位联系人的姓名。": "Please enter the name of each contact person.",
    "联系人信息仅限主办单位和县政务公开办查看。": (
        "Contact details are for the host unit and the county open-government office only."
    ),
    "活动已举办或已取消，不能再修改活动信息。": (
        "The event has taken place or is cancelled; its details can no longer be changed."
    ),
    "请先确定名单（名单确定），再标记活动已举办。": "Please finalise the list first, then mark the event as held.",
    "活动已举办或已取消，不能取消。": "The event has taken place or is already cancelled; it cannot be cancelled.",
    "已取消的活动不需要备案。": "A cancelled event need not be filed.",
    "只有已发布的在线活动可以标记为已举办。": "Only a published online event can be marked as held.",
    "只有名单已确定的活动可以标记为已举办。": "Only an event with a final list can be marked as held.",
    "该活动已备案。": "This event is already filed.",
    "活动举办后（标记为“已举办”）才能填写活动开展情况。": (
        'The event report can be written only after the event is marked "Held".'
    ),
    "实到人数应在0到1000之间。": "The attendance must be between 0 and 1000.",
    "实到人数应为整数。": "The attendance must be a whole number.",
    "该活动的报道已发布。": "This event's report is already published.",
    "只有已举办的活动可以发布活动开展情况。": "Only an event that has taken place can have its report published.",
    "请先填写并保存活动开展情况，再发布。": "Please write and save the event report before publishing it.",
    "活动举办后才能上传照片。": "Photos can be uploaded only after the event has taken place.",
    "照片文件是空的。": "The photo file is empty.",
    "导出格式应为 xlsx 或 csv。": "The export format must be xlsx or csv.",
    # online events
    "直播或参与链接应以 http:// 或 https:// 开头。": "The live or join link must begin with http:// or https://.",
    "热线号码只能包含数字、横线和“转”，例如 0531-12345。": (
        'A hotline number has only digits, hyphens and "转" (extension), e.g. 0531-12345.'
    ),
    "请填写每位嘉宾的姓名。": "Please enter the name of each guest.",
    "该问题已转入意见台账。": "This question is already in the opinion ledger.",
    "请先填写访谈实录或录入问答，再公开。": "Please write the transcript or enter the questions before publishing.",
    "请填写直播（参与）链接或热线号码，群众才能参与。": (
        "Please give a live (join) link or a hotline number so that citizens can take part."
    ),
    "该活动不是在线活动。": "This is not an online event.",
    "活动已举办或已取消，不能再修改。": "The event has taken place or is cancelled; it can no longer be changed.",
    "活动举办后（标记为“已举办”）才能填写实录和问答。": (
        'The transcript and questions can be written only after the event is marked "Held".'
    ),
    "未找到该问题。": "Question not found.",
    # opinion ledger
    "办理状态不正确。": "Invalid handling status.",
    "请先勾选要处理的意见。": "Please tick the opinions to handle first.",
    "进展日期不能晚于今天。": "The progress date cannot be after today.",
    "未找到该条意见。": "Opinion not found.",
    "截止时间应晚于现在。": "The deadline must be in the future.",
    "意见来源不正确。": "Invalid opinion source.",
    "您只能查看本单位的意见台账。": "You can only see your own unit's opinion ledger.",
    "请先勾选要公示的意见。": "Please tick the opinions to publish first.",
    # questionnaires
    "问卷发布后才能录入纸质答卷。": "Publish the questionnaire before entering paper forms.",
    "所选活动不属于该问卷的单位。": "The chosen event does not belong to the questionnaire's unit.",
    "文件是空的。": "The file is empty.",
    "模板中没有填写答卷（从第3行起每行一份）。": "The template has no answers (one form per row, from row 3).",
    "无法读取该文件，请使用本问卷下载的Excel模板。": (
        "The file cannot be read; please use the Excel template downloaded for this questionnaire."
    ),
    "这不是本问卷当前题目的模板（题目可能已修改），请重新下载模板填写。": (
        "This template does not fit the questionnaire's current questions (they may have changed); "
        "please download the template again."
    ),
    "问卷模板不存在。": "Questionnaire template not found.",
    "政策名称不能超过60个字。": "The policy name can have at most 60 characters.",
    "全县问卷仅限县政务公开办创建和管理。": (
        "Only the county open-government office can create and manage county-wide questionnaires."
    ),
    "联系方式设置应为匿名、可留或须留。": "The contact setting must be anonymous, optional or required.",
    "未找到该文字回答。": "Written answer not found.",
    "这条回答已经转入意见台账。": "This answer is already in the opinion ledger.",
    "所选活动不属于该单位。": "The chosen event does not belong to this unit.",
    "该问卷已有人填写，不能再修改题目；如需调整请新建问卷。": (
        "This questionnaire already has answers, so its questions cannot change; create a new questionnaire instead."
    ),
    "该问卷已经发布。": "This questionnaire is already published.",
    "问卷截止时间已过，请先修改截止时间再发布。": "The closing time has passed; change it before publishing.",
    "只有已发布的问卷可以结束。": "Only a published questionnaire can be ended.",
    "该问卷已有人填写，不能删除；可以结束问卷。": "This questionnaire already has answers and cannot be deleted; you can end it.",
    "全县问卷的回答请先选择承办单位。": "For a county-wide questionnaire, please choose the responsible unit first.",
    "问卷至少需要一道题目。": "A questionnaire needs at least one question.",
    "问卷截止时间应晚于开始时间。": "The closing time must be after the opening time.",
    # imports and files
    "请上传 .xlsx 或 .csv 文件。": "Please upload an .xlsx or .csv file.",
    "文件超过2MB，请分批导入。": "The file is over 2 MB; please import it in parts.",
    "无法识别CSV文件的编码，请保存为UTF-8后重试。": "The CSV file's encoding is unknown; please save it as UTF-8 and try again.",
    "文件中没有数据行。": "The file has no data rows.",
    "该Excel文件异常（解压后过大或压缩比异常），无法读取。请在Excel中“另存为”新的 .xlsx 文件，或改用 .csv 文件后重试。": (
        'This Excel file looks wrong (too large when unpacked) and cannot be read. Use "Save as" in Excel '
        "to make a new .xlsx file, or use a .csv file."
    ),
    "无法读取该Excel文件，请另存为 .xlsx 或 .csv 后重试。": (
        "The Excel file cannot be read; save it as .xlsx or .csv and try again."
    ),
    # notices and settings
    "电子邮箱格式不正确，例如 edu@example.gov.cn。": "Invalid e-mail address; e.g. edu@example.gov.cn.",
    "未找到该通知。": "Notice not found.",
    "只有发送失败或已放弃的通知可以重新发送。": "Only failed or abandoned notices can be sent again.",
    "该通知的收件人已按保留期限删除，不能重新发送。": (
        "This notice's recipient was deleted after the retention period; it cannot be sent again."
    ),
    "邮件服务器地址 GKREG_SMTP_URL 应写成 smtp://用户名:密码@主机:端口。": (
        "Write the mail server address GKREG_SMTP_URL as smtp://user:password@host:port."
    ),
    "已配置邮件服务器 GKREG_SMTP_URL，但发件地址 GKREG_MAIL_FROM 缺失或不正确。": (
        "The mail server GKREG_SMTP_URL is set, but the sender address GKREG_MAIL_FROM is missing or wrong."
    ),
    "邮件服务器地址 GKREG_SMTP_URL 的端口不正确。": "The port in the mail server address GKREG_SMTP_URL is wrong.",
    "短信签名应为2至12个字，例如“示范县政务公开”（不含【】）。": (
        "The SMS signature has 2 to 12 characters, e.g. the county office's name (without 【】)."
    ),
    "未知的通知类型。": "Unknown notice type.",
    "未知的设置项。": "Unknown setting.",
    "未知的网站设置项。": "Unknown site setting.",
    "短信网关地址 GKREG_SMS_URL 应为 http:// 或 https:// 开头的网址。": (
        "The SMS gateway address GKREG_SMS_URL must begin with http:// or https://."
    ),
    "已配置短信网关 GKREG_SMS_URL，但缺少访问令牌 GKREG_SMS_TOKEN。": (
        "The SMS gateway GKREG_SMS_URL is set, but the access token GKREG_SMS_TOKEN is missing."
    ),
    "短信模板不能为空。": "The SMS template cannot be empty.",
    "该短信必须包含编号 {code}。": "This text message must contain the code {code}.",
    "模板中的花括号不成对：占位符应写成 {title} 这样。": (
        "The template's braces do not pair up: write a placeholder like {title}."
    ),
    "保留天数不能为负数。": "The retention days cannot be negative.",
    # maintenance and command line
    "PostgreSQL 数据库请用 pg_dump 备份（见 README 的 PostgreSQL 一节）。": (
        "Back up a PostgreSQL database with pg_dump (see the PostgreSQL section of the README)."
    ),
    "--scale 应为正整数。": "--scale must be a positive whole number.",
    "数据库中已有数据，演示数据只能装入空数据库。": (
        "The database already has data; demo data can only go into an empty database."
    ),
    "备份文件不能与数据库是同一个文件。": "The backup file cannot be the database file itself.",
    # a gateway's refusal, kept on the notice and shown in /admin's outbox
    "邮件服务器拒绝了用户名或密码": "The mail server refused the user name or password",
    "邮件服务器拒收该收件地址": "The mail server refused this address",
}

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), english)
    for p, english in [
        # a gateway's refusal (DeliveryFailed), kept on the notice and shown in /admin's outbox
        (r"(?s)^邮件服务器返回 (?P<v>.+)$", "The mail server answered {v}"),
        (r"(?s)^邮件服务器无法连接：(?P<v>.+)$", "Cannot reach the mail server: {v}"),
        (r"(?s)^短信网关返回 HTTP (?P<v>.+)$", "The SMS gateway answered HTTP {v}"),
        (r"(?s)^短信网关无法连接：(?P<v>.+)$", "Cannot reach the SMS gateway: {v}"),
        (r"(?s)^短信网关的应答无法识别：(?P<v>.+)$", "The SMS gateway's answer could not be read: {v}"),
        # command line, backups, copying
        (r"(?s)^复制后核对不一致：\n(?P<v>.+)$", "The copy did not check out:\n{v}"),
        (
            r"^复制的来源必须是已有的 SQLite 数据库文件：(?P<v>.+)$",
            "The copy source must be an existing SQLite database file: {v}",
        ),
        (r"^复制的目标必须是 postgresql:// 地址：(?P<v>.+)$", "The copy target must be a postgresql:// address: {v}"),
        (r"^PostgreSQL 数据库缺少这些表：(?P<v>.+)$", "The PostgreSQL database lacks these tables: {v}"),
        (
            r"^目标数据库不是空的（(?P<tables>.+) 已有数据），未复制：(?P<v>.+)$",
            "The target database is not empty ({tables} have data); nothing was copied: {v}",
        ),
        (r"^目录不存在：(?P<v>.+)$", "The folder does not exist: {v}"),
        (r"^备份目标是一个目录，请给出文件名：(?P<v>.+)$", "The backup target is a folder; please give a file name: {v}"),
        (
            r"^无法写入备份文件（已存在的非数据库文件或没有权限）：(?P<v>.+)$",
            "Cannot write the backup file (an existing non-database file, or no permission): {v}",
        ),
        (r"^时间格式不正确：(?P<v>.+)（应为 2026-05-15 09:00）$", "Invalid time: {v} (write it like 2026-05-15 09:00)"),
        # assessment, campaigns, inspections
        (r"^未知的考核项：(?P<v>.+)$", "Unknown criterion: {v}"),
        (r"^“(?P<label>.+)”的权重应在0到100之间。$", 'The weight of "{label}" must be between 0 and 100.'),
        (r"^“(?P<label>.+)”的权重应为整数。$", 'The weight of "{label}" must be a whole number.'),
        (r"^链接最多(?P<n>\d+)个。$", "At most {n} links."),
        (r"^附件最多(?P<n>\d+)个。$", "At most {n} attachments."),
        (r"^附件“(?P<v>.+)”超过10MB。$", 'The attachment "{v}" is over 10 MB.'),
        (r"^附件“(?P<v>.+)”应为JPG、PNG、PDF或Office文档。$", 'The attachment "{v}" must be a JPG, PNG, PDF or Office document.'),
        (r"^(?P<label>.+)应在(?P<low>-?\d+)到(?P<high>-?\d+)之间。$", "{label}: must be between {low} and {high}."),
        (r"^(?P<label>.+)格式不正确（应为 (?P<example>[\d-]+)）。$", "{label}: invalid date (write it like {example})."),
        (r"^(?P<label>.+)应为整数。$", "{label}: must be a whole number."),
        (r"^每次督查最多(?P<n>\d+)张照片。$", "At most {n} photos per inspection."),
        (
            r"^分值应在-(?P<n>[\d.]+)到(?P<m>[\d.]+)之间且不为0。$",
            "The points must be between -{n} and {m}, and not 0.",
        ),
        (r"^照片“(?P<v>.+)”超过(?P<n>\d+)MB，请压缩后再上传。$", 'The photo "{v}" is over {n} MB; please make it smaller.'),
        (r"^照片“(?P<v>.+)”超过5MB。$", 'The photo "{v}" is over 5 MB.'),
        (r"^“(?P<v>.+)”不是JPG或PNG图片。$", '"{v}" is not a JPG or PNG image.'),
        (r"^每篇报道最多(?P<n>\d+)张照片。$", "At most {n} photos per report."),
        # events and lists
        (r"^每个开放点人数应在1到(?P<n>\d+)人之间。$", "The capacity must be 1 to {n} people per open day."),
        (r"^一次最多导入(?P<n>\d+)行。$", "At most {n} rows per import."),
        (r"^本场活动(?P<n>\d+)个名额已满，不能再邀请。$", "All {n} places of this event are taken; no more invitations."),
        (
            r"^非群众代表名额已满：(?P<a>\d+)人的活动中至少(?P<b>\d+)个名额留给群众代表，(?P<category>.+)等受邀人员最多(?P<c>\d+)人。$",
            "No places left for invited guests: of the event's {a} places, at least {b} are kept for citizens, "
            "so at most {c} invited guests ({category} and others).",
        ),
        (r"^未知的活动安排字段：(?P<v>.+)$", "Unknown campaign fields: {v}"),
        (r"^不能修改这些字段：(?P<v>.+)$", "These fields cannot be changed: {v}"),
        (r"^在线活动的形式应为：(?P<forms>.+)。$", "An online event's format must be one of: {forms}."),
        (r"^模板中有不认识的占位符：(?P<a>.+)；可用：(?P<b>.+)$", "The template has unknown placeholders: {a}; available: {b}"),
        (
            r"^还有(?P<n>\d+)条报名待审核，请先审核后再确定名单。$",
            "{n} sign-ups still await review; please review them before finalising the list.",
        ),
        (
            r"^群众代表比例不足三分之一：已确认(?P<a>\d+)人，其中群众代表(?P<b>\d+)人，至少需要(?P<c>\d+)人。$",
            "Citizens are less than one third: {a} confirmed, {b} of them citizens; at least {c} needed.",
        ),
        (
            r"^群众代表比例不足三分之一：已确认(?P<a>\d+)人，其中群众代表(?P<b>\d+)人，至少需要(?P<c>\d+)人，不能标记为已举办。$",
            "Citizens are less than one third: {a} confirmed, {b} of them citizens; at least {c} needed. "
            "The event cannot be marked as held.",
        ),
        (
            r"^有(?P<n>\d+)行有误，未导入任何人员。请修改文件后重新上传，或选择“只导入无误的行”。$",
            "{n} rows have errors; nobody was imported. Fix the file and upload it again, "
            'or choose "Import only the valid rows".',
        ),
        (r"^联系人最多(?P<n>\d+)位。$", "At most {n} contact persons."),
        (r"^活动流程最多(?P<n>\d+)步。$", "At most {n} programme steps."),
        (
            r"^联系人“(?P<v>.+)”的电话不正确（手机号或带区号的固定电话）。$",
            'The phone number of contact "{v}" is wrong (a mobile, or a landline with area code).',
        ),
        (r"^活动尚未开始（(?P<v>.+)），不能标记为已举办。$", "The event has not started yet ({v}); it cannot be marked as held."),
        (r"^该活动已于(?P<v>.+)备案。$", "This event was filed on {v}."),
        (r"^已确认(?P<n>\d+)人，人数上限不能低于已确认人数。$", "{n} are confirmed; the capacity cannot be below that."),
        (
            r"^已确认的受邀人员有(?P<a>\d+)人，人数上限为(?P<b>\d+)时受邀人员最多(?P<c>-?\d+)人，请调高人数上限。$",
            "{a} invited guests are confirmed; with a capacity of {b}, at most {c} guests fit. Please raise the capacity.",
        ),
        # online events
        (r"^嘉宾最多(?P<n>\d+)位。$", "At most {n} guests."),
        (r"^实录最多(?P<n>\d+)字，请分段整理。$", "A transcript has at most {n} characters; please split it."),
        # opinions
        (r"^不能从“(?P<status>.+)”改为“(?P<status2>.+)”。$", 'Cannot change from "{status}" to "{status2}".'),
        (
            r"^该意见已办结（(?P<status>.+)），如需改变结果，请先改回“办理中”。$",
            'This opinion is settled ({status}); to change the result, set it back to "In progress" first.',
        ),
        (r"^该意见已是“(?P<status>.+)”状态。$", 'This opinion is already "{status}".'),
        (r"^意见 (?P<v>\S+)：(?P<error>.+) 本次批量操作未保存。$", "Opinion {v}: {error} Nothing in this batch was saved."),
        # questionnaires
        (r"^每次最多导入(?P<n>\d+)份答卷。$", "At most {n} forms per import."),
        (r"^第(?P<n>\d+)行：(?P<error>.+)$", "Row {n}: {error}"),
        (r"^问卷最多(?P<n>\d+)道题目。$", "A questionnaire has at most {n} questions."),
        (r"^第(?P<n>\d+)题的格式不正确。$", "Question {n} is not in the right form."),
        (
            r"^第(?P<n>\d+)题的题型不正确（应为单选、多选、评分或填空）。$",
            "Question {n}: the type must be single choice, multiple choice, rating or free text.",
        ),
        (r"^第(?P<n>\d+)题的题目不能超过(?P<m>\d+)个字。$", "Question {n}: the text can have at most {m} characters."),
        (r"^(?P<q>.+)的选项格式不正确。$", "{q}: the options are not in the right form."),
        (r"^(?P<q>.+)至少需要两个选项。$", "{q}: needs at least two options."),
        (r"^(?P<q>.+)最多(?P<n>\d+)个选项。$", "{q}: at most {n} options."),
        (r"^(?P<q>.+)有重复的选项。$", "{q}: has the same option twice."),
        (r"^(?P<q>.+)的选项不能超过(?P<n>\d+)个字。$", "{q}: an option can have at most {n} characters."),
        # units, accounts, settings, uploads
        (r"^(?P<label>.+)最多 (?P<n>\d+) 个字符。$", "{label}: at most {n} characters."),
        (r"^(?P<label>.+)只能包含数字、空格和 - \( \) \+。$", "{label}: only digits, spaces and - ( ) + are allowed."),
        (r"^单位“(?P<v>.+)”已存在。$", 'The unit "{v}" already exists.'),
        (r"^未找到单位“(?P<v>.+)”。$", 'Unit "{v}" not found.'),
        (r"^用户名“(?P<v>.+)”已被使用。$", 'The user name "{v}" is taken.'),
        (r"^(?P<label>.+)应为0到23的整数。$", "{label}: must be a whole number from 0 to 23."),
        (r"^(?P<label>.+)不是可以打开的JPG或PNG图片。$", "{label}: not a JPG or PNG image that can be opened."),
        (
            r"^(?P<label>.+)的像素过多（(?P<size>\d+×\d+)），请缩小到4000万像素以内后再上传。$",
            "{label}: too many pixels ({size}); please reduce it to at most 40 megapixels.",
        ),
        (
            r"^(?P<label>.+)的像素过多，请缩小到4000万像素以内后再上传。$",
            "{label}: too many pixels; please reduce it to at most 40 megapixels.",
        ),
        (
            r"^CSV文件第(?P<n>\d+)行格式不正确（例如引号没有配对或单元格过长），请在Excel中另存为CSV后重试。$",
            "Row {n} of the CSV file is malformed (e.g. unpaired quotes or a cell too long); "
            "save it as CSV from Excel and try again.",
        ),
        (
            r"^CSV文件第(?P<n>\d+)行有一个单元格超过(?P<m>\d+)个字，请检查文件是否正确（例如引号没有配对）。$",
            "Row {n} of the CSV file has a cell over {m} characters; please check the file (e.g. unpaired quotes).",
        ),
    ]
]
