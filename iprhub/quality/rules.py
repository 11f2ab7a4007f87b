"""The rules signals point at, read from the packaged copy of ../shared/reference/abnormal_filing_rules.json
(sources inside). A signal names the rule it supports; the reviewer decides."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from iprhub.quality.models import RuleRef

RULES_FILE = Path(__file__).with_name("data") / "abnormal_filing_rules.json"
MEASURES = "CNIPA Measures for Regulating Patent Application Behaviour (Announcement No. 411, 2021)"
SAMR_17 = "SAMR Order No. 17 (2019), Several Provisions on Regulating Trademark Application and Registration"


@cache
def rules() -> dict[str, Any]:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def measures_item(no: int) -> RuleRef:
    items = rules()["patent"]["measures_2021"]["behaviours_article_2_para_2_en"]
    text = next(i["en"] for i in items if i["no"] == no)
    return RuleRef(instrument=MEASURES, item=f"Art. 2 para. 2 item {no}", text=text)


def samr_item(no: int) -> RuleRef:
    items = rules()["trademark"]["samr_order_17_2019"]["art_3_prohibited_acts_en"]
    text = next(i["en"] for i in items if i["no"] == no)
    return RuleRef(instrument=SAMR_17, item=f"Art. 3 item {no}", text=text)


def practice_indicator(index: int) -> RuleRef:
    ind = rules()["trademark"]["bulk_squatting_indicators_from_practice"][index]
    return RuleRef(instrument="Bad-faith indicators reported in practice (weakly sourced: law-firm pages)",
                   item=None, text=ind["indicator"])


def context(text: str) -> RuleRef:
    """A ratio the rules do not name: shown as context for the reviewer."""
    return RuleRef(instrument="context (no rule names it)", item=None, text=text)
