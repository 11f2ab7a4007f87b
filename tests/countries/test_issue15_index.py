"""The countries index (issue 15): every state with region, Belt and Road status, filing treaties in force,
CNIPA PPH and law facts; filters by region, treaty, PPH and Belt and Road; zh and en; JSON twin = API."""

from __future__ import annotations

import csv
import datetime as dt
import re
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from iprhub.countries.index import country_index
from iprhub.countries.reference import packaged_reference
from iprhub.errors import InvalidInput
from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app

TODAY = dt.date(2026, 12, 4)


def _csv(name):
    with resources.files("iprhub.countries.data").joinpath(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def ref():
    return packaged_reference()


def test_hague_members_on_the_belt_and_road_list(ref):
    """Counted straight from the two CSV files: Hague parties in force on the day, on the BRI list."""
    bri = {r["iso2"] for r in _csv("bri_countries_partial.csv")}
    hague = {r["iso2"] for r in _csv("treaty_membership_long.csv")
             if r["treaty_id"] == "hague" and r["status"] == "party" and r["party_kind"] == "state"
             and (r["entry_into_force_date"] or r["action_date"]) <= TODAY.isoformat()}
    idx = country_index(ref, treaty="hague", bri="yes", today=TODAY)
    assert sorted(r.code for r in idx.rows) == sorted(bri & hague)
    assert idx.total == len(bri & hague) > 10


def test_every_state_once_and_regions(ref):
    idx = country_index(ref, today=TODAY)
    assert idx.total == len({r.code for r in idx.rows}) >= 190
    assert idx.regions == sorted({r["region_in_source"] for r in _csv("bri_countries_partial.csv")})
    asia = country_index(ref, region="Asia", today=TODAY)
    assert {r.code for r in asia.rows} == {r["iso2"] for r in _csv("bri_countries_partial.csv")
                                            if r["region_in_source"] == "Asia"}


def test_pph_filter_uses_programme_dates(ref):
    rows = {r.code: r for r in country_index(ref, pph="any", today=TODAY).rows}
    assert rows["SA"].pph_open == ["SAIP"]  # extended indefinitely from 2023-11-01
    assert rows["KZ"].pph_closed == ["EAPO"] and rows["KZ"].pph_open == []  # ended 2023-03-31
    assert rows["SG"].pph_closed == ["IPOS"]  # last recorded term ended 2021-08-31
    assert rows["RU"].pph_open == [] and "ROSPATENT" in rows["RU"].pph and "ROSPATENT" not in rows["RU"].pph_closed
    open_now = {r.code for r in country_index(ref, pph="open", today=TODAY).rows}
    assert "SA" in open_now and "KZ" not in open_now and "SG" not in open_now
    none = {r.code for r in country_index(ref, pph="none", today=TODAY).rows}
    assert "VN" in none and not none & set(rows)


def test_bad_filters(ref):
    for kwargs in ({"treaty": "berne"}, {"pph": "maybe"}, {"bri": "no"}, {"region": "Mars"}):
        with pytest.raises(InvalidInput):
            country_index(ref, today=TODAY, **kwargs)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    home = tmp_path_factory.mktemp("index")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", web_rate_limit=0))
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield c
    hub.close()


@pytest.mark.parametrize(("lang", "words"), [("zh", ["全部国家", "地区", "与中国国家知识产权局的 PPH", "亚洲"]),
                                             ("en", ["All countries", "Region", "PPH with CNIPA", "Asia"])])
def test_index_page_both_languages(client, lang, words):
    html = client.get("/countries", params={"lang": lang, "region": "Asia", "treaty": "pct"}).text
    for word in words:
        assert word in html
    assert '<option value="Asia" selected>' in html and '<option value="pct" selected>' in html
    table = html.split('<table class="country-index">', 1)[1]
    assert 'href="/countries/VN"' in table and 'href="/countries/DE"' not in table
    # the map: every state linked, coloured by the same filters (VN matches, DE does not)
    svg = html.split('<svg id="country-map"', 1)[1].split("</svg>", 1)[0]
    assert 'data-code="VN" data-key="match"' in svg and 'data-code="DE" data-key="other"' in svg
    assert words[0] not in svg and ("符合筛选条件" if lang == "zh" else "matches the filters") in html


def test_index_map_without_filters_is_coloured_by_region(client):
    twin = client.get("/countries", params={"format": "json"}).json()
    keys = {a["code"]: a["key"] for a in twin["map"]}
    assert keys["VN"] == "Asia" and keys["RU"] == "Europe" and keys["US"] == "other"
    assert twin["map_legend"] == [*twin["regions"], "other"]
    html = client.get("/countries", params={"lang": "en"}).text
    svg = html.split('<svg id="country-map"', 1)[1].split("</svg>", 1)[0]
    from iprhub.countries.worldmap import COLOURS, world_shapes

    # every state of the index that has an outline is a link to its page, in its region's colour
    linked = set(re.findall(r'<a href="/countries/([A-Z]{2})"', svg))
    assert linked == {a["code"] for a in twin["map"]} & set(world_shapes().countries)
    assert '<a href="/countries/VN" data-code="VN" data-key="Asia"' in svg and COLOURS["Asia"] in svg
    assert "pygal_maps_world" in html and "http" not in svg  # outlines are local: no tiles, no network


def test_index_json_twin_is_the_api(client):
    q = {"region": "Europe", "treaty": "madrid_protocol", "pph": "open"}
    twin = client.get("/countries", params={**q, "format": "json"}).json()
    api = client.get("/api/v1/countries", params=q).json()
    assert twin == api and api["total"] == len(api["rows"]) > 0
    assert client.get("/api/v1/countries", params={"treaty": "berne"}).status_code in (400, 422)
    assert client.get("/countries", params={"region": "Mars"}).status_code == 400
