"""A store holding the Scientific Drilling family in Latin, Cyrillic and abbreviated spellings (EPO OPS
biblio files) and the 9Solutions family (its inventors as ``Kylmänen, Jari``, ``KYLMAENEN, JARI`` and
``KYLMAENEN JARI``), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import DATA

OPS = DATA / "epo" / "ops_xml"
DRILLING = sorted(p for p in OPS.glob("patent_client__tests__fixtures__epo__*biblio.xml.gz")
                  if any(n in p.name for n in ("RU.2015117646", "US.2016245070", "CA.2887530", "WO.2014059282",
                                                "RU.2015124071", "US.9291047", "EP.2906782", "US.10047600",
                                                "EP.13844704", "US.2014102795")))
NINE_SOLUTIONS = [OPS / "epo-ops__get_family_with_biblio__response.xml.gz", OPS / "epo-ops__get_register_biblio__response.xml.gz"]


@pytest.fixture(scope="module")
def drilling_home(tmp_path_factory):
    return tmp_path_factory.mktemp("parties")


@pytest.fixture
def phub(backend, tmp_path):
    hub = Hub(Settings(home=tmp_path, database_url=backend, workers=1, search_index_on_ingest=False))
    assert len(DRILLING) >= 8, DRILLING
    hub.ingest(DRILLING + NINE_SOLUTIONS)
    yield hub
    hub.close()
