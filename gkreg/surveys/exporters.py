"""Questionnaire exports: every response as a row, the summary table, and a printable HTML summary."""

from __future__ import annotations

import html
from typing import Any

from .. import clock
from .results import SurveyResults
from .validation import (
    KINDS,
    RATINGS,
)


class SurveyExports(SurveyResults):
    def raw_table(self, survey_id: int, event_id: int | None = None) -> tuple[list[str], list[list[Any]]]:
        """Every response as one row: number, time, event, contact, then one column per question
        (multiple choice joined with “；”)."""
        survey = self.get(survey_id)
        conn = self.db.connection()
        where, params = "WHERE r.survey_id = ?", [survey_id]
        if event_id is not None:
            where += " AND r.event_id = ?"
            params.append(event_id)
        width = len(survey.questions)
        labels: dict[tuple[int, Any], Any] = {
            (q.position, i): opt for q in survey.questions if q.kind in ("single", "multi") for i, opt in enumerate(q.options)
        }
        labels.update({(q.position, r): r for q in survey.questions if q.kind == "rating" for r in RATINGS})
        cells: dict[int, list[Any]] = {}
        for rid, pos, choice, text in conn.execute(
            f"SELECT a.response_id, a.position, a.choice, a.text FROM survey_answers a"
            f" JOIN survey_responses r ON r.id = a.response_id {where} ORDER BY a.id",
            params,
        ):
            row = cells.get(rid)
            if row is None:
                row = cells[rid] = [""] * width
            value = text if text is not None else labels.get((pos, choice), "")
            if pos < width:
                row[pos] = value if row[pos] == "" else f"{row[pos]}；{value}"
        headers = ["序号", "提交时间", "活动"]
        with_contact = survey.contact != "anonymous"
        if with_contact:
            headers += ["联系人", "联系电话"]
        headers += [f"{q.position + 1}. {q.text}" for q in survey.questions]
        rows = []
        empty = [""] * width
        for n, (rid, at, event, name, phone) in enumerate(
            conn.execute(
                f"SELECT r.id, r.submitted_at, coalesce(e.title, ''), r.name, r.phone FROM survey_responses r"
                f" LEFT JOIN events e ON e.id = r.event_id {where} ORDER BY r.id",
                params,
            ),
            1,
        ):
            rows.append([n, at, event, *((name, phone) if with_contact else ()), *cells.get(rid, empty)])
        return headers, rows

    def summary_table(self, survey_id: int, event_id: int | None = None) -> tuple[list[str], list[list[Any]]]:
        """Per question and option: count and share (of those who answered), rating averages."""
        result = self.results(survey_id, event_id)
        headers = ["题号", "题目", "题型", "选项/分值", "人数", "占比", "平均分"]
        rows: list[list[Any]] = []
        for q in result["questions"]:
            base = q["answered"]
            kind = KINDS[q["kind"]]
            if q["kind"] == "text":
                rows.append([q["position"] + 1, q["text"], kind, "（文字回答）", len(q["answers"]), "", ""])
                continue
            for key, n in q["counts"].items():
                share = f"{n / base:.1%}" if base else "0.0%"
                rows.append([q["position"] + 1, q["text"], kind, f"{key}分" if q["kind"] == "rating" else key, n, share, ""])
            if q["kind"] == "rating":
                rows.append(
                    [q["position"] + 1, q["text"], kind, "平均分", base, "", "" if q["average"] is None else q["average"]]
                )
        return headers, rows

    def summary_html(self, survey_id: int, event_id: int | None = None) -> str:
        """A one-page printable summary: a self-contained HTML file (no scripts, no external resources)."""
        survey = self.get(survey_id)
        result = self.results(survey_id, event_id)
        esc = html.escape
        scope = ""
        if event_id is not None:
            title = self.db.scalar("SELECT title FROM events WHERE id = ?", (event_id,)) or ""
            scope = f"（活动：{esc(title)}）"
        parts = [
            "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
            f"<title>{esc(survey.title)} 结果摘要</title><style>",
            "@page{size:A4;margin:12mm}body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
            "font-size:10.5pt;color:#222;margin:0 auto;max-width:190mm}h1{font-size:15pt;margin:0 0 2mm}"
            ".meta{color:#555;margin-bottom:3mm}.q{break-inside:avoid;margin:0 0 2.5mm}.q h2{font-size:10.5pt;"
            "margin:0 0 1mm}table{border-collapse:collapse;width:100%}td{padding:0 2mm 0 0;font-size:9pt;"
            "vertical-align:middle}td.o{width:45%}td.n{width:16%;text-align:right;white-space:nowrap}"
            ".bar{background:#c0392b;height:3mm}.t{font-size:9pt;color:#333;margin:0 0 0 3mm}",
            "</style></head><body>",
            f"<h1>{esc(survey.title)}</h1>",
            f"<div class='meta'>{esc(survey.owner)}{scope} · 有效问卷 {result['responses']} 份 · 统计时间 "
            f"{clock.now():%Y-%m-%d %H:%M}</div>",
        ]
        for q in result["questions"]:
            base = q["answered"]
            head = f"{q['position'] + 1}. {esc(q['text'])}（{KINDS[q['kind']]}，作答 {base} 人"
            if q["kind"] == "rating" and q["average"] is not None:
                head += f"，平均 {q['average']:.2f} 分"
            parts.append(f"<div class='q'><h2>{head}）</h2>")
            if q["kind"] == "text":
                shown = q["answers"][-5:]
                parts.append(f"<div class='t'>共 {len(q['answers'])} 条文字回答" + ("，最近几条：" if shown else "") + "</div>")
                parts += [f"<div class='t'>· {esc(a[:120])}</div>" for a in shown]
            else:
                parts.append("<table>")
                for key, n in q["counts"].items():
                    share = n / base if base else 0.0
                    name = f"{key}分" if q["kind"] == "rating" else str(key)
                    parts.append(
                        f"<tr><td class='o'>{esc(name)}</td><td><div class='bar' style='width:"
                        f"{share * 100:.1f}%'></div></td><td class='n'>{n} 人 · {share:.1%}</td></tr>"
                    )
                parts.append("</table>")
            parts.append("</div>")
        parts.append("</body></html>")
        return "".join(parts)
