"""Directed invitations from an Excel/CSV list (邀请名单导入), with per-row errors.

Columns: 姓名, 类别, 手机号, 身份证号 (optional), 工作单位. ``preview`` checks every
row (fields, duplicates in the file and on the list, the non-citizen seat limit)
without writing; ``import_rows`` then writes nothing when any row has an error,
unless the clerk chose to import only the valid rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .access import require_event_host
from .errors import GkregError, InvalidTransition, ValidationError
from .exports import to_csv, to_xlsx
from .labels import CATEGORIES
from .uploads import read_csv_rows, read_xlsx_rows
from .validation import clean_id_number, clean_name, clean_phone, clean_text

if TYPE_CHECKING:
    from . import OpenDay

HEADERS = ["姓名", "类别", "手机号", "身份证号", "工作单位"]
REQUIRED = ["姓名", "类别", "手机号"]
ALIASES = {
    "姓名": "姓名",
    "名字": "姓名",
    "类别": "类别",
    "人员类别": "类别",
    "身份": "类别",
    "手机号": "手机号",
    "手机": "手机号",
    "手机号码": "手机号",
    "联系电话": "手机号",
    "身份证号": "身份证号",
    "身份证号码": "身份证号",
    "身份证": "身份证号",
    "工作单位": "工作单位",
    "单位": "工作单位",
    "工作单位/职业": "工作单位",
    "职务": "工作单位",
}
CATEGORY_NAMES = {
    **{v: k for k, v in CATEGORIES.items()},
    **{k: k for k in CATEGORIES},
    "人大": "npc_deputy",
    "政协": "cppcc_member",
    "媒体": "media",
    "记者": "media",
    "专家": "expert",
    "特邀": "other",
    "群众": "citizen",
    "其他": "other",
}
MAX_ROWS = 300
MAX_BYTES = 2 * 1024 * 1024
EXAMPLE = ["李明", "人大代表", "13800138000", "", "示范县人大常委会"]


@dataclass
class ImportRow:
    line: int  # the row number in the spreadsheet (header is row 1)
    name: str
    category: str  # code, '' when unknown
    phone: str
    id_number: str | None
    organization: str
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, "")


@dataclass
class ImportPreview:
    event_id: int
    rows: list[ImportRow]
    problems: list[str] = field(default_factory=list)  # file-level problems (no rows read)

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.valid]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.valid]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and not self.error_rows


@dataclass
class ImportResult:
    imported: list[int]  # registration ids
    skipped: list[tuple[int, str]]  # (line, reason)


def template_xlsx() -> bytes:
    return to_xlsx(HEADERS, [EXAMPLE], title="邀请名单")


def template_csv() -> bytes:
    return to_csv(HEADERS, [EXAMPLE])


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """The raw cells of the first sheet (xlsx) or of a CSV file (UTF-8 with or without BOM, else GBK)."""
    if len(data) > MAX_BYTES:
        raise ValidationError("文件超过2MB，请分批导入。", field="file")
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return read_xlsx_rows(data, MAX_ROWS + 2)
    if name.endswith(".csv") or not name:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError("无法识别CSV文件的编码，请保存为UTF-8后重试。", field="file")
        return read_csv_rows(text, MAX_ROWS + 2)
    raise ValidationError("请上传 .xlsx 或 .csv 文件。", field="file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'"):  # an apostrophe that kept a number as text
        text = text[1:]
    return text


def parse(data: bytes, filename: str) -> tuple[list[ImportRow], list[str]]:
    """Rows with their own field errors (no database access)."""
    table = read_table(data, filename)
    while table and not any(_cell(c) for c in table[0]):
        table.pop(0)
    if not table:
        return [], ["文件是空的。"]
    header = [ALIASES.get(_cell(c).replace(" ", ""), "") for c in table[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        return [], ["第1行缺少列：" + "、".join(missing) + "（请使用下载的模板）。"]
    index = {h: header.index(h) for h in HEADERS if h in header}
    body = table[1:]
    problems = []
    if len(body) > MAX_ROWS:
        problems.append(f"一次最多导入{MAX_ROWS}行。")
        body = body[:MAX_ROWS]
    rows: list[ImportRow] = []
    for offset, raw in enumerate(body, start=2):
        values = {h: _cell(raw[i]) if i < len(raw) else "" for h, i in index.items()}
        if not any(values.values()):
            continue
        row = ImportRow(
            offset,
            values.get("姓名", ""),
            "",
            values.get("手机号", ""),
            values.get("身份证号") or None,
            values.get("工作单位", ""),
        )
        try:
            row.name = clean_name(row.name)
        except ValidationError as exc:
            row.errors.append(str(exc))
        label = values.get("类别", "").replace(" ", "")
        row.category = CATEGORY_NAMES.get(label, "")
        if not row.category:
            row.errors.append(f"类别“{label}”不正确，应为：" + "、".join(CATEGORIES.values()) + "。" if label else "请填写类别。")
        try:
            row.phone = clean_phone(row.phone)
        except ValidationError as exc:
            row.errors.append(str(exc))
        if row.id_number:
            try:
                row.id_number = clean_id_number(row.id_number)
            except ValidationError as exc:
                row.errors.append(str(exc) + ("（Excel中长数字请设为文本格式）" if "E+" in row.id_number.upper() else ""))
        try:
            row.organization = clean_text(row.organization, "organization", label="工作单位")
        except ValidationError as exc:
            row.errors.append(str(exc))
        rows.append(row)
    if not rows and not problems:
        problems.append("文件中没有数据行。")
    return rows, problems


class Imports:
    def __init__(self, od: OpenDay) -> None:
        self.od = od

    def preview(self, event_id: int, data: bytes, filename: str, actor: str) -> ImportPreview:
        """Every row checked against the file and the event's current list and seats; nothing written."""
        self.od.events.get(event_id)  # NotFound first
        require_event_host(self.od.db, actor, event_id)
        rows, problems = parse(data, filename)
        seats = self.od.events.seats(event_id)
        left_total, left_other = seats.citizen_seats_left, seats.other_seats_left
        seen_ids: dict[str, int] = {}
        seen_phones: dict[str, int] = {}
        for row in rows:
            if row.id_number:
                if row.id_number in seen_ids:
                    row.errors.append(f"身份证号与第{seen_ids[row.id_number]}行重复。")
                else:
                    seen_ids[row.id_number] = row.line
                    if self.od.db.scalar(
                        "SELECT 1 FROM registrations WHERE event_id = ? AND id_hash = ?"
                        " AND status IN ('pending', 'confirmed', 'waitlisted')",
                        (event_id, self.od.vault.hash(row.id_number)),
                    ):
                        row.errors.append("此人已在本场活动名单中。")
            if row.phone and row.phone in seen_phones:
                row.errors.append(f"手机号与第{seen_phones[row.phone]}行重复。")
            elif row.phone:
                seen_phones[row.phone] = row.line
            if row.errors or not row.category:
                continue
            # Seats, in file order, for the rows that are otherwise fine.
            if left_total <= 0:
                row.errors.append(f"超出本场活动{seats.capacity}人的名额。")
            elif row.category != "citizen" and left_other <= 0:
                row.errors.append(f"超出非群众代表名额（至少{seats.citizen_reserved}个名额留给群众代表）。")
            else:
                left_total -= 1
                if row.category != "citizen":
                    left_other -= 1
                left_other = min(left_other, left_total)
        return ImportPreview(event_id, rows, problems)

    def import_rows(self, preview: ImportPreview, actor: str, valid_only: bool = False) -> ImportResult:
        """Invite the rows of a preview: all of them, or with ``valid_only`` the rows without errors."""
        event = self.od.events.get(preview.event_id)
        require_event_host(self.od.db, actor, event.id)
        if not event.list_open:
            raise InvalidTransition("名单已确定或活动已结束，不能再邀请。")
        if preview.problems and not preview.rows:
            raise ValidationError(preview.problems[0], field="file")
        if not preview.rows:
            raise ValidationError("文件中没有数据行。", field="file")
        bad = preview.error_rows
        if bad and not valid_only:
            raise ValidationError(
                f"有{len(bad)}行有误，未导入任何人员。请修改文件后重新上传，或选择“只导入无误的行”。", field="file"
            )
        imported: list[int] = []
        skipped: list[tuple[int, str]] = [(r.line, "；".join(r.errors)) for r in bad]
        for row in preview.valid_rows:
            try:
                reg = self.od.registrations.register(
                    preview.event_id,
                    name=row.name,
                    phone=row.phone,
                    id_number=row.id_number,
                    category=row.category,
                    invited_by=actor,
                    organization=row.organization,
                )
            except GkregError as exc:  # the list changed since the preview (a seat was taken meanwhile)
                skipped.append((row.line, str(exc)))
                continue
            imported.append(reg.id)
        return ImportResult(imported, sorted(skipped))
