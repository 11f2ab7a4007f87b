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
    RULES,
    MerchantUse,
    build,
    cross_validate,
    decide,
    load_model,
    select,
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


@pytest.mark.parametrize(
    ("text", "registration", "mark", "rule", "infringing"),
    [
        # training-half rows, each decided by the rule the experts' reason names
        ("华息专卖店碑林店", "华息专卖店碑林店", "华息", "exclusive_store", True),
        ("苹果华息生活馆（新康嘉园店）", "", "华息", "other_brand", True),  # before branch_store
        ("金原鸭血粉丝龙湖哲街", "", "哲街", "address", False),
        ("富双租赁", "富双租赁", "富双", "nominative", False),
        ("国酒茅雪江夏店预约到店服务", "国酒茅雪江夏店", "茅雪", "branch_store", False),
        ("自达快递_在线预约", "灶下村自达快递", "自达快递", "branch_store", False),
        ("好子多便民超市", "好子多便民超市", "好子多", "default", True),
        ("武功县妙安特专卖店到店自提", "武功县电车专卖店", "妙安特", "exclusive_store", True),
    ],
)
def test_each_rule_decides_and_says_why(text, registration, mark, rule, infringing):
    d = decide(MerchantUse(mark=mark, text=text, registration=registration))
    assert (d.rule, d.infringing) == (rule, infringing)
    assert [c.name for c in d.checks] == [r.name for r in RULES if r.name in load_model()["rules"]]
    reason = d.reasons()[0]
    assert reason.startswith(rule) and "art." in reason


def test_rules_outside_the_choice_are_not_consulted():
    use = MerchantUse(mark="万象敏", text="万象敏同款高跟鞋", registration="潮范运动鞋")
    assert decide(use, {"rules": ["imitation"]}).rule == "imitation"
    assert decide(use, {"rules": []}).rule == "default"
    # a changed form of the mark only: not_used stays off, a mark nowhere near the text turns it on
    assert decide(MerchantUse(mark="徳知物流", text="得知物流"), {"rules": ["not_used"]}).rule == "default"
    assert decide(MerchantUse(mark="徳知物流", text="阳光花店"), {"rules": ["not_used"]}).rule == "not_used"


def test_shipped_choice_is_what_the_training_half_gives(uses):
    built = build(DATA)
    assert built == load_model()
    train = [(u, y) for u, y, s in uses if s == "train"]
    assert built["chosen"]["train_pairs"] == len(train) == 36
    assert built["chosen"]["train_marks"] == len({u.mark for u, _ in train}) == 25
    assert built["chosen"]["always_infringing_accuracy"] == round(sum(y for _, y in train) / 36, 4)


def test_cross_validation_holds_out_each_mark(uses):
    train = [(u, y) for u, y, s in uses if s == "train"]
    us, ys = [u for u, _ in train], [y for _, y in train]
    cv = cross_validate(us, ys)
    hits = 0
    for mark in {u.mark for u in us}:
        rest = [i for i, u in enumerate(us) if u.mark != mark]
        rules = select(cv["fired"], ys, rest)
        model = {"rules": rules}
        hits += sum(decide(u, model).infringing == y for u, y in zip(us, ys, strict=True) if u.mark == mark)
    assert (
        cv["accuracy"] == round(hits / len(us), 4) == load_model()["chosen"]["cv_leave_one_mark_out_accuracy"]
    )
    assert cv["accuracy"] > load_model()["chosen"]["always_infringing_accuracy"]


def test_training_never_reads_the_test_half(monkeypatch):
    seen = []
    real = evaluation.tmid_uses

    def spy(root):
        rows = real(root)
        return (
            [(u, y, s) if s == "train" else (MerchantUse(mark="x", text="y"), not y, s) for u, y, s in rows]
            if not seen.append(1)
            else rows
        )

    monkeypatch.setattr(evaluation, "tmid_uses", spy)
    # the test half replaced by junk with flipped labels: the choice built is the same
    assert build(DATA) == load_model()


def test_eval_reports_each_class_before_and_after(uses):
    _, table = evaluation.run(DATA)
    rows = {(r[0], r[1]): dict(zip(table.columns, r, strict=True)) for r in table.rows}
    model = load_model()
    for split in ("train", "test"):
        idx = [i for i, (_, _, s) in enumerate(uses) if s == split]
        labels = [uses[i][1] for i in idx]
        after = [decide(uses[i][0], model).infringing for i in idx]
        before = [
            evaluation.compare(uses[i][0].text, uses[i][0].mark).tier in ("high", "medium") for i in idx
        ]
        for name, predicted in (("rule decision (after)", after), ("similarity tier (before)", before)):
            row = rows[(name, split)]
            assert row["pairs"] == len(idx)
            assert row["accuracy"] == round(
                sum(p == y for p, y in zip(predicted, labels, strict=True)) / len(idx), 3
            )
            tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
            assert row["R infringing"] == round(tp / sum(labels), 3)
            lawful_tp = sum(not p and not y for p, y in zip(predicted, labels, strict=True))
            assert row["R lawful"] == round(lawful_tp / (len(labels) - sum(labels)), 3)
    assert any("leave-one-mark-out" in n for n in table.notes)


def test_every_real_pair_has_a_decision_and_a_source_url(tmp_path, monkeypatch):
    pairs = evaluation.real_pairs()
    raw = json.loads(evaluation.REAL.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) == len(raw) == 22 and all(p["url"].startswith(("http://", "https://")) for p in raw)
    # both outcomes, each naming the deciding body
    assert sum(p.conflict for p in pairs) == 9 and sum(not p.conflict for p in pairs) == 13
    assert all(p["decision"] and "case" in p for p in raw[11:])
    assert ("SLEEKCRAFT", "SLICKCRAFT", True) in {(p.a, p.b, p.conflict) for p in pairs}
    assert ("PROTOX", "BOTOX", False) in {(p.a, p.b, p.conflict) for p in pairs}
    assert {(p.a, p.b, p.conflict) for p in pairs} >= {
        ("乔丹", "JORDAN", True),
        ("QIAODAN", "JORDAN", False),
        ("新百伦", "NEW BALANCE", False),
    }
    broken = tmp_path / "real_pairs.json"
    broken.write_text(
        json.dumps({"pairs": [{"a": "A", "b": "B", "conflict": True, "outcome": "x"}]}), encoding="utf-8"
    )
    monkeypatch.setattr(evaluation, "REAL", broken)
    with pytest.raises(NotFound) as err:
        evaluation.real_pairs()
    assert err.value.field == "url" and err.value.position == 0
