"""Assessment (考核) of every active unit in a campaign: a score out of 100 and the evidence behind it.

Criteria (each gives a fraction between 0 and 1, or "not applicable"):

| key | 考核项 | fraction |
| --- | --- | --- |
| ``open_days`` | 开放次数达标 | events held (held or reported) in the campaign / the campaign's minimum, at most 1 |
| ``plan_filed`` | 计划按时备案 | campaign events filed by the deadline / the unit's campaign events (0 with none) |
| ``one_third`` | 群众代表不少于三分之一 | lists finalized or held with ``3 × confirmed citizens ≥ confirmed > 0`` / such lists |
| ``report_on_time`` | 活动报道按期发布 | reports published within N working days after the event ended / reports due |
| ``response_on_time`` | 意见按期答复 | opinions decided within the campaign's working days after they came in / opinions due |
| ``adoption`` | 意见采纳率 | ``outcomes.adoption_rate`` (the public ledger's): adopted or partially / judged |
| ``survey`` | 开展问卷调查 | 1 when the unit ran a questionnaire with at least one response in the campaign, else 0 |

The score is ``100 × Σ weight × fraction / Σ weight`` over the criteria that
apply to the unit (a unit with no opinions is not judged on answering them).
A report or an opinion whose deadline has not come yet is not counted either way.
Every published event owes its report once it has ended, whether or not it was
marked held; deadlines are judged by ``gkreg.outcomes`` exactly as the dashboard does.
The weights are integers 0–100, stored in the ``assessment_weights`` table and
edited by the coordinator; the defaults are in ``DEFAULT_WEIGHTS``.

An opinion belongs to a campaign when its event does, or, tied to no event,
when it came in within the campaign's window; the same for questionnaires.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, overload

from . import clock
from .access import require_coordinator
from .errors import ValidationError
from .events import LIST_FIXED, TOOK_PLACE
from .outcomes import ADOPTED, DECIDED, JUDGED, REPORT_OWED, adoption_rate, deadline_outcome, due_after, status_label
from .seats import one_third_met

CRITERIA: dict[str, str] = {
    "open_days": "开放次数达标",
    "plan_filed": "计划按时备案",
    "one_third": "群众代表不少于三分之一",
    "report_on_time": "活动报道按期发布",
    "response_on_time": "意见按期答复",
    "adoption": "意见采纳率",
    "survey": "开展问卷调查",
    "submissions": "材料按时报送",
}
CRITERIA_EN: dict[str, str] = {
    "open_days": "Required open days held",
    "plan_filed": "Plan filed on time",
    "one_third": "Citizens at least one third",
    "report_on_time": "Report published on time",
    "response_on_time": "Opinions answered on time",
    "adoption": "Adoption rate",
    "survey": "Questionnaire run",
    "submissions": "Plans, materials and summaries on time",
}
DEFAULT_WEIGHTS: dict[str, int] = {
    "open_days": 25,
    "plan_filed": 10,
    "one_third": 15,
    "report_on_time": 15,
    "response_on_time": 15,
    "adoption": 10,
    "survey": 10,
    "submissions": 10,
}
OUTCOMES = {"ok": "达标", "late": "未达标", "pending": "未到期", "info": "—"}
VERDICT = {"met": "ok", "missed": "late", "pending": "pending"}  # outcomes.deadline_outcome in this table's words
EVIDENCE_HEADERS = ["单位", "考核项", "事项", "日期", "期限", "完成日期", "结果", "说明"]
INSPECTION_HEADERS = ["单位", "类别", "日期", "活动", "督查情况 / 加减分理由", "整改期限", "整改情况", "分值"]


@overload
def _d(value: str) -> str: ...
@overload
def _d(value: str | None) -> str | None: ...
def _d(value: str | None) -> str | None:
    return value[:10] if value else None


class Assessment:
    def __init__(self, od: Any) -> None:
        self.od = od
        self.db = od.db

    # ---- weighting -------------------------------------------------------------------
    def weights(self) -> dict[str, int]:
        stored = {r["criterion"]: r["weight"] for r in self.db.rows("SELECT criterion, weight FROM assessment_weights")}
        return {key: int(stored.get(key, default)) for key, default in DEFAULT_WEIGHTS.items()}

    def set_weights(self, weights: dict[str, Any], actor: str) -> dict[str, int]:
        require_coordinator(self.db, actor)
        cleaned: dict[str, int] = {}
        for key, value in weights.items():
            if key not in CRITERIA:
                raise ValidationError(f"未知的考核项：{key}", field=key)
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise ValidationError(f"“{CRITERIA[key]}”的权重应为整数。", field=key) from None
            if not 0 <= number <= 100:
                raise ValidationError(f"“{CRITERIA[key]}”的权重应在0到100之间。", field=key)
            cleaned[key] = number
        merged = {**self.weights(), **cleaned}
        if sum(merged.values()) <= 0:
            raise ValidationError("权重不能全部为0。")
        now = clock.to_iso(clock.now())
        with self.db.transaction(actor, "assessment.set_weights") as tx:
            for key, number in cleaned.items():
                tx.execute(
                    "INSERT INTO assessment_weights (criterion, weight, updated_at, updated_by) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(criterion) DO UPDATE SET weight = excluded.weight,"
                    " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    (key, number, now, actor),
                )
            tx.target("assessment_weights", None, **cleaned)
        return self.weights()

    # ---- evidence ----------------------------------------------------------------------
    def _evidence(self, campaign: dict[str, Any], unit_id: int | None, today: str) -> list[dict[str, Any]]:
        """Every evidence row of the campaign (of one unit when given), each with ``criterion`` and ``outcome``."""
        cid = campaign["id"]
        unit_sql, unit_params = ("AND h.host = ?", [unit_id]) if unit_id is not None else ("", [])
        window_end = (dt.date.fromisoformat(campaign["ends_on"]) + dt.timedelta(days=1)).isoformat()
        deadline = campaign["filing_deadline"]
        evidence: list[dict[str, Any]] = []
        events = self.db.rows(
            # One row per host of each event: a co-hosted event credits the lead and each co-host once.
            f"""SELECT e.id, h.host AS unit_id, e.title, e.status, e.starts_at, e.ends_at, e.filed_at,
                       rp.published_at,
                       EXISTS (SELECT 1 FROM event_online o WHERE o.event_id = e.id) AS online,
                       coalesce(sum(r.status = 'confirmed'), 0) AS confirmed,
                       coalesce(sum(r.status = 'confirmed' AND r.category = 'citizen'), 0) AS citizens
                FROM (SELECT id AS event_id, unit_id AS host FROM events
                      UNION SELECT event_id, unit_id FROM event_cohosts) h
                JOIN events e ON e.id = h.event_id LEFT JOIN registrations r ON r.event_id = e.id
                LEFT JOIN event_reports rp ON rp.event_id = e.id
                WHERE e.campaign_id = ? AND e.status != 'cancelled' {unit_sql}
                GROUP BY e.id, h.host, rp.published_at ORDER BY h.host, e.starts_at""",
            [cid, *unit_params],
        )
        for e in events:
            base = {"unit_id": e["unit_id"], "item": e["title"], "ref": f"event:{e['id']}", "date": _d(e["starts_at"])}
            filed = _d(e["filed_at"])
            if filed is None:
                outcome, note = "late", "未备案"
            elif deadline and filed > deadline:
                outcome, note = "late", "逾期备案"
            else:
                outcome, note = "ok", "按时备案"
            evidence.append({**base, "criterion": "plan_filed", "due": deadline, "done": filed, "outcome": outcome, "note": note})
            if e["status"] in TOOK_PLACE:
                evidence.append(
                    {**base, "criterion": "open_days", "due": None, "done": _d(e["starts_at"]), "outcome": "ok", "note": "已举办"}
                )
            end_day = _d(e["ends_at"] or e["starts_at"])
            if e["status"] in REPORT_OWED and end_day <= today:  # owed once the day is over, held or not
                due = due_after(end_day, int(campaign["report_due_workdays"]))
                published = _d(e["published_at"])
                outcome = VERDICT[deadline_outcome(due, published, today)]
                if published is not None:
                    note = "按期发布" if outcome == "ok" else "逾期发布"
                elif e["status"] not in TOOK_PLACE:
                    note = "活动已结束，未标记举办，未发布报道" if outcome == "late" else "活动已结束，尚未发布，未到期"
                else:
                    note = "逾期未发布" if outcome == "late" else "尚未发布，未到期"
                evidence.append(
                    {**base, "criterion": "report_on_time", "due": due, "done": published, "outcome": outcome, "note": note}
                )
            if e["status"] in LIST_FIXED and not e["online"]:  # online: no list
                ok = one_third_met(e["confirmed"], e["citizens"])
                evidence.append(
                    {
                        **base,
                        "criterion": "one_third",
                        "due": None,
                        "done": None,
                        "outcome": "ok" if ok else "late",
                        "note": f"已确认{e['confirmed']}人，其中群众代表{e['citizens']}人",
                    }
                )
        ounit_sql = "AND o.unit_id = ?" if unit_id is not None else ""
        opinions = self.db.rows(
            f"""SELECT o.id, o.code, o.unit_id, o.status, o.submitted_at, o.responded_at, o.due_on
                FROM opinions o
                WHERE (o.event_id IN (SELECT id FROM events WHERE campaign_id = ?)
                       OR (o.event_id IS NULL AND o.submitted_at >= ? AND o.submitted_at < ?)) {ounit_sql}
                ORDER BY o.unit_id, o.submitted_at""",
            [cid, campaign["starts_on"], window_end, *unit_params],
        )
        for o in opinions:
            base = {
                "unit_id": o["unit_id"],
                "item": f"意见 {o['code']}",
                "ref": f"opinion:{o['id']}",
                "date": _d(o["submitted_at"]),
            }
            # Judge by the deadline the unit was shown when the opinion came in (never empty).
            due = _d(o["due_on"])
            answered = _d(o["responded_at"]) if o["status"] in DECIDED else None
            outcome = VERDICT[deadline_outcome(due, answered, today)]
            if answered is not None:
                note = "按期答复" if outcome == "ok" else "逾期答复"
            else:
                note = "逾期未答复" if outcome == "late" else "办理中，未到期"
            evidence.append(
                {**base, "criterion": "response_on_time", "due": due, "done": answered, "outcome": outcome, "note": note}
            )
            if o["status"] in JUDGED:  # the public ledger's adoption rate: answered questions left out
                evidence.append(
                    {
                        **base,
                        "criterion": "adoption",
                        "due": None,
                        "done": answered,
                        "outcome": "ok" if o["status"] in ADOPTED else "late",
                        "note": status_label(o["status"]),
                    }
                )
        sunit_sql = "AND (s.unit_id = ? OR e.unit_id = ?)" if unit_id is not None else ""
        surveys = self.db.rows(
            f"""SELECT s.id, s.title, coalesce(s.unit_id, e.unit_id) AS unit_id, s.created_at,
                       (SELECT count(*) FROM survey_responses sr WHERE sr.survey_id = s.id) AS responses
                FROM surveys s LEFT JOIN events e ON e.id = s.event_id
                WHERE (e.campaign_id = ? OR (s.event_id IS NULL AND coalesce(s.opens_at, s.created_at) >= ?
                       AND coalesce(s.opens_at, s.created_at) < ?)) {sunit_sql}
                ORDER BY s.id""",
            [cid, campaign["starts_on"], window_end, *([unit_id, unit_id] if sunit_sql else [])],
        )
        for s in surveys:
            if s["unit_id"] is None:
                continue
            evidence.append(
                {
                    "unit_id": s["unit_id"],
                    "item": f"问卷：{s['title']}",
                    "ref": f"survey:{s['id']}",
                    "date": _d(s["created_at"]),
                    "criterion": "survey",
                    "due": None,
                    "done": None,
                    "outcome": "ok" if s["responses"] else "late",
                    "note": f"收到{s['responses']}份答卷",
                }
            )
        # Named deadlines (plan, materials, summary…), judged to the minute; pending ones are not counted.
        now = clock.now()
        moment = now if today >= now.date().isoformat() else dt.datetime.fromisoformat(today + " 23:59")
        for v in self.od.campaign_parts.verdicts(cid, moment, unit_id):
            outcome = {"on_time": "ok", "late": "late", "missing": "late", "pending": "pending"}[v.state]
            evidence.append(
                {
                    "unit_id": v.unit_id,
                    "item": v.deadline.name,
                    "ref": f"deadline:{v.deadline.id}",
                    "date": f"{v.deadline.due_at:%Y-%m-%d}",
                    "criterion": "submissions",
                    "due": f"{v.deadline.due_at:%Y-%m-%d %H:%M}",
                    "done": f"{v.done_at:%Y-%m-%d %H:%M}" if v.done_at else None,
                    "outcome": outcome,
                    "note": v.label,
                }
            )
        return evidence

    # ---- scores ------------------------------------------------------------------------
    def scores(self, campaign_id: int, actor: str, today: dt.date | None = None) -> list[dict[str, Any]]:
        """One row per active unit: each criterion's fraction (None: not applicable), its detail, and the score."""
        require_coordinator(self.db, actor)
        campaign = self.od.campaigns.get(campaign_id)
        day = (today or clock.now().date()).isoformat()
        weights = self.weights()
        units = self.od.campaign_parts.participants(campaign_id)  # all active units unless a list was chosen
        points = self.od.inspections.points_by_unit(campaign_id)
        tally: dict[int, dict[str, list[int]]] = {u["id"]: {k: [0, 0] for k in CRITERIA} for u in units}
        for row in self._evidence(campaign, None, day):
            per_unit = tally.get(row["unit_id"])
            if per_unit is None or row["outcome"] == "pending":
                continue
            ok_total = per_unit[row["criterion"]]
            ok_total[1] += 1
            ok_total[0] += row["outcome"] == "ok"
        minimum = int(campaign["min_events_per_unit"])
        result = []
        for unit in units:
            t = tally[unit["id"]]
            fractions: dict[str, float | None] = {}
            details: dict[str, str] = {}
            held = t["open_days"][0]
            fractions["open_days"] = min(1.0, held / minimum) if minimum else 1.0
            details["open_days"] = f"{held}/{minimum}"
            ok, total = t["plan_filed"]
            fractions["plan_filed"] = ok / total if total else 0.0
            details["plan_filed"] = f"{ok}/{total}" if total else "无活动计划"
            for key in ("one_third", "report_on_time", "response_on_time", "submissions"):
                ok, total = t[key]
                fractions[key] = ok / total if total else None
                details[key] = f"{ok}/{total}" if total else "不适用"
            ok, total = t["adoption"]
            fractions["adoption"] = adoption_rate(ok, total)
            details["adoption"] = f"{ok}/{total}" if total else "不适用"
            ok, total = t["survey"]
            fractions["survey"] = 1.0 if ok else 0.0
            details["survey"] = f"{ok}份问卷有答卷" if ok else ("有问卷未收到答卷" if total else "未开展")
            applicable = {k: f for k in CRITERIA if (f := fractions[k]) is not None}
            weight_sum = sum(weights[k] for k in applicable)
            score = 100 * sum(weights[k] * f for k, f in applicable.items()) / weight_sum if weight_sum else 0.0
            # Bonus/penalty points from inspections come on top of the computed score.
            adjustment = round(points.get(unit["id"], 0.0), 1)
            result.append(
                {
                    "unit_id": unit["id"],
                    "unit": unit["name"],
                    "kind": unit["kind"],
                    "fractions": fractions,
                    "details": details,
                    "computed": round(score, 1),
                    "adjustment": adjustment,
                    "score": round(score + adjustment, 1),
                }
            )
        result.sort(key=lambda r: (-r["score"], r["unit"]))
        return result

    def evidence(self, campaign_id: int, unit_id: int, actor: str, today: dt.date | None = None) -> list[dict[str, Any]]:
        """The rows behind one unit's score (label, outcome label added) for the drill-down."""
        require_coordinator(self.db, actor)
        campaign = self.od.campaigns.get(campaign_id)
        rows = self._evidence(campaign, unit_id, (today or clock.now().date()).isoformat())
        for row in rows:
            row["criterion_label"] = CRITERIA[row["criterion"]]
            row["outcome_label"] = OUTCOMES[row["outcome"]]
        return rows

    # ---- inspections and points beside the computed criteria --------------------------
    def inspection_rows(self, campaign_id: int, unit_id: int | None = None) -> list[list[Any]]:
        """Inspections within the campaign's dates and its bonus/penalty points, as INSPECTION_HEADERS rows."""
        from .labels import RECTIFICATION

        campaign = self.od.campaigns.get(campaign_id)
        start = dt.date.fromisoformat(campaign["starts_on"])
        end = dt.date.fromisoformat(campaign["ends_on"])
        rows: list[list[Any]] = []
        for i in self.od.inspections.query(unit_id, start, end):
            rows.append(
                [
                    i.unit,
                    "督查",
                    f"{i.inspected_on:%Y-%m-%d}",
                    i.event_title,
                    i.findings,
                    f"{i.rectify_by:%Y-%m-%d}" if i.rectify_by else "",
                    RECTIFICATION[i.rectification()],
                    "",
                ]
            )
        for a in self.od.inspections.adjustments(campaign_id, unit_id):
            rows.append(
                [a["unit"], "加分" if a["points"] > 0 else "减分", a["created_at"][:10], "", a["reason"], "", "", a["points"]]
            )
        return rows

    # ---- export --------------------------------------------------------------------------
    def table(self, campaign_id: int, actor: str, today: dt.date | None = None) -> tuple[list[str], list[list[Any]]]:
        """The score table as headers and rows (percentages for the fractions)."""
        weights = self.weights()
        headers = ["排名", "单位", *[f"{CRITERIA[k]}（权重{weights[k]}）" for k in CRITERIA], "督查加减分", "得分"]
        rows = []
        for n, r in enumerate(self.scores(campaign_id, actor, today), 1):
            cells = []
            for k in CRITERIA:
                fraction = r["fractions"][k]
                cells.append("不适用" if fraction is None else f"{fraction * 100:.0f}%（{r['details'][k]}）")
            rows.append([n, r["unit"], *cells, r["adjustment"], r["score"]])
        return headers, rows

    def export_xlsx(self, campaign_id: int, actor: str, today: dt.date | None = None) -> bytes:
        """The score table and all evidence as one Excel workbook (formulas neutralised)."""
        from io import BytesIO

        from openpyxl import load_workbook

        from .exports import to_xlsx

        headers, rows = self.table(campaign_id, actor, today)
        campaign = self.od.campaigns.get(campaign_id)
        names = {u["id"]: u["name"] for u in self.db.rows("SELECT id, name FROM units")}
        evidence = self._evidence(campaign, None, (today or clock.now().date()).isoformat())
        ev_rows = [
            [
                names.get(e["unit_id"], ""),
                CRITERIA[e["criterion"]],
                e["item"],
                e["date"] or "",
                e["due"] or "",
                e["done"] or "",
                OUTCOMES[e["outcome"]],
                e["note"],
            ]
            for e in evidence
        ]
        book = load_workbook(BytesIO(to_xlsx(headers, rows, title="考核得分")))
        detail = load_workbook(BytesIO(to_xlsx(EVIDENCE_HEADERS, ev_rows, title="考核依据"))).active
        sheet = book.create_sheet("考核依据")
        for row in detail.iter_rows(values_only=True):
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
        for col, dim in detail.column_dimensions.items():
            sheet.column_dimensions[col].width = dim.width
        checks = book.create_sheet("督查与加减分")
        checks.append(INSPECTION_HEADERS)
        for row in self.inspection_rows(campaign_id):
            checks.append([_plain(v) for v in row])
        weights = self.weights()
        info = book.create_sheet("权重说明")
        info.append(["考核项", "权重", "计算方法"])
        for key, label in CRITERIA.items():
            info.append([label, weights[key], METHOD[key]])
        info.append(["总分", sum(weights.values()), "得分 = 100 × Σ(权重 × 达标比例) ÷ Σ(适用项权重) + 督查加减分"])
        out = BytesIO()
        book.save(out)
        with self.db.transaction(actor, "assessment.export") as tx:
            tx.target("campaign", campaign_id, units=len(rows))
        return out.getvalue()


METHOD: dict[str, str] = {
    "open_days": "已举办的开放活动次数 ÷ 活动安排要求的最少次数（最多计满）",
    "plan_filed": "截止日期前备案的活动 ÷ 本期全部活动（无活动计划计0）",
    "one_third": "群众代表不少于三分之一的名单 ÷ 已确定名单的活动",
    "report_on_time": "活动结束后规定工作日内发布报道的活动 ÷ 已到期的活动（节假日不计）",
    "response_on_time": "规定工作日内答复的意见 ÷ 已到期的意见（无意见不适用）",
    "adoption": "采纳和部分采纳的意见 ÷ 已办结的意见（无办结意见不适用）",
    "survey": "开展问卷调查并收到答卷计满分，否则计0",
    "submissions": "在截止时间（精确到分钟）前报送的方案、材料和总结 ÷ 已到期的报送时限（未设时限不适用）",
}


def _plain(value: Any) -> Any:
    """Typed text never becomes a formula in the workbook."""
    from .exports import neutralise

    return neutralise(value)
