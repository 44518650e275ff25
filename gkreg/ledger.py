"""Old home of the opinion ledger, kept only so branches written before the move still import: use
``gkreg.opinions`` (the service) and ``gkreg.outcomes`` (states and how they are judged)."""

from __future__ import annotations

from .opinions import LEDGER_HEADERS, LOOKUP_FAILED, Opinions
from .outcomes import DECIDED, OPEN, SOURCES, STATUSES, TRANSITIONS, status_label

Feedback = Opinions

__all__ = [
    "DECIDED",
    "LEDGER_HEADERS",
    "LOOKUP_FAILED",
    "OPEN",
    "SOURCES",
    "STATUSES",
    "TRANSITIONS",
    "Feedback",
    "Opinions",
    "status_label",
]
