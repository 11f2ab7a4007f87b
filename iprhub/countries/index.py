"""The countries index: every state in the treaty data with its region, Belt and Road status, the four
filing treaties, CNIPA PPH and how many law facts the data holds, filtered by region, treaty, PPH and
Belt and Road status; the map colours every state by the same filters (matches / the rest), or by
Belt and Road region when no filter is set.

>>> from iprhub.countries.reference import packaged_reference
>>> idx = country_index(packaged_reference(), treaty="hague", bri="yes", today=dt.date(2026, 1, 1))
>>> "CN" not in [r.code for r in idx.rows] and idx.total > 10
True
"""

from __future__ import annotations

import datetime as dt

from iprhub.countries.model import CountryIndex, CountryIndexRow, MapArea
from iprhub.countries.reference import ReferenceData
from iprhub.errors import InvalidInput

FILING_TREATIES = ("paris", "pct", "madrid_protocol", "hague")
PPH_FILTERS = ("open", "any", "none")
BRI_FILTERS = ("yes", "no_data")


def country_index(ref: ReferenceData, *, region: str | None = None, treaty: str | None = None,
                  pph: str | None = None, bri: str | None = None, today: dt.date | None = None) -> CountryIndex:
    """Rows for every state, then the filters (all optional): ``region`` as the Belt and Road list names it,
    ``treaty`` one of paris/pct/madrid_protocol/hague (in force today), ``pph`` open (a CNIPA PPH programme
    open today) / any (one recorded) / none, ``bri`` yes (on the list in the data) / no_data."""
    today = today or dt.date.today()
    if treaty and treaty not in FILING_TREATIES:
        raise InvalidInput(f"treaty must be one of {', '.join(FILING_TREATIES)}", field="treaty")
    if pph and pph not in PPH_FILTERS:
        raise InvalidInput(f"pph must be one of {', '.join(PPH_FILTERS)}", field="pph")
    if bri and bri not in BRI_FILTERS:
        raise InvalidInput(f"bri must be one of {', '.join(BRI_FILTERS)}", field="bri")
    states = sorted({t.iso2 for t in ref.treaties if t.iso2 and len(t.iso2) == 2 and t.party_kind == "state"}
                    | {b.iso2 for b in ref.bri})
    rows = [_row(ref, code, today) for code in states]
    regions = sorted({r.region for r in rows if r.region})
    if region and region not in regions:
        raise InvalidInput(f"unknown region {region!r}; one of {', '.join(regions)}", field="region")
    picked = [r for r in rows
              if (not region or r.region == region)
              and (not treaty or getattr(r, treaty) is not None)
              and (not pph or (pph == "open" and r.pph_open) or (pph == "any" and r.pph)
                   or (pph == "none" and not r.pph))
              and (not bri or (bri == "yes") == (r.bri is not None))]
    filtered = bool(region or treaty or pph or bri)
    hits = {r.code for r in picked}
    areas = [MapArea(code=r.code, name=r.name,
                     key=("match" if r.code in hits else "other") if filtered else (r.region or "other"))
             for r in rows]
    legend = ["match", "other"] if filtered else [*regions, "other"]
    return CountryIndex(today=today, region=region, treaty=treaty, pph=pph, bri=bri, regions=regions,
                        total=len(picked), rows=picked, map=areas, map_legend=legend)


def _row(ref: ReferenceData, code: str, today: dt.date) -> CountryIndexRow:
    bri = ref.bri_status(code)
    dates = {}
    for treaty in FILING_TREATIES:
        m = ref.member(code, treaty)
        dates[treaty] = m.in_force_date if m and m.in_force_date and m.in_force_date <= today else None
    systems = {m.system for m in ref.memberships(code)}
    ties = [t for t in ref.pph if t.programme == "bilateral" and (t.iso2 == code or t.regional_system in systems)]
    facts = ref.params(code)
    return CountryIndexRow(
        code=code, name=ref.name(code), region=bri.region if bri else None, bri=bri.status if bri else None,
        paris=dates["paris"], pct=dates["pct"], madrid_protocol=dates["madrid_protocol"], hague=dates["hague"],
        pph=[t.partner_office for t in ties], pph_open=[t.partner_office for t in ties if t.open_on(today)],
        pph_closed=[t.partner_office for t in ties if t.open_on(today) is False],
        law_facts=len(facts), weak_facts=sum(1 for f in facts if f.weakly_sourced))
