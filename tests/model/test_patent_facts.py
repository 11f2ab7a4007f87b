"""Patent facts (family key, earliest priority, claim text, claim levels) on real documents."""

from __future__ import annotations

import datetime as dt

from iprhub.model.patent import Claim, PatentDocument
from iprhub.model.patent_facts import (
    claim_levels,
    claims_text,
    earliest_priority,
    family_key,
    first_claim,
    kindless_number,
)
from tests.conftest import data_path
from tests.formats_helpers import by_number, read_file


def _doc(rel: str, number: str) -> PatentDocument:
    _, records, _, _ = read_file(data_path(rel))
    return by_number(records, number)


EP_B2 = "epo/ep_fulltext_xml/go-epo-eps__EP13189031B2.xml.gz"  # EP2743087B2: de, en, fr claim sets


def test_claim_levels_of_a_real_ep_claim_set():
    doc = _doc(EP_B2, "EP2743087B2")
    assert [cs.lang for cs in doc.claims] == ["de", "en", "fr"]
    # claim 6 depends on 1-5 (the deepest, 5, gives depth 5); claim 7 on 5 only; 8 starts the method claims
    expected = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 5, 8: 0, 9: 1, 10: 2, 11: 3, 12: 4, 13: 5}
    assert [claim_levels(cs.claims) for cs in doc.claims] == [expected] * 3


def test_claim_levels_stop_at_six():
    doc = _doc("epo/ep_fulltext_xml/go-epo-eps__EP02019404A2.xml.gz", "EP1326188A2")
    levels = claim_levels(doc.claims[0].claims)
    assert doc.claims[0].claims[18].depends_on == list(range(10, 19))  # claim 19: "nach einem der Ansprüche 10 bis 18"
    assert [levels[n] for n in range(10, 20)] == [0, 1, 2, 3, 4, 5, 6, 6, 6, 6]


def test_claim_levels_with_a_cycle_and_an_unknown_parent():
    claims = [Claim(num=1, text="a"), Claim(num=2, text="b", depends_on=[3]), Claim(num=3, text="c", depends_on=[2]),
              Claim(num=4, text="d", depends_on=[99])]
    assert claim_levels(claims) == {1: 0, 2: 2, 3: 1, 4: 1}


def test_first_claim_prefers_english_and_claims_text_per_language():
    doc = _doc(EP_B2, "EP2743087B2")
    assert first_claim(doc).startswith("Printing machine (102) for the direct printing of containers (120), ")
    texts = claims_text(doc)
    assert [(lang, len(text)) for lang, text in texts] == [("de", 4850), ("en", 4736), ("fr", 5431)]
    assert texts[0][1].startswith("Druckmaschine (102) zum Direktbedrucken von Behältern (120),")
    assert texts[0][1].count("\n") == 12  # 13 claims, one per line
    assert claims_text(doc, "fr") == [texts[2]]
    assert claims_text(doc, "ja") == []


def test_earliest_priority_of_a_document_with_five_priorities():
    doc = _doc("epo/ops_xml/patent_client__tests__fixtures__epo__published-data_publication_docdb_US.9231827.B2"
               "_biblio.xml.gz", "US9231827B2")
    assert [str(p.date) for p in doc.priorities] == ["2009-09-29", "2004-05-06", "2002-11-12", "2002-02-21",
                                                     "2001-11-09"]
    assert earliest_priority(doc) == dt.date(2001, 11, 9)


def test_earliest_priority_falls_back_to_the_filing_then_publication_date():
    doc = _doc("epo/ops_xml/epo-ops__get_abstract__response.xml.gz", "EP2400812A1")
    assert not doc.priorities and doc.app_date is None
    assert earliest_priority(doc) == doc.pub_date == dt.date(2011, 12, 28)
    assert earliest_priority(doc.model_copy(update={"app_date": dt.date(2011, 6, 1)})) == dt.date(2011, 6, 1)


def test_family_key_of_docdb_application_and_bare_documents():
    docdb = _doc("epo/docdb_xml/go-epo-bdds__DE-backfile.xml.gz", "DE1258190B")
    assert (docdb.family_id, family_key(docdb)) == ("22421564", "F22421564")
    ep = _doc(EP_B2, "EP2743087B2")  # EP publication server: no family id, the application keys it
    assert (ep.family_id, ep.app_number, family_key(ep)) == (None, "EP13189031", "AEP13189031")
    bare = _doc("epo/ops_xml/epo-ops__get_abstract__response.xml.gz", "EP2400812A1")  # neither
    assert (bare.family_id, bare.app_number, family_key(bare)) == (None, None, "PEP2400812")
    assert kindless_number(bare) == "EP2400812"
