"""The change feed on both backends: every record once, in pages, from any cursor; bad input."""

from __future__ import annotations

import pytest

from iprhub.errors import InvalidInput, SourceError
from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

FILES = ["epo/ops_xml/patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz",
         "uspto/office_action_json/patent_client__rejection_sample_input.json.gz",
         "trademark/uspto_tsdr/Plumage__rn2713476-ST66.xml.gz"]


@pytest.fixture
def fed(backend, tmp_path):
    hub = Hub(Settings(home=tmp_path, database_url=backend, workers=1, search_index_on_ingest=False))
    hub.ingest([data_path(f) for f in FILES])
    yield hub
    hub.close()


def _all(hub, limit):
    seen, since, pages = [], "", 0
    while True:
        page = hub.exchange.feed(since, limit)
        pages += 1
        seen += [(i.kind, i.key) for i in page.items]
        since = page.next
        if not page.more:
            return seen, since, pages


def test_feed_pages_every_record_once(fed):
    stats = fed.stats().totals
    seen, cursor, pages = _all(fed, 7)
    kinds = [k for k, _ in seen]
    assert len(seen) == len(set(seen))
    assert (kinds.count("document"), kinds.count("trademark"), kinds.count("event")) == (
        stats["documents"], stats["trademarks"], stats["events"])
    assert pages == -(-len(seen) // 7)
    assert fed.exchange.feed(cursor, 7).items == []  # nothing new after the last cursor
    # a record changed later comes again after the cursor, nothing else does
    fed.ingest([data_path("epo/ops_xml/patent_client__tests__fixtures__epo__published-data_publication_docdb_"
                          "CN.104968889.A_biblio.xml.gz")])
    again = fed.exchange.feed(cursor, 50)
    assert [(i.kind, i.key) for i in again.items] == [("document", "CN104968889A")]


def test_feed_bad_input(fed):
    with pytest.raises(InvalidInput) as exc:
        fed.exchange.feed("not-a-cursor!", 5)
    assert exc.value.field == "since"
    with pytest.raises(InvalidInput):
        fed.exchange.feed("", 0)
    with pytest.raises(InvalidInput):
        fed.exchange.pull("ftp://x", "k")
    with pytest.raises(InvalidInput):
        fed.exchange.pull("http://127.0.0.1:9", "")
    with pytest.raises(SourceError) as down:  # nothing listens on port 9 of loopback
        fed.exchange.pull("http://127.0.0.1:9", "iph_x_y")
    assert down.value.file == "http://127.0.0.1:9"
