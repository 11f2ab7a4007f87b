"""Chains of title on the real USPTO assignment records, reconstructed by hand from the recordings
(reel/frame, parties, dates as the files give them)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from iprhub.errors import InvalidInput, NotFound
from iprhub.ownership.chain import owner_key

TODAY = dt.date(2026, 12, 4)


def test_well_services_chain_security_interests_and_releases(own_hub):
    # US 15/145,443: two inventor assignments to US Well Services, six security interests, two of
    # them released by recordings that name them by reel/frame (049109/0610 -> 048818/0520,
    # 049110/0319 -> 048041/0605); the other four stay open
    h = own_hub.ownership.history("US 15/145,443", today=TODAY)
    assert h.app_key == "US15145443"
    assert [c.reel_frame for c in h.events] == [
        "039569/0974", "042085/0055", "049342/0819", "048818/0520", "048041/0605", "049107/0392",
        "049109/0610", "049110/0319", "049111/0583", "057434/0429"]
    assert h.current_owner == ["US WELL SERVICES LLC"]
    assert h.owner_since == dt.date(2016, 8, 9) and h.owner_basis == "assignment 039569/0974"
    assert h.counts == {"assignment": 2, "security-interest": 6, "release": 2}
    released = {c.reel_frame: c.released_by for c in h.security_interests}
    assert released == {"049342/0819": None, "048818/0520": "049109/0610", "048041/0605": "049110/0319",
                        "049107/0392": None, "049111/0583": None, "057434/0429": None}
    assert h.encumbered is True
    assert h.property.in_store is False
    # reel 049342 is numbered after reels recorded in April and May 2019, yet dated 2019-01-08
    assert [(f.code, f.reel_frames) for f in h.findings] == [("reel-order", ["049342/0819"])]


def test_merger_chain(own_hub):
    # patent US 9,152,713 (application 13/615,728): Google Technology Inc. merged into Google Inc.
    h = own_hub.ownership.history("US 9,152,713 B1", today=TODAY)
    assert h.app_key == "US13615728"
    assert [(c.conveyance_type, c.assignors, c.assignees) for c in h.events] == [
        ("merger", ["GOOGLE TECHNOLOGY INC."], ["GOOGLE INC."])]
    assert h.current_owner == ["GOOGLE INC."] and h.owner_since == dt.date(2003, 8, 27)
    assert h.encumbered is False


def test_correction_refers_to_the_recording_it_corrects(own_hub):
    # 18/429,801: an inventor assignment to Google LLC (066331/0784), a corrective recording of it
    # (the inventor's name), and a second assignment of the corrected name
    h = own_hub.ownership.history("US18429801", today=TODAY)
    assert [(c.reel_frame, c.conveyance_type, c.refers_to) for c in h.events] == [
        ("066331/0784", "assignment", None), ("067147/0503", "correction", "066331/0784"),
        ("071992/0412", "assignment", None)]
    assert h.current_owner == ["GOOGLE LLC"] and h.findings == []


def test_pledged_patent_without_recorded_assignment(own_hub):
    # US 7,656,053: only two security agreements of Makani Power to Google Endeavor, no release:
    # the debtor is the owner the records show, and the patent is encumbered
    h = own_hub.ownership.history("US7656053", today=TODAY)
    assert h.app_key == "US11890313"
    assert [c.reel_frame for c in h.security_interests] == ["022318/0762", "026679/0019"]
    assert h.current_owner == ["MAKANI POWER, INC."] and h.owner_basis == "debtor of 022318/0762"
    assert h.encumbered is True


def test_release_of_a_security_interest_not_recorded_against_the_patent(own_hub):
    # 049109/0610 releases 048818/0520 on 44 applications, but 048818/0520 covers only 39 of them:
    # on 16/210,749 the release names a security interest the records never put on it
    h = own_hub.ownership.history("US16210749", today=TODAY)
    f = next(f for f in h.findings if f.reel_frames == ["049109/0610"])
    assert f.code == "release-unmatched" and "it names 048818/0520, not recorded against this patent" in f.message


def test_release_naming_no_recorded_security_interest_is_flagged(own_hub):
    h = own_hub.ownership.history("US 10,477,185", today=TODAY)
    assert [(c.reel_frame, c.conveyance_type) for c in h.events] == [("047966/0839", "release")]
    assert [f.code for f in h.findings] == ["release-unmatched"] and h.encumbered is False


def test_same_recording_from_two_sources_is_one_conveyance(own_hub):
    # 046667/0031 is in the Assignment Center cassette (no recording date) and in the XML (recorded 2018-08-22)
    h = own_hub.ownership.history("US15980805", today=TODAY)
    c = next(c for c in h.events if c.reel_frame == "046667/0031")
    assert c.sources == ["uspto-assignment-center", "uspto-assignment-xml"]
    assert c.recorded == dt.date(2018, 8, 22) and c.executed == dt.date(2018, 6, 14)
    assert c.executed_last == dt.date(2018, 8, 17)


def test_in_store_flag(own_hub):
    # 17/756,995 names a publication the PPUBS file holds; its neighbours do not
    h = own_hub.ownership.history("US17756995", today=TODAY)
    assert h.property.in_store is True and h.property.documents == ["US20230009613A1"]
    assert own_hub.ownership.history("US15145443").property.in_store is False


def test_future_and_recorded_before_executed_are_flagged():
    from iprhub.ownership.chain import Chain
    from iprhub.ownership.model import Conveyance

    c = Conveyance(reel_frame="000001/0001", conveyance_type="assignment", conveyance="ASSIGNMENT",
                   executed=dt.date(2030, 1, 1), executed_last=dt.date(2030, 1, 2), recorded=dt.date(2029, 12, 1),
                   date=dt.date(2030, 1, 1), assignors=["A"], assignees=["B"])
    chain = Chain([c], today=TODAY)
    assert sorted(f.code for f in chain.findings) == ["future-date", "recorded-before-executed"]


def test_owner_transactions(own_hub):
    o = own_hub.ownership.owner("U.S. Well Services, LLC", today=TODAY)
    assert o.names == ["U.S. WELL SERVICES, LLC", "US WELL SERVICES LLC", "US WELL SERVICES, LLC."]
    assert o.counts["pledged"] == 6 and o.counts["released"] == 2
    pledged = [t.conveyance.reel_frame for t in o.transactions if t.role == "pledged"]
    assert pledged == ["049342/0819", "048818/0520", "048041/0605", "049107/0392", "049111/0583", "057434/0429"]
    assert o.properties_in_store == 0 and o.properties == len({p.app_key for t in o.transactions for p in t.properties})


def test_pledges_listed_with_their_releases(own_hub):
    p = own_hub.ownership.pledges(today=TODAY)
    frames = [(x.conveyance.reel_frame, x.releases) for x in p.pledges]
    assert frames == [("015797/0798", []), ("022318/0762", []), ("026602/0979", []), ("026679/0019", []),
                      ("028201/0309", []), ("046328/0040", []), ("048818/0520", ["049109/0610"]),
                      ("049342/0819", []), ("048041/0605", ["049110/0319"]), ("049107/0392", []),
                      ("049111/0583", []), ("057434/0429", [])]
    assert p.total == 12 and p.released == 2 and p.partly_released == 0
    by_frame = {x.conveyance.reel_frame: x for x in p.pledges}
    assert len(by_frame["048818/0520"].properties) == 39 and by_frame["048818/0520"].open == []
    assert by_frame["046328/0040"].conveyance.conveyance == "LIEN"


def test_counts_by_type_equal_a_count_by_sql(own_hub):
    db = own_hub.store.engine.url.database
    with sqlite3.connect(db) as conn:
        rows = conn.execute("""
            SELECT CASE WHEN json_extract(record, '$.transfer.conveyance') = 'ENTITY CONVEYANCE' THEN 'change-of-name'
                        ELSE json_extract(record, '$.transfer.conveyance_type') END AS t,
                   COUNT(DISTINCT json_extract(record, '$.transfer.reel_frame')), COUNT(DISTINCT app_key)
            FROM events WHERE event_type = 'assignment' GROUP BY t""").fetchall()
        total = conn.execute("SELECT COUNT(DISTINCT json_extract(record, '$.transfer.reel_frame')), "
                             "COUNT(DISTINCT app_key) FROM events WHERE event_type = 'assignment'").fetchone()
    t = own_hub.ownership.stats("type", min_cell=1)
    assert {r["type"]: (r["recordings"], r["patents"]) for r in t.rows} == {r[0]: (r[1], r[2]) for r in rows}
    assert (t.totals["recordings"], t.totals["patents"]) == total == (3449, 3500)
    # the manifest's hand count of the Assignment Center records: 3,291 distinct reel/frames
    with sqlite3.connect(db) as conn:
        center = conn.execute("SELECT COUNT(DISTINCT json_extract(record, '$.transfer.reel_frame')) FROM events "
                              "WHERE format = 'uspto-assignment-center'").fetchone()[0]
    assert center == 3291


def test_bad_input(own_hub):
    with pytest.raises(InvalidInput) as e:
        own_hub.ownership.history("not a number!")
    assert e.value.field == "number"
    with pytest.raises(NotFound):
        own_hub.ownership.history("US 1,234,567")
    with pytest.raises(InvalidInput) as e:
        own_hub.ownership.stats("colour")
    assert e.value.field == "by"
    with pytest.raises(InvalidInput):
        own_hub.ownership.owner("x")
    with pytest.raises(NotFound):
        own_hub.ownership.owner("Nobody Recorded Holdings")


@pytest.mark.parametrize(("a", "b"), [("U.S. WELL SERVICES, LLC", "US WELL SERVICES LLC"),
                                      ("GOOGLE LLC (FORMERLY GOOGLE, INC.)", "GOOGLE INC."),
                                      ("U.S. BANK NATIONAL ASSOCIATION, AS ADMINISTRATIVE AGENT",
                                       "U.S. BANK NATIONAL ASSOCIATION"),
                                      ("ISCI HOLDINGS INC. F/K/A/ ISCIENCE INTERVENTIONAL CORPORATION",
                                       "ISCI HOLDINGS INC.")])
def test_owner_key_joins_spellings(a, b):
    assert owner_key(a) == owner_key(b)
