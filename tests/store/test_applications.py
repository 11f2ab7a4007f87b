"""Applications are records: every event reachable, one resolver for every number, on both backends."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.errors import AmbiguousNumber, InvalidInput, NotFound, StoreError
from iprhub.ingest.formats import get_format
from iprhub.ingest.formats.base import ReadContext
from iprhub.store.applications import kindless
from tests.conftest import data_path

EVENT_FOLDERS = ["uspto/peds_json", "uspto/odp_json", "uspto/ptab_json", "uspto/assignment_xml",
                 "uspto/office_action_json", "uspto/global_dossier_json", "uspto/ifw_xml4ip", "uspto/claims_tsv",
                 "epo/ops_xml"]
# the files holding events of application 15/145,443: 130 PEDS events (129 + a summary from a second
# response) and 10 recorded assignments (8 + 2)
US15145443_FILES = [
    "uspto/peds_json/patent_client__74af4e5207bb03aa06e4718080d0b0bd.json.gz",
    "uspto/peds_json/patent_client__8dafd16f31f66954d2057800c5f91b36.json.gz",
    "uspto/assignment_xml/patent_client__patent_client___async__uspto__assignment__fixtures__assignment_3.xml.gz",
    "uspto/assignment_xml/patent_client__tests__fixtures__uspto_assignment__af72878d362e94970178a3a886f2b86a-50-0-.xml.gz",
]
REGISTER_EVENTS = "epo/ops_xml/epo-ops__get_register_events__response.xml.gz"  # keyed by publication EP2400812
BIBLIO = "epo/ops_xml/epo-ops__get_biblio__response.xml.gz"  # EP2400812A1, application EP10167109
FAMILY = "epo/ops_xml/epo-ops__get_family_with_biblio__response.xml.gz"  # family 43088294 (EP2400812)
FAMILY_PCT = "epo/ops_xml/patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz"


def test_every_ingested_event_is_reachable_from_an_application(hub):
    """The user's measurement: 19,850 events, of which 90 could be opened. Now every one hangs on an
    application record that `show` opens."""
    report = hub.ingest([data_path(f) for f in EVENT_FOLDERS])
    assert not report.to_dict()["failed"]
    every = {e.identity() for e in hub.store.iter_events()}
    assert len(every) == hub.stats().totals["events"] == 19850
    keys = hub.store.iter_application_keys()
    reachable: set[str] = set()
    for key in keys:
        reachable |= {e.identity() for e in hub.application(key).events}
    assert reachable == every  # 100 %
    assert len(keys) == 1155
    assert [k for k in keys if k.startswith("pn:")] == ["pn:EP1000000"]  # register events, no EP1000000 stored
    register = hub.application("EP10167109")  # events keyed EP2400812 sit with the application of EP2400812
    assert register.event_counts == {"legal": 114, "prosecution": 19}
    assert [p.pub_number for p in register.publications] == ["EP2400812A1", "EP2400812B1"]


def test_show_opens_an_application_without_publications(hub, tmp_path):
    hub.ingest([data_path(f) for f in US15145443_FILES])
    app = hub.application("US 15/145,443")
    assert (app.key, app.display_number, app.filing_date, app.publications) == (
        "US15145443", "15/145,443", dt.date(2016, 5, 3), [])
    assert app.title == "Suction and Discharge Lines for a Dual Hydraulic Fracturing Unit"
    assert app.event_counts == {"assignment": 10, "prosecution": 130}
    assert (app.status, app.status_date) == ("Information Disclosure Statement (IDS) Filed", dt.date(2019, 3, 15))
    assert app.events[0].code == "BIB" and app.events[-1].date == dt.date(2021, 6, 30)
    # the CLI, through the one resolver, on the same store
    result = CliRunner().invoke(get_app(), ["--home", str(tmp_path), "--database-url", hub.settings.database_url,
                                            "show", "US15145443", "--json"])
    assert result.exit_code == 0, result.stdout
    shown = json.loads(result.stdout)
    assert shown["type"] == "application" and shown["application"]["key"] == "US15145443"
    assert len(shown["application"]["events"]) == 140
    # a publication the events name (not itself stored) opens its application too
    assert hub.resolve("US 2016/0319650 A1").key == "US15145443"


def test_events_keyed_by_publication_move_to_the_application_when_its_document_arrives(hub):
    hub.ingest([data_path(REGISTER_EVENTS)])
    early = hub.application("EP2400812")
    assert (early.key, early.number, early.known_by, len(early.events)) == ("pn:EP2400812", None, "EP2400812", 55)
    assert hub.resolve("pn:EP2400812").kind == "application"
    hub.ingest([data_path(BIBLIO)])
    assert hub.store.iter_application_keys() == ["EP10167109"]
    app = hub.application("EP 10167109")
    assert len(app.events) == 55 and [p.pub_number for p in app.publications] == ["EP2400812A1"]
    with pytest.raises(NotFound):
        hub.resolve("pn:EP2400812")
    assert hub.application("EP2400812A1").key == "EP10167109"  # a publication opens its application


def test_one_resolver_for_every_spelling(hub):
    hub.ingest([data_path(FAMILY), data_path(FAMILY_PCT), data_path(US15145443_FILES[0])])
    r = hub.resolve("EP2400812")
    assert (r.kind, r.key, r.alternatives) == ("publication", "EP2400812B1", ["EP2400812A1"])
    assert hub.resolve("EP20100167109").key == "EP10167109"  # epodoc and DOCDB forms of one application
    assert hub.resolve("PCT/US2013/064552").key == hub.resolve("WO2013US064552").key == "WO2013US064552"
    assert [p.pub_number for p in hub.application("PCT/US13/64552").publications] == [
        "WO2014059282A2", "WO2014059282A3"]
    # CA numbers its application and its publication alike: the publication answers
    ca = hub.resolve("CA2887530")
    assert (ca.kind, ca.key, ca.alternatives) == ("publication", "CA2887530A1", ["application:CA2887530"])
    assert hub.application("CA2887530").key == "CA2887530"
    assert hub.resolve("15145443").key == "US15145443"  # a bare number
    with pytest.raises(NotFound) as missing:
        hub.resolve("US 99/999,999")
    assert "US 99/999,999" in missing.value.message
    with pytest.raises(InvalidInput) as bad:
        hub.resolve("battery")
    assert bad.value.field == "number" and not isinstance(bad.value, AmbiguousNumber)


def test_a_number_meaning_several_records_lists_them(hub):
    """A priority number claimed by a whole family means each of its documents."""
    hub.ingest([data_path(FAMILY_PCT)])
    with pytest.raises(AmbiguousNumber) as err:
        hub.resolve("US 61/713,164")
    assert err.value.candidates == [
        "publication:CA2887530A1", "publication:CN104968889A", "publication:EP2906782A4",
        "publication:RU2015117646A", "publication:US10047600B2", "publication:US20140102795A1",
        "publication:US20160245070A1", "publication:US9291047B2", "publication:WO2014059282A3"]
    assert err.value.http_status == 400 and err.value.code == "ambiguous_number"
    # a candidate given back is one record
    assert hub.resolve("publication:US10047600B2").key == "US10047600B2"


def test_families_are_records(hub):
    hub.ingest([data_path(FAMILY)])
    fam = hub.family("43088294")
    # by publication date, each with its application
    assert [(m.pub_number, m.application) for m in fam.members] == [
        ("CA2744162A1", "CA2744162"), ("EP2400812A1", "EP10167109"), ("US20120057518A1", "US13167395"),
        ("US9648662B2", "US13167395"), ("EP2400812B1", "EP10167109")]
    assert (fam.applications, fam.countries) == (["CA2744162", "EP10167109", "US13167395"], ["CA", "EP", "US"])
    assert hub.family("EP2400812B1").family_id == "43088294"
    with pytest.raises(NotFound):
        hub.family("1")


def test_a_failing_read_is_a_store_error(hub):
    hub.ingest([data_path(US15145443_FILES[0])])
    with hub.store.engine.begin() as conn:
        conn.execute(text("DROP TABLE applications"))
    with pytest.raises(StoreError) as err:
        hub.application("US15145443")
    assert err.value.stage == "read" and "applications" in err.value.message
    assert "Traceback" not in err.value.message


def test_kindless():
    assert kindless("US20160319650A1") == "US20160319650"
    assert kindless("EP2400812") == "EP2400812"
    assert kindless(None) is None


def test_a_trial_naming_only_its_patent_hangs_on_a_number_less_application(hub):
    """The PTAB reader keeps a trial that names only a trial and a patent as an event with
    ``app_key == ""`` and a kind-less ``pub_number``: it is reachable from ``pn:`` + the patent."""
    path = data_path("uspto/ptab_json/patent_client__PtabTrialManager-444bf0358d6af86efd071812d032eaec.json.gz")
    fmt = get_format("uspto-ptab-json")
    with gzip.open(path) as stream:
        events = list(fmt.read(stream, ReadContext(source=str(path), format=fmt.name)))
    assert [(e.app_key, e.pub_number) for e in events] in ([("US09026118", "US6162705")], [("", "US6162705")])
    trial = events[0].model_copy(update={"app_key": ""})
    with hub.store.begin() as conn:
        hub.store.write_events(conn, [trial])
    app = hub.application("US6162705")
    assert (app.key, app.number, app.known_by) == ("pn:US6162705", None, "US6162705")
    assert [e.details["trial_number"] for e in app.events] == ["IPR2016-00831"]
    assert hub.show("US 6,162,705").type == "application"
