"""The same chains, statistics and value answers on PostgreSQL as on SQLite."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

pytestmark = pytest.mark.postgres
FILES = ("uspto/assignment_xml", "ownership/uspto_patent_assignment_cassettes/patent-client-agents__tests_uspto_"
         "assignments_test_client_py_TestSearchLive_test_search_by_assignee_contains.yaml.gz",
         "epo/ops_xml/epo-ops__get_family__response.xml.gz", "epo/ops_xml/epo-ops__get_register_events__response.xml.gz")
CAPS = ["iprhub.accounts", "iprhub.countries", "iprhub.ownership", "iprhub.value"]
DAY = dt.date(2026, 12, 4)


def _answers(hub: Hub) -> tuple:
    h = hub.ownership.history("US15145443", today=DAY)
    chain = ([c.reel_frame for c in h.events], h.current_owner, h.encumbered,
             {c.reel_frame: c.released_by for c in h.security_interests}, [f.code for f in h.findings])
    stats = [hub.ownership.stats(by).model_dump() for by in ("year", "type", "region", "office", "field")]
    pledges = [(p.conveyance.reel_frame, p.releases, len(p.properties)) for p in hub.ownership.pledges(today=DAY).pledges]
    owner = hub.ownership.owner("Piper Jaffray Finance", today=DAY).counts
    r = hub.value.report("EP2400812B1", as_of=DAY)
    value = (r.high_value.answer, [(c.id, c.answer, c.evidence) for c in r.high_value.criteria],
             [(i.id, i.raw, i.normalised) for i in r.quality.indicators] if r.quality else None)
    return chain, stats, pledges, owner, value


def test_postgres_answers_equal_sqlite(pg_url, tmp_path):
    answers = []
    for url in (f"sqlite:///{tmp_path}/iprhub.db", pg_url):
        with Hub(Settings(home=tmp_path, database_url=url, workers=1, capabilities=CAPS,
                          search_index_on_ingest=False)) as hub:
            hub.ingest([data_path(f) for f in FILES])
            answers.append(_answers(hub))
    assert answers[0] == answers[1]
    chain = answers[1][0]
    assert chain[2] is True and chain[3]["048818/0520"] == "049109/0610"
    assert answers[1][4][0] == "yes"
