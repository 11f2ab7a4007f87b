"""Fixtures of the watch tests: hubs with the watch capability (and countries), without the trademarks
capability unless a test asks for it, so alert expectations do not depend on the other engine."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

CAPS = ["iprhub.accounts", "iprhub.countries", "iprhub.watch"]
TM = "trademark/"
BATCH1 = [TM + "kipris_xml/neojune__TradeMarkInfo_applicant120070509242.xml.gz",
          TM + "uspto_tsdr/Plumage__sn85334015-ST66.xml.gz", TM + "uspto_tsdr/Plumage__rn2713476-ST66.xml.gz"]
BATCH2 = [TM + "kipris_xml/neojune__TradeMarkInfo_applicant120080091393.xml.gz",
          TM + "uspto_tsdr/Plumage__sn85334015-ST96.xml.gz", TM + "uspto_tsdr/Plumage__sn76044902.xml.gz"]


def paths(rels):
    return [data_path(r) for r in rels]


def make_hub(url, tmp_path, **extra):
    return Hub(Settings(home=tmp_path, database_url=url, workers=1, capabilities=CAPS,
                        search_index_on_ingest=False, **extra))


@pytest.fixture
def watch_hub(backend, tmp_path):
    h = make_hub(backend, tmp_path)
    yield h
    h.close()


@pytest.fixture
def sqlite_watch_hub(tmp_path):
    h = make_hub(f"sqlite:///{tmp_path}/iprhub.db", tmp_path)
    yield h
    h.close()
