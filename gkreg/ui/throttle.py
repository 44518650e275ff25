"""One guess limit for every look-up by code + phone (registrations and opinions).

Counted per client address in the database (gkreg/limits.py), so a reload, a new tab or another
server process starts no new count.
"""

from __future__ import annotations

from gkreg.ui.frontdoor import current_client, limits, minutes
from gkreg.ui.layout import tr


def wait_seconds() -> int:
    """Seconds this client must still wait before the next look-up (0: go ahead)."""
    return limits().lookup_wait(current_client())


def refusal(wait: int) -> str:
    """What to tell someone who must wait (never how many tries are left)."""
    return tr("fd.lookup.wait", m=minutes(wait))


def record_failure() -> None:
    limits().record_lookup_failure(current_client())


def record_success() -> None:
    """A success does not reset the count: a script that knows one code must not be able to keep
    guessing others between its own look-ups."""
