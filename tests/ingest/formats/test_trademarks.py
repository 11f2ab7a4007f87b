"""Trademark readers: USPTO TSDR in ST.66 and ST.96, KIPRIS Plus; one ingest through the hub."""

import datetime as dt

import pytest

from tests.conftest import DATA, data_path
from tests.formats_helpers import read_file

TSDR = "trademark/uspto_tsdr"
KIPRIS = "trademark/kipris_xml"


def _mark(name, fmt=None):
    _, records, rejected, _ = read_file(data_path(f"{TSDR}/Plumage__{name}.xml.gz"), fmt)
    assert not rejected
    (tm,) = records
    return tm


def test_st66_registration_mysql():
    tm = _mark("rn2713476-ST66", "tm-st66-xml")
    assert tm.key == "US/78002299" and tm.office == "US" and tm.reg_number == "2713476"
    assert tm.mark_text == "MYSQL" and tm.mark_script == "Latn" and tm.mark_type == "word"
    assert tm.app_date == dt.date(2000, 4, 3) and tm.reg_date == dt.date(2003, 5, 6)
    assert tm.pub_date == dt.date(2003, 2, 11)
    assert tm.status == "The registration has been renewed." and tm.status_date == dt.date(2013, 3, 23)
    (nice,) = tm.nice_classes
    assert nice.number == 9
    assert nice.goods_services[0].lang == "en"
    assert nice.goods_services[0].text.startswith("COMPUTER SOFTWARE FOR INFORMATION PROCESSING, NAMELY, DATABASE")
    owners = [p for p in tm.parties if p.role == "owner"]
    assert owners[0].name == "MySQL AB" and owners[0].country == "SE" and owners[0].sequence == 30
    (applicant,) = [p for p in tm.parties if p.role == "applicant"]
    assert (applicant.name, applicant.country, applicant.sequence) == ("T.C.X DataKonsult AB", "SE", 10)
    assert [p.name for p in tm.parties if p.role == "agent"] == ["Andrew Roppel", "WHITEFORD, TAYLOR & PRESTON, L.L.P."]
    assert len(tm.events) == 28
    assert (tm.events[0].date, tm.events[0].code) == (dt.date(2013, 7, 2), "CHAN")
    assert tm.events[0].description == "APPLICANT/CORRESPONDENCE CHANGES (NON-RESPONSIVE) ENTERED"


def test_st66_two_classes_and_change_of_owner():
    tm = _mark("sn76044902")
    assert tm.key == "US/76044902" and tm.mark_text == "PYTHON" and tm.reg_number == "2824281"
    assert [(n.number, n.goods_services[0].text[:30]) for n in tm.nice_classes] == [
        (9, "Computer programs and download"), (42, "Providing information relating")]
    assert [p.name for p in tm.parties if p.role == "owner"] == ["PYTHON SOFTWARE FOUNDATION"] * 2
    assert [p.name for p in tm.parties if p.role == "applicant"] == ["Corporation for National Research Initiatives"]
    assert tm.status == "A Sections 8 and 15 combined declaration has been accepted and acknowledged."
    assert len(tm.events) == 31


def test_st96_design_mark_without_words():
    tm = _mark("sn77478018-ST96", "tm-st96-xml")
    assert tm.mark_text is None and tm.mark_script is None and tm.mark_type == "figurative"
    assert [n.number for n in tm.nice_classes] == [14, 25, 30]
    assert {p.name for p in tm.parties if p.role in ("owner", "applicant")} == {"Haydel's Bakery"}


def test_st96_pending_application_has_no_registration():
    tm = _mark("sn87881347-ST96")
    assert tm.mark_text == "BURGER ADDICT" and tm.reg_number is None and tm.reg_date is None
    assert tm.status.startswith("Approved by the examining attorney for publication")
    assert [n.number for n in tm.nice_classes] == [43]


@pytest.mark.parametrize("st66, st96", [
    ("rn2713476-ST66", "rn2713476-ST96"),
    ("rn2713476-ST66", "rn2713476-ST96-old"),
    ("rn3756727-ST66", "rn3756727-ST96"),
    ("sn77478018-ST66", "sn77478018-ST96"),
    ("sn85334015-ST66", "sn85334015-ST96"),
    ("sn87881347-ST66", "sn87881347-ST96"),
])
def test_same_registration_in_st66_and_st96_has_same_key_and_core_fields(st66, st96):
    a, b = _mark(st66, "tm-st66-xml"), _mark(st96, "tm-st96-xml")
    assert a.key == b.key
    core = ("office", "app_number", "reg_number", "mark_text", "mark_script", "mark_type", "status", "status_date",
            "app_date", "reg_date", "pub_date", "nice_classes")
    assert {f: getattr(a, f) for f in core} == {f: getattr(b, f) for f in core}

    def people(tm):
        return [(p.role, p.name, p.country) for p in tm.parties]

    assert people(a) == people(b)
    # events differ legitimately: the two files are snapshots taken at different times and
    # ST.96 event codes carry a suffix (CHAN / CHANI)


def test_kipris_trademark_info_korean_text():
    fmt, records, rejected, _ = read_file(data_path(f"{KIPRIS}/otmk-kipris-collector__tradeMarkInfo_success.xml.gz"),
                                          "kipris-tm-xml")
    assert not rejected
    (tm,) = records
    assert tm.key == "KR/4020200023099"
    assert tm.mark_text == "홍쓴TV" and tm.mark_script == "Hang" and tm.mark_type == "word"
    assert tm.status == "출원" and tm.app_date == dt.date(2020, 2, 12) and tm.reg_number is None
    assert [n.number for n in tm.nice_classes] == [38]
    assert [(p.role, p.name) for p in tm.parties] == [("applicant", "연제승"), ("agent", "서평강")]
    assert tm.provenance[0].position == "record 1 (line 10)"


def test_kipris_designated_goods_without_application_number_are_quarantined():
    path = data_path(f"{KIPRIS}/otmk-kipris-collector__trademarkDesignationGoodstInfo_success.xml.gz")
    _, records, rejected, _ = read_file(path, "kipris-tm-xml")
    assert records == [] and len(rejected) == 13  # MANIFEST: 13 records
    assert "Nice class 25: 골프화" in rejected[0].reason and "no application number" in rejected[0].reason
    assert "혁대" in rejected[-1].reason


def _manifest_records(folder: str) -> dict[str, int]:
    """File name -> record count, as MANIFEST.md lists them for one folder."""
    rows = {}
    for line in (DATA / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 3 and cells[0].startswith(f"{folder}/") and cells[2].isdigit():
            rows[cells[0].rsplit("/", 1)[1]] = int(cells[2])
    return rows


MARK_FOLDERS = (TSDR, KIPRIS, "trademark/kipris_json", "trademark/euipo_json", "trademark/tipo_xml",
                "trademark/wipo_gbd_st66")
CASSETTES = ("trademark/jpo_api_cassettes", "trademark/tipo_api_cassettes", "trademark/uspto_tsdr_cassettes")


def test_whole_trademark_folders_match_manifest_count():
    listed = {name: n for folder in MARK_FOLDERS for name, n in _manifest_records(folder).items()}
    paths = [p for folder in MARK_FOLDERS for p in sorted(data_path(folder).iterdir())]
    assert sorted(p.name for p in paths) == sorted(listed) and len(paths) == 16 + 1 + 3 + 3 + 22
    stored = quarantined = 0
    for path in paths:
        _, records, rejected, _ = read_file(path)
        stored += len(records)
        quarantined += len(rejected)
    # MANIFEST: 531 TSDR + KIPRIS XML, 500 KIPRIS JSON, 20,020 EUIPO, 2,460 TIPO, 22 Global Brand Database records:
    # every one is stored, but the 13 KIPRIS designated-goods items that name no mark
    assert sum(listed.values()) == 531 + 500 + 20_020 + 2_460 + 22
    assert (stored, quarantined) == (518 + 500 + 20_020 + 2_460 + 22, 13)


def test_cassette_folders_are_recorded_api_responses_not_formats():
    from iprhub.ingest.formats import detect
    from iprhub.ingest.formats.base import make_head
    from iprhub.ingest.sources import iter_sources

    paths = [p for folder in CASSETTES for p in sorted(data_path(folder).iterdir())]
    assert len(paths) == 6
    for path in paths:
        (source,) = list(iter_sources([path]))
        with source.open() as stream:
            assert detect(make_head(stream.read(65536), source.name)) is None, path.name


def test_hub_stores_chinese_document_and_trademarks_intact(hub):
    report = hub.ingest([
        data_path("cn/cn_old/PatentStandardization__cn_old1.xml.gz"),
        data_path(f"{KIPRIS}/otmk-kipris-collector__tradeMarkInfo_success.xml.gz"),
        data_path(f"{KIPRIS}/otmk-kipris-collector__trademarkDesignationGoodstInfo_success.xml.gz"),
        data_path(f"{TSDR}/Plumage__rn2713476-ST66.xml.gz"),
        data_path(f"{TSDR}/Plumage__rn2713476-ST96.xml.gz"),
    ])
    assert report.by_format["cnipa-xml-old"]["documents"] == 1
    assert report.by_format["kipris-tm-xml"]["trademarks"] == 1
    assert len(report.quarantined) == 13 and all("no application number" in q.reason for q in report.quarantined)
    doc = hub.document("CN 104223352 A")
    assert doc.title() == "一种甘草发酵所得烟用香料及其应用"
    assert doc.claims[0].claims[1].text.startswith("2.根据权利要求1所述的") and doc.claims[0].claims[1].depends_on == [1]
    assert doc.parties_by_role("applicant")[0].name == "云南中烟工业有限责任公司"
    korean = hub.trademark("4020200023099")
    assert korean.mark_text == "홍쓴TV" and korean.status == "출원"
    assert [p.name for p in korean.parties] == ["연제승", "서평강"]
    mysql = hub.trademark("US/78002299")  # ST.66 and ST.96 of one registration: one trademark
    assert mysql.mark_text == "MYSQL" and mysql.reg_number == "2713476"
    assert hub.stats().totals["trademarks"] == 2


def test_one_bad_record_does_not_stop_a_concatenated_file(tmp_path):
    import gzip

    good = gzip.open(data_path(f"{TSDR}/Plumage__rn2713476-ST66.xml.gz")).read()
    bad = good.replace(b"<ApplicationDate>2000-04-03-04:00", b"<ApplicationDate>2000-02-30-04:00")
    assert bad != good
    path = tmp_path / "two-statuses.xml"
    path.write_bytes(bad + b"\n" + good)  # each document is one line after its declaration
    _, records, rejected, _ = read_file(path, "tm-st66-xml")
    assert [r.key for r in records] == ["US/78002299"]
    (rej,) = rejected
    assert rej.position == "doc 1 (line 1)" and "ApplicationDate" in rej.reason and "2000-02-30" in rej.reason
