"""Every required question left unanswered, at once (the core's submit stops at the first)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def is_unanswered(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, (list, tuple, set)) and len(value) == 0)
    )


def missing_required(questions: Sequence[Any], answers: Sequence[Any]) -> list[int]:
    """Positions of the required questions whose answer is empty."""
    return [q.position for q, a in zip(questions, answers, strict=False) if q.required and is_unanswered(a)]
