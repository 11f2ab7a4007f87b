"""Store tables of the countries capability (its own metadata).

The migration ``migrations/0002_countries.py`` creates exactly these tables; keep both in step (a
test compares them). The ``country_`` and ``ip_indicator`` names predate the capability and stay.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Float, Index, Integer, String, Table, Text

from iprhub.capability import table_metadata
from iprhub.store.schema import Id

metadata = table_metadata()

country_treaties = Table(
    "country_treaties",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("iso2", String(4)),
    Column("party_name", Text, nullable=False),
    Column("party_kind", String(32), nullable=False),
    Column("treaty_id", String(32), nullable=False),
    Column("treaty_name", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("action_type", String(40)),
    Column("action_date", Date),
    Column("in_force_date", Date),
    Column("as_of", Date),
    Column("source_url", Text, nullable=False),
    Column("source_copy", Text),
)
Index("ix_country_treaties_iso2_treaty", country_treaties.c.iso2, country_treaties.c.treaty_id)

country_law_params = Table(
    "country_law_params",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("jurisdiction", String(8), nullable=False),
    Column("parameter", String(64), nullable=False),
    Column("value", Text, nullable=False),
    Column("unit", String(32)),
    Column("detail", Text),
    Column("source", Text, nullable=False),
    Column("source_quality", String(32), nullable=False),
    Column("note", Text),
    Column("origin", String(16), nullable=False),
    Column("checked", Date),
    Column("verdict", String(16)),
)
Index("ix_country_law_params_jurisdiction", country_law_params.c.jurisdiction)

country_pct_limits = Table(
    "country_pct_limits",
    metadata,
    Column("office", String(4), primary_key=True),
    Column("chapter1_months", Integer),
    Column("chapter2_months", Integer),
    Column("late_entry_months", Integer),
    Column("note", Text),
    Column("source_url", Text, nullable=False),
    Column("source_quality", String(32), nullable=False),
    Column("checked", Date),
)

country_regional_systems = Table(
    "country_regional_systems",
    metadata,
    Column("code", String(4), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kinds", String(80), nullable=False),  # ";"-separated right types
    Column("paris_route", Boolean, nullable=False),
    Column("pct_route", Boolean, nullable=False),
    Column("sole_office", Boolean, nullable=False),
    Column("notes", Text),
    Column("source_url", Text, nullable=False),
)

country_regional_members = Table(
    "country_regional_members",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("system", String(4), nullable=False),
    Column("iso2", String(4), nullable=False),
    Column("from_date", Date),
    Column("until_date", Date),
    Column("role", Text),
    Column("note", Text),
    Column("source_url", Text, nullable=False),
    Column("source_quality", String(32), nullable=False),
)
Index("ix_country_regional_members_iso2", country_regional_members.c.iso2)

country_office_rules = Table(
    "country_office_rules",
    metadata,
    Column("office", String(4), primary_key=True),
    Column("shift", Boolean, nullable=False),
    Column("weekend_days", String(20), nullable=False),  # ";"-separated weekday numbers, 0 = Monday
    Column("basis", Text, nullable=False),
    Column("source_url", Text, nullable=False),
    Column("source_quality", String(32), nullable=False),
    Column("note", Text),
    Column("checked", Date),
)

country_translation = Table(
    "country_translation",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("office", String(4), nullable=False),
    Column("phase", String(16), nullable=False),
    Column("requirement", Text, nullable=False),
    Column("time_limit", Text, nullable=False),
    Column("basis", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("source_quality", String(32), nullable=False),
    Column("checked", Date),
)

country_pph = Table(
    "country_pph",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("programme", String(16), nullable=False),
    Column("first_office", String(8), nullable=False),
    Column("partner_office", String(32), nullable=False),
    Column("partner_name", Text, nullable=False),
    Column("iso2", String(4)),
    Column("regional_system", String(4)),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("end_kind", String(16), nullable=False, server_default="unknown"),
    Column("renewals", Text),
    Column("notes", Text),
    Column("source_urls", Text, nullable=False),
    Column("checked", Date),
)

country_bri = Table(
    "country_bri",
    metadata,
    Column("iso2", String(4), primary_key=True),
    Column("iso3", String(4)),
    Column("name", Text, nullable=False),
    Column("region", String(32)),
    Column("list_order", Integer),
    Column("status", String(32), nullable=False),
    Column("as_of", Date),
    Column("notes", Text),
    Column("source", Text, nullable=False),
)

country_cooperation = Table(
    "country_cooperation",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("partner", Text, nullable=False),
    Column("partner_type", String(32), nullable=False),
    Column("cooperation", Text, nullable=False),
    Column("iso2", String(4)),
    Column("source_urls", Text, nullable=False),
    Column("notes", Text),
)

country_channels = Table(
    "country_channels",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("jurisdiction", String(8), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("available", String(16), nullable=False),
    Column("detail", Text),
    Column("source_url", Text, nullable=False),
    Column("source_quality", String(32), nullable=False),
    Column("checked", Date),
)

ip_indicators = Table(
    "ip_indicators",
    metadata,
    Column("indicator_id", String(64), primary_key=True),
    Column("name_zh", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("unit", Text, nullable=False),
    Column("nature", Text),
    Column("baseline_year", Integer),
    Column("baseline_value", Float),
    Column("target_2025", Float),
    Column("in_outline", Boolean, nullable=False),
    Column("plan", Text, nullable=False),
    Column("source_urls", Text, nullable=False),
    Column("notes", Text),
)

ip_indicator_values = Table(
    "ip_indicator_values",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("indicator_id", String(64), nullable=False),
    Column("period", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Column("unit", Text),
    Column("as_of", String(16)),
    Column("source_url", Text, nullable=False),
    Column("source_description", Text),
    Column("source_quality", String(32)),
    Column("note", Text),
    Column("origin", String(16), nullable=False),
)
Index("ix_ip_indicator_values_indicator", ip_indicator_values.c.indicator_id, ip_indicator_values.c.period)

COUNTRY_TABLES = (country_treaties, country_law_params, country_pct_limits, country_regional_systems,
                  country_regional_members, country_office_rules, country_pph, country_bri, country_cooperation,
                  country_channels, ip_indicators, ip_indicator_values, country_translation)
