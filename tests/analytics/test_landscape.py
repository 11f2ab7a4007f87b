"""The landscape builder on the Scientific Drilling family and real topics of the store."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from iprhub.analytics.landscape import build_landscape, split_seeds
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
    assert land.by_route["family"] == len(family)


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
