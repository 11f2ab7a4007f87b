"""The landscape builder on the Scientific Drilling family and real topics of the store."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from iprhub.analytics.landscape import WEIGHTS, build_landscape, class_codes, split_seeds
from iprhub.analytics.landscape_eval import cross_validate, fold_of
from iprhub.errors import InvalidInput


def test_family_route_brings_the_other_scripts(ahub):
    seeds = ["US9291047B2"]
    land = ahub.analytics.landscape(seeds=seeds)
    with ahub.store.engine.connect() as conn:
        family = set(conn.execute(text("select pub_number from documents where family_id = "
                                       "(select family_id from documents where pub_number = 'US9291047B2')")).scalars())
    kept = {m.pub_number for m in land.members}
    assert family <= kept and any(n.startswith("RU") for n in family)
    assert all(m.reasons.get("family") == 3.0 for m in land.members if m.pub_number in family - set(seeds))
    assert land.by_route["family"] == len(family - set(seeds))


def test_held_back_recall_is_counted(ahub):
    topic = ahub.search.matching("ti=drilling or ab=drilling or ti=wellbore").numbers
    land = build_landscape(ahub.store, topic, holdout=0.34)
    kept, held = split_seeds(sorted(set(topic)), 0.34)
    assert land.held_back == held and land.seeds == kept and held
    found = {m.pub_number for m in land.members}
    assert land.held_back_recall == round(sum(1 for h in held if h in found) / len(held), 4)
    unpruned = build_landscape(ahub.store, topic, holdout=0.34, threshold=0.0)
    assert len(unpruned.members) >= len(land.members)


def test_bad_input(ahub):
    with pytest.raises(InvalidInput):
        ahub.analytics.landscape()
    with pytest.raises(InvalidInput):
        ahub.analytics.landscape(query="ti=method", holdout=1.5)


def test_class_route_weights_by_concentration_at_every_level(ahub):
    # the alkaline cell's USPC subclass 429/189 is shared with the self-organising battery (H01M 10/02)
    land = build_landscape(ahub.store, ["US7314687B2"], threshold=float("-inf"))
    member = {m.pub_number: m for m in land.members}["US8088512B2"]
    with ahub.store.engine.connect() as conn:
        seed_codes = {c for s, sym in conn.execute(text(
            "select scheme, symbol from doc_classes c join documents d on d.id = c.doc_id "
            "where d.pub_number = 'US7314687B2'")) for c in class_codes(s, sym)}
        held = {c for s, sym in conn.execute(text(
            "select scheme, symbol from doc_classes c join documents d on d.id = c.doc_id "
            "where d.pub_number = 'US8088512B2'")) for c in class_codes(s, sym)}
        stored: dict[str, set[int]] = {}
        for doc_id, s, sym in conn.execute(text("select doc_id, scheme, symbol from doc_classes")):
            for c in class_codes(s, sym):
                stored.setdefault(c, set()).add(doc_id)
    best = max(seed_codes & held, key=lambda c: (1 / (len(stored[c]) + 1), c))
    assert "U:429/189" in seed_codes & held
    assert member.class_code == best
    assert member.reasons["class"] == round(WEIGHTS["class"] / (len(stored[best]) + 1), 3)


def test_shared_references_link_documents_whose_citations_are_not_stored(ahub):
    # two chair designs cite the same earlier designs, none of which is in the store
    land = build_landscape(ahub.store, ["USD656334S1"])
    with ahub.store.engine.connect() as conn:
        shared = conn.execute(text(
            "select count(distinct a.cited_number) from doc_citations a join doc_citations b "
            "on a.cited_number = b.cited_number join documents da on da.id = a.doc_id "
            "join documents db on db.id = b.doc_id where da.pub_number = 'USD656334S1' "
            "and db.pub_number = 'USD656335S1'")).scalar_one()
        stored = conn.execute(text(
            "select count(*) from doc_citations c join documents d on d.country || d.doc_number = c.cited_number "
            "where c.doc_id = (select id from documents where pub_number = 'USD656334S1')")).scalar_one()
    assert shared >= 3 and stored == 0
    member = {m.pub_number: m for m in land.members}["USD656335S1"]
    assert member.reasons["shared references"] == WEIGHTS["coupling"] * 3 and "citation" not in member.reasons


def test_cross_validation_holds_back_every_member_once(ahub):
    topic = sorted(set(ahub.search.matching("ti=chair").numbers))
    assert len(topic) >= 6 and {fold_of(n) for n in topic} == {0, 1, 2}
    found = 0
    for fold in range(3):
        kept = [n for n in topic if fold_of(n) != fold]
        inside = {m.pub_number for m in build_landscape(ahub.store, kept).members}
        found += sum(1 for n in topic if fold_of(n) == fold and n in inside)
    result = cross_validate(ahub.store, topic)
    assert result["size"] == len(topic) and result["recall"] == round(found / len(topic), 3)
    # designs carry no IPC: shared references and LOCARNO/USPC classes must reach most held-back chairs
    assert result["recall"] >= 0.5
