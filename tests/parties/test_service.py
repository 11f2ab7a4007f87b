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


def _parties_of(hub, family: str, role: str) -> set[str]:
    with hub.store.engine.connect() as conn:
        return set(conn.execute(text("select distinct p.name from doc_parties p join documents d on d.id = p.doc_id "
                                     "where d.family_id = :f and p.role = :r"), {"f": family, "r": role}).scalars())


def test_cyrillic_applicant_merge_shows_its_evidence(phub):
    from rapidfuzz.distance import Levenshtein

    from iprhub.parties.names import org_key, phonetic

    page = phub.parties.entity(phub.parties.find("SCIENTIFIC DRILLING INTERNATIONAL, INC"))
    ru_key, en_key = org_key("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК."), org_key("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    ev = [e for e in page.evidence if ru_key in (e.key, e.into)]
    # the Cyrillic key's consonant skeleton is within edit distance of the Latin one, family or not
    assert [(e.key, e.into, e.rule) for e in ev] == [(ru_key, en_key, "edit-distance")]
    assert ev[0].score == round(Levenshtein.normalized_similarity(phonetic(ru_key), phonetic(en_key)), 3) >= 0.92
    assert {e.key for e in page.evidence} == {k for k in {s.key for s in page.spellings}} - {en_key}
    assert page.entity.confidence == min(e.score for e in page.evidence)


def test_inventor_in_cyrillic_and_latin_orders_is_one_person(phub):
    # the family prints Brett VanSteenwyk four ways: Cyrillic, "LAST FIRST" without a comma, "Last, First"
    stored = _parties_of(phub, "50474376", "inventor")
    assert {"ВАНСТЕЕНВИК Бретт", "VANSTEENWYK BRETT", "VANSTEENWYK, BRETT", "VanSteenwyk Brett"} <= stored
    eid = phub.parties.find("VANSTEENWYK, BRETT", "inventor")
    assert {phub.parties.find(n, "inventor") for n in stored} == {eid}
    page = phub.parties.entity(eid)
    rules = {e.rule for e in page.evidence}
    assert rules == {"same-family", "name-order"} and 0.85 <= page.entity.confidence < 1
    assert {s.name for s in page.spellings} == stored
    # the entity page: the applicant of those documents, the same documents as the applicant's
    applicant = phub.parties.find("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    assert [c.key for c in page.co_applicants] == [applicant]
    with phub.store.engine.connect() as conn:
        docs = set(conn.execute(text("select distinct d.pub_number from doc_parties p join documents d on "
                                     "d.id = p.doc_id where p.role = 'inventor' and (upper(p.name) like "
                                     "'%VANSTEENWYK%' or p.name like 'ВАНСТЕЕНВИК%')")).scalars())
    assert set(page.documents) == docs and page.entity.documents == len(docs)


def test_transliterated_umlaut_joins_and_co_inventors_stay_apart(phub):
    stored = _parties_of(phub, "43088294", "inventor")
    assert {"Kylmänen, Jari", "KYLMAENEN, JARI", "HERRALA, SAMI", "NIEMI, JAAKKO"} <= stored
    jari = phub.parties.find("Kylmänen, Jari", "inventor")
    assert phub.parties.find("KYLMAENEN, JARI", "inventor") == phub.parties.find("KYLMAENEN JARI", "inventor") == jari
    people = {phub.parties.find(n, "inventor") for n in stored}
    assert len(people) == 3  # three inventors on one family: none joins another
    # clear non-matches across families and kinds stay apart
    assert phub.parties.find("ХЕЙСИГ Джеральд", "inventor") != phub.parties.find("ВАНСТЕЕНВИК Бретт", "inventor")
    assert phub.parties.find("9Solutions Oy") != phub.parties.find("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    assert phub.parties.find("9SOLUTIONS OY") == phub.parties.find("9Solutions Oy")


def test_inventor_split_survives_reingest(phub):
    phub.parties.decide("split", "VANSTEENWYK, BRETT", "ВАНСТЕЕНВИК Бретт", kind="inventor")
    assert phub.parties.find("ВАНСТЕЕНВИК Бретт", "inventor") != phub.parties.find("VANSTEENWYK, BRETT", "inventor")
    phub.ingest(DRILLING, force=True)
    assert phub.parties.find("ВАНСТЕЕНВИК Бретт", "inventor") != phub.parties.find("VANSTEENWYK, BRETT", "inventor")
    assert phub.parties.find("VANSTEENWYK BRETT", "inventor") == phub.parties.find("VANSTEENWYK, BRETT", "inventor")


def test_manual_merge_survives_reingest_with_its_evidence(phub):
    from tests.parties.conftest import NINE_SOLUTIONS

    a, b = "9Solutions Oy", "SCIENTIFIC DRILLING INTERNATIONAL, INC"  # two companies: a person says one
    assert phub.parties.find(a) != phub.parties.find(b)
    phub.parties.decide("merge", a, b, note="test")
    phub.ingest(DRILLING + NINE_SOLUTIONS, force=True)
    eid = phub.parties.find(a)
    assert phub.parties.find(b) == eid == phub.parties.find("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
    manual = [e for e in phub.parties.entity(eid).evidence if e.rule == "manual"]
    assert len(manual) == 1 and manual[0].score == 1.0
    # inventors too: two co-inventors of one family merged by hand stay merged
    phub.parties.decide("merge", "HERRALA, SAMI", "NIEMI, JAAKKO", kind="inventor")
    phub.ingest(NINE_SOLUTIONS, force=True)
    assert phub.parties.find("NIEMI JAAKKO", "inventor") == phub.parties.find("Herrala, Sami", "inventor")
    assert phub.parties.find("KYLMAENEN, JARI", "inventor") != phub.parties.find("Herrala, Sami", "inventor")
