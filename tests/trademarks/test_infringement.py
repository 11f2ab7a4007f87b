"""The TMID infringement decision: trained on the training half only, explained, reported per class; real pairs sourced."""

from __future__ import annotations

import csv
import gzip
import json
import zlib

import pytest

from iprhub.errors import NotFound
from iprhub.trademarks import evaluation
from iprhub.trademarks.infringement import (
    FEATURES,
    MerchantUse,
    build,
    context_grams,
    decide,
    dev_split,
    load_model,
    raw_features,
)
from tests.conftest import DATA

TMID = DATA / "eval/tmid_trademark_infringement/data_with_rt.csv.gz"


@pytest.fixture(scope="module")
def uses():
    return evaluation.tmid_uses(DATA)


def test_tmid_rows_read_as_merchant_uses(uses):
    with gzip.open(TMID, "rt", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(uses) == len(rows) == 115
    assert sum(y for _, y, _ in uses) == sum(r["label"] == "1" for r in rows) == 78
    first, label, split = uses[0]
    assert (first.text, first.mark, label) == ("得知物流", "徳知物流", True)
    assert first.mark_industries == ("邮政业",) and first.merchant_industry == "'交通运输、仓储和邮政业'"
    assert split == ("train" if zlib.crc32("徳知物流".encode()) % 2 == 0 else "test")
    # the experts' reasons state the label: no field of a use carries them
    assert all("判断" not in (u.text + u.registration + u.merchant) for u, _, _ in uses)


def test_features_say_where_the_mark_sits():
    store = MerchantUse(mark="华息", text="华息专卖店碑林店", registration="华息专卖店碑林店", merchant="*秋*",
                        merchant_industry="''", mark_industries=("制造业",))
    f = raw_features(store)
    assert (f["literal"], f["variant"], f["bare"], f["registration_has_mark"], f["text_is_registration"],
            f["merchant_has_mark"], f["same_industry"]) == (1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0)
    copy = raw_features(MerchantUse(mark="徳知物流", text="得知物流", merchant_industry="'邮政业'",
                                    mark_industries=("邮政业",)))
    assert copy["literal"] == 0.0 and copy["variant"] == 1.0 and copy["same_industry"] == 1.0
    # the words around the mark, the mark itself left out
    assert context_grams(store) == {"专", "卖", "店", "碑", "林", "专卖", "卖店", "店碑", "碑林", "林店"}


def test_shipped_model_is_what_the_training_half_gives(uses):
    # rebuilding from the data (training half only) gives the shipped weights and choice
    built = build(DATA)
    shipped = load_model()
    assert built["chosen"] == shipped["chosen"] and built["features"] == shipped["features"]
    assert built["weights"] == pytest.approx(shipped["weights"], abs=1e-3)
    assert built["chosen"]["train_pairs"] == sum(s == "train" for _, _, s in uses)
    assert built["chosen"]["dev_pairs"] == sum(s == "train" and dev_split(u.mark) for u, _, s in uses)
    assert set(shipped["features"]) <= set(FEATURES)


def test_training_never_reads_the_test_half(monkeypatch):
    seen = []
    real = evaluation.tmid_uses

    def spy(root):
        rows = real(root)
        return [(u, y, s) if s == "train" else (MerchantUse(mark="x", text="y"), y, s) for u, y, s in rows] \
            if not seen.append(1) else rows

    monkeypatch.setattr(evaluation, "tmid_uses", spy)
    # the test half replaced by junk: the model built is the same
    assert build(DATA)["weights"] == pytest.approx(load_model()["weights"], abs=1e-3)


def test_decision_explains_itself():
    d = decide(MerchantUse(mark="徳知物流", text="得知物流"))
    model = load_model()
    assert [f.name for f in d.features] == model["features"]
    logit = model["intercept"] + sum(f.contribution for f in d.features)
    assert d.probability == pytest.approx(1 / (1 + 2.718281828459045 ** -logit), abs=1e-3)
    assert d.infringing == (d.probability >= 0.5)


def test_eval_reports_each_class_before_and_after(uses):
    _, table = evaluation.run(DATA)
    rows = {(r[0], r[1]): dict(zip(table.columns, r, strict=True)) for r in table.rows}
    model = load_model()
    for split in ("train", "test"):
        idx = [i for i, (_, _, s) in enumerate(uses) if s == split]
        labels = [uses[i][1] for i in idx]
        after = [decide(uses[i][0], model).infringing for i in idx]
        before = [evaluation.compare(uses[i][0].text, uses[i][0].mark).tier in ("high", "medium") for i in idx]
        for name, predicted in (("infringement model (after)", after), ("similarity tier (before)", before)):
            row = rows[(name, split)]
            assert row["pairs"] == len(idx)
            assert row["accuracy"] == round(sum(p == y for p, y in zip(predicted, labels, strict=True)) / len(idx), 3)
            tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
            assert row["R infringing"] == round(tp / sum(labels), 3)
            lawful_tp = sum(not p and not y for p, y in zip(predicted, labels, strict=True))
            assert row["R lawful"] == round(lawful_tp / (len(labels) - sum(labels)), 3)
    assert any("weights:" in n for n in table.notes)


def test_every_real_pair_has_a_decision_and_a_source_url(tmp_path, monkeypatch):
    pairs = evaluation.real_pairs()
    raw = json.loads(evaluation.REAL.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) == len(raw) and all(p["url"].startswith(("http://", "https://")) for p in raw)
    assert {(p.a, p.b, p.conflict) for p in pairs} >= {("乔丹", "JORDAN", True), ("QIAODAN", "JORDAN", False),
                                                          ("新百伦", "NEW BALANCE", False)}
    broken = tmp_path / "real_pairs.json"
    broken.write_text(json.dumps({"pairs": [{"a": "A", "b": "B", "conflict": True, "outcome": "x"}]}), encoding="utf-8")
    monkeypatch.setattr(evaluation, "REAL", broken)
    with pytest.raises(NotFound) as err:
        evaluation.real_pairs()
    assert err.value.field == "url" and err.value.position == 0
