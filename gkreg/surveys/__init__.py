"""Questionnaires (问卷): build, publish, answer, and results computed in SQL.

A survey belongs to a unit (or, made by the coordinator, to the whole county) and
optionally to one event. Life: ``draft → published → closed`` (a closed survey may
be published again); a published survey takes answers inside its open window
(``opens_at``/``closes_at``, either may be empty).

Answers are stored one row per chosen option / rating / text (see schema/surveys.py);
``results`` is then two indexed queries whatever the number of responses.

Modules: ``validation`` (the Survey and Question shapes, cleaning questions and answers),
``service`` (``Surveys``: building, answering, forwarding to the ledger), ``results``
(figures), ``exporters`` (tables and the HTML summary); ``base`` holds permissions and reads.
"""

from __future__ import annotations

from .service import Surveys
from .validation import (
    ANSWER_TEXT_LIMIT,
    CONTACT_MODES,
    KINDS,
    RATINGS,
    STATES,
    STATUSES,
    Question,
    Survey,
    clean_answers,
    clean_questions,
    label,
)

__all__ = [
    "ANSWER_TEXT_LIMIT",
    "CONTACT_MODES",
    "KINDS",
    "RATINGS",
    "STATES",
    "STATUSES",
    "Question",
    "Survey",
    "Surveys",
    "clean_answers",
    "clean_questions",
    "label",
]
