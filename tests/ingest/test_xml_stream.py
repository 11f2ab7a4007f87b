"""Tree look-ups of xml_stream on a real document: the fast paths answer as ElementPath does."""

import gzip
from collections import Counter

import pytest
from lxml import etree

from iprhub.errors import ParseError, SourceError
from iprhub.ingest.formats import get_format
from iprhub.ingest.formats.base import ReadContext
from iprhub.ingest.sources import iter_sources
from iprhub.ingest.xml_stream import _path, collect, descendants, first, parse_xml, text
from tests.conftest import data_path
from tests.formats_helpers import read_file

GRANT = "uspto/grant_xml_v4x/PatentPublicData__US08927118.xml.gz"
EP = "epo/ep_fulltext_xml/go-epo-eps__EP02776152B2.xml.gz"
GRANT_SMALL = "uspto/grant_xml_v4x/PatentPublicData__US08930553.xml.gz"
JP_GAZETTE = "jp/jp/PatentStandardization__2021193879.xml.gz"


def _root(rel):
    return parse_xml(gzip.decompress(data_path(rel).read_bytes()).strip(), file=rel, position="doc 1")


def test_first_matches_elementpath_for_child_paths():
    for rel in (GRANT, EP):
        root = _root(rel)
        names = sorted({el.tag.rpartition("}")[2] for el in root.iter() if isinstance(el.tag, str)})
        pairs = sorted({f"{el.getparent().tag}/{el.tag}" for el in root.iter()
                        if isinstance(el.tag, str) and el.getparent() is not None})
        checked = 0
        for el in root.iter():
            if len(el):
                for path in names + pairs:
                    assert first(el, path) is el.find(_path(path)), path
                    checked += 1
        assert checked > 50_000
    root = _root(GRANT)
    assert text(first(root, "us-bibliographic-data-grant/publication-reference/document-id/doc-number")) == "08927118"
    assert first(root, "claims/claim/..") is first(root, "claims")


def test_collect_is_descendants_in_one_walk():
    root = _root(GRANT)
    biblio = first(root, "us-bibliographic-data-grant")
    groups = {"citation": "cites", "us-citation": "cites", "classification-ipcr": "ipcr", "main-cpc": "main-cpc"}
    found = collect(biblio, groups)
    assert len(found["cites"]) == 104 and found["cites"] == descendants(biblio, "us-citation")
    assert found["ipcr"] == descendants(biblio, "classification-ipcr") and len(found["ipcr"]) > 3
    assert found["main-cpc"] == descendants(biblio, "main-cpc")
    assert collect(None, groups) == {"cites": [], "ipcr": [], "main-cpc": []}


def test_spaced_text_of_real_blocks_and_the_tree_left_as_it_was():
    root = _root(GRANT)
    blocks = [first(root, "description"), first(root, "abstract"), *first(root, "claims")]
    for el in blocks:
        before = etree.tostring(el)
        per_child = [el.text or ""]
        for child in el:
            per_child += [" ", etree.tostring(child, method="text", encoding=str, with_tail=False), " ",
                          child.tail or ""]
        assert text(el, sep=" ") == " ".join("".join(per_child).split())
        assert etree.tostring(el) == before
    assert text(blocks[-1], sep=" ").startswith("45. The organic electroluminescence device")
    assert len(text(blocks[0], sep=" ")) > 50_000


def test_other_spaces_are_what_str_split_adds_to_xml_white_space():
    from iprhub.ingest.xml_stream import _OTHER_SPACES

    splitting = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(_OTHER_SPACES) == splitting - {" ", "\t", "\n", "\r"}


def test_spaced_text_whether_or_not_white_space_already_separates_the_children():
    """Both ways of ``text(el, sep=" ")`` (fold the whole text when tails already separate the
    children, else insert separators) answer as the reference join, on every mix of parent text
    and tails: none, empty, white space on one side, on both, a no-break space, glued words."""
    import itertools

    def reference(el):
        parts = [el.text or ""]
        for child in el:
            parts += [" ", etree.tostring(child, method="text", encoding=str, with_tail=False), " ", child.tail or ""]
        return " ".join("".join(parts).split())

    pieces = [None, "", " ", "x", " x", "x ", "\nx\n", "\xa0x", "x\xa0"]
    from iprhub.ingest.xml_stream import _separated

    ways = Counter()
    for own, t1, t2, t3 in itertools.product(pieces, repeat=4):
        el = etree.Element("p")
        el.text = own
        for i, tail in enumerate((t1, t2, t3)):
            child = etree.SubElement(el, "b")
            child.text = f"w{i}" if i != 1 else ""  # one empty child: its neighbours meet across it
            child.tail = tail
        got = text(el, sep=" ")
        assert got == reference(el), (own, t1, t2, t3, got)
        ways[_separated(el.text, [child.tail for child in el])] += 1
    assert ways[True] > 100 and ways[False] > 100 and sum(ways.values()) == len(pieces) ** 4


def test_folding_makes_every_other_space_plain():
    from iprhub.ingest.xml_stream import _OTHER_SPACES

    for c in _OTHER_SPACES.replace("\x0b", "").replace("\x0c", "").translate(dict.fromkeys(range(0x1c, 0x20))):
        for raw in (f"a{c}b", f"{c}a  {c}{c} b{c}", f"\u00e9 {c}\n{c}x", f"{c}"):
            el = etree.fromstring(f"<p>{raw}<b>z{c}</b>{c}</p>".encode())
            assert text(el) == " ".join(etree.tostring(el, method="text", encoding=str).split()), repr(raw)


# --- UTF-16 files and long text nodes --------------------------------------------------------------

UTF16_CASES = [  # how the copy is written: byte-order mark + encoding, or only the declaration
    ("bom-le", b"\xff\xfe", "utf-16-le"),
    ("bom-be", b"\xfe\xff", "utf-16-be"),
    ("declared-le", b"", "utf-16-le"),
    ("declared-be", b"", "utf-16-be"),
]


def _records_without_source(records):
    return [r.model_dump(mode="json", exclude={"provenance": {"__all__": {"source_file"}}}) for r in records]


@pytest.mark.parametrize("rel", [GRANT_SMALL, JP_GAZETTE])
@pytest.mark.parametrize(("case", "bom", "codec"), UTF16_CASES, ids=[c[0] for c in UTF16_CASES])
def test_utf16_copy_of_a_real_file_reads_as_its_original(tmp_path, rel, case, bom, codec):
    original = gzip.decompress(data_path(rel).read_bytes())
    if not original.startswith(b"<?xml"):  # the gazette has no declaration: both copies get one
        original = b'<?xml version="1.0" encoding="UTF-8"?>\n' + original
    utf8 = tmp_path / "utf8.xml"
    utf8.write_bytes(original)
    declared = original.replace(b'encoding="UTF-8"', b'encoding="UTF-16"', 1).decode("utf-8")
    copy = tmp_path / f"{case}.xml"
    copy.write_bytes(bom + declared.encode(codec))
    fmt, records, rejected, _ = read_file(copy)
    expected_fmt, expected, _, _ = read_file(utf8)
    assert (fmt, rejected) == (expected_fmt, [])
    assert len(records) == 1
    assert _records_without_source(records) == _records_without_source(expected)  # same bytes hash too


def test_broken_utf16_is_refused_with_file_and_byte(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"\xff\xfe" + '<?xml version="1.0" encoding="UTF-16"?><a>'.encode("utf-16-le") + b"\x00\xdc<\x00")
    (source,) = iter_sources([bad])
    with pytest.raises(SourceError) as err, source.open() as stream:
        stream.read()
    assert err.value.file == str(bad) and err.value.position == "byte 86"
    assert "not valid UTF-16" in err.value.message


def _grant_with_long_description(min_chars: int) -> bytes:
    """The real grant with its first description paragraph replaced by the description's own
    text, repeated past ``min_chars``: one text node of that size."""
    data = gzip.decompress(data_path(GRANT_SMALL).read_bytes())
    root = parse_xml(data, file=GRANT_SMALL, position="doc 1")
    description = text(first(root, "description"), sep=" ")
    paragraph = descendants(first(root, "description"), "p")[0]
    repeated = (description + " ") * (min_chars // (len(description) + 1) + 1)
    start = data.index(b">", data.index(b"<p id=\"" + paragraph.get("id").encode())) + 1
    end = data.index(b"</p>", start)
    return data[:start] + repeated.encode("utf-8") + data[end:]


def test_a_text_node_above_10_mb_is_read_within_the_document_limit(tmp_path):
    path = tmp_path / "long-description.xml"
    path.write_bytes(_grant_with_long_description(11 * 1024 * 1024))
    _, (doc,), rejected, _ = read_file(path, "uspto-xml")
    assert rejected == []
    _, (original,), _, _ = read_file(data_path(GRANT_SMALL))
    assert doc.pub_number == original.pub_number == "US8930553B2"
    assert len(doc.descriptions[0].text) > 11 * 1024 * 1024
    assert doc.claims == original.claims and doc.titles == original.titles


def test_a_document_above_the_limit_is_refused_with_file_and_position(tmp_path):
    path = tmp_path / "too-long.xml"
    path.write_bytes(_grant_with_long_description(11 * 1024 * 1024))
    (source,) = iter_sources([path])
    fmt = get_format("uspto-xml")
    ctx = ReadContext(source=source.name, format=fmt.name, max_document_bytes=8 * 1024 * 1024)
    with source.open() as stream, pytest.raises(ParseError) as err:
        list(fmt.read(stream, ctx))
    assert (err.value.file, err.value.position) == (str(path), "doc 1 (line 1)")
    assert err.value.message == f"document larger than the {8 * 1024 * 1024}-byte limit"
