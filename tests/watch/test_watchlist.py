"""Watchlists on real trademark files: a first batch, watches, a second batch; alerts for the newly
arrived records only, each once, with reasons, score, tier and the opposition deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from iprhub.errors import InvalidInput, NotFound
from iprhub.model.common import normalize_name
from iprhub.store import schema as core
from tests.watch.conftest import BATCH1, BATCH2, paths

DONGEUI = "동의대학교 산학협력단"


def _keys(hub) -> set[str]:
    with hub.store.engine.connect() as conn:
        return set(conn.execute(select(core.trademarks.c.tm_key)).scalars())


def test_alerts_for_new_records_only_once(watch_hub):
    hub = watch_hub
    first = hub.ingest(paths(BATCH1))
    assert first.after_ingest["watch"] == {"watches": 0}
    before = _keys(hub)
    w_owner = hub.watch.add("owner", DONGEUI)
    w_hantre = hub.watch.add("mark", "HANTRE", classes="25,35", countries="KR")
    w_query = hub.watch.add("query", "botadent")
    w_python = hub.watch.add("mark", "PYTHON", classes="9", countries="US")
    w_ultra = hub.watch.add("mark", "ULTRABOOK", countries="US")  # its ST96 twin in batch 2 is an update
    w_snu = hub.watch.add("mark", "SNU", countries="KR")  # SNU's marks all came in batch 1
    assert hub.watch.run().alerts == []  # nothing arrived since the watches were added

    second = hub.ingest(paths(BATCH2))
    new = _keys(hub) - before
    # the new records, read independently of the watch code
    dongeui = {
        tm.key
        for tm in hub.store.iter_trademarks()
        if tm.key in new and any(DONGEUI in p.name for p in tm.parties)
    }
    assert len(dongeui) > 50
    expected = {(w_owner.id, k) for k in dongeui} | {
        (w_hantre.id, "KR/4120110035697"),  # 'Hanttre', class 35
        (w_hantre.id, "KR/4020110062806"),  # 'Hanttre', class 25
        (w_query.id, "KR/4020190036877"),  # '보타덴트 botadent'
        (w_python.id, "US/76044902"),  # PYTHON, classes 9 and 42
    }
    alerts = hub.watch.alerts(limit=10000)
    assert {(a.watch_id, a.record_key) for a in alerts} == expected
    assert second.after_ingest["watch"]["alerts"] == len(expected)  # raised by the after-ingest hook
    assert not any(a.watch_id in (w_ultra.id, w_snu.id) for a in alerts)

    # no alert twice: a second run, and the same batch ingested again, raise nothing
    assert hub.watch.run().alerts == []
    again = hub.ingest(paths(BATCH2))
    assert again.after_ingest["watch"]["alerts"] == 0
    assert len(hub.watch.alerts(limit=10000)) == len(expected)

    by_key = {a.record_key: a for a in alerts if a.watch_id != w_owner.id}
    hanttre = by_key["KR/4120110035697"]
    assert hanttre.tier == "high" and hanttre.score == pytest.approx(
        12 / 13, abs=1e-3
    )  # 'hantre' ~ 'hanttre'
    assert {r.signal for r in hanttre.reasons} >= {"edit_distance", "country", "classes"}
    # KR: 2 months from publication (2012-12-11), no closing-day rule in the data
    assert hanttre.deadline.date == dt.date(2013, 2, 11) and hanttre.deadline.known
    assert by_key["KR/4020110062806"].deadline.date == dt.date(2012, 9, 25)
    assert by_key["KR/4020190036877"].deadline.date == dt.date(2019, 12, 15)
    # US: 30 days from 2003-12-30 = 2004-01-29, a Thursday (not moved)
    python = by_key["US/76044902"]
    assert (
        python.tier == "high" and python.deadline.date == dt.date(2004, 1, 29) and not python.deadline.shifted
    )
    owner_alert = next(a for a in alerts if a.watch_id == w_owner.id)
    assert owner_alert.reasons[0].signal == "owner" and normalize_name(DONGEUI) in normalize_name(
        owner_alert.owner
    )
    # a record without a publication date says its deadline is unknown
    undated = [a for a in alerts if a.deadline.publication_date is None]
    assert all(not a.deadline.known and "no publication date" in a.deadline.note for a in undated)

    listed = {w.id: w for w in hub.watch.list()}
    assert listed[w_owner.id].alerts == len(dongeui) and listed[w_owner.id].unread == len(dongeui)
    assert hub.watch.mark_read([hanttre.id]) == 1
    assert [a.record_key for a in hub.watch.alerts(w_hantre.id, unread=True)] == ["KR/4020110062806"]


def test_cursor_survives_a_time_limit(sqlite_watch_hub):
    hub = sqlite_watch_hub
    hub.watch.add("owner", DONGEUI)
    hub.settings_of("watch").run_after_ingest = False
    hub.ingest(paths(BATCH2[:1]))
    cut = hub.watch.run(time_limit=0.0)
    assert cut.partial and cut.notice and cut.alerts == []
    done = hub.watch.run()
    assert not done.partial and done.records_seen > 50 and len(done.alerts) > 50
    assert hub.watch.run().records_seen == 0


def test_include_existing_and_remove(sqlite_watch_hub):
    hub = sqlite_watch_hub
    hub.ingest(paths(BATCH1))
    w = hub.watch.add("mark", "MYSQL", countries="US", include_existing=True, min_tier="high")
    run = hub.watch.run()
    assert [a.record_key for a in run.alerts] == ["US/78002299"]
    assert hub.watch.remove(w.id).id == w.id
    assert hub.watch.alerts(limit=10) == []
    with pytest.raises(NotFound):
        hub.watch.remove(w.id)


@pytest.mark.parametrize(
    ("kind", "subject", "opts", "field"),
    [
        ("mark", "", {}, "mark"),
        ("mark", "   ", {}, "mark"),
        ("mark", "★☆—!!", {}, "mark"),
        ("mark", "™ ® ©", {}, "mark"),  # ™ is a symbol, though NFKC spells it TM
        ("owner", "", {}, "owner"),
        ("query", "%%%", {}, "query"),
        ("mark", "PYTHON", {"classes": "9,46"}, "classes"),
        ("mark", "PYTHON", {"classes": "nine"}, "classes"),
        ("mark", "PYTHON", {"countries": "XX"}, "countries"),
        ("mark", "PYTHON", {"countries": "VN,Vietnamm"}, "countries"),
        ("mark", "PYTHON", {"min_tier": "urgent"}, "min_tier"),
        ("mark", "PYTHON", {"email": "not-an-address"}, "email"),
        ("mark", "PYTHON", {"webhook": "ftp://x"}, "webhook"),
        ("sound", "PYTHON", {}, "kind"),
    ],
)
def test_bad_input_is_refused_clearly(sqlite_watch_hub, kind, subject, opts, field):
    with pytest.raises(InvalidInput) as err:
        sqlite_watch_hub.watch.add(kind, subject, **opts)
    assert err.value.field == field and err.value.message
    assert sqlite_watch_hub.watch.list() == []  # nothing half-stored


def test_bad_class_names_its_position(sqlite_watch_hub):
    with pytest.raises(InvalidInput) as err:
        sqlite_watch_hub.watch.add("mark", "PYTHON", classes="9, 0, 42")
    assert err.value.position == 1 and "0" in err.value.message


def test_owner_watch_finds_a_tipo_owner_by_its_english_name(watch_hub):
    # TIPO's register names 美商費雪科學公司; its English name FISHER SCIENTIFIC COMPANY L.L.C. is filed beside it
    hub = watch_hub
    w = hub.watch.add("owner", "FISHER SCIENTIFIC COMPANY L.L.C.")
    hub.ingest(paths(["trademark/tipo_xml/LS2-Data-Collection__TrademarkGazette_index.xml.gz"]))
    alerts = hub.watch.alerts(w.id)
    assert [(a.record_key, a.tier) for a in alerts] == [("TW/109088843", "high")]
    assert alerts[0].reasons[0].signal == "owner"
