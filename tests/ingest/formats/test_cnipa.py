"""CNIPA full-text XML, old (cn-patent-document) and new (PatentDocumentAndRelated) formats."""

import datetime as dt

import pytest

from iprhub.ingest.formats import detect
from iprhub.ingest.formats.base import make_head
from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file

OLD = "cn/cn_old"
NEW = "cn/cn_new"


def _claims(doc):
    return {c.num: c for c in doc.claims[0].claims}


def test_old_format_bibliography_text_and_chinese_claim_dependencies():
    fmt, records, rejected, _ = read_file(data_path(f"{OLD}/PatentStandardization__cn_old1.xml.gz"), "cnipa-xml-old")
    assert not rejected
    d = by_number(records, "CN104223352A")
    assert d.doc_type == "application" and d.lang == "zh"
    assert d.pub_date == dt.date(2014, 12, 24)
    assert d.app_number == "CN2014104087625" and d.app_date == dt.date(2014, 8, 19)
    assert d.title("zh") == "一种甘草发酵所得烟用香料及其应用"
    assert d.abstract().startswith("本发明公开了一种甘草发酵所得烟用香料及其应用。")
    assert [c.symbol for c in d.classifications] == ["A24B 15/18", "C11B 9/00", "C12P 1/02", "C12R 1/645"]
    assert d.classifications[0].first and d.classifications[0].version == "2006.01"
    (applicant,) = d.parties_by_role("applicant")
    assert applicant.name == "云南中烟工业有限责任公司" and applicant.country == "CN"
    inventors = d.parties_by_role("inventor")
    assert len(inventors) == 8 and inventors[0].name == "段焰青" and inventors[-1].name == "王文元"
    agents = [p.name for p in d.parties_by_role("agent")]
    assert agents == ["昆明协立知识产权代理事务所(普通合伙) 53108", "谢嘉", "旃习涵"]
    claims = _claims(d)
    assert d.claim_count() == 3
    assert claims[1].depends_on == []
    assert claims[2].text.startswith("2.根据权利要求1所述的") and claims[2].depends_on == [1]
    assert claims[3].depends_on == [1]  # "3.权利要求1所述甘草发酵所得烟用香料在卷烟生产中的应用"
    # the line breaks inside the sentence leave no spaces between ideographs
    assert "与水按1:5～1:50的质量比配制成发酵培养基" in claims[1].text
    assert d.descriptions[0].text.startswith("技术领域\n本发明属于卷烟香精香料技术领域")


def test_old_format_pct_national_phase_with_ranges_of_claims():
    _, records, rejected, _ = read_file(data_path(f"{OLD}/PatentStandardization__200880114428_A.xml.gz"))
    assert not rejected
    d = by_number(records, "CN103492414A")
    assert d.title() == "抗HEPCIDIN抗体及其用途"
    assert d.app_number == "CN2008801144281" and d.app_date == dt.date(2008, 10, 29)
    (prio,) = d.priorities
    assert (prio.country, prio.number, prio.date, prio.kind) == ("US", "60/984,910", dt.date(2007, 11, 2),
                                                                 "international")
    related = {r.relation: r for r in d.related}
    assert related["pct-application"].number == "PCT/US2008/081493"
    assert related["pct-publication"].number == "WO2009058797"
    assert related["pct-publication"].date == dt.date(2009, 5, 7)
    assert d.parties_by_role("applicant")[0].name == "伊莱利利公司"
    assert d.parties_by_role("applicant")[0].country == "US"  # address 美国印第安纳州
    claims = _claims(d)
    assert d.claim_count() == 44
    assert claims[3].depends_on == [1, 2]  # 权利要求1-2中任一项
    assert claims[39].depends_on == [28, 29]  # 根据权利要求28或29
    assert claims[41].depends_on == list(range(1, 24)) + [40]  # 权利要求1-23或40中任一项


def test_old_format_korean_priorities_and_domestic_priority():
    _, records, _, _ = read_file(data_path(f"{OLD}/PatentStandardization__cn_old2.xml.gz"))
    d = by_number(records, "CN104245143A")
    assert [p.number for p in d.priorities][:2] == ["10-2013-0033547", "10-2013-0033737"]
    assert len(d.priorities) == 6 and {p.country for p in d.priorities} == {"KR"}
    assert [p.name for p in d.parties_by_role("applicant")] == ["可隆科技特株式会社", "盛源立赛科株式会社"]
    assert d.claim_count() == 43
    assert _claims(d)[25].depends_on == list(range(1, 25))  # 根据权利要求1至权利要求24中的任意一项

    _, records, _, _ = read_file(data_path(f"{OLD}/PatentStandardization__cn_old4.xml.gz"))
    d = by_number(records, "CN104223590A")
    assert d.title() == "脚型量具"
    (prio,) = d.priorities
    assert (prio.country, prio.number, prio.date, prio.kind) == ("CN", "201320854096.9", dt.date(2013, 12, 24),
                                                                 "national")
    assert _claims(d)[9].depends_on == [1, 2, 3]  # 根据权利要求1、2、3所述
    assert _claims(d)[10].depends_on == [9]


def test_new_format_original_numbers_division_and_ipc_versions():
    fmt, records, rejected, _ = read_file(data_path(f"{NEW}/PatentStandardization__cn_new1.xml.gz"), "cnipa-xml-new")
    assert not rejected
    d = by_number(records, "CN113781974A")
    assert d.pub_date == dt.date(2021, 12, 10)
    assert d.app_number == "CN202111286633X"  # 202111286633.X: check digit kept, dot dropped
    assert d.title("zh") == "显示设备"
    assert d.abstract().startswith("公开了一种显示设备。")
    (prio,) = d.priorities  # the "original" spelling, not the "standard" 102016000063019
    assert (prio.country, prio.number, prio.date) == ("KR", "10-2016-0063019", dt.date(2016, 5, 23))
    assert d.related[0].relation == "division-parent" and d.related[0].number == "CN2017102699739"
    ipc = {c.symbol: c for c in d.classifications}
    assert list(ipc) == ["G09G 3/36", "G09G 3/3208", "G09G 3/34"]
    assert ipc["G09G 3/36"].first and ipc["G09G 3/3208"].version == "2016.01"
    applicant = d.parties_by_role("applicant")[0]
    assert (applicant.name, applicant.country) == ("三星显示有限公司", "KR")
    assert [p.name for p in d.parties_by_role("inventor")] == ["金驲柱", "田武经", "李安洙"]
    assert d.parties_by_role("agent")[0].name == "北京英赛嘉华知识产权代理有限责任公司 11204"
    assert d.claim_count() == 17
    claims = _claims(d)
    assert claims[2].text == "2.如权利要求1所述的显示设备，其中，所述k个像素位于所述第m行中。"
    assert claims[2].depends_on == [1]
    assert d.provenance[0].format_version == "V2.2.1"


def test_new_format_pct_entry_and_large_claim_set():
    _, records, _, _ = read_file(data_path(f"{NEW}/PatentStandardization__cn_new3.xml.gz"))
    d = by_number(records, "CN113784721A")
    assert d.title() == "抗COVID-19的高活性化合物"
    assert d.app_number == "CN2021800024339" and d.app_date == dt.date(2021, 2, 24)
    assert len(d.priorities) == 8 and d.priorities[-1].number == "63/146,456"
    assert {r.relation: r.number for r in d.related} == {"pct-application": "PCT/US2021/019468",
                                                         "pct-publication": "WO2021173713"}
    assert d.claim_count() == 111
    assert _claims(d)[11].depends_on == list(range(1, 11))  # 如权利要求1-10中任一项
    assert _claims(d)[35].depends_on == [4]


def test_new_format_application_filed_2015_published_2022():
    name = "PatentStandardization__CN102015000481495CN00001152124630AFULZH20221021CN00D.XML.gz"
    _, records, rejected, _ = read_file(data_path(f"{NEW}/{name}"))
    assert not rejected
    d = by_number(records, "CN115212463A")
    assert d.pub_date == dt.date(2022, 10, 21) and d.app_date == dt.date(2015, 8, 7)
    assert d.title() == "一种医用放射治疗装置"
    assert d.abstract().startswith("本发明提供一种医用放射治疗装置，涉及加速器放射治疗技术领域")
    assert d.parties_by_role("applicant")[0].country == "CN"
    assert d.claim_count() == 12
    assert _claims(d)[5].depends_on == [1, 2, 3, 4]  # 根据权利要求1至4任一项
    assert _claims(d)[12].depends_on == [10]


@pytest.mark.parametrize("folder, fmt, files", [(OLD, "cnipa-xml-old", 4), (NEW, "cnipa-xml-new", 3)])
def test_whole_folders_match_manifest_counts(folder, fmt, files):
    paths = sorted(data_path(folder).iterdir())
    assert len(paths) == files
    total = 0
    for path in paths:
        name, records, rejected, _ = read_file(path, fmt)
        assert not rejected and len(records) == 1  # MANIFEST: 1 document per file
        total += len(records)
    assert total == files


def test_readers_do_not_claim_each_others_files():
    import gzip

    for folder, fmt in ((OLD, "cnipa-xml-old"), (NEW, "cnipa-xml-new")):
        for path in data_path(folder).iterdir():
            head = make_head(gzip.open(path).read(65536), path.name)
            assert detect(head).name == fmt


def test_concatenated_files_with_byte_order_mark_and_stylesheet_split_per_document(tmp_path):
    import gzip

    first = gzip.open(data_path(f"{OLD}/PatentStandardization__cn_old1.xml.gz")).read()
    second = gzip.open(data_path(f"{OLD}/PatentStandardization__cn_old4.xml.gz")).read()
    # both start with a byte-order mark, an XML declaration and an <?xml-stylesheet?> line
    assert first.startswith(b"\xef\xbb\xbf<?xml") and b"<?xml-stylesheet" in first[:200]
    path = tmp_path / "two.xml"
    path.write_bytes(first + b"\n" + second)
    _, records, rejected, _ = read_file(path, "cnipa-xml-old")
    assert not rejected
    assert [r.pub_number for r in records] == ["CN104223352A", "CN104223590A"]
