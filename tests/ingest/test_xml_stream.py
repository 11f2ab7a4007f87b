"""Tree look-ups of xml_stream on a real document: the fast paths answer as ElementPath does."""

import gzip
from collections import Counter

from lxml import etree

from iprhub.ingest.xml_stream import _path, collect, descendants, first, parse_xml, text
from tests.conftest import data_path

GRANT = "uspto/grant_xml_v4x/PatentPublicData__US08927118.xml.gz"
EP = "epo/ep_fulltext_xml/go-epo-eps__EP02776152B2.xml.gz"


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
