"""Entities in a real store: cross-script merges with evidence, manual decisions across re-ingest."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from iprhub.errors import InvalidInput, NotFound
from tests.parties.conftest import DRILLING


def _stored_spellings(hub) -> set[str]:
    with hub.store.engine.connect() as conn:
        return set(conn.execute(text("select distinct name from doc_parties where role in ('applicant','assignee') "
                                     "and (upper(name) like '%DRILLING%' or name like '%ДРИЛЛ%')")).scalars())


def test_cyrillic_and_latin_spellings_are_one_entity(phub):
    stored = _stored_spellings(phub)
    assert "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК." in stored and "SCIENTIFIC DRILLING INTERNATIONAL, INC" in stored
    eid = phub.parties.find("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
    assert phub.parties.find("SCIENTIFIC DRILLING INTERNATIONAL, INC") == eid
    page = phub.parties.entity(eid)
    assert {s.name for s in page.spellings} == stored
    assert page.evidence and all(0 < e.score <= 1 for e in page.evidence)
    with phub.store.engine.connect() as conn:
        docs = conn.execute(text("select count(distinct doc_id) from doc_parties where role in ('applicant','assignee') "
                                 "and (upper(name) like '%DRILLING%' or name like '%ДРИЛЛ%')")).scalar_one()
    assert page.entity.documents == docs
    assert 'pa="САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК."' in phub.parties.expand_query("Scientific Drilling International")


def test_manual_split_and_merge_survive_reingest(phub):
    eid = phub.parties.find("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    phub.parties.decide("split", "SCIENTIFIC DRILLING INTERNATIONAL, INC", "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
    ru = phub.parties.find("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
    assert ru != phub.parties.find("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    phub.ingest(DRILLING, force=True)  # the same files again: the decision holds
    assert phub.parties.find("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.") != phub.parties.find("Scientific Drilling International, Inc")
    first_inventor = phub.parties.entities("inventor", limit=2).entities
    a, b = first_inventor[0].name, first_inventor[1].name
    phub.parties.decide("merge", a, b, kind="inventor")
    assert phub.parties.find(a, "inventor") == phub.parties.find(b, "inventor")
    assert eid  # the entity existed before the split


def test_bad_input(phub):
    with pytest.raises(NotFound):
        phub.parties.find("No Such Company Ltd")
    with pytest.raises(NotFound):
        phub.parties.entity("pa-0000000000")
    with pytest.raises(InvalidInput):
        phub.parties.decide("join", "A", "B")
    with pytest.raises(InvalidInput):
        phub.parties.decide("merge", "Acme Inc", "ACME INC.")  # one spelling
    with pytest.raises(InvalidInput):
        phub.parties.entities("examiner")  # type: ignore[arg-type]
