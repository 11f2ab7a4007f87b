"""Issue 15 item 6, protection channels beyond CN: courts, customs recordal and mediation/arbitration for
the countries where a public source was found, each with its source kind on the page (zh/en) and in the
JSON twin; facts resting on law-firm pages are flagged."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from iprhub.countries.reference import packaged_reference
from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = tmp_path_factory.mktemp("channels")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", web_rate_limit=0))
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield c
    hub.close()


def test_channels_recorded_beyond_china():
    ref = packaged_reference()
    have = {(c.jurisdiction, c.channel): c for c in ref.channels}
    eu = {"AT", "BG", "CY", "CZ", "EE", "GR", "HR", "HU", "IT", "LT", "LU", "LV", "MT", "PL", "PT", "RO", "SI", "SK"}
    assert {j for j, _ in have} == {"CN", "JP", "KR", "TH", "RU", "US", "VN", "SG", "MA", "MX", "EP",
                                    "PH", "MY", "SA", "TR"} | eu
    assert {("JP", "courts"), ("KR", "courts"), ("TH", "courts"), ("US", "customs_recordal"),
            ("SG", "mediation_arbitration")} <= set(have)
    # official or statute sources are not flagged; law-firm ones are
    assert not have[("TH", "courts")].weakly_sourced and have[("TH", "courts")].source_kind == "office"
    assert not have[("US", "customs_recordal")].weakly_sourced
    assert have[("RU", "customs_recordal")].weakly_sourced and have[("VN", "customs_recordal")].weakly_sourced
    assert "1997-12-01" in have[("TH", "courts")].detail and "2016-01-01" in have[("KR", "courts")].detail
    for c in ref.channels:
        assert c.source_url and c.checked and c.available == "yes", c


@pytest.mark.parametrize(("lang", "courts", "weak"), [("zh", "法院", "来源较弱"), ("en", "Courts", "weakly sourced")])
def test_country_pages_show_channels_with_sources(client, lang, courts, weak):
    th = client.get("/countries/TH", params={"lang": lang}).text
    section = th.split('<h2>' + ("保护途径" if lang == "zh" else "Protection channels") + "</h2>", 1)[1].split("<h2", 1)[0]
    # the courts item rests on the court's own page; the weakly sourced customs item (law-firm pages) is flagged
    item = next(li for li in section.split("</li>") if "ipitc.coj.go.th" in li)
    assert courts in item and weak not in item
    assert weak in next(li for li in section.split("</li>") if "mirandah.com" in li)
    ru = client.get("/countries/RU", params={"lang": lang}).text
    section = ru.split('<h2>' + ("保护途径" if lang == "zh" else "Protection channels") + "</h2>", 1)[1].split("<h2", 1)[0]
    assert weak in section and "mspcorporate.com" in section


def test_channels_in_the_json_twin(client):
    twin = client.get("/countries/KR", params={"format": "json"}).json()
    channels = {c["channel"]: c for c in twin["protection_channels"]}
    assert channels["courts"]["source_kind"] in ("office", "wipo_treaty") and not channels["courts"]["weakly_sourced"]
    assert "patent.scourt.go.kr" in channels["courts"]["source_url"]
    assert "protection_channel:courts" not in twin["unknown"] and "protection_channel:customs_recordal" in twin["unknown"]
