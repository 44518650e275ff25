"""One colour per meaning, used by every chart and badge (no streamlit here).

Red means citizens (群众代表) and nothing else; each opinion status keeps its colour on the public ledger,
the unit's ledger and the dashboard; deadline outcomes never borrow a status colour.
"""

from __future__ import annotations

from typing import Literal

# The colours st.badge accepts (the badge itself is drawn in gkreg/ui).
BadgeColor = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]

CITIZEN = "#c62828"
INVITED = "#1565c0"  # every invited category together (seat charts)
FREE = "#d5d8dc"
CATEGORY = {
    "citizen": CITIZEN,
    "npc_deputy": "#1565c0",
    "cppcc_member": "#6a1b9a",
    "media": "#ef6c00",
    "expert": "#00838f",
    "other": "#78909c",
}
# Opinion statuses; the badge names are Streamlit's named colours of the same hue.
OPINION = {
    "received": "#9e9e9e",
    "processing": "#1e88e5",
    "adopted": "#2e7d32",
    "partially_adopted": "#81c784",
    "not_adopted": "#fb8c00",
    "answered": "#8e24aa",
}
OPINION_BADGE: dict[str, BadgeColor] = {
    "received": "gray",
    "processing": "blue",
    "adopted": "green",
    "partially_adopted": "green",
    "not_adopted": "orange",
    "answered": "violet",
}
EVENT = {
    "draft": "#bdbdbd",
    "open": "#1e88e5",
    "finalized": "#00838f",
    "held": "#7cb342",
    "reported": "#2e7d32",
    "cancelled": "#757575",
}
REGISTRATION_BADGE = {"pending": "blue", "confirmed": "green", "waitlisted": "orange", "rejected": "gray", "cancelled": "gray"}
DEADLINE = {"met": "#2e7d32", "missed": "#6d4c41", "pending": "#bdbdbd"}
OVERDUE_ROW = "#fdecea"  # background of a table row past its due date
OVERDUE_TEXT = "#8a1c1c"  # its text
ONE_THIRD_RULE = "#111111"


def scale(colours: dict[str, str], order: list[str], labels: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """(domain, range) for an Altair colour scale over ``order``'s codes, named by ``labels`` when given."""
    domain = [labels.get(code, code) if labels else code for code in order]
    return domain, [colours[code] for code in order]
