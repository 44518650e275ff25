"""Demo filing: one unit has not filed its plans."""

from __future__ import annotations

from typing import Any


def seed_demo(od: Any, rng: Any, scale: int) -> None:
    """Demo: the water company (in every copy of the county) has not filed its plan yet, so the
    coordinator's reminder list and the assessment have someone to chase."""
    with od.db.transaction("demo", "demo.campaign_filing") as tx:
        cur = tx.execute(
            "UPDATE events SET filed_at = NULL WHERE unit_id IN (SELECT id FROM units WHERE name LIKE '示范县自来水公司%')"
        )
        tx.target("events", None, unfiled=cur.rowcount)
