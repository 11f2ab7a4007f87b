"""A store with the 51 Chinese law texts of ../shared/data/laws/cn loaded once per module."""

from __future__ import annotations

import pytest

from iprhub.hub import Hub
from iprhub.settings import Settings
from tests.conftest import data_path

LAWS_CN = data_path("laws/cn")
PATENT_LAW = LAWS_CN / "民法商法" / "专利法(2020-10-17).md"
TRADEMARK_LAW = LAWS_CN / "民法商法" / "商标法(2019-04-23).md"
COPYRIGHT_LAW = LAWS_CN / "民法商法" / "著作权法(2020-11-11).md"
PUNITIVE = LAWS_CN / "司法解释" / "最高人民法院关于审理侵害知识产权民事案件适用惩罚性赔偿的解释(2021-03-02).md"


@pytest.fixture(scope="module")
def laws_hub(tmp_path_factory):
    home = tmp_path_factory.mktemp("laws")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1, web_rate_limit=0))
    report = hub.laws.load([LAWS_CN])
    hub.load_report = report  # type: ignore[attr-defined]
    yield hub
    hub.close()
