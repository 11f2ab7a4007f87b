"""Stores for the examination tests: real files from ../shared/data, loaded once per module."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import DATA, data_path, private_schema

OPS = "epo/ops_xml/"
FAMILY_FILES = [
    OPS + "patent_client__tests__fixtures__epo__family_publication_docdb_EP.2906782.A2_.xml.gz",
    OPS + "epo-ops__get_family__response.xml.gz",
    OPS + "epo-ops__get_family_with_legal__response.xml.gz",
    OPS + "epo-ops__get_register_biblio__response.xml.gz",
    OPS + "patent_client__epo__ops__register__test__biblio.xml.gz",
    OPS + "epo-ops__get_claims__response.xml.gz",
    "uspto/grant_xml_v4x/PatentPublicData__US07272630.xml.gz",
]
PANORAMA = DATA / "eval" / "panorama_samples"


def make_hub(url: str, home, files: list[str], **cap: dict) -> Hub:
    settings = Settings(home=home, database_url=url, workers=1, search_index_on_ingest=False,
                        capability_settings={"examination": {"panorama_dir": str(PANORAMA), **cap.get("examination", {})},
                                             **{k: v for k, v in cap.items() if k != "examination"}})
    hub = Hub(settings)
    if files:
        hub.ingest([data_path(f) for f in files])
    return hub


@pytest.fixture(scope="module")
def family_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("family")
    hub = make_hub(f"sqlite:///{home}/iprhub.db", home, FAMILY_FILES)
    yield hub
    hub.close()


@pytest.fixture(scope="module")
def pg_module_url(postgres_ok):
    yield from private_schema(postgres_ok, "t_")
