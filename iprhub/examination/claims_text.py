"""Claims as text: splitting a claim set typed or filed as text, claim references, elements, words.

>>> [c.num for c in parse_claims("1. A lamp comprising a bulb.\\n2. The lamp of claim 1, wherein the bulb is red.")]
[1, 2]
>>> parse_claims("2. 根据权利要求1所述的灯，其中灯泡为红色。")[0].depends_on
[1]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from iprhub.errors import InvalidInput

_START = re.compile(r"(?m)^\s*(\d{1,3})\s*[.．、)]\s*")
_REF_EN = re.compile(r"\b(?:according to|as claimed in|as recited in|as defined in|as set forth in|as in|of|in)\s+"
                     r"(?:any (?:one )?of )?claims?\s+(\d{1,3})(?:\s*(?:or|to|-|and)\s*\d{1,3})?", re.I)
_REF_ZH = re.compile(r"(?:根据|如|按照|依据)?权利要求\s*(\d{1,3})(?:[至或和\-]\d{1,3})?(?:中任一项)?所述的?")
_WORD = re.compile(r"[a-z][a-z0-9\-]+|[\u4e00-\u9fff]")
_STOP = frozenset("""a an the said of to and or in on at by for with from as is are be being been which that this these
those each one its it wherein whereby comprising comprises including includes having has claim claims according
further thereof therein such any first""".split())


@dataclass
class ClaimText:
    num: int
    text: str
    depends_on: list[int] = field(default_factory=list)

    @property
    def own(self) -> str:
        """The claim's text without its number and the reference to the claim it depends on."""
        text = _START.sub("", self.text, count=1)
        return _REF_ZH.sub("", _REF_EN.sub("", text))

    @property
    def lang(self) -> str:
        return language(self.text)


def language(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return "zh" if cjk > 0.2 * max(1, len(text.strip())) else "en"


def parse_claims(text: str, *, source: str = "claims") -> list[ClaimText]:
    """Numbered claims from text (``1. …`` at the start of a line); dependencies from the references."""
    starts = list(_START.finditer(text or ""))
    if not starts:
        raise InvalidInput("no numbered claims found (each claim starts a line with its number: '1. A …')",
                           file=source, field="claims", position="line 1")
    out: list[ClaimText] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[m.start():end].strip()
        num = int(m.group(1))
        if any(c.num == num for c in out):
            line = text[:m.start()].count("\n") + 1
            raise InvalidInput(f"claim {num} appears twice", file=source, field="claims", position=f"line {line}")
        refs = [int(x) for x in _REF_EN.findall(body)] + [int(x) for x in _REF_ZH.findall(body)]
        out.append(ClaimText(num=num, text=body, depends_on=sorted({r for r in refs if r < num})[:1]))
    return out


def full_text(claim: ClaimText, by_num: dict[int, ClaimText], depth: int = 0) -> str:
    """A claim with the claims it depends on: the whole scope, for comparing dependent claims."""
    if not claim.depends_on or depth > 20 or claim.depends_on[0] not in by_num:
        return claim.own
    return full_text(by_num[claim.depends_on[0]], by_num, depth + 1) + " ; " + claim.own


def words(text: str) -> Counter[str]:
    return Counter(w for w in _WORD.findall(text.lower()) if w not in _STOP)


def elements(text: str) -> list[str]:
    """A claim's elements: the parts between semicolons and colons, and 'wherein' clauses."""
    parts = re.split(r"[;；:：]|,\s*(?:and\s+)?wherein\b|，(?:并且)?其中", text)
    return [p.strip(" ,.。，") for p in parts if len(p.strip(" ,.。，")) > 3] or [text.strip()]
