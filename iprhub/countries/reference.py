"""The reference data packaged in ``iprhub/countries/data``, read into one typed object.

Files copied verbatim from ``../shared/reference`` keep their names; files starting with
``gap_`` hold the facts filled in from other public sources (each row names its source).
Nothing is read at import time: :func:`packaged_reference` reads on first call.

>>> ref = packaged_reference()
>>> ref.member("CN", "pct").in_force_date
datetime.date(1994, 1, 1)
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from iprhub.countries.dates import WEEKDAYS
from iprhub.countries.model import (
    BriStatus,
    ClassHeading,
    CooperationPartner,
    IndicatorDef,
    IndicatorValue,
    LawParameter,
    LawParameterChange,
    OfficeRule,
    PctTimeLimit,
    PphTie,
    ProtectionChannel,
    RegionalMembership,
    RegionalSystem,
    TranslationRequirement,
    TreatyMembership,
)
from iprhub.errors import InvalidInput, NotFound

DATA_PACKAGE = "iprhub.countries.data"
SCHEMA_VERSION = "1"

TREATY_NAMES = {
    "paris": "Paris Convention", "pct": "PCT", "madrid_protocol": "Madrid Protocol", "hague": "Hague Agreement",
    "berne": "Berne Convention", "budapest": "Budapest Treaty", "nice": "Nice Agreement", "locarno": "Locarno",
    "strasbourg": "Strasbourg (IPC)", "plt": "Patent Law Treaty", "singapore": "Singapore Treaty",
    "tlt": "Trademark Law Treaty", "lisbon": "Lisbon Agreement", "wct": "WCT", "wppt": "WPPT",
    "marrakesh": "Marrakesh Treaty", "beijing": "Beijing Treaty", "wipo_convention": "WIPO Convention", "wto": "WTO",
}
# treaties shown first on a country page (the filing routes depend on them)
KEY_TREATIES = ("paris", "pct", "madrid_protocol", "hague", "wto", "budapest", "plt", "nice", "locarno",
                "strasbourg", "berne", "wipo_convention")
# intergovernmental parties of the WIPO data, by WIPO ST.3 code
IGO_CODES = {"African Intellectual Property Organization (OAPI)": "OA",
             "Benelux Organization for Intellectual Property (BOIP)": "BX",
             "Eurasian Patent Organization (EAPO)": "EA", "European Patent Organisation (EPO)": "EP",
             "European Union": "EM", "European Union (EU)": "EM"}
REGIONAL_PPH = {"EPO": "EP", "EAPO": "EA", "ARIPO": "AP"}
# the day the packaged facts were recorded from their sources (git history of iprhub/countries/data); a fact
# re-checked since (fact_checks.csv, gap_pph_terms.csv …) carries its own date
RECORDED = dt.date(2026, 11, 21)
_KIND_QUALITY = {"statute": "statute", "office": "official", "wipo_treaty": "treaty", "gazette": "gazette",
                 "law_firm": "law_firm_page", "other": "secondary"}


def _d(text: str | None) -> dt.date | None:
    text = (text or "").strip()
    return dt.date.fromisoformat(text) if text else None


def _s(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _i(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text else None


def _f(text: str | None) -> float | None:
    try:
        return float((text or "").strip())
    except ValueError:
        return None


def _rows(name: str) -> Iterator[dict[str, str]]:
    with io.TextIOWrapper(resources.files(DATA_PACKAGE).joinpath(name).open("rb"), encoding="utf-8",
                          newline="") as fh:
        yield from csv.DictReader(fh)


def _json(name: str) -> Any:
    return json.loads(resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def data_files() -> list[str]:
    return sorted(p.name for p in resources.files(DATA_PACKAGE).iterdir()
                  if p.name.endswith((".csv", ".json")))


def packaged_version() -> str:
    """Version stamp of the packaged data: schema number and a digest of every data file."""
    digest = hashlib.sha256()
    for name in data_files():
        digest.update(name.encode())
        digest.update(resources.files(DATA_PACKAGE).joinpath(name).read_bytes())
    return f"{SCHEMA_VERSION}-{digest.hexdigest()[:12]}"


@dataclass
class ReferenceData:
    """All reference facts, with lookups used by country pages and the planner."""

    version: str
    source: str  # "package" or "store"
    treaties: list[TreatyMembership]
    law_parameters: list[LawParameter]
    pct_limits: dict[str, PctTimeLimit]
    regional_systems: list[RegionalSystem]
    office_rules: dict[str, OfficeRule]
    pph: list[PphTie]
    bri: list[BriStatus]
    bri_counts: list[dict[str, str]]
    cooperation: list[CooperationPartner]
    channels: list[ProtectionChannel]
    headings: list[ClassHeading]
    indicators: list[IndicatorDef]
    indicator_values: list[IndicatorValue]
    translations: list[TranslationRequirement] = field(default_factory=list)
    law_changes: list[LawParameterChange] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    iso3: dict[str, str] = field(default_factory=dict)
    _members: dict[tuple[str, str], TreatyMembership] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for t in self.treaties:
            if t.iso2:
                self.names.setdefault(t.iso2, t.party_name)
                if t.status == "party":
                    self._members[(t.iso2, t.treaty_id)] = t
        for b in self.bri:
            self.names.setdefault(b.iso2, b.name)
            if b.iso3:
                self.iso3[b.iso3] = b.iso2

    # lookups ----------------------------------------------------------------------
    def member(self, code: str, treaty_id: str) -> TreatyMembership | None:
        return self._members.get((code, treaty_id))

    def member_on(self, code: str, treaty_id: str, day: dt.date) -> bool:
        m = self.member(code, treaty_id)
        return bool(m and m.in_force_date and m.in_force_date <= day)

    def params(self, code: str) -> list[LawParameter]:
        return [p for p in self.law_parameters if p.jurisdiction == code]

    def param(self, code: str, *names: str) -> LawParameter | None:
        for name in names:
            for p in self.law_parameters:
                if p.jurisdiction == code and p.parameter == name:
                    return p
        return None

    def system(self, code: str) -> RegionalSystem | None:
        return next((s for s in self.regional_systems if s.code == code), None)

    def memberships(self, code: str) -> list[RegionalMembership]:
        return [m for s in self.regional_systems for m in s.members if m.iso2 == code]

    def bri_status(self, code: str) -> BriStatus | None:
        return next((b for b in self.bri if b.iso2 == code), None)

    def resolve(self, code: str, *, field: str = "country") -> str:
        """A known ISO 3166 alpha-2 code; otherwise :class:`InvalidInput` with a suggestion."""
        text = (code or "").strip()
        up = text.upper()
        if up in self.names:
            return up
        hint = self.suggest(text)
        raise InvalidInput(f"unknown country code {text!r}" + (f"; did you mean {hint}?" if hint else
                                                              "; use ISO 3166 two-letter codes such as VN"),
                           field=field)

    def suggest(self, text: str) -> str | None:
        up = text.strip().upper()
        if up in self.iso3:
            c = self.iso3[up]
            return f"{c} ({self.names[c]})"
        by_name = {n.upper(): c for c, n in self.names.items()}
        for name, c in by_name.items():
            if up and (up == name or name.startswith(up)):
                return f"{c} ({self.names[c]})"
        close = difflib.get_close_matches(up, list(by_name), n=1, cutoff=0.75)
        if close:
            c = by_name[close[0]]
            return f"{c} ({self.names[c]})"
        close = difflib.get_close_matches(up, sorted(self.names), n=1, cutoff=0.5)
        return f"{close[0]} ({self.names[close[0]]})" if close else None

    def name(self, code: str) -> str:
        if code not in self.names:
            raise NotFound(f"no country {code!r} in the reference data", record=code)
        return self.names[code]


# reading the packaged files -------------------------------------------------------------
def _treaties() -> list[TreatyMembership]:
    out = []
    for r in _rows("treaty_membership_long.csv"):
        iso2 = _s(r["iso2"]) or IGO_CODES.get(r["party_name_wipo"])
        out.append(TreatyMembership(
            iso2=iso2, party_name=r["party_name_wipo"], party_kind=r["party_kind"], treaty_id=r["treaty_id"],
            treaty_name=r["treaty_name"], status=r["status"], action_type=_s(r["action_type"]),
            action_date=_d(r["action_date"]),
            in_force_date=_d(r["entry_into_force_date"]) or (_d(r["action_date"]) if r["status"] == "party" else None),
            as_of=_d(r["as_of"]), source_url=r["source_url"], source_copy=_s(r["source_copy"])))
    return out


def _law_parameters() -> list[LawParameter]:
    """Both parameter files, with the fact checks applied: a corrected value replaces the recorded one (the
    old value is kept in ``note``), an added fact joins, a confirmed one gets its official source."""
    out = []
    sources: tuple[tuple[str, Literal["reference", "gap_fill"]], ...] = (
        ("country_ip_parameters.csv", "reference"), ("gap_law_parameters.csv", "gap_fill"))
    for name, origin in sources:
        for r in _rows(name):
            out.append(LawParameter(
                jurisdiction=r["jurisdiction"], parameter=r["parameter"], value=r["value"], unit=_s(r["unit"]),
                detail=_s(r["basis_or_detail"]), source=r["source"], source_quality=r["source_quality"],
                note=_s(r["note"]), origin=origin, checked=_d(r.get("checked")) or RECORDED))
    params = {(p.jurisdiction, p.parameter) for p in out}
    audited = [{"jurisdiction": a["jurisdiction"], "parameter": a["field"], "verdict": "agrees",
                "source": a["official_source"], "source_kind": a["source_kind"], "checked": a["checked"]}
               for a in _rows("fact_audit.csv")
               if a["verdict"] == "agrees" and (a["jurisdiction"], a["field"]) in params]
    for c in [*_rows("fact_checks.csv"), *audited]:
        fact = next((p for p in out if p.jurisdiction == c["jurisdiction"] and p.parameter == c["parameter"]), None)
        checked = dt.date.fromisoformat(c["checked"])
        quality = _KIND_QUALITY[c["source_kind"]]
        if fact is None:
            if c["verdict"] == "agrees":
                raise InvalidInput(f"fact_checks.csv confirms a fact not in the data: {c['jurisdiction']} "
                                   f"{c['parameter']}", file="fact_checks.csv", field="parameter")
            fact = LawParameter(jurisdiction=c["jurisdiction"], parameter=c["parameter"], value=c["value"],
                                unit=_s(c["unit"]), source=c["source"], source_quality=quality, origin="gap_fill")
            out.append(fact)
        if c["verdict"] in ("corrected", "added"):
            fact.note = f"was: {c['was']}" if c.get("was") else fact.note
            fact.value, fact.unit, fact.detail = c["value"], _s(c["unit"]), _s(c["detail"])
            fact.source = c["source"]
        elif c["source"] not in fact.source:  # agrees: the official source joins the one recorded
            fact.source = f"{c['source']} | {fact.source}"
        fact.source_quality, fact.checked, fact.verdict = quality, checked, c["verdict"]
    return out


def _law_changes() -> list[LawParameterChange]:
    changes = [LawParameterChange(
        jurisdiction=r["jurisdiction"], parameter=r["parameter"], effective_from=dt.date.fromisoformat(r["effective_from"]),
        value=r["value"], unit=_s(r["unit"]), detail=_s(r["detail"]), source=r["source"],
        source_quality=_KIND_QUALITY[r["source_kind"]], checked=_d(r["checked"]))
        for r in _rows("law_parameter_changes.csv")]
    return sorted(changes, key=lambda c: (c.jurisdiction, c.parameter, c.effective_from))


def _pct_limits() -> dict[str, PctTimeLimit]:
    return {r["office"]: PctTimeLimit(
        office=r["office"], chapter1_months=_i(r["chapter1_months"]), chapter2_months=_i(r["chapter2_months"]),
        late_entry_months=_i(r["late_entry_months"]), note=_s(r["note"]), source_url=r["source_url"],
        source_quality=r["source_quality"], checked=RECORDED) for r in _rows("gap_pct_time_limits.csv")}


def _regional() -> list[RegionalSystem]:
    out = []
    for s in _json("gap_regional_systems.json")["systems"]:
        members = [RegionalMembership(system=s["code"], iso2=m["iso2"], from_date=_d(m.get("from")),
                                      until_date=_d(m.get("until")), role=m.get("role") or m.get("date_kind"),
                                      note=m.get("note"), source_url=m["source_url"],
                                      source_quality=m["source_quality"]) for m in s["members"]]
        out.append(RegionalSystem(code=s["code"], name=s["name"], kinds=s["kinds"], paris_route=s["paris_route"],
                                  pct_route=s["pct_route"], sole_office=s.get("sole_office", False),
                                  notes=s.get("notes"), source_url=s["source_url"], members=members))
    return out


def _office_rules() -> dict[str, OfficeRule]:
    return {r["office"]: OfficeRule(
        office=r["office"], shift=r["shift"] == "yes",
        weekend_days=[WEEKDAYS[d] for d in r["weekend_days"].split(";") if d],
        basis=r["basis"], source_url=r["source_url"], source_quality=r["source_quality"], note=_s(r["note"]),
        checked=_d(r.get("checked")) or RECORDED) for r in _rows("gap_office_rules.csv")}


def _translations() -> list[TranslationRequirement]:
    return [TranslationRequirement(office=r["office"], phase=r["phase"], requirement=r["requirement"],  # type: ignore[arg-type]
                                   time_limit=r["time_limit"], basis=r["basis"], source=r["source"],
                                   source_quality=_KIND_QUALITY[r["source_kind"]], checked=_d(r["checked"]))
            for r in _rows("gap_translation_requirements.csv")]


def _pph() -> list[PphTie]:
    out = []
    terms = {(r["programme"], r["partner_office"]): r for r in _rows("gap_pph_terms.csv")}
    for r in _rows("cnipa_pph_partners.csv"):
        office = r["partner_office"]
        term = terms.get(("bilateral", office))
        out.append(PphTie(programme="bilateral", first_office="CN", partner_office=office,
                          partner_name=r["country_or_org"], iso2=_s(r["iso2"]),
                          regional_system=REGIONAL_PPH.get(office),
                          start_date=_d(r["cnipa_pph_start_date"]) or (_d(term["start_date"]) if term else None),
                          end_date=_d(term["end_date"]) if term else None,
                          end_kind=term["end_kind"] if term else "unknown",  # type: ignore[arg-type]
                          renewals=_s(term["renewals"]) if term else None,
                          notes=_joined(_s(r["notes"]), _s(term["note"]) if term else None),
                          source_urls=r["source_urls"] + (f" | {term['source']}" if term else ""),
                          checked=_d(term["checked"]) if term else RECORDED))
    ref = _json("pph_reference.json")
    ip5_codes = {"KIPO": "KR", "JPO": "JP", "CNIPA": "CN", "USPTO": "US", "EPO": None}
    for office in ref["ip5_pph"]["members"]:
        out.append(PphTie(programme="ip5", first_office="IP5", partner_office=office, partner_name=office,
                          iso2=ip5_codes.get(office), regional_system="EP" if office == "EPO" else None,
                          start_date=_d(ref["ip5_pph"]["start"]), end_kind="indefinite",
                          source_urls=ref["ip5_pph"]["source"], checked=RECORDED))
    g = ref["global_pph"]
    for entry in g["members"]:
        office, _, rest = entry.partition(" (")
        code = rest.rstrip(")")
        out.append(PphTie(programme="global", first_office="GPPH", partner_office=office, partner_name=entry,
                          iso2=code if len(code) == 2 else None, start_date=_d(g["start"]), notes=g.get("note"),
                          end_kind="indefinite", source_urls=g["source"], checked=RECORDED))
    return out


def _joined(*parts: str | None) -> str | None:
    return "; ".join(p for p in parts if p) or None


def _channels() -> list[ProtectionChannel]:
    return [ProtectionChannel(jurisdiction=r["jurisdiction"], channel=r["channel"], available=r["available"],
                              detail=_s(r["detail"]), source_url=r["source_url"], source_quality=r["source_quality"],
                              checked=_d(r.get("checked")) or RECORDED)
            for r in _rows("gap_protection_channels.csv")]


def _bri() -> list[BriStatus]:
    return [BriStatus(iso2=r["iso2"], iso3=_s(r["iso3"]), name=r["country_name_iso"], region=_s(r["region_in_source"]),
                      list_order=_i(r["order_in_official_list"]), status=r["status"], as_of=_d(r["as_of"]),
                      notes=_s(r["notes"]), source=r["source"]) for r in _rows("bri_countries_partial.csv")]


def _headings() -> list[ClassHeading]:
    out = [ClassHeading(scheme="NICE", symbol=r["class_no"], level=r["kind"], title_en=_s(r["heading_en"]),
                        title_zh=_s(r["heading_zh"]), source=f"en: {r['source_en']} | zh: {r['source_zh']}")
           for r in _rows("nice_class_headings.csv")]
    out += [ClassHeading(scheme="IPC", symbol=r["code"], level=r["level"], title_en=_s(r["title_en"]),
                         title_es=_s(r["title_es"]), source=r["source"]) for r in _rows("ipc_sections_classes.csv")]
    return out


def _indicators() -> tuple[list[IndicatorDef], list[IndicatorValue]]:
    defs = [IndicatorDef(
        indicator_id=r["indicator_id"], name_zh=r["name_zh"], name_en=r["name_en"], unit=r["unit"],
        nature=_s(r["indicator_nature"]), baseline_year=_i(r["baseline_year"]), baseline_value=_f(r["baseline_value"]),
        target_2025=_f(r["target_2025"]), in_outline=r["in_outline_2021_2035"] == "yes", plan=r["plan"],
        source_urls=r["source_urls"], notes=_s(r["notes"])) for r in _rows("ip_plan_indicators.csv")]
    values = [IndicatorValue(
        indicator_id=r["indicator_id"], period=r["period"], value=r["value"], number=_f(r["value"]),
        unit=_s(r["unit"]), as_of=_s(r["as_of"]), source_url=r["source_url"],
        source_description=_s(r["source_description"]), source_quality=_s(r["source_quality"]),
        note=_s(r["note"])) for r in _rows("ip_indicator_actuals.csv")]
    return defs, values


@functools.lru_cache(maxsize=1)
def packaged_reference() -> ReferenceData:
    """The packaged reference data (read once per process)."""
    defs, values = _indicators()
    return ReferenceData(
        version=packaged_version(), source="package", treaties=_treaties(), law_parameters=_law_parameters(),
        pct_limits=_pct_limits(), regional_systems=_regional(), office_rules=_office_rules(), pph=_pph(),
        bri=_bri(), bri_counts=list(_rows("bri_participation_counts.csv")),
        cooperation=[CooperationPartner(partner=r["partner"], partner_type=r["partner_type"],
                                        cooperation=r["cooperation"], iso2=_s(r["iso2"]),
                                        source_urls=r["source_urls"], notes=_s(r["notes"]))
                     for r in _rows("cnipa_ip_cooperation_partners.csv")],
        channels=_channels(),
        headings=_headings(), indicators=defs, indicator_values=values, translations=_translations(),
        law_changes=_law_changes())
