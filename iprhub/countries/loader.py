"""Load the packaged reference data into the store, and read it back.

Loading replaces every country table's rows in one transaction, so running it twice leaves the
same rows (idempotent); the version stamp goes to ``meta``. Imported indicator values
(``origin = 'import'``) survive a reload. Nice and IPC headings go to the core ``class_titles``
table (schemes ``NICE`` and ``IPC``, English only), where ingested titles keep precedence.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from pydantic import BaseModel
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from iprhub.countries import tables as t
from iprhub.countries.model import (
    BriStatus,
    CooperationPartner,
    IndicatorDef,
    IndicatorValue,
    LawParameter,
    OfficeRule,
    PctTimeLimit,
    PphTie,
    ProtectionChannel,
    RegionalMembership,
    RegionalSystem,
    TranslationRequirement,
    TreatyMembership,
)
from iprhub.countries.reference import ReferenceData, packaged_reference
from iprhub.errors import StoreError
from iprhub.store import Store

VERSION_KEY = "countries.reference_version"
LOADED_AT_KEY = "countries.loaded_at"


class LoadReport(BaseModel):
    version: str
    previous_version: str | None
    tables: dict[str, int]
    class_titles_added: int
    seconds: float


_COMPUTED = {"source_kind", "weakly_sourced"}  # derived from source_quality, not stored


def _dump(m: BaseModel, *, exclude: set[str] | None = None) -> dict[str, Any]:
    return m.model_dump(exclude=(exclude or set()) | _COMPUTED)


def load_into_store(store: Store, ref: ReferenceData | None = None) -> LoadReport:
    """Write the packaged reference data to the store (replacing earlier loads) and stamp its version."""
    ref = ref or packaged_reference()
    start = time.perf_counter()
    rows: dict[Any, list[dict[str, Any]]] = {
        t.country_treaties: [_dump(x) for x in ref.treaties],
        t.country_law_params: [_dump(x) for x in ref.law_parameters],
        t.country_pct_limits: [_dump(x) for x in ref.pct_limits.values()],
        t.country_regional_systems: [{**_dump(s, exclude={"members", "kinds"}), "kinds": ";".join(s.kinds)}
                                     for s in ref.regional_systems],
        t.country_regional_members: [_dump(m) for s in ref.regional_systems for m in s.members],
        t.country_office_rules: [{**_dump(r, exclude={"weekend_days"}),
                                  "weekend_days": ";".join(str(d) for d in r.weekend_days)}
                                 for r in ref.office_rules.values()],
        t.country_pph: [_dump(x) for x in ref.pph],
        t.country_bri: [_dump(x) for x in ref.bri],
        t.country_cooperation: [_dump(x) for x in ref.cooperation],
        t.country_channels: [_dump(x) for x in ref.channels],
        t.country_translation: [_dump(x) for x in ref.translations],
        t.ip_indicators: [_dump(x) for x in ref.indicators],
        t.ip_indicator_values: [_dump(x, exclude={"number"}) for x in ref.indicator_values],
    }
    # English only: the core looks titles up by scheme and symbol, whatever the language
    titles = [{"scheme": h.scheme, "symbol": h.symbol, "lang": "en", "title": h.title_en, "level": None}
              for h in ref.headings if h.title_en]
    previous = store.get_meta(VERSION_KEY)
    try:
        with store.begin() as conn:
            for table, data in rows.items():
                stmt = delete(table)
                if table is t.ip_indicator_values:
                    stmt = stmt.where(table.c.origin == "reference")
                conn.execute(stmt)
                if data:
                    conn.execute(table.insert(), data)
            added = store.write_class_titles(conn, titles)
            store.set_meta(conn, VERSION_KEY, ref.version)
            store.set_meta(conn, LOADED_AT_KEY, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    except SQLAlchemyError as exc:
        raise StoreError(f"loading the country reference data failed: {exc}") from exc
    return LoadReport(version=ref.version, previous_version=previous,
                      tables={table.name: len(data) for table, data in rows.items()},
                      class_titles_added=added, seconds=round(time.perf_counter() - start, 3))


def loaded_version(store: Store) -> str | None:
    return store.get_meta(VERSION_KEY)


def reference_from_store(store: Store) -> ReferenceData:
    """The reference data as loaded in the store (plus any imported indicator values)."""
    version = loaded_version(store)
    if version is None:
        raise StoreError("the country reference data is not loaded; run `iprhub country load`")
    try:
        with store.engine.connect() as conn:
            def fetch(table: Any) -> list[dict[str, Any]]:
                return [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]

            treaties = [TreatyMembership(**_strip(r)) for r in fetch(t.country_treaties)]
            params = [LawParameter(**_strip(r)) for r in fetch(t.country_law_params)]
            pct = {r["office"]: PctTimeLimit(**r) for r in fetch(t.country_pct_limits)}
            members: dict[str, list[RegionalMembership]] = {}
            for r in fetch(t.country_regional_members):
                members.setdefault(r["system"], []).append(RegionalMembership(**_strip(r)))
            systems = [RegionalSystem(**{**r, "kinds": r["kinds"].split(";"), "members": members.get(r["code"], [])})
                       for r in fetch(t.country_regional_systems)]
            rules = {r["office"]: OfficeRule(**{**r, "weekend_days": [int(d) for d in r["weekend_days"].split(";") if d]})
                     for r in fetch(t.country_office_rules)}
            pph = [PphTie(**_strip(r)) for r in fetch(t.country_pph)]
            bri = [BriStatus(**r) for r in fetch(t.country_bri)]
            coop = [CooperationPartner(**_strip(r)) for r in fetch(t.country_cooperation)]
            channels = [ProtectionChannel(**_strip(r)) for r in fetch(t.country_channels)]
            translations = [TranslationRequirement(**_strip(r)) for r in fetch(t.country_translation)]
            defs = [IndicatorDef(**r) for r in fetch(t.ip_indicators)]
            values = [IndicatorValue(**_strip(r), number=_number(r["value"])) for r in fetch(t.ip_indicator_values)]
    except SQLAlchemyError as exc:
        raise StoreError(f"reading the country reference data failed: {exc}") from exc
    packaged = packaged_reference()
    # keep the packaged order of regional systems and BRI rows (the store returns them by key)
    order = {s.code: i for i, s in enumerate(packaged.regional_systems)}
    systems.sort(key=lambda s: order.get(s.code, len(order)))
    bri_order = {b.iso2: i for i, b in enumerate(packaged.bri)}
    bri.sort(key=lambda b: bri_order.get(b.iso2, len(bri_order)))
    ind_order = {d.indicator_id: i for i, d in enumerate(packaged.indicators)}
    defs.sort(key=lambda d: ind_order.get(d.indicator_id, len(ind_order)))
    return ReferenceData(
        version=version, source="store", treaties=treaties, law_parameters=params, pct_limits=pct,
        regional_systems=systems, office_rules=rules, pph=pph, bri=bri, bri_counts=packaged.bri_counts,
        cooperation=coop, channels=channels, headings=packaged.headings, indicators=defs, indicator_values=values,
        translations=translations, law_changes=packaged.law_changes)


def current_reference(store: Store | None) -> ReferenceData:
    """The store's data when it has been loaded, else the packaged data (no load needed)."""
    if store is not None and loaded_version(store) is not None:
        return reference_from_store(store)
    return packaged_reference()


def _strip(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None
