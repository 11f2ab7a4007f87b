"""Licence terms from contract text, checked on a real CUAD contract and against CUAD's labels."""

from __future__ import annotations

import ast
import csv
import gzip
import io

import pytest

from iprhub.errors import InvalidInput
from iprhub.ownership.licences import TERMS, _key, cuad_labels, evaluate, extract, read_text
from tests.conftest import data_path

TXT = "ownership/cuad_v1_ip_license_contract_txt"
MASTER = "ownership/cuad_v1_contracts/Legal-Text-Classification__master_clauses.csv.gz"
HERTZ = (f"{TXT}/Legal-Text-Classification__HertzGroupRealtyTrustInc_20190920_S-11A_EX-10.8_11816941_EX-10.8_"
         "Trademark_License_Agreement.txt.gz")


def test_terms_of_a_trademark_licence():
    # read by hand: "Licensor hereby grants Licensed Users a nonexclusive, nontransferable, ..." (2.1);
    # "Licensed Users may not assign this Agreement ... without the prior written consent" (4.3);
    # "governed by and construed in accordance with the laws of the State of California"
    t = extract(read_text(data_path(HERTZ)))
    found = {x.term: x for x in t.terms}
    assert t.governing_law == "California"
    assert found["License Grant"].present and "hereby grants Licensed Users" in found["License Grant"].clauses[0]
    assert found["Non-Transferable License"].present
    assert any("may not assign this Agreement" in c for c in found["Anti-Assignment"].clauses)
    assert not found["Irrevocable or Perpetual License"].present and not found["Joint IP Ownership"].present


def test_evaluation_counts_the_labels_as_the_csv_gives_them():
    rows = evaluate(data_path(TXT), data_path(MASTER))
    assert [r[0] for r in rows] == list(TERMS)
    master = list(csv.DictReader(io.StringIO(gzip.decompress(data_path(MASTER).read_bytes()).decode())))
    texts = [_key(p.name) for p in data_path(TXT).iterdir()]
    ours = [r for r in master if any(_key(r["Filename"]).startswith(k) or k.startswith(_key(r["Filename"]))
                                     for k in texts)]
    by_term = {r[0]: r for r in rows}
    for term in ("License Grant", "Audit Rights", "Joint IP Ownership"):
        labelled = sum(bool(ast.literal_eval(r[term] or "[]")) for r in ours)
        assert by_term[term][1] == len(ours) == 27 and by_term[term][2] == labelled
    for _term, n, pos, tp, fp, *_ in rows:
        assert 0 <= tp <= pos <= n and 0 <= fp <= n - pos


def test_bad_label_file(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("Name,License Grant\nx,[]\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        cuad_labels(bad)
    assert e.value.position == "line 1" and str(bad) in e.value.message
    bad.write_text("Filename," + ",".join(TERMS) + "\nx.pdf," + ",".join(["['a'"] * len(TERMS)) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        cuad_labels(bad)
    assert e.value.position == "line 2"
    with pytest.raises(InvalidInput):
        read_text(tmp_path / "missing.txt")
