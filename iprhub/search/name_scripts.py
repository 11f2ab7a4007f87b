"""Names across Cyrillic and Latin script: ``pa=scientific`` finds САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ.

Two things make a Cyrillic name searchable in Latin letters and back:

1. **Transliteration** (``anyascii``, the table the trademarks capability uses): every Cyrillic name is
   also indexed in Latin letters (ДРИЛЛИНГ → drilling, ВАНСТЕЕНВИК → vansteenvik), and a Cyrillic word
   in a name query also looks for its transliteration.
2. **The family's own spellings, where both occur**: a Russian publication writes the applicant as the
   Russian office transliterated it (САЙЕНТИФИК = "sayentifik", not "scientific"). When a DOCDB
   family holds the name in both scripts, each Cyrillic name is paired with the Latin name of the
   same role it transliterates closest to (``PAIR_SIMILARITY`` of the transliteration, difflib
   ratio), and each member is indexed with the other script's spelling of its names too.

>>> transliterate("САЙЕНТИФИК ДРИЛЛИНГ")
'SAYENTIFIK DRILLING'
>>> pair_names([("applicant", "САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК."),
...             ("applicant", "SCIENTIFIC DRILLING INTERNATIONAL, INC"), ("inventor", "VANSTEENWYK, BRETT"),
...             ("inventor", "ВАНСТЕЕНВИК Бретт")])[0]
('applicant', 'САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК.', 'SCIENTIFIC DRILLING INTERNATIONAL, INC')
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

CYRILLIC = re.compile("[\u0400-\u04ff]")
PAIR_SIMILARITY = (
    0.55  # transliterated Cyrillic vs Latin: same name 0.78-0.88, other names of the family < 0.35
)
_LATIN = re.compile(r"[A-Za-z]")


def has_cyrillic(text: str) -> bool:
    return not text.isascii() and CYRILLIC.search(text) is not None


def transliterate(text: str) -> str:
    """Latin letters for the Cyrillic of ``text`` (anyascii's tables); other characters stay."""
    if not has_cyrillic(text):
        return text
    from anyascii import anyascii

    return CYRILLIC.sub(lambda m: anyascii(m.group(0)), text)


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", transliterate(re.sub(r"\[[A-Z]{2}\]", "", name)).lower()))


def pair_names(parties: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(role, Cyrillic name, Latin name) for each Cyrillic name of ``parties`` (role, name of every member
    of one family) and the Latin name of the same role it transliterates closest to, when close enough."""
    by_role: dict[str, tuple[set[str], set[str]]] = {}
    for role, name in parties:
        cyr, lat = by_role.setdefault(role, (set(), set()))
        if has_cyrillic(name):
            cyr.add(name)
        elif _LATIN.search(name):
            lat.add(name)
    out = []
    for role, (cyr, lat) in by_role.items():
        for c in sorted(cyr):
            scored = sorted(
                ((difflib.SequenceMatcher(None, _key(c), _key(x)).ratio(), x) for x in lat), reverse=True
            )
            if scored and scored[0][0] >= PAIR_SIMILARITY:
                out.append((role, c, scored[0][1]))
    return out


def variants_of(names: Iterable[tuple[str, str]], pairs: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """The other script's spellings of a document's own names (role, name): for a Cyrillic name its Latin
    partner; for a Latin name that is close to a Cyrillic one of the family (its own spelling or
    another member's), the Cyrillic name."""
    out: list[tuple[str, str]] = []
    for role, name in names:
        for r, cyr, lat in pairs:
            if r != role:
                continue
            if name == cyr:
                out.append((role, lat))
            elif (
                not has_cyrillic(name)
                and difflib.SequenceMatcher(None, _key(cyr), _key(name)).ratio() >= PAIR_SIMILARITY
            ):
                out.append((role, cyr))
    return list(dict.fromkeys(out))


def family_variants(members: Iterable[tuple[str, list[tuple[str, str]]]]) -> dict[str, list[tuple[str, str]]]:
    """The other-script spellings of each member of one family, ``members`` given as (publication number,
    its (role, name) parties); empty when no name of the family pairs across scripts. Every member of a
    family that pairs is listed (perhaps with no spelling of its own): it is indexed again with them."""
    members = list(members)
    pairs = pair_names(x for _number, names in members for x in names)
    return {number: variants_of(names, pairs) for number, names in members} if pairs else {}
