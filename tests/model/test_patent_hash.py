"""The record JSON and content hash of real documents from every patent reader family."""

import datetime as dt

from iprhub.model.common import Text
from iprhub.model.patent import Claim, ClaimSet, PatentDocument
from tests.conftest import data_path
from tests.formats_helpers import read_file

FILES = [
    "uspto/grant_xml_v4x/PatentPublicData__US08927118.xml.gz",
    "uspto/grant_xml_v25_pg/patentprocessor__pg020507hundred.xml.gz",
    "uspto/grant_aps_text/PatentPublicData__US03932709.greenbook.gz",
    "uspto/ppubs_json/patent_client__public_search_doc.json.gz",
    "epo/ep_fulltext_xml/go-epo-eps__EP02776152B2.xml.gz",
    "epo/docdb_xml/go-epo-bdds__DE-backfile.xml.gz",
    "epo/ops_xml/epo-ops__get_legal__response.xml.gz",
    "cn/cn_new/PatentStandardization__cn_new1.xml.gz",
    "cn/cn_old/PatentStandardization__200880114428_A.xml.gz",
    "jp/jp/PatentStandardization__2021193879.xml.gz",
    "wipo/st96_example_instances/PatentStandardization__PatentPublication_Example.xml.gz",
]


def test_json_and_hash_agree_with_the_separate_methods():
    checked = 0
    for rel in FILES:
        _, records, _, _ = read_file(data_path(rel))
        docs = [r for r in records if isinstance(r, PatentDocument)]
        assert docs, rel
        for d in docs:
            record, digest = d.json_and_hash()
            fresh = PatentDocument.model_validate_json(record)  # no cached hash
            assert record == d.model_dump_json()
            assert digest == fresh.content_hash() and len(digest) == 64
            checked += 1
    assert checked > 100


def test_record_json_is_pydantics_for_every_code_point():
    code_points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(code_points), 8192):
        value = "".join(map(chr, code_points[i:i + 8192]))
        d = PatentDocument(pub_number="US7123456B2", country="US", doc_number="7123456",
                           pub_date=dt.date(2006, 10, 10), titles=[Text(lang="en", text=value)],
                           claims=[ClaimSet(lang="en", claims=[Claim(num=1, text=value, depends_on=[2])])],
                           field_sources={"titles": value[:50]})
        record, digest = d.json_and_hash()
        assert record == d.model_dump_json()
        assert digest == PatentDocument.model_validate_json(record).content_hash()
