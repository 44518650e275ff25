"""A fictional 示范县 drawn from the seed notices, for demos and load tests (``python -m gkreg demo``).

``county`` builds units, accounts, events and their lists; ``reports``, ``opinions``,
``surveys`` and ``campaigns`` add each area's data on top; ``people`` makes up names,
phones and ID numbers. Domain modules hold no demo data.
"""

from __future__ import annotations

from .county import load_demo
from .people import fake_id_number, fake_name, fake_phone

__all__ = ["fake_id_number", "fake_name", "fake_phone", "load_demo"]
