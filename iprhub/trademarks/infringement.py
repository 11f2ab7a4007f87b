"""Is a merchant's name an infringing use of a mark? A decision list of legally grounded rules.

Mark-vs-mark similarity (:mod:`iprhub.trademarks.similarity`) cannot tell an authorised branch
(国酒茅雪江夏店, lawful) from a copy (好子多便民超市, infringing): most of TMID's lawful uses contain the
mark itself. The experts' reasons in TMID's training half, read as training knowledge, follow the
Chinese Trademark Law: a mark used on the same or related goods infringes (art. 57) unless the use
is fair — naming the place (an address), naming the brand's goods the merchant rents or repairs
(nominative use, art. 59), an outlet named like the brand's own branches (place + mark + 店) — while
a "专卖" (exclusive store), a "同款" (same-style copy) or a shop name mixing two brands needs the
owner's authorisation. Each of those is a rule (:data:`RULES`); which rules the decision uses is chosen
by cross-validation over the training half's marks (every subset of the rules, leave one mark out)
and the rest falls to the default of art. 57: the mark is used, so infringing.

Rebuild the choice (``data/infringement_model.json``) with::

    python -m iprhub.trademarks.infringement ../shared/data

>>> from iprhub.trademarks.infringement import MerchantUse, decide
>>> decide(MerchantUse("华息", "华息专卖店碑林店"), {"rules": ["exclusive_store", "branch_store"]}).rule
'exclusive_store'
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from iprhub.trademarks.marktext import fold

MODEL = Path(__file__).with_name("data") / "infringement_model.json"
LEXICON = Path(__file__).with_name("data") / "lexicon.json"
_HAN_OR_WORD = re.compile(r"[\w]", re.UNICODE)

# a mark ending in one of these is a street, estate or village name when something stands before it
_ADDRESS_ENDINGS = ("街", "路", "巷", "道", "村", "镇", "里", "弄", "苑", "广场", "大厦", "园", "城")
# an administrative place opening the name: 武功县…, 未央区…, 灶下村…
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,4}?(省|市|区|县|镇|乡|村)")
# a branch named by its place: 江夏店, (宝先街店), 碑林店 — not a shop kind (手机店, 专卖店, 到店)
_BRANCH = re.compile(r"([\u4e00-\u9fff]{2,5})店")
_SHOP_KINDS = ("专卖", "旗舰", "手机", "到", "便利", "专营", "电器", "超市", "商", "门", "卖")
_EXCLUSIVE = ("专卖", "旗舰", "官方", "直营")
_NOMINATIVE = ("租赁", "出租", "维修", "修理", "回收", "保养", "二手", "以旧换新")
_IMITATION = ("同款", "高仿", "仿品", "复刻", "原单")


@dataclass(frozen=True)
class MerchantUse:
    """A merchant text (shop or service name) and the mark it may infringe, with what the merchant registered."""

    mark: str
    text: str
    registration: str = ""
    merchant: str = ""
    merchant_industry: str = ""
    mark_industries: tuple[str, ...] = ()
    description: str = ""  # the merchant's service description and slogan


@dataclass(frozen=True)
class Rule:
    name: str
    infringing: bool  # the verdict when the rule applies
    law: str  # the provision it rests on
    meaning: str
    applies: Callable[[MerchantUse], bool]


@dataclass(frozen=True)
class RuleCheck:
    name: str
    applies: bool
    infringing: bool
    law: str
    meaning: str


@dataclass(frozen=True)
class InfringementDecision:
    infringing: bool
    rule: str  # the rule that decided, or "default"
    checks: tuple[RuleCheck, ...] = field(default_factory=tuple)

    def reasons(self, top: int = 3) -> list[str]:
        fired = [c for c in self.checks if c.applies]
        if not fired:
            return [DEFAULT_REASON]
        return [
            f"{c.name} ({'infringing' if c.infringing else 'lawful'}, {c.law}): {c.meaning}"
            for c in fired[:top]
        ]


DEFAULT_REASON = (
    "default (infringing, Trademark Law art. 57): the mark or a similar form is used for the "
    "merchant's business and no rule of fair use applies"
)


def _norm(text: str) -> str:
    return "".join(_HAN_OR_WORD.findall(fold(text or "")))


@lru_cache(maxsize=1)
def _brand_names() -> frozenset[str]:
    # the Chinese names of well-known brands in the bilingual lexicon (苹果, 耐克, 肯德基 …)
    raw = json.loads(LEXICON.read_text(encoding="utf-8"))
    return frozenset(
        _norm(s)
        for spellings in raw["concepts"].values()
        for s in spellings
        if re.fullmatch(r"[\u4e00-\u9fff]{2,}", s)
    )


def _names(use: MerchantUse) -> tuple[str, str]:
    return _norm(use.text), _norm(use.registration)


def _exclusive_store(use: MerchantUse) -> bool:
    return any(w in name for name in _names(use) for w in _EXCLUSIVE)


def _imitation(use: MerchantUse) -> bool:
    return any(w in _norm(use.text) for w in _IMITATION)


def _other_brand(use: MerchantUse) -> bool:
    text, mark = _norm(use.text), _norm(use.mark)
    return any(b in text and b not in mark and mark not in b for b in _brand_names())


def _address(use: MerchantUse) -> bool:
    text, mark = _norm(use.text), _norm(use.mark)
    return bool(mark) and mark in text and mark.endswith(_ADDRESS_ENDINGS) and not text.startswith(mark)


def _nominative(use: MerchantUse) -> bool:
    return any(w in name for name in _names(use) for w in _NOMINATIVE)


def _branch_store(use: MerchantUse) -> bool:
    for name in _names(use):
        if _PLACE_PREFIX.match(name):
            return True
        if any(not place.endswith(_SHOP_KINDS) for place in _BRANCH.findall(name)):
            return True
    return False


def _not_used(use: MerchantUse) -> bool:
    from iprhub.trademarks.similarity import compare

    text, mark = _norm(use.text), _norm(use.mark)
    if not text or not mark or mark in text:
        return not (text and mark)
    return compare(use.text, use.mark).tier in ("low", "noise")


def _merchant_name(use: MerchantUse) -> bool:
    mark = _norm(use.mark)
    return bool(mark) and mark in _norm(use.merchant)


def _other_industry(use: MerchantUse) -> bool:
    merchant = use.merchant_industry.strip(" '\"")
    marks = {i.strip(" '\"") for i in use.mark_industries}
    return bool(merchant and marks) and merchant not in marks


#: the rules in the order the decision applies them: authorisation needed first, then fair use
RULES: tuple[Rule, ...] = (
    Rule(
        "exclusive_store",
        True,
        "Trademark Law art. 57(2)",
        "calls itself the brand's exclusive or flagship store (专卖, 旗舰, 官方), which needs the owner's authorisation",
        _exclusive_store,
    ),
    Rule(
        "imitation",
        True,
        "Trademark Law art. 57(2)-(3)",
        "sells goods as the brand's 'same style' or a replica (同款, 高仿, 复刻)",
        _imitation,
    ),
    Rule(
        "other_brand",
        True,
        "Trademark Law art. 57(2)",
        "puts the mark beside another well-known brand in its own shop name, not the form of the brand's outlet",
        _other_brand,
    ),
    Rule(
        "address",
        False,
        "Trademark Law art. 59",
        "the mark is the name of a street or place within the merchant's address",
        _address,
    ),
    Rule(
        "nominative",
        False,
        "Trademark Law art. 59 (descriptive / nominative use)",
        "names the branded goods the merchant rents, repairs or takes back (租赁, 维修, 回收)",
        _nominative,
    ),
    Rule(
        "branch_store",
        False,
        "Trademark Law art. 59; authorised outlet",
        "named like the brand's own outlet: a place and the mark (未央区…, …江夏店, (宝先街店))",
        _branch_store,
    ),
    Rule(
        "not_used",
        False,
        "Trademark Law art. 57 (no use of an identical or similar mark)",
        "neither the mark nor a similar form (medium tier or above) is in the text",
        _not_used,
    ),
    Rule(
        "merchant_name",
        False,
        "Trademark Law art. 58 (own enterprise name)",
        "the merchant's company name itself contains the mark",
        _merchant_name,
    ),
    Rule(
        "other_industry",
        False,
        "Trademark Law art. 57(2) (goods neither identical nor similar)",
        "the merchant's industry is not one of the mark's industries",
        _other_industry,
    ),
)
_BY_NAME = {r.name: r for r in RULES}


def decide(use: MerchantUse, model: dict[str, Any] | None = None) -> InfringementDecision:
    """The decision for one merchant text: the first chosen rule that applies, else infringing (art. 57)."""
    chosen = set((model or load_model())["rules"])
    checks = tuple(
        RuleCheck(r.name, r.applies(use), r.infringing, r.law, r.meaning) for r in RULES if r.name in chosen
    )
    first = next((c for c in checks if c.applies), None)
    return InfringementDecision(
        first.infringing if first else True, first.name if first else "default", checks
    )


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    return dict(json.loads(MODEL.read_text(encoding="utf-8")))


def _accuracy(
    fired: Sequence[dict[str, bool]], labels: Sequence[bool], rules: Sequence[str], idx: Sequence[int]
) -> float:
    order = [r for r in RULES if r.name in set(rules)]
    hits = 0
    for i in idx:
        first = next((r for r in order if fired[i][r.name]), None)
        hits += (first.infringing if first else True) == labels[i]
    return hits / len(idx) if idx else 0.0


def select(fired: Sequence[dict[str, bool]], labels: Sequence[bool], idx: Sequence[int]) -> list[str]:
    """Every subset of the rules (2^9), kept in their order: the most accurate on ``idx``; ties go to fewer rules.

    Exhaustive rather than greedy: a fair-use rule (branch_store) only pays once the rules that must
    override it (exclusive_store, other_brand) are in, which a one-rule-at-a-time search never sees."""
    from itertools import combinations

    best: tuple[float, int, list[str]] = (-1.0, 0, [])
    for size in range(len(RULES) + 1):
        for subset in combinations([r.name for r in RULES], size):
            acc = _accuracy(fired, labels, subset, idx)
            if acc > best[0] + 1e-12:
                best = (acc, size, list(subset))
    return best[2]


def cross_validate(uses: Sequence[MerchantUse], labels: Sequence[bool]) -> dict[str, Any]:
    """Leave one mark out: select on the other marks, decide the held-out mark's pairs."""
    fired = [{r.name: r.applies(u) for r in RULES} for u in uses]
    marks = sorted({u.mark for u in uses})
    hits, picks = 0, {}
    for mark in marks:
        held = [i for i, u in enumerate(uses) if u.mark == mark]
        rest = [i for i, u in enumerate(uses) if u.mark != mark]
        rules = select(fired, labels, rest)
        picks[mark] = rules
        hits += round(_accuracy(fired, labels, rules, held) * len(held))
    every = list(range(len(uses)))
    single = {r.name: round(_accuracy(fired, labels, [r.name], every), 4) for r in RULES}
    return {
        "folds": len(marks),
        "accuracy": round(hits / len(uses), 4),
        "fired": fired,
        "rule_counts": {name: sum(p.count(name) for p in [v for v in picks.values()]) for name in _BY_NAME},
        "single_rule_accuracy": single,
    }


def split_of(mark: str) -> str:
    """TMID's split: the mark name's CRC-32, even = train."""
    return "train" if zlib.crc32(mark.encode("utf-8")) % 2 == 0 else "test"


def build(data_root: Path) -> dict[str, Any]:
    """Select the rules on the training half (cross-validated by mark); the test half is not read."""
    from iprhub.trademarks.evaluation import tmid_uses

    pairs = [(u, y) for u, y, split in tmid_uses(data_root) if split == "train"]
    uses, labels = [u for u, _ in pairs], [y for _, y in pairs]
    cv = cross_validate(uses, labels)
    every = list(range(len(uses)))
    rules = select(cv["fired"], labels, every)
    return {
        "rules": rules,
        "chosen": {
            "train_pairs": len(uses),
            "train_marks": cv["folds"],
            "cv_leave_one_mark_out_accuracy": cv["accuracy"],
            "train_accuracy": round(_accuracy(cv["fired"], labels, rules, every), 4),
            "always_infringing_accuracy": round(sum(labels) / len(labels), 4),
            "folds_choosing_each_rule": cv["rule_counts"],
            "single_rule_accuracy": cv["single_rule_accuracy"],
        },
    }


if __name__ == "__main__":  # pragma: no cover - rebuild the shipped choice
    import sys

    built = build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
    MODEL.write_text(json.dumps(built, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(built, ensure_ascii=False, indent=1))
