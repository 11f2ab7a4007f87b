"""Quality screening on real records: near-identical family members found and explained, planted
re-submissions of real documents flagged with the rule they support, bad-faith trademark signals
checked against the raw KIPRIS files, review and credit history, weights and bad input; SQLite and
PostgreSQL."""

from __future__ import annotations

import gzip
import json

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from typer.testing import CliRunner

from iprhub.cli.main import get_app
from iprhub.errors import InvalidInput, NotFound
from iprhub.quality.near_duplicates import NearDuplicateFinder
from iprhub.quality.screening import DEFAULT_WEIGHTS, parse_weights
from iprhub.quality.text import document_text, shingles, words
from iprhub.web import create_app
from tests.conftest import data_path

FAMILY = ["CA2744162A1", "EP2400812A1", "US20120057518A1", "US9648662B2"]
SNU = "서울대학교산학협력단"


def _raw_marks(owner_part: str) -> tuple[set[str], set[int]]:
    """Applications and Nice classes of an owner, read straight from the KIPRIS XML (not through iprhub)."""
    apps, classes = set(), set()
    for name in ("neojune__TradeMarkInfo_applicant120070509242.xml.gz",
                 "neojune__TradeMarkInfo_applicant120080091393.xml.gz"):
        root = etree.parse(gzip.open(data_path(f"trademark/kipris_xml/{name}"))).getroot()
        for it in root.iter("TradeMarkInfo"):
            owners = (it.findtext("ApplicantName") or "") + (it.findtext("RegistrationRightholderName") or "")
            if owner_part in owners.replace(" ", ""):
                apps.add(it.findtext("ApplicationNumber"))
                classes |= {int(c) for c in (it.findtext("GoodClassificationCode") or "").split("|") if c.strip()}
    return apps, classes


def test_words_drop_numbers_and_split_cjk_runs():
    assert words("The 1st rotor (12) turns 30°; 电池组") == ["the", "1st", "rotor", "turns", "电池", "池组"]
    assert shingles(["a", "b", "c"], 2) == {"a b", "b c"}


def test_whole_store_screening_finds_and_explains_the_family(qhub):
    run = qhub.quality.screen()
    assert run.documents == 271 and not run.partial
    family = [c for c in run.clusters if set(FAMILY) <= set(c.members)]
    assert len(family) == 1 and family[0].members == sorted(FAMILY)
    relations = {(p.a, p.b): p.relation for p in family[0].pairs}
    assert relations[("US20120057518A1", "US9648662B2")] == "same-application"  # publication and grant
    assert relations[("CA2744162A1", "EP2400812A1")] == "same-family"
    # expected likeness is not a signal: no document of the family is a finding
    assert not {f.subject for f in run.findings} & set(FAMILY)
    explained = qhub.quality.explain("CA2744162A1", "US9648662B2")
    abstract = next(s for s in explained.sections if s.section == "abstract")
    assert explained.relation == "same-family" and abstract.similarity == 1.0 and abstract.words_a == 72


def test_trademark_owner_signals_match_the_raw_files(qhub):
    run = qhub.quality.screen()
    apps, classes = _raw_marks(SNU)
    assert (len(apps), len(classes)) == (427, 45)
    snu = next(f for f in run.findings if f.subject_kind == "trademark-owner" and f.subject.replace(" ", "") == SNU)
    [signal] = snu.signals
    assert signal.name == "tm_many_classes" and signal.detail == f"{len(apps)} marks in {len(classes)} Nice classes"
    assert signal.value == 1.0 and signal.rule.text.startswith("very large number of applications")
    # co-owned marks filed the same day by the same two owners are not someone else's prior mark
    prior = [s for f in run.findings for s in f.signals if s.name == "tm_prior_mark"]
    assert not any({"KR/4020110062801", "KR/4020110062799"} <= set(s.evidence) for s in prior)
    for s in prior:  # what the similarity engine adds: a later mark against an earlier one of another owner
        earlier, later = sorted((qhub.trademarks.summary(k) for k in s.evidence[:2]), key=lambda m: m.filing_date)
        assert earlier.filing_date < later.filing_date and earlier.owner != later.owner


def test_scores_are_stable_across_runs_and_stored(qhub):
    first, second = qhub.quality.screen(), qhub.quality.screen()
    assert [(f.subject, f.score) for f in first.findings] == [(f.subject, f.score) for f in second.findings]
    stored = qhub.quality.run(second.id)
    assert [(f.id, f.score) for f in stored.findings] == [(f.id, f.score) for f in second.findings]
    assert stored.clusters == second.clusters


def test_review_enters_the_credit_record_with_history(qhub):
    run = qhub.quality.screen()
    owner = next(f for f in run.findings if f.subject_kind == "trademark-owner")
    dismissed = qhub.quality.review(owner.id, "dismissed", "a university's portfolio")
    assert dismissed.status == "dismissed" and dismissed.note == "a university's portfolio"
    assert qhub.quality.run(run.id, status="dismissed").findings[0].id == owner.id
    before = qhub.quality.credit("Adli, Dariush G.").points
    record = qhub.quality.add_credit("Adli, Dariush G.", entry="sanction", points=10, detail="warning 2024-01")
    assert record.points == before - 10 and record.entries[-1].detail == "warning 2024-01"
    with pytest.raises(InvalidInput, match="detail"):
        qhub.quality.add_credit("Adli, Dariush G.", detail="  ")
    with pytest.raises(NotFound):
        qhub.quality.review(10**9, "confirmed")


def test_bad_input_is_named(qhub):
    with pytest.raises(InvalidInput) as e:
        qhub.quality.screen(weights="near_duplicate=2,splittin=1")
    assert e.value.field == "weights" and e.value.position == 17 and "splittin" in e.value.message
    with pytest.raises(InvalidInput, match="not a number"):
        parse_weights("splitting=high")
    with pytest.raises(InvalidInput, match="≥ 0"):
        parse_weights({"splitting": -1})
    with pytest.raises(InvalidInput, match="no agency named"):
        qhub.quality.screen(agency="Nobody & Nobody LLP")
    with pytest.raises(InvalidInput, match="no applicant named"):
        qhub.quality.screen(applicant="Nobody Ltd")
    with pytest.raises(InvalidInput, match="batch holds no documents"):
        qhub.quality.screen(batch=[])
    assert parse_weights("splitting=0") == {**DEFAULT_WEIGHTS, "splitting": 0.0}


def test_time_limit_returns_a_partial_run_that_says_so(qhub):
    run = qhub.quality.screen(time_limit=1e-6, store=False)
    assert run.partial and run.notice == ("time limit reached while reading the store: the first 0 documents "
                                          "screened; the others were not read")
    from iprhub.limits import Deadline
    from iprhub.quality.screening import read_store

    corpus, finder, cut = read_store(qhub, Deadline.after(None))
    assert cut is None and len(corpus.docs) == 271 and 0 < len(finder) < 271


def _planted(doc, number: str, applicant: str, agent: str):
    parties = [p.model_copy(update={"name": applicant, "normalized_name": applicant.upper()})
               for p in doc.parties if p.role == "applicant"][:1] or []
    from iprhub.model.common import Party

    parties = parties or [Party(role="applicant", name=applicant, normalized_name=applicant.upper())]
    parties.append(Party(role="agent", name=agent, normalized_name=agent.upper()))
    return doc.model_copy(update={"pub_number": f"CN{number}A", "country": "CN", "doc_number": number, "kind": "A",
                                  "app_number": f"CN{number}", "family_id": None, "parties": parties,
                                  "related": [], "priorities": []}, deep=True)


def test_resubmitted_real_text_is_flagged_with_its_rule(hub):
    """EP1316073B1's text re-filed under three new numbers: twice by one applicant (splitting, item 1),
    once by another through the same agency (copying, item 2; agency template, item 8)."""
    hub.ingest([data_path("epo/ep_fulltext_xml")])
    original = hub.document("EP1316073B1")
    docs = [_planted(original, "110000001", "Shell Co A", "Same Agency"),
            _planted(original, "110000002", "Shell Co A", "Same Agency"),
            _planted(original, "110000003", "Other Co B", "Same Agency")]
    with hub.store.begin() as conn:
        hub.store.write_patents(conn, docs)
    run = hub.quality.screen(batch=["CN110000001A", "CN110000002A", "CN110000003A"])
    by = {(f.subject_kind, f.subject): {s.name: s for s in f.signals} for f in run.findings}
    copy_b = by[("document", "CN110000003A")]["near_duplicate"]
    assert copy_b.rule.item == "Art. 2 para. 2 item 2" and copy_b.value == 1.0
    assert set(copy_b.evidence) >= {"CN110000001A", "CN110000002A"}
    assert by[("document", "CN110000001A")]["near_duplicate"].rule.item == "Art. 2 para. 2 item 2"
    agency = by[("agency", "Same Agency")]["agency_template"]
    assert agency.rule.item == "Art. 2 para. 2 item 8" and agency.detail.startswith("near-identical text filed for")
    splitting = by.get(("applicant", "Shell Co A"), {}).get("splitting")
    assert splitting is None  # two applications are not yet a split; three are
    with hub.store.begin() as conn:
        hub.store.write_patents(conn, [_planted(original, "110000004", "Shell Co A", "Same Agency")])
    run = hub.quality.screen(applicant="Shell Co A")
    split = next(s for f in run.findings if f.subject == "Shell Co A" for s in f.signals if s.name == "splitting")
    assert split.evidence == ["CN110000001", "CN110000002", "CN110000004"] and split.value == 0.2


def test_planted_edits_meet_the_targets_on_the_test_half(qhub):
    from iprhub.quality.evaluation import near_duplicate_tables

    test, dev = near_duplicate_tables(qhub, per_split=12)
    rows = {r[0]: r for r in test.rows}
    kept = rows["copies keeping ≥ 80%"]
    assert kept[1] >= 80 and kept[4] >= 0.90 and kept[5] >= 0.95
    assert rows["synonyms-30"][4] < rows["synonyms-5"][4]  # the detector is not blind to edit size
    assert test.columns == ("edit", "copies", "kept min", "kept mean", "recall", "precision")


def test_finder_keeps_unrelated_texts_apart():
    f = NearDuplicateFinder(k=2, threshold=0.3, min_similarity=0.3)
    a = " ".join(["a rotor blade with a leading edge and a trailing edge joined by a curved spar cap"] * 4)
    assert f.add_text("A", a) and f.add_text("B", a.replace("curved", "bent"))
    assert f.add_text("C", " ".join(["lithium iron phosphate cathode coated on aluminium foil"] * 6))
    assert [(p.a, p.b) for p in f.find().pairs] == [("A", "B")]
    assert not f.add_text("D", "too short to compare")


def test_api_pages_and_cli(qhub):
    acc = qhub.accounts
    acc.add_user("qa-admin", "admin")
    acc.add_user("qa-analyst", "analyst")
    admin = {"Authorization": f"Bearer {acc.issue_key('qa-admin').key}"}
    analyst = {"Authorization": f"Bearer {acc.issue_key('qa-analyst').key}"}
    client = TestClient(create_app(qhub))
    assert client.post("/api/v1/quality/screen", json={}, headers=analyst).status_code == 403
    r = client.post("/api/v1/quality/screen", json={"weights": "tm_many_classes=2"}, headers=admin)
    assert r.status_code == 200 and r.json()["weights"]["tm_many_classes"] == 2.0
    run_id = r.json()["id"]
    assert client.get("/api/v1/quality/runs/latest", headers=analyst).json()["id"] == run_id
    bad = client.post("/api/v1/quality/screen", json={"weights": "x=1"}, headers=admin)
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "weights"
    assert client.get("/quality").status_code in (303, 307) or "login" in client.get("/quality").url.path
    zh = client.get("/quality", params={"lang": "zh"}, headers=analyst)
    assert zh.status_code == 200 and "质量筛查" in zh.text and "商标权人" in zh.text
    twin = client.get("/quality", params={"format": "json"}, headers=analyst).json()
    assert twin["id"] == run_id
    cards = client.get("/quality/agencies", params={"format": "json"}, headers=analyst).json()
    assert cards[0]["applications"] >= cards[-1]["applications"]
    assert client.get("/api/v1/quality/agencies", params={"agency": "Nobody"}, headers=analyst).status_code == 400
    res = CliRunner().invoke(get_app(), ["--home", str(qhub.settings.home), "--database-url", qhub.store_url,
                                         "quality", "run", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["id"] == run_id
    rows = client.get(f"/api/v1/quality/runs/{run_id}.csv", headers=analyst).text.splitlines()
    assert rows[0].startswith("run,finding,score") and len(rows) == 1 + sum(len(f["signals"]) for f in twin["findings"])


def test_document_text_takes_the_publication_language(qhub):
    text = document_text(qhub.document("EP1316073B1"))
    assert text.claims and text.key == "EP1316073B1"
