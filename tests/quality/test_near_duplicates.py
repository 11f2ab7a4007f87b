"""The detector's signatures and LSH candidates are datasketch's, on the real store's texts and planted
copies of them: the same MinHash values as ``MinHash.update_batch`` and the same candidate pairs as a
``MinHashLSH`` index queried with every document; keys, large buckets and the time limit."""

from __future__ import annotations

import random

import numpy as np
import pytest

from iprhub.limits import Deadline
from iprhub.quality.near_duplicates import MIN_WORDS, NearDuplicateFinder, _hash32
from iprhub.quality.planted import _replace_words
from iprhub.quality.text import document_text, shingles, words


@pytest.fixture(scope="module")
def texts(qhub) -> dict[str, str]:
    """Every stored document's text, and a copy of each with 8 % of its words replaced."""
    out = {d.pub_number: document_text(d).full for d in qhub.store.iter_documents() if d.doc_type != "design"}
    out = {k: t for k, t in out.items() if len(words(t)) >= MIN_WORDS}
    vocab = sorted({w for t in list(out.values())[:100] for w in words(t) if w.isalpha() and len(w) > 3})
    rng = random.Random(5)
    for key in sorted(out):
        out[f"COPY/{key}"] = _replace_words(out[key], 0.08, vocab, rng)[0]
    return out


def _finder(texts: dict[str, str], **kw) -> NearDuplicateFinder:
    f = NearDuplicateFinder(k=2, threshold=0.3, min_similarity=0.3, **kw)
    for key in sorted(texts):
        assert f.add_text(key, texts[key])
    return f


def test_signatures_and_candidates_are_datasketchs(texts):
    from datasketch import MinHash, MinHashLSH

    f = _finder(texts)
    sig = f.signatures()
    assert sig.shape == (len(texts), 128) and sig.dtype == np.uint32
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    reference = {}
    for key in sorted(texts):
        mh = MinHash(num_perm=128, hashfunc=_hash32)
        mh.update_batch([g.encode() for g in shingles(words(texts[key])[:6000], 2)])
        assert np.array_equal(mh.hashvalues, sig[f.row[key]]), key
        lsh.insert(key, mh)
        reference[key] = mh
    expected = {tuple(sorted((key, other))) for key, mh in reference.items() for other in lsh.query(mh) if other != key}
    candidates, bands = f.candidates()
    assert bands == len(f.bands) == 37
    got = {tuple(sorted((f.keys[i], f.keys[j]))) for i, j in candidates.tolist()}
    assert got == expected
    copies = [k for k in texts if k.startswith("COPY/")]
    assert len(copies) == len(texts) // 2 > 40 and len(expected) >= len(copies)  # every copy is a candidate with its original
    close = [c for c in copies if f.similarity(c, c[5:])[0] >= 0.6]  # LSH misses such a pair with p < 1e-4
    assert len(close) > 30 and all(tuple(sorted((c, c[5:]))) in expected for c in close)


def test_keys_limit_the_pairs_and_removed_documents_leave(texts):
    f = _finder(texts)
    every = f.find()
    copies = sorted(k for k in texts if k.startswith("COPY/"))[:10]
    some = f.find(keys=copies)
    assert some.pairs and all(p.a in copies or p.b in copies for p in some.pairs)
    assert {(p.a, p.b) for p in some.pairs} == {(p.a, p.b) for p in every.pairs if p.a in copies or p.b in copies}
    for c in copies:
        f.remove(c)
    assert not any(p.a in copies or p.b in copies for p in f.find().pairs)
    assert len(f) == len(texts) - len(copies)


def test_a_bucket_larger_than_the_cap_stays_one_cluster(texts):
    key = sorted(k for k in texts if not k.startswith("COPY/"))[0]
    f = NearDuplicateFinder(k=2, threshold=0.3, min_similarity=0.3)
    f.MAX_BUCKET = 3
    for i in range(8):
        f.add_text(f"T{i}", texts[key])
    result = f.find()
    assert [c.members for c in result.clusters] == [[f"T{i}" for i in range(8)]]
    assert len(result.pairs) == 7  # a chain, not 28 pairs


def test_time_limit_says_how_many_bands_were_compared(texts):
    f = _finder(texts)
    result = f.find(deadline=Deadline.after(0))
    assert result.partial and result.pairs == []
    assert result.notice == ("time limit reached: 0 of 37 LSH bands compared; pairs alike only in the other bands "
                             "are missing")
