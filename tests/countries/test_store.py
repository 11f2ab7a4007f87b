"""Loading into the store (SQLite and PostgreSQL), reading back, indicator import, migration."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from iprhub.countries import tables as t
from iprhub.countries.indicators import import_values, indicator_report
from iprhub.countries.loader import (
    VERSION_KEY,
    current_reference,
    load_into_store,
    reference_from_store,
)
from iprhub.countries.planner import plan
from iprhub.countries.profile import country_profile
from iprhub.countries.reference import packaged_reference, packaged_version
from iprhub.errors import InvalidInput, StoreError


def test_migration_matches_the_tables(hub):
    """The countries branch creates exactly the capability's own metadata (its tables, no others)."""
    assert set(t.metadata.tables) == {table.name for table in t.COUNTRY_TABLES}
    with hub.store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), t.metadata)
    mine = set(t.metadata.tables)
    relevant = [d for d in diff if not (d[0] == "remove_table" and d[1].name not in mine)
                and not (d[0] == "remove_index" and d[1].table.name not in mine)]
    assert relevant == []


def test_load_is_idempotent_and_stamped(hub):
    assert current_reference(hub.store).source == "package"  # works before any load
    first = load_into_store(hub.store)
    second = load_into_store(hub.store)
    assert first.version == second.version == packaged_version() == hub.store.get_meta(VERSION_KEY)
    assert second.previous_version == first.version and second.tables == first.tables
    assert first.tables["country_treaties"] == 2627 and first.class_titles_added == sum(
        1 for h in packaged_reference().headings if h.title_en) == 168
    assert second.class_titles_added == 0
    with hub.store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.country_treaties)).scalar() == 2627
    assert hub.store.class_titles([("IPC", "A01")])[("IPC", "A01")] == "AGRICULTURE; FORESTRY; ANIMAL HUSBANDRY; HUNTING; TRAPPING; FISHING"


def test_store_and_package_give_the_same_answers(hub):
    load_into_store(hub.store)
    stored, packaged = reference_from_store(hub.store), packaged_reference()
    assert stored.source == "store"
    assert stored.treaties == packaged.treaties and stored.pph == packaged.pph
    assert stored.regional_systems == packaged.regional_systems and stored.office_rules == packaged.office_rules
    today = dt.date(2026, 2, 1)
    a = plan(stored, "CN", "2026-03-01", "invention", "VN,KZ,SA", today=today).model_dump(exclude={"data_source"})
    b = plan(packaged, "CN", "2026-03-01", "invention", "VN,KZ,SA", today=today).model_dump(exclude={"data_source"})
    assert a == b
    assert country_profile(stored, "KZ").model_dump(exclude={"data_source"}) == \
        country_profile(packaged, "KZ").model_dump(exclude={"data_source"})
    # a fact that changed keeps its earlier value, and the change its date, in both
    [change] = country_profile(stored, "KR").law_changes
    assert change == country_profile(packaged, "KR").law_changes[0]
    assert (change.parameter, change.effective_from, change.value, change.unit) == (
        "trademark_opposition_period", dt.date(2025, 7, 22), "30", "days")
    assert change.weakly_sourced and "2025-07-22" in change.detail
    before = next(p for p in country_profile(stored, "KR").law_parameters if p.parameter == change.parameter)
    assert (before.value, before.unit) == ("2", "months")


def test_reading_an_unloaded_store_fails_clearly(hub):
    with pytest.raises(StoreError, match="country load"):
        reference_from_store(hub.store)


def test_import_yearly_values(hub, tmp_path):
    csv_file = tmp_path / "values.csv"
    csv_file.write_text("indicator_id,period,value,unit,source_url,source_quality\n"
                        "copyright_industry_va_share,2023,7.5,%,https://example.org/a,official\n"
                        "ip_pledge_financing,2024,9000,亿元,https://example.org/b,official\n", encoding="utf-8")
    report = import_values(hub.store, csv_file)  # loads the reference data first
    assert (report.rows, report.inserted, report.replaced) == (2, 2, 0)
    again = import_values(hub.store, csv_file)
    assert (again.inserted, again.replaced) == (0, 2)
    load_into_store(hub.store)  # a reload keeps imported values
    rep = indicator_report(reference_from_store(hub.store))
    cr = next(p for p in rep.indicators if p.indicator.indicator_id == "copyright_industry_va_share")
    assert cr.latest.period == "2023" and cr.latest.value == "7.5" and cr.status == "achieved"
    assert cr.progress_pct == 100.0  # (7.5 - 7.39) / (7.5 - 7.39)
    json_file = tmp_path / "values.json"
    json_file.write_text(json.dumps([{"indicator_id": "hvip_per_10k", "period": "2026H1", "value": 17,
                                      "source_url": "https://example.org/c"}]), encoding="utf-8")
    assert import_values(hub.store, json_file).inserted == 1


@pytest.mark.parametrize(("body", "field"), [
    ("indicator_id,period,value,source_url\nno_such_indicator,2024,1,https://x\n", "indicator_id"),
    ("indicator_id,period,value,source_url\nhvip_per_10k,24,1,https://x\n", "period"),
    ("indicator_id,period,value,source_url\nhvip_per_10k,2024,many,https://x\n", "value"),
    ("indicator_id,period,value,source_url\nhvip_per_10k,2024,1,\n", "source_url"),
    ("indicator_id,period,value\nhvip_per_10k,2024,1\n", "source_url"),
])
def test_import_rejects_bad_rows(hub, tmp_path, body, field):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        import_values(hub.store, path)
    assert err.value.field == field
