"""Sentence (passage) vectors made at index time: explanations and prior-art pairs read them instead of
embedding the hits' sentences, with the same sentences chosen, and fall back to embedding where the
index holds none (a store indexed before they existed, a changed document)."""

from __future__ import annotations

import numpy as np
import pytest

from iprhub.search.explain import Explainer, sentences
from iprhub.search.sentence_vectors import SentenceVectors, passage_texts

pytestmark = pytest.mark.slow


class _Counting:
    """The service's encoder, recording every text it is asked to embed."""

    def __init__(self, encoder):
        self.encoder, self.name, self.dim, self.texts = encoder, encoder.name, encoder.dim, []

    def encode(self, texts):
        self.texts.extend(texts)
        return self.encoder.encode(texts)


class _Recording(Explainer):
    """Remembers the hits it was asked about (display data and uid)."""

    def __init__(self, encoder):
        super().__init__(encoder)
        self.docs: dict[int, dict] = {}

    def explain(self, query, qvec, items, deadline=None, uids=None):
        self.docs.update({u: data for u, (data, _f) in zip(uids, items, strict=True)})
        return super().explain(query, qvec, items, uids=uids)

    def claim_pairs(self, claims, claim_vecs, data, query_words, deadline=None, uid=None):
        self.docs[uid] = data
        return super().claim_pairs(claims, claim_vecs, data, query_words, uid=uid)


def _fill(store: SentenceVectors, encoder, docs: dict[int, dict]) -> int:
    texts = [passage_texts(data) for data in docs.values()]
    store.upsert(list(docs), [7] * len(docs), texts, [encoder.encode(ts) for ts in texts])
    return sum(len(ts) for ts in texts)


def _explanations(result):
    return [
        (h.pub_number, e.field, e.text, e.lang, e.claim, e.highlights, e.query_highlights, e.similarity)
        for h in result.hits
        if (e := h.explanation) is not None
    ]


def _same(before, after):
    assert [b[:7] for b in before] == [a[:7] for a in after]
    assert all(abs(b[7] - a[7]) < 2e-3 for b, a in zip(before, after, strict=True))


QUERIES = [
    ("锂离子电池回收", "semantic"),
    ("medical radiotherapy device", "semantic"),
    ("Verfahren zum Recycling von Lithium-Ionen-Batterien", "hybrid"),
    (
        "a method of recovering valuable metals such as cobalt and nickel from spent lithium ion batteries "
        "by roasting and leaching the battery powder",
        "hybrid",
    ),
]


def test_explanations_read_the_stored_sentences_and_embed_none(svc, tmp_path, monkeypatch):
    encoder = _Counting(svc.encoder)
    recording = _Recording(encoder)
    monkeypatch.setattr(svc, "_explainer", recording)  # no sentence vectors: every sentence is embedded
    before = [_explanations(svc.search(q, mode=m, limit=10)) for q, m in QUERIES]
    assert sum(len(b) for b in before) == 40
    assert before[1][0][:3] == ("CN115212463A", "ti", "一种医用放射治疗装置")
    embedded_before = len(encoder.texts)

    store = SentenceVectors(tmp_path / "sentences", svc.encoder.dim, svc.encoder.name)
    stored = _fill(store, svc.encoder, recording.docs)
    store.save()
    reopened = SentenceVectors(tmp_path / "sentences", svc.encoder.dim, svc.encoder.name)
    assert len(reopened) == len(recording.docs) and stored > 200
    encoder.texts.clear()
    monkeypatch.setattr(svc, "_explainer", Explainer(encoder, reopened))
    after = [_explanations(svc.search(q, mode=m, limit=10)) for q, m in QUERIES]
    for b, a in zip(before, after, strict=True):
        _same(b, a)
    passages = {t for data in recording.docs.values() for t in passage_texts(data)}
    assert not passages & set(encoder.texts)  # only the query (and single words for the marks)
    assert len(encoder.texts) < embedded_before


def test_prior_art_pairs_read_the_stored_passages(svc, tmp_path, monkeypatch):
    text = "A solid oxide fuel cell with a zirconia electrolyte layer. The anode contains nickel."
    encoder = _Counting(svc.encoder)
    recording = _Recording(encoder)
    monkeypatch.setattr(svc, "_explainer", recording)
    before = svc.similar(text=text, limit=5, cutoff=False)
    pairs_before = [[(p.claim, p.field, p.passage, p.passage_claim) for p in h.claim_pairs] for h in before.hits]
    assert len(before.hits) == 5 and all(len(p) == 2 for p in pairs_before)

    store = SentenceVectors(None, svc.encoder.dim, svc.encoder.name)  # an in-memory store's
    _fill(store, svc.encoder, recording.docs)
    encoder.texts.clear()
    monkeypatch.setattr(svc, "_explainer", Explainer(encoder, store))
    after = svc.similar(text=text, limit=5, cutoff=False)
    assert [h.pub_number for h in after.hits] == [h.pub_number for h in before.hits]
    assert [[(p.claim, p.field, p.passage, p.passage_claim) for p in h.claim_pairs] for h in after.hits] == pairs_before
    for hb, ha in zip(before.hits, after.hits, strict=True):
        assert ha.reason == hb.reason
        for pb, pa in zip(hb.claim_pairs, ha.claim_pairs, strict=True):
            assert abs(pa.similarity - pb.similarity) < 2e-3
    passages = {t for data in recording.docs.values() for t in passage_texts(data)}
    assert not passages & set(encoder.texts)
    assert encoder.texts[:2] == [text[s:e] for s, e in sentences(text)]  # the query's sentences are embedded


def test_stored_vectors_are_checked_replaced_and_compacted(svc, tmp_path, monkeypatch):
    recording = _Recording(svc.encoder)
    monkeypatch.setattr(svc, "_explainer", recording)
    svc.search("medical radiotherapy device", mode="semantic", limit=3)
    (u1, d1), (u2, d2), (u3, d3) = list(recording.docs.items())[:3]
    store = SentenceVectors(tmp_path, svc.encoder.dim, svc.encoder.name)
    _fill(store, svc.encoder, {u1: d1, u2: d2})
    exact = svc.encoder.encode(passage_texts(d1))
    got = store.for_document(u1, d1)
    assert list(got) == passage_texts(d1)
    cosines = np.sum(np.vstack(list(got.values())) * exact, axis=1)
    assert cosines.min() > 0.9995  # int8 rows, each scaled to ±127
    changed = dict(d1, ti=[("en", "Another title")])
    assert store.for_document(u1, changed) == {} and store.for_document(u3, d3) == {}
    _fill(store, svc.encoder, {u1: d3})  # the document changed: new rows, the old ones are garbage
    store.remove([u2])
    monkeypatch.setattr(SentenceVectors, "COMPACT_ABOVE", 0)
    monkeypatch.setattr(SentenceVectors, "COMPACT_SHARE", 0.0)
    store.save()
    again = SentenceVectors(tmp_path, svc.encoder.dim, svc.encoder.name)
    assert again.checks == {u1: 7} and again.for_document(u1, d1) == {}
    rows = again.for_document(u1, d3)
    assert len(rows) == len(passage_texts(d3)) and again.size_bytes() < 200 + len(rows) * 512 + 2000
    assert SentenceVectors(tmp_path, svc.encoder.dim, "all-minilm-l6-v2").checks == {}  # another model's: none
