"""A capability whose migration fails half-way (after creating a table and writing a row)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Column, Integer, Table

from iprhub.capability import Capability, table_metadata

metadata = table_metadata()
Table("broken_things", metadata, Column("id", Integer, primary_key=True))

CAPABILITY = Capability(name="broken", tables=metadata, migrations=Path(__file__).with_name("migrations"))
