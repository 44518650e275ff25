"""gkreg: government open days, from plan and sign-up to the opinion ledger and assessment."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .audit import AuditLog
from .dialect import is_url, open_database
from .events import Events
from .keys import secret_dir
from .privacy import IdVault
from .registrations import Registrations
from .settings import Settings
from .units import Units
from .users import Users

if TYPE_CHECKING:  # the areas below are imported on first use
    from .assessment import Assessment
    from .campaign_parts import CampaignParts
    from .campaigns import Campaigns
    from .cohosts import Cohosts
    from .consultation_records import ConsultationRecords
    from .dashboard import Dashboard
    from .imports import Imports
    from .inspections import Inspections
    from .notify import Notify
    from .online import OnlineActivities
    from .opinions import Opinions
    from .paper_surveys import PaperSurveys
    from .plan_details import PlanDetails
    from .planning import Planning
    from .reports import Reports
    from .surveys import Surveys
    from .theme_calendar import ThemeCalendar

__all__ = ["OpenDay"]


class OpenDay:
    """The whole product behind one object: ``OpenDay(path)`` opens or creates and migrates the database.

    ``path`` is a SQLite file, or a ``postgresql://user:pass@host:port/db`` URL for several machines
    sharing one database (the secrets then come from GKREG_SECRET_DIR, else ``data/``).
    """

    def __init__(self, path: str | os.PathLike, secrets_dir: str | os.PathLike | None = None) -> None:
        self.db = open_database(path)
        self.db.migrate()
        default_dir = None if is_url(path) else Path(path).parent
        self.secret_dir = Path(secrets_dir) if secrets_dir else secret_dir(default_dir)
        self.vault = IdVault(self.secret_dir)
        self.settings = Settings(self.db)
        self.units = Units(self.db)
        self.users = Users(self.db)
        self.events = Events(self.db, self.settings)
        self.registrations = Registrations(self.db, self.vault)
        self.audit = AuditLog(self.db)

    @cached_property
    def opinions(self) -> Opinions:
        from .opinions import Opinions

        return Opinions(self)

    @property
    def feedback(self) -> Opinions:
        """The CONTRACT's name for ``opinions``, the opinion ledger."""
        return self.opinions

    @cached_property
    def planning(self) -> Planning:
        from .planning import Planning

        return Planning(self)

    @cached_property
    def surveys(self) -> Surveys:
        from .surveys import Surveys

        return Surveys(self)

    @cached_property
    def campaigns(self) -> Campaigns:
        from .campaigns import Campaigns

        return Campaigns(self)

    @cached_property
    def imports(self) -> Imports:
        """Invitation lists from files (CONTRACT §6: ``od.imports.preview``)."""
        from .imports import Imports

        return Imports(self)

    @cached_property
    def reports(self) -> Reports:
        from .reports import Reports

        return Reports(self)

    @cached_property
    def assessment(self) -> Assessment:
        from .assessment import Assessment

        return Assessment(self)

    @cached_property
    def dashboard(self) -> Dashboard:
        from .dashboard import Dashboard

        return Dashboard(self)

    @cached_property
    def online(self) -> OnlineActivities:
        from .online import OnlineActivities

        return OnlineActivities(self)

    @cached_property
    def cohosts(self) -> Cohosts:
        from .cohosts import Cohosts

        return Cohosts(self)

    @cached_property
    def calendar(self) -> ThemeCalendar:
        from .theme_calendar import ThemeCalendar

        return ThemeCalendar(self)

    @cached_property
    def campaign_parts(self) -> CampaignParts:
        from .campaign_parts import CampaignParts

        return CampaignParts(self)

    @cached_property
    def inspections(self) -> Inspections:
        from .inspections import Inspections

        return Inspections(self)

    @cached_property
    def plan_details(self) -> PlanDetails:
        from .plan_details import PlanDetails

        return PlanDetails(self)

    @cached_property
    def paper_surveys(self) -> PaperSurveys:
        from .paper_surveys import PaperSurveys

        return PaperSurveys(self)

    @cached_property
    def consultation_records(self) -> ConsultationRecords:
        from .consultation_records import ConsultationRecords

        return ConsultationRecords(self)

    @cached_property
    def notify(self) -> Notify:
        from .notify import Notify

        return Notify(self)

    def close(self) -> None:
        self.db.close()
