"""Clustering of party names into entities, with the evidence for each merge.

Organisations: names that share a key (:func:`~iprhub.parties.names.org_key`: script, case, punctuation,
legal forms gone) are one entity; keys whose phonetic skeletons are equal, or nearly equal by edit
distance, or where one extends a more frequent one word for word ("EXXON" / "EXXON CHEMICAL"), are
merged into the more frequent one. Persons: the same last name and first given name with compatible
middle initials, split apart again where the two share no co-party and no class (homonyms).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from iprhub.parties.names import org_key, person_parts, phonetic, phonetic_word

#: words that alone never name an organisation: a key made of them is not extended by others
GENERIC = frozenset("""
UNIVERSITY UNIVERSITE UNIVERSITAT INSTITUTE INSTITUT COLLEGE SCHOOL HOSPITAL FOUNDATION
INTERNATIONAL GLOBAL GENERAL NATIONAL AMERICAN UNITED STATES AMERICA GOVERNMENT DEPARTMENT
RESEARCH TECHNOLOGY TECHNOLOGIES SYSTEMS INDUSTRIES INDUSTRIAL HOLDINGS GROUP ELECTRIC ELECTRONICS
MEDICAL PRODUCTS SERVICES SOLUTIONS ENGINEERING MANUFACTURING CHEMICAL PHARMACEUTICAL ENERGY
""".split())


@dataclass(frozen=True)
class Merge:
    """Why one spelling joined an entity: ``rule`` (same-key, phonetic, edit-distance, extends,
    same-family, manual) with a confidence in [0, 1]."""

    key: str
    into: str
    rule: str
    score: float


@dataclass
class OrgClusters:
    """Name key -> entity key (the most frequent key of the entity), with the merges made."""

    entity_of_key: dict[str, str]
    merges: list[Merge] = field(default_factory=list)

    def entity(self, name: str) -> str:
        key = org_key(name)
        return self.entity_of_key.get(key, key)


class _UnionFind:
    def __init__(self, weight: dict[str, int]) -> None:
        self.parent: dict[str, str] = {}
        self.weight = weight

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if (self.weight.get(rb, 0), rb) > (self.weight.get(ra, 0), ra):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.weight[ra] = self.weight.get(ra, 0) + self.weight.get(rb, 0)
        return ra


def cluster_orgs(names: Iterable[str], *, min_ratio: float = 92.0, extend: bool = True,
                 separate: Iterable[tuple[str, str]] = (),
                 join: Iterable[tuple[str, str, str, float]] = ()) -> OrgClusters:
    """Cluster organisation names. ``separate``: pairs of keys a person split (they win over every
    rule); ``join``: pairs of keys with the rule and confidence that joined them (a person's merge,
    the same family)."""
    from rapidfuzz.distance import Levenshtein

    counts: Counter[str] = Counter(org_key(n) for n in names)
    counts.pop("", None)
    uf = _UnionFind(dict(counts))
    merges: list[Merge] = []
    apart = {frozenset(p) for p in separate}

    def merge(a: str, b: str, rule: str, score: float) -> None:
        if frozenset((a, b)) in apart or uf.find(a) == uf.find(b):
            return
        merges.append(Merge(b, a, rule, score))
        uf.union(a, b)

    for a, b, rule, score in join:
        for k in (a, b):
            counts.setdefault(k, 0)
            uf.weight.setdefault(k, 0)
        merge(a, b, rule, score)
    by_phon: dict[str, list[str]] = defaultdict(list)
    for key in sorted(counts, key=lambda k: (-counts[k], k)):
        by_phon[phonetic(key)].append(key)
    for keys in by_phon.values():
        for other in keys[1:]:
            merge(keys[0], other, "phonetic", 0.95)
    # near-equal skeletons: blocked by their first two letters, the rarer merged into the commoner
    blocks: dict[str, list[str]] = defaultdict(list)
    phon_weight = {p: sum(counts[k] for k in ks) for p, ks in by_phon.items()}
    for p in sorted(by_phon, key=lambda p: (-phon_weight[p], p)):
        blocks[p[:2]].append(p)
    for block in blocks.values():
        heads: list[str] = []
        for p in block:
            best, score = None, 0.0
            for h in heads:
                s = Levenshtein.normalized_similarity(p, h) * 100
                if s > score:
                    best, score = h, s
            if best is not None and score >= min_ratio and len(p) >= 6:
                merge(by_phon[best][0], by_phon[p][0], "edit-distance", round(score / 100, 3))
            else:
                heads.append(p)
    if extend:
        _extend(counts, by_phon, merge)
    return OrgClusters({k: uf.find(k) for k in counts}, merges)


def _extend(counts: Counter[str], by_phon: dict[str, list[str]], merge) -> None:
    """"EXXON CHEMICAL" joins "EXXON" when "EXXON" is the commoner and not a generic word."""
    heads = {p: ks[0] for p, ks in by_phon.items()}
    weight = {p: sum(counts[k] for k in ks) for p, ks in by_phon.items()}
    for p in sorted(heads, key=len):
        words = p.split()
        for n in range(len(words) - 1, 0, -1):
            prefix = " ".join(words[:n])
            if prefix in heads and weight[prefix] >= weight[p] and not set(heads[prefix].split()) <= GENERIC \
                    and len(prefix.replace(" ", "")) >= 3:
                merge(heads[prefix], heads[p], "extends", 0.8)
                break


def abbreviates(a: str, b: str) -> bool:
    """Word for word, one key abbreviates the other ("SCIENT DRILLING INT" / "SCIENTIFIC DRILLING
    INTERNATIONAL")."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) > 1 and all(x.startswith(y) or y.startswith(x) for x, y in zip(wa, wb, strict=True))


def same_party(a: str, b: str, threshold: float = 0.75) -> float:
    """How alike two keys of parties named on one family are (0 when not alike enough): across
    scripts their phonetic skeletons meet ("SAYENTIFIK DRILLING" / "SCIENTIFIC DRILLING")."""
    from rapidfuzz.distance import Levenshtein

    if abbreviates(a, b):
        return 0.9
    score = Levenshtein.normalized_similarity(phonetic(a), phonetic(b))
    return round(score, 3) if score >= threshold else 0.0


# persons ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PersonMention:
    first: str
    last: str
    context: frozenset[str] = frozenset()  # co-parties, classes, documents: what may tell homonyms apart


def person_key(first: str, last: str) -> str:
    last_n, first_n, _middle = person_parts(first, last)
    return f"{last_n}|{first_n}"


def same_person(a: str, b: str, threshold: float = 0.85) -> tuple[str, float] | None:
    """(rule, confidence) when two person labels (``LAST|FIRST|M``) named on one family are one person,
    else None: the same name words in another order (``VANSTEENWYK BRETT`` printed without a comma), or
    the same phonetic skeletons across scripts and transliterations (``ВАНСТЕЕНВИК Бретт``,
    ``Kylmänen`` / ``KYLMAENEN``); initials are left out of the comparison.

    >>> same_person("VANSTEENWYK|BRETT|", "BRETT|VANSTEENWYK|")
    ('name-order', 1.0)
    >>> same_person("VANSTEENVIK|BRETT|", "VANSTEENWYK|BRETT|")
    ('same-family', 0.95)
    >>> same_person("HERRALA|SAMI|", "NIEMI|JAAKKO|") is None
    True
    """
    from rapidfuzz.distance import Levenshtein

    wa = sorted(w for w in a.replace("|", " ").split() if len(w) > 1)
    wb = sorted(w for w in b.replace("|", " ").split() if len(w) > 1)
    if len(wa) != len(wb) or len(wa) < 2:
        return None
    if wa == wb:
        return ("name-order", 1.0)
    pa, pb = sorted(phonetic_word(w) for w in wa), sorted(phonetic_word(w) for w in wb)
    if pa == pb:
        return ("same-family", 0.95)
    score = Levenshtein.normalized_similarity(" ".join(pa), " ".join(pb))
    return ("same-family", round(score, 3)) if score >= threshold else None


def cluster_persons(mentions: Sequence[PersonMention], *, initials: bool = True) -> list[str]:
    """An entity label per mention: last name + first given name; a middle initial splits a name
    only where both spellings carry one and they differ (``J. A. Smith`` / ``J. B. Smith``)."""
    parts = [person_parts(m.first, m.last) for m in mentions]
    labels: list[str] = []
    for last, first, middle in parts:
        labels.append(f"{last}|{first}|{middle[:1]}" if initials else f"{last}|{first}")
    if not initials:
        return labels
    # a name without a middle initial joins the commonest initialled form of the same name
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for last, first, middle in parts:
        forms[f"{last}|{first}"][middle[:1]] += 1
    out = []
    for last, first, middle in parts:
        base = f"{last}|{first}"
        initial = middle[:1]
        if not initial:
            with_initial = [(c, i) for i, c in forms[base].items() if i]
            if len(with_initial) == 1:
                initial = with_initial[0][1]
        out.append(f"{base}|{initial}")
    return out
