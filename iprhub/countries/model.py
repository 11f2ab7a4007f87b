"""Typed records of the country knowledge base, the filing-route planner and the indicator monitor.

Every fact keeps its source. A value that no source gives stays ``None`` and is shown as
"unknown"; nothing here is guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, computed_field

RightType = Literal["invention", "utility", "design", "trademark"]
RIGHT_TYPES: tuple[str, ...] = ("invention", "utility", "design", "trademark")
# a PCT limit row without months whose note starts so: the state has no national phase (EP or OA only)
NO_NATIONAL_PHASE = "no national phase"


SOURCE_KINDS = ("statute", "office", "wipo_treaty", "gazette", "law_firm", "other")
WEAK_SOURCE_KINDS = ("law_firm", "other")
_QUALITY_KIND = {"statute": "statute", "statute_copy": "statute", "official": "office", "official_eu_helpdesk": "office",
                 "treaty": "wipo_treaty", "wipo_treaty": "wipo_treaty", "office": "office", "gazette": "gazette",
                 "law_firm_page": "law_firm", "law_firm": "law_firm"}


def source_kind_of(quality: str, source: str) -> str:
    """statute / office / wipo_treaty / gazette / law_firm / other, from a fact's recorded source quality and its
    source (an official page on wipo.int is the WIPO or treaty body, not a national office)."""
    kind = _QUALITY_KIND.get(quality, "other")
    if kind == "office" and "wipo.int" in source:
        return "wipo_treaty"
    return kind


class Sourced(BaseModel):
    """A fact with its source: ``source_kind`` (statute, office, WIPO/treaty body, gazette, law firm, other),
    ``checked`` (the day it was last compared with that source) and whether it rests only on a law-firm or
    other secondary page (``weakly_sourced``)."""

    source_quality: str
    checked: dt.date | None = None

    def _source_text(self) -> str:
        return str(getattr(self, "source_url", None) or getattr(self, "source", "") or "")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def source_kind(self) -> str:
        return source_kind_of(self.source_quality, self._source_text())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def weakly_sourced(self) -> bool:
        return self.source_kind in WEAK_SOURCE_KINDS


class TreatyMembership(BaseModel):
    iso2: str | None
    party_name: str
    party_kind: str
    treaty_id: str
    treaty_name: str
    status: str  # party / signatory_only
    action_type: str | None = None
    action_date: dt.date | None = None
    in_force_date: dt.date | None = None  # entry into force, or the action date when none is given
    as_of: dt.date | None = None
    source_url: str
    source_copy: str | None = None


class LawParameter(Sourced):
    jurisdiction: str
    parameter: str
    value: str
    unit: str | None = None
    detail: str | None = None
    source: str
    note: str | None = None
    origin: Literal["reference", "gap_fill"] = "reference"
    verdict: str | None = None  # from the fact checks: agrees / corrected / added (None: not re-checked)


class LawParameterChange(Sourced):
    """A law parameter's value from ``effective_from`` on; the recorded :class:`LawParameter` keeps the value
    before (the records of earlier publications still run on it)."""

    jurisdiction: str
    parameter: str
    effective_from: dt.date
    value: str
    unit: str | None = None
    detail: str | None = None
    source: str


class PctTimeLimit(Sourced):
    office: str
    chapter1_months: int | None
    chapter2_months: int | None
    late_entry_months: int | None = None
    note: str | None = None
    source_url: str

    @property
    def national_phase_closed(self) -> bool:
        """The state's national route is closed: a PCT application reaches it only by a regional phase."""
        return (self.chapter1_months is None and self.chapter2_months is None
                and (self.note or "").startswith(NO_NATIONAL_PHASE))


class RegionalMembership(BaseModel):
    system: str
    iso2: str
    from_date: dt.date | None = None
    until_date: dt.date | None = None
    role: str | None = None
    note: str | None = None
    source_url: str
    source_quality: str


class RegionalSystem(BaseModel):
    code: str
    name: str
    kinds: list[str]
    paris_route: bool
    pct_route: bool
    sole_office: bool = False
    notes: str | None = None
    source_url: str
    members: list[RegionalMembership] = Field(default_factory=list)


class OfficeRule(Sourced):
    """What happens when a time limit ends on a day the office is closed."""

    office: str
    shift: bool
    weekend_days: list[int] = Field(default_factory=list)  # 0 = Monday … 6 = Sunday
    basis: str
    source_url: str
    note: str | None = None


class TranslationRequirement(Sourced):
    """What an office requires in its language when a PCT application enters its national or regional phase."""

    office: str
    phase: Literal["national", "regional"]
    requirement: str
    time_limit: str
    basis: str
    source: str


class PphTie(BaseModel):
    programme: Literal["bilateral", "ip5", "global"]
    first_office: str  # the office whose work is reused; bilateral rows: CN (CNIPA)
    partner_office: str
    partner_name: str
    iso2: str | None = None  # None for regional offices
    regional_system: str | None = None  # EP, EA, AP … for regional partners
    start_date: dt.date | None = None
    end_date: dt.date | None = None  # the end of its current term, or the day it ended
    end_kind: Literal["ended", "term", "indefinite", "unknown"] = "unknown"
    renewals: str | None = None  # terms as recorded: "2022-04-01..2023-03-31; …"
    notes: str | None = None
    source_urls: str
    checked: dt.date | None = None

    def open_on(self, day: dt.date) -> bool | None:
        """Open on ``day``: True, False, or None when the data cannot say (no dates)."""
        if self.start_date and day < self.start_date:
            return False
        if self.end_date and day > self.end_date:
            return False
        if self.start_date or self.end_date or self.end_kind == "indefinite":
            return True
        return None


class BriStatus(BaseModel):
    iso2: str
    iso3: str | None = None
    name: str
    region: str | None = None
    list_order: int | None = None
    status: str
    as_of: dt.date | None = None
    notes: str | None = None
    source: str


class CooperationPartner(BaseModel):
    partner: str
    partner_type: str
    cooperation: str
    iso2: str | None = None
    source_urls: str
    notes: str | None = None


class ProtectionChannel(Sourced):
    jurisdiction: str
    channel: str  # courts / administrative_enforcement / customs_recordal / mediation_arbitration / overseas_assistance
    available: str
    detail: str | None = None
    source_url: str


class ClassHeading(BaseModel):
    scheme: Literal["NICE", "IPC"]
    symbol: str
    level: str
    title_en: str | None = None
    title_zh: str | None = None
    title_es: str | None = None
    source: str


# country pages -----------------------------------------------------------------------
class TreatyStatus(BaseModel):
    treaty_id: str
    treaty_name: str
    member: bool
    status: str  # party / signatory_only / not a party
    in_force_date: dt.date | None = None
    action_type: str | None = None
    source_url: str | None = None


class LawLink(BaseModel):
    """A law of the country in the law base (capability ``laws``), linked from its page."""

    key: str
    title: str
    kind: str
    articles: int


class CountryProfile(BaseModel):
    code: str
    name: str
    treaties: list[TreatyStatus]
    pct_time_limit: PctTimeLimit | None = None
    regional_systems: list[RegionalMembership]
    pph: list[PphTie]
    law_parameters: list[LawParameter]
    law_changes: list[LawParameterChange] = []  # values in force from a date on (see LawParameterChange)
    bri: BriStatus | None = None
    bri_note: str
    cooperation: list[CooperationPartner]
    protection_channels: list[ProtectionChannel]
    office_rule: OfficeRule | None = None
    unknown: list[str]  # fields with no value in the data
    sources: list[str]
    data_version: str
    data_source: str
    laws: list[LawLink] = []  # from the law base, when the laws capability is loaded


class CountryIndexRow(BaseModel):
    code: str
    name: str
    region: str | None = None  # as the Belt and Road list names it; None: not on the list in the data
    bri: str | None = None
    paris: dt.date | None = None  # in force for the state since (None: not in force today)
    pct: dt.date | None = None
    madrid_protocol: dt.date | None = None
    hague: dt.date | None = None
    pph: list[str] = Field(default_factory=list)  # CNIPA bilateral PPH partner offices reaching the state
    pph_open: list[str] = Field(default_factory=list)  # … of which open today
    pph_closed: list[str] = Field(default_factory=list)  # … of which closed today (the rest: dates unknown)
    law_facts: int = 0
    weak_facts: int = 0


class MapArea(BaseModel):
    """One country on the index map: its colour key under the active filter."""

    code: str
    name: str
    key: str  # "match" / "other" when a filter is active; else the Belt and Road region, or "other"


class CountryIndex(BaseModel):
    today: dt.date
    region: str | None = None
    treaty: str | None = None
    pph: str | None = None
    bri: str | None = None
    regions: list[str]
    total: int
    rows: list[CountryIndexRow]
    map: list[MapArea] = Field(default_factory=list)  # every state, coloured by the active filter
    map_legend: list[str] = Field(default_factory=list)  # colour keys in use, legend order


class CountryComparison(BaseModel):
    codes: list[str]
    profiles: list[CountryProfile]
    rows: list[dict[str, str | list[str]]]  # one row per compared field: {"field": …, "CN": …, "VN": …}


# planner -----------------------------------------------------------------------------
class Deadline(BaseModel):
    label: str
    months: int | None
    legal_date: dt.date | None  # priority date + months (month-end rule applied)
    date: dt.date | None  # after the non-working-day rule, if the office's rule is known
    shifted: bool = False
    office: str
    rule: str  # how the date was computed
    passed: bool = False


class PlanWarning(BaseModel):
    code: str  # no_grace_period / grace_unknown / deadline_passed / route_unavailable / unknown_data / …
    message: str


class Route(BaseModel):
    route: str  # paris / pct / regional_paris / regional_pct / madrid / hague
    label: str
    office: str
    available: bool | None  # None: unknown
    availability: str
    opens_on: dt.date | None = None  # route opens after the priority date
    deadlines: list[Deadline]
    warnings: list[PlanWarning] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    translations: list[TranslationRequirement] = Field(default_factory=list)


class PphOption(BaseModel):
    programme: str
    office: str
    via: str  # national / regional system code
    since: dt.date | None = None
    until: dt.date | None = None  # end of its current term (None: no end recorded)
    end_kind: str = "unknown"
    notes: str | None = None
    source: str


class TargetPlan(BaseModel):
    code: str
    name: str
    routes: list[Route]
    pph: list[PphOption]
    grace_period: str  # value or "unknown"
    warnings: list[PlanWarning] = Field(default_factory=list)


class FilingPlan(BaseModel):
    first_filing: str
    first_filing_name: str
    priority_date: dt.date
    right_type: RightType
    today: dt.date
    planned: bool  # first filing lies in the future
    targets: list[TargetPlan]
    warnings: list[PlanWarning] = Field(default_factory=list)
    data_version: str
    data_source: str


# indicators --------------------------------------------------------------------------
class IndicatorValue(BaseModel):
    indicator_id: str
    period: str
    value: str
    number: float | None = None
    unit: str | None = None
    as_of: str | None = None
    source_url: str
    source_description: str | None = None
    source_quality: str | None = None
    note: str | None = None
    origin: Literal["reference", "import"] = "reference"


class IndicatorDef(BaseModel):
    indicator_id: str
    name_zh: str
    name_en: str
    unit: str
    nature: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    target_2025: float | None = None
    in_outline: bool = False
    plan: str
    source_urls: str
    notes: str | None = None


class IndicatorProgress(BaseModel):
    indicator: IndicatorDef
    values: list[IndicatorValue]  # one per period (first source), oldest first
    all_values: list[IndicatorValue]
    latest: IndicatorValue | None = None
    progress_pct: float | None = None  # (latest - baseline) / (target - baseline) * 100
    status: str  # achieved / in progress / no target / no data


class IndicatorReport(BaseModel):
    indicators: list[IndicatorProgress]
    other_statistics: list[IndicatorProgress]
    data_version: str
    data_source: str


class ImportReport(BaseModel):
    file: str
    inserted: int
    replaced: int
    rows: int
