"""The opinion ledger (意见建议台账): ``od.opinions`` (the CONTRACT also calls it ``od.feedback``).

One service, ``Opinions``, assembled from one module per concern:

- ``intake``: a citizen's opinion, forum notes in bulk, the citizen's look-up by code;
- ``answers``: the state machine (``gkreg.outcomes``) and progress notes;
- ``publication``: the public adoption ledger;
- ``listing``: the clerk's ledger, one opinion, the Excel export;
- ``figures``: counts and the adoption rate per unit / event;
- ``consultations``: drafts put to the public, whose comments land in the ledger.

A response is due ``response_due_workdays`` working days after submission (``base``).
Every change runs in ``od.db.transaction`` and so leaves an audit entry.
"""

from __future__ import annotations

from ..outcomes import DECIDED, JUDGED, OPEN, SOURCES, STATUSES, TRANSITIONS, status_label
from .answers import Answers
from .consultations import Consultations
from .figures import Figures
from .intake import LOOKUP_FAILED, Intake
from .listing import LEDGER_HEADERS, Listing
from .publication import Publication

__all__ = [
    "DECIDED",
    "JUDGED",
    "LEDGER_HEADERS",
    "LOOKUP_FAILED",
    "OPEN",
    "SOURCES",
    "STATUSES",
    "TRANSITIONS",
    "Opinions",
    "status_label",
]


class Opinions(Consultations, Intake, Answers, Publication, Listing, Figures):
    """``od.opinions`` (alias ``od.feedback``): the opinion ledger of every unit."""
