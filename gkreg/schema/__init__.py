"""Versioned migrations, one module per area; names are unique and never reused.

Each area module holds ``MIGRATIONS = [(name, [statement, ...]), ...]``; they are
applied in this order, each once, inside one BEGIN IMMEDIATE transaction.
"""

from . import campaign, console, coordinator, core, frontdoor, ledger, notify, surveys

MIGRATIONS: list[tuple[str, list[str]]] = [
    *core.MIGRATIONS,
    *console.MIGRATIONS,
    *ledger.MIGRATIONS,
    *surveys.MIGRATIONS,
    *coordinator.MIGRATIONS,
    *notify.MIGRATIONS,
    *campaign.MIGRATIONS,
    *frontdoor.MIGRATIONS,
]
