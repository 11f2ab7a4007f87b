"""``hub.countries``: the country knowledge base over the hub's store (the functions the API, the
pages and the CLI call; each returns the typed model its JSON form dumps).

>>> from iprhub.hub import Hub
>>> from iprhub.settings import Settings
>>> Hub(Settings(database_url="sqlite:///:memory:")).countries.profile("VN").name
'Viet Nam'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iprhub.countries.model import (
    CountryComparison,
    CountryIndex,
    CountryProfile,
    FilingPlan,
    ImportReport,
    IndicatorReport,
)
from iprhub.countries.reference import ReferenceData

if TYPE_CHECKING:
    from iprhub.countries.loader import LoadReport


class CountriesService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.store = hub.store

    def reference(self) -> ReferenceData:
        """The reference data loaded into the store, or the packaged data when none is loaded."""
        from iprhub.countries.loader import current_reference

        return current_reference(self.store)

    def profile(self, code: str) -> CountryProfile:
        from iprhub.countries.model import LawLink
        from iprhub.countries.profile import country_profile

        profile = country_profile(self.reference(), code)
        if self.hub.has_capability("laws"):  # the country's laws in the law base, newest versions
            profile.laws = [LawLink(key=law.key, title=law.title, kind=law.kind, articles=law.articles)
                            for law in self.hub.laws.list(profile.code).laws if law.status == "current"]
        return profile

    def index(self, region: str | None = None, treaty: str | None = None, pph: str | None = None,
              bri: str | None = None, today: dt.date | None = None) -> CountryIndex:
        """Every state with its treaties, PPH and Belt and Road status, filtered."""
        from iprhub.countries.index import country_index

        return country_index(self.reference(), region=region, treaty=treaty, pph=pph, bri=bri, today=today)

    def compare(self, codes: str | list[str]) -> CountryComparison:
        """Countries side by side; ``codes`` is a list or one string separated by commas or spaces."""
        from iprhub.countries.profile import compare

        if isinstance(codes, str):
            codes = [c for c in codes.replace(" ", ",").split(",") if c]
        return compare(self.reference(), codes)

    def plan(self, first_filing: str, date: str, right_type: str, targets: str,
             today: dt.date | None = None) -> FilingPlan:
        from iprhub.countries.planner import plan

        return plan(self.reference(), first_filing, date, right_type, targets, today=today)

    def plan_calendar(self, first_filing: str, date: str, right_type: str, targets: str,
                      today: dt.date | None = None) -> str:
        """The plan's deadlines as an iCalendar file (RFC 5545)."""
        from iprhub.countries.ics import plan_ics

        return plan_ics(self.plan(first_filing, date, right_type, targets, today=today))

    def indicators(self) -> IndicatorReport:
        from iprhub.countries.indicators import indicator_report

        return indicator_report(self.reference())

    def load(self) -> LoadReport:
        """Load the packaged reference data into the store (idempotent; stamps its version)."""
        from iprhub.countries.loader import load_into_store

        return load_into_store(self.store)

    def import_values(self, path: Path) -> ImportReport:
        from iprhub.countries.indicators import import_values

        return import_values(self.store, path)
