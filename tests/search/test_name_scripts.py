"""Applicant and inventor names across Cyrillic and Latin script, on the EPO OPS records of one DOCDB family
(50474376: RU2015117646A with САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК. / ВАНСТЕЕНВИК Бретт beside its US, WO,
CA, EP and CN members) and RU2015124071A, a Russian record of another family with the same applicant."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.search.name_scripts import pair_names, transliterate, variants_of
from iprhub.settings import Settings
from tests.conftest import data_path

OPS = "epo/ops_xml"
FAMILY = [
    "CA2887530A1",
    "CN104968889A",
    "EP2906782A2",
    "EP2906782A4",
    "RU2015117646A",
    "US10047600B2",
    "US20140102795A1",
    "US20160245070A1",
    "US9291047B2",
    "WO2014059282A2",
    "WO2014059282A3",
]


def _hub(home):
    return Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1))


@pytest.fixture(scope="module")
def ops(tmp_path_factory):
    hub = _hub(tmp_path_factory.mktemp("names"))
    hub.ingest([data_path(OPS)])
    yield hub
    hub.close()


def _found(hub, query):
    return sorted(h.pub_number for h in hub.search.search(query, limit=100, collapse=False).hits)


def test_latin_query_finds_the_cyrillic_record_of_the_family(ops):
    found = _found(ops, "pa=scientific drilling")
    assert "RU2015117646A" in found and set(FAMILY) - {"CN104968889A"} <= set(
        found
    )  # CN: "SCIENT DRILLING INT"
    assert "RU2015124071A" not in found  # no Latin spelling of its family in the store: transliteration only
    assert _found(ops, "in=vansteenwyk") == FAMILY


def test_cyrillic_query_finds_the_latin_records(ops):
    assert _found(ops, "pa=САЙЕНТИФИК") == sorted([*FAMILY, "RU2015124071A"])
    assert _found(ops, "in=ВАНСТЕЕНВИК") == FAMILY
    # a Cyrillic word is also searched in Latin letters: ДРИЛЛИНГ -> drilling
    assert _found(ops, "pa=ДРИЛЛИНГ") == _found(ops, "pa=drilling")
    assert "RU2015124071A" in _found(ops, "pa=drilling") and "EP3221665A1" in _found(ops, "pa=ДРИЛЛИНГ")


def test_transliteration_alone(ops):
    assert _found(ops, "in=kheysig") == ["RU2015124071A"] == _found(ops, "in=ХЕЙСИГ")
    assert _found(ops, "pa=sayentifik") == sorted([*FAMILY, "RU2015124071A"])


def test_rebuild_and_a_later_ingest_give_the_same_answers(ops, tmp_path):
    before = {q: _found(ops, q) for q in ("pa=scientific drilling", "in=ВАНСТЕЕНВИК", "pa=САЙЕНТИФИК")}
    ops.search.rebuild()
    assert {q: _found(ops, q) for q in before} == before
    # the Russian record first, its family's Latin records in a later ingest (another process)
    home = tmp_path / "later"
    first = _hub(home)
    first.ingest(
        [
            data_path(
                f"{OPS}/patent_client__tests__fixtures__epo__published-data_publication_docdb_"
                "RU.2015117646.A_biblio.xml.gz"
            )
        ]
    )
    first.close()
    later = _hub(home)
    later.ingest(
        [
            data_path(
                f"{OPS}/patent_client__tests__fixtures__epo__published-data_publication_docdb_"
                "US.2016245070.A1_biblio.xml.gz"
            )
        ]
    )
    assert _found(later, "pa=САЙЕНТИФИК") == ["RU2015117646A", "US20160245070A1"]
    assert _found(later, "pa=scientific") == ["RU2015117646A", "US20160245070A1"]
    later.close()


def test_pairing_by_transliteration():
    assert transliterate("ВАНСТЕЕНВИК Бретт") == "VANSTEENVIK Brett"
    parties = [
        ("applicant", "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК."),
        ("applicant", "SCIENT DRILLING INT [US]"),
        ("applicant", "SCIENTIFIC DRILLING INTERNATIONAL, INC"),
        ("inventor", "ВАНСТЕЕНВИК Бретт"),
        ("inventor", "VANSTEENWYK BRETT [US]"),
        ("inventor", "VANSTEENWYK, BRETT"),
    ]
    pairs = pair_names(parties)
    assert pairs == [
        ("applicant", "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.", "SCIENTIFIC DRILLING INTERNATIONAL, INC"),
        ("inventor", "ВАНСТЕЕНВИК Бретт", "VANSTEENWYK, BRETT"),
    ]
    assert variants_of([("applicant", "SCIENT DRILLING INT [US]")], pairs) == [
        ("applicant", "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.")
    ]
    assert pair_names([("inventor", "ХЕЙСИГ Джеральд"), ("inventor", "VANSTEENWYK, BRETT")]) == []
