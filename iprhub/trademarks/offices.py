"""Office codes a trademark search accepts: WIPO ST.3 (ISO 3166 countries and regional offices)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from iprhub.errors import InvalidInput

_ISO = """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM
FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR
TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"""
#: ST.3 codes of regional and international offices
_REGIONAL = "AP BX EA EM EP GC OA QZ WO XN XU XV XX IB"
ST3: frozenset[str] = frozenset(_ISO.split()) | frozenset(_REGIONAL.split())


def check_offices(offices: Iterable[str] | str | None, field: str = "offices") -> list[str]:
    """Upper-cased ST.3 codes; an unknown code is an :class:`InvalidInput` naming it and its position."""
    if offices is None:
        return []
    items: Sequence[str] = offices.replace(",", " ").split() if isinstance(offices, str) else \
        [p for o in offices for p in str(o).replace(",", " ").split()]
    out = []
    for i, code in enumerate(items):
        up = code.strip().upper()
        if up not in ST3:
            raise InvalidInput(f"unknown office {code!r} (a WIPO ST.3 code such as KR, TW, EM, IL)",
                               field=field, position=str(i + 1))
        out.append(up)
    return list(dict.fromkeys(out))
