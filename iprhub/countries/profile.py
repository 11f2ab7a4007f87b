"""Country pages: treaties, PPH ties, law parameters, Belt and Road status, regional systems,
protection channels and sources for one country, and a side-by-side comparison.

>>> from iprhub.countries.reference import packaged_reference
>>> p = country_profile(packaged_reference(), "kz")
>>> [t.in_force_date.isoformat() for t in p.treaties if t.treaty_id == "pct"]
['1991-12-25']
"""

from __future__ import annotations

from collections.abc import Iterable

from iprhub.countries.model import CountryComparison, CountryProfile, TreatyStatus
from iprhub.countries.reference import KEY_TREATIES, TREATY_NAMES, ReferenceData
from iprhub.errors import InvalidInput

# fields a country page always shows, "unknown" when the data has no value
CORE_PARAMETERS = ("invention_patent_term", "utility_model_term", "design_term", "novelty_grace_period",
                   "trademark_term", "trademark_opposition_period", "invention_examination_system")
UTILITY_ALIASES = ("utility_model_term", "petty_patent_term", "utility_innovation_term", "utility_solution_term",
                   "simple_patent_term")
CHANNELS = ("courts", "administrative_enforcement", "customs_recordal")
BRI_SCOPE = ("the packaged Belt and Road list covers the 64 Asian and European countries of the official list "
             "of 2020-08-14 and 6 later signings; a country not on it may still be a participant")


def country_profile(ref: ReferenceData, code: str) -> CountryProfile:
    c = ref.resolve(code)
    treaties = []
    order = {t: i for i, t in enumerate(KEY_TREATIES)}
    ids = sorted({t.treaty_id for t in ref.treaties}, key=lambda t: (order.get(t, len(order)), t))
    for tid in ids:
        row = next((t for t in ref.treaties if t.iso2 == c and t.treaty_id == tid), None)
        treaties.append(TreatyStatus(
            treaty_id=tid, treaty_name=row.treaty_name if row else TREATY_NAMES.get(tid, tid),
            member=bool(row and row.status == "party"), status=row.status if row else "not a party",
            in_force_date=row.in_force_date if row and row.status == "party" else None,
            action_type=row.action_type if row else None, source_url=row.source_url if row else None))
    params = ref.params(c)
    present = {p.parameter for p in params}
    unknown = []
    for name in CORE_PARAMETERS:
        aliases = UTILITY_ALIASES if name == "utility_model_term" else (name,)
        if not present.intersection(aliases):
            unknown.append(name)
    if c not in ref.pct_limits and ref.member(c, "pct"):
        unknown.append("pct_national_phase_months")
    channels = [ch for ch in ref.channels if ch.jurisdiction == c]
    unknown += [f"protection_channel:{name}" for name in CHANNELS if name not in {ch.channel for ch in channels}]
    if c not in ref.office_rules:
        unknown.append("non_working_day_rule")
    bri = ref.bri_status(c)
    if bri is None:
        unknown.append("belt_and_road_status")
    systems = {m.system for m in ref.memberships(c)}
    pph = [t for t in ref.pph if t.iso2 == c or (t.regional_system and t.regional_system in systems)
           or (c == "CN" and t.programme == "bilateral")]  # China's page lists CNIPA's partners
    cooperation = [p for p in ref.cooperation if p.iso2 == c]
    sources: list[str] = []
    for s in ([t.source_url for t in treaties if t.member][:1] + [p.source for p in params] +
              [m.source_url for m in ref.memberships(c)] + [t.source_urls for t in pph] +
              ([bri.source] if bri else []) + [p.source_urls for p in cooperation] + [ch.source_url for ch in channels] +
              ([ref.pct_limits[c].source_url] if c in ref.pct_limits else []) +
              ([ref.office_rules[c].source_url] if c in ref.office_rules else [])):
        for part in (s or "").split(" | "):
            if part and part not in sources:
                sources.append(part)
    return CountryProfile(
        code=c, name=ref.name(c), treaties=treaties, pct_time_limit=ref.pct_limits.get(c),
        regional_systems=ref.memberships(c), pph=pph, law_parameters=params, bri=bri,
        law_changes=[x for x in ref.law_changes if x.jurisdiction == c],
        bri_note=(f"{bri.status} ({bri.region or ''} {bri.as_of or ''})".strip() if bri else "unknown: " + BRI_SCOPE),
        cooperation=cooperation, protection_channels=channels, office_rule=ref.office_rules.get(c), unknown=unknown,
        sources=sources, data_version=ref.version, data_source=ref.source)


def compare(ref: ReferenceData, codes: Iterable[str]) -> CountryComparison:
    """Several country pages side by side: one row per field, one column per country."""
    profiles: list[CountryProfile] = []
    for code in codes:
        p = country_profile(ref, code)
        if p.code not in [x.code for x in profiles]:
            profiles.append(p)
    if len(profiles) < 2:
        raise InvalidInput("compare needs at least two different country codes", field="codes")
    rows: list[dict[str, str | list[str]]] = []

    def row(field: str, values: list[str]) -> None:
        rows.append({"field": field, **{p.code: v for p, v in zip(profiles, values, strict=True)}})

    row("name", [p.name for p in profiles])
    for tid in ("paris", "pct", "madrid_protocol", "hague", "wto"):
        row(TREATY_NAMES[tid], [next((str(t.in_force_date) if t.member else "no") for t in p.treaties
                                     if t.treaty_id == tid) for p in profiles])
    row("PCT national phase (months)", [_pct(p) for p in profiles])
    row("regional systems", [", ".join(sorted({m.system for m in p.regional_systems})) or "none in data"
                             for p in profiles])
    row("CNIPA PPH", [", ".join(f"{t.partner_office} since {t.start_date or 'unknown'}" for t in p.pph
                                if t.programme == "bilateral") or "none in data" for p in profiles])
    for name in CORE_PARAMETERS:
        aliases = UTILITY_ALIASES if name == "utility_model_term" else (name,)
        row(name, [next((f"{x.value} {x.unit or ''}".strip() for x in p.law_parameters if x.parameter in aliases),
                        "unknown") for p in profiles])
    row("Belt and Road", [p.bri.status if p.bri else "unknown" for p in profiles])
    return CountryComparison(codes=[p.code for p in profiles], profiles=profiles, rows=rows)


def _pct(p: CountryProfile) -> str:
    if p.pct_time_limit is None:
        return "unknown" if any(t.member for t in p.treaties if t.treaty_id == "pct") else "not PCT"
    lim = p.pct_time_limit
    if lim.national_phase_closed:
        return "no national phase (regional phase only)"
    text = str(lim.chapter1_months)
    if lim.chapter2_months and lim.chapter2_months != lim.chapter1_months:
        text += f" / {lim.chapter2_months} (Ch. II)"
    if lim.late_entry_months:
        text += f" ({lim.late_entry_months} late)"
    return text
