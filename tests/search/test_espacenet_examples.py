"""The 59 query examples of Espacenet's smart-search help and the EPO OPS forum
(../shared/reference/espacenet_query_examples.md), run on a store of the shared office files, each
hit list compared with the documents that Espacenet's meaning selects, computed here from the
stored documents (and, for ``/low``, from the CPC title list). An example iprhub cannot match is
refused with an error at its position, never run with another meaning.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections.abc import Callable

import pytest

from iprhub.errors import InvalidInput
from iprhub.hub import Hub
from iprhub.model.application_numbers import application_key, parse_application_number, priority_key
from iprhub.model.classification import normalize_ipc
from iprhub.search.analysis import NAME_TOKENIZER, TEXT_TOKENIZER, analyze
from iprhub.search.wildcards import fold
from iprhub.settings import Settings
from tests.conftest import data_path

STORE = ["uspto", "epo", "cn", "jp", "wipo", "patents_bri"]
CPC_SECTIONS = "ACF"  # the scheme's sections the /low examples need
APPLICANT = ("applicant", "assignee", "owner")


@pytest.fixture(scope="module")
def ehub(tmp_path_factory):
    home = tmp_path_factory.mktemp("espacenet")
    hub = Hub(Settings(home=home, database_url=f"sqlite:///{home}/iprhub.db", workers=1, search_time_limit_keyed=0))
    titles = [data_path(f"classification/cpc/CPCTitleList202208/cpc-section-{s}_20220801.txt.gz") for s in CPC_SECTIONS]
    hub.ingest([data_path(p) for p in STORE] + titles)
    yield hub
    hub.close()


@pytest.fixture(scope="module")
def edocs(ehub):
    return list(ehub.store.iter_documents())


# Espacenet's meaning, read off the stored documents ------------------------------------------
def _values(doc, field: str) -> list[str]:
    if field == "ti":
        return [t.text for t in doc.titles]
    if field == "ab":
        return [t.text for t in doc.abstracts]
    if field == "claims":
        return [c.text for cs in doc.claims for c in cs.claims]
    if field == "desc":
        return [t.text for t in doc.descriptions]
    if field == "pa":
        return [p.name for p in doc.parties if p.role in APPLICANT]
    if field == "in":
        return [p.name for p in doc.parties if p.role == "inventor"]
    raise AssertionError(field)


FIELDS = {"ti": ["ti"], "ab": ["ab"], "ta": ["ti", "ab"], "claims": ["claims"], "desc": ["desc"],
          "txt": ["ti", "ab", "pa", "in"], "ftxt": ["ti", "ab", "claims", "desc"],
          "nftxt": ["ti", "ab", "claims", "desc", "pa", "in"], "ia": ["pa", "in"], "pa": ["pa"], "in": ["in"]}


def _tokens(field: str, text: str) -> list[str]:
    return analyze(text, NAME_TOKENIZER if field in ("pa", "in") else TEXT_TOKENIZER)


def _sub(seq: list[str], part: list[str]) -> bool:
    return any(seq[i:i + len(part)] == part for i in range(len(seq) - len(part) + 1))


def word(code: str, phrase: str) -> Callable:
    """A word or phrase (adjacent, in order) in one value of the fields ``code`` stands for."""
    def pred(doc) -> bool:
        for f in FIELDS[code]:
            want = _tokens(f, phrase)
            if any(_sub(_tokens(f, v), want) for v in _values(doc, f)):
                return True
        return False
    return pred


def wild(code: str, pattern: str) -> Callable:
    """Espacenet truncation on the words as written: * any run, ? zero or one character, # one."""
    rx = re.compile("".join({"*": ".*", "?": ".?", "#": "."}.get(c, re.escape(c)) for c in fold(pattern)))

    def pred(doc) -> bool:
        return any(rx.fullmatch(w) for f in FIELDS[code] for v in _values(doc, f)
                   for w in analyze(v, NAME_TOKENIZER))
    return pred


def prox(code: str, a: str, b: str, *, distance: int | None = None, ordered: bool = False,
         unit: str | None = None) -> Callable:
    """``a`` and ``b`` in one value (one sentence for unit=sentence), fewer than ``distance`` words
    between them, ``a`` first when ``ordered``."""
    def pred(doc) -> bool:
        for f in FIELDS[code]:
            for value in _values(doc, f):
                parts = re.split(r"(?<=[.!?;])\s+|\n+", value) if unit == "sentence" else [value]
                for part in parts:
                    toks = _tokens(f, part)
                    ta, tb = _tokens(f, a)[0], _tokens(f, b)[0]
                    for i, x in enumerate(toks):
                        for j, y in enumerate(toks):
                            if x != ta or y != tb or i == j or (ordered and j < i):
                                continue
                            if distance is None or abs(j - i) - 1 < distance:
                                return True
        return False
    return pred


def date_in(low: str | None, high: str | None) -> Callable:
    lo = dt.date.fromisoformat(low) if low else dt.date.min
    hi = dt.date.fromisoformat(high) if high else dt.date.max
    return lambda doc: doc.pub_date is not None and lo <= doc.pub_date <= hi


def _symbols(doc, schemes: tuple[str, ...]) -> set[str]:
    return {re.sub(r"\s", "", c.symbol.upper()) for c in doc.classifications if c.scheme.upper() in schemes}


def cls(schemes: tuple[str, ...], symbol: str, *, below: bool = False) -> Callable:
    """A class symbol (a main group without '/' stands for all of it); ``below``: and its
    subgroups in the CPC scheme."""
    printed = normalize_ipc(symbol) if "/" in symbol else None
    want = {re.sub(r"\s", "", printed)} if printed else set()
    if below and printed:
        want |= _cpc_below(printed)

    def pred(doc) -> bool:
        have = _symbols(doc, schemes)
        if printed:
            return bool(have & want)
        return any(re.sub(r"(\D)0+(\d)", r"\1\2", s.split("/")[0]) == symbol.upper() for s in have)
    return pred


def _cpc_below(printed: str) -> set[str]:
    """Subgroups under ``printed`` by the indent of the CPC title list (read independently here)."""
    main = printed.split("/")[0]
    rows = []
    with gzip.open(data_path(f"classification/cpc/CPCTitleList202208/cpc-section-{printed[0]}_20220801.txt.gz"),
                   "rt") as fh:
        for line in fh:
            sym, _, rest = line.partition("\t")
            if normalize_ipc(sym) and normalize_ipc(sym).split("/")[0] == main:  # type: ignore[union-attr]
                rows.append((normalize_ipc(sym), int(rest.split("\t")[0] or 0)))
    out: set[str] = set()
    for i, (sym, level) in enumerate(rows):
        if sym == printed:
            for other, other_level in rows[i + 1:]:
                if other_level <= level:
                    break
                out.add(re.sub(r"\s", "", other))  # type: ignore[arg-type]
    return out


def _serial(number: str | None) -> str:
    return (number or "").upper()


def pub(cc: str, serial_prefix: str, *, exact: bool = True) -> Callable:
    def pred(doc) -> bool:
        number = doc.doc_number.lstrip("0")
        return doc.country == cc and (number == serial_prefix if exact else doc.doc_number.startswith(serial_prefix))
    return pred


def app(typed: str) -> Callable:
    key = parse_application_number(typed).key
    return lambda doc: application_key(doc.country, doc.app_number) == key


def prio(typed: str) -> Callable:
    key = parse_application_number(typed).key
    return lambda doc: any(priority_key(p.country, p.number) == key for p in doc.priorities)


def cited(cc: str, serial: str) -> Callable:
    return lambda doc: any((c.country or c.number[:2]) == cc and re.sub(r"^[A-Z]{2}0*|[A-Z]\d?$", "", c.number) == serial
                           for c in doc.citations)


def bare(serial: str) -> Callable:
    """Espacenet's num for a number without office: publication, application or priority serial."""
    def pred(doc) -> bool:
        if doc.doc_number.lstrip("0") == serial:
            return True
        nums = [application_key(doc.country, doc.app_number) or ""] + [priority_key(p.country, p.number) or ""
                                                                       for p in doc.priorities]
        return any(re.sub(r"^[A-Z]{2}", "", n).lstrip("0") == serial for n in nums)
    return pred


def any_of(*preds: Callable) -> Callable:
    return lambda doc: any(p(doc) for p in preds)


def all_of(*preds: Callable) -> Callable:
    return lambda doc: all(p(doc) for p in preds)


def but_not(a: Callable, b: Callable) -> Callable:
    return lambda doc: a(doc) and not b(doc)


REFUSED = "refused"
EXAMPLES: list[tuple[int, str, Callable | str]] = [
    (1, "in=smith", word("in", "smith")),
    (2, "pa=siemens", word("pa", "siemens")),
    (3, 'ti="mouse trap"', word("ti", "mouse trap")),
    (4, 'ab="mouse trap"', word("ab", "mouse trap")),
    (5, "pr=ep20050104792", prio("EP05104792")),
    (6, "pn=ep1000000", pub("EP", "1000000")),
    (7, "ap=jp19890234567", app("JP19890234567")),
    (8, 'pd=20080107 OR pd="07/01/2008" OR pd=07/01/2008', date_in("2008-01-07", "2008-01-07")),
    (9, "ct=ep1000000", cited("EP", "1000000")),
    (10, 'cpc="A61K31/13"', cls(("CPC",), "A61K31/13")),
    (11, 'cpcc="C08F8/30"', REFUSED),
    (12, "ftxt=microscope", word("ftxt", "microscope")),
    (13, "desc=lens", word("desc", "lens")),
    (14, "claims=laser", word("claims", "laser")),
    (15, 'ia=Apple OR ia="Ries Klaus"', any_of(word("ia", "apple"), word("ia", "ries klaus"))),
    (16, 'ta="laser printer"', word("ta", "laser printer")),
    (17, "txt=microscope lens", all_of(word("txt", "microscope"), word("txt", "lens"))),
    (18, "num=ep1000000", any_of(pub("EP", "1000000"), app("EP1000000"), prio("EP1000000"))),
    (19, "ipc=A63B49/08", cls(("IPC",), "A63B49/08")),
    (20, "cl=C10J3", cls(("IPC", "CPC"), "C10J3")),
    (21, "mouse prox/distance<3 trap", prox("txt", "mouse", "trap", distance=3)),
    (22, "mouse prox/unit=sentence trap", prox("txt", "mouse", "trap", unit="sentence")),
    (23, "mouse prox/unit=paragraph trap", prox("txt", "mouse", "trap")),
    (24, "ia=Apple prox/ordered ia=Corp", prox("ia", "apple", "corp", ordered=True)),
    (25, 'ti all "paint brush hair"', all_of(word("ti", "paint"), word("ti", "brush"), word("ti", "hair"))),
    (26, 'ti any "motor engine"', any_of(word("ti", "motor"), word("ti", "engine"))),
    (27, 'pd within "2005 2006"', date_in("2005-01-01", "2006-12-31")),
    (28, 'pd within "2005, 2006"', date_in("2005-01-01", "2006-12-31")),
    (29, "pd >=2005", date_in("2005-01-01", None)),
    (30, "pd <=2005", date_in(None, "2005-12-31")),
    (31, "pa=bosch AND pa=siemens", all_of(word("pa", "bosch"), word("pa", "siemens"))),
    (32, "in=smith OR in=huber", any_of(word("in", "smith"), word("in", "huber"))),
    (33, "txt=laser NOT semiconductor", but_not(word("txt", "laser"), word("txt", "semiconductor"))),
    (34, "mouse prox/distance<3/ordered trap", prox("txt", "mouse", "trap", distance=3, ordered=True)),
    (35, 'nftxt="extreme uv lithography"', word("nftxt", "extreme uv lithography")),
    (36, "ntxt=microscope lens", all_of(word("txt", "microscope"), word("txt", "lens"))),
    (37, "cpc=(C08F220/26 prox/unit=sentence EP)", REFUSED),
    (38, "cpc=(C08F220/26/low prox/unit=sentence (US, KR, EP))", REFUSED),
    (39, "cpc=C08F220/26/low", cls(("CPC",), "C08F220/26", below=True)),
    (40, "screw*", wild("txt", "screw*")),
    (41, "screw?", wild("txt", "screw?")),
    (42, "Ann#", wild("txt", "ann#")),
    (43, "pn=wo2006*", pub("WO", "2006", exact=False)),
    (44, "cpc=F03G7/low", cls(("CPC",), "F03G7")),
    (45, "Siemens 1978783", all_of(word("ia", "siemens"), bare("1978783"))),
    (46, '"laser scanning microscope"', word("txt", "laser scanning microscope")),
    (47, "H01M5/12", cls(("IPC", "CPC"), "H01M5/12")),
    (48, "colo?r", wild("txt", "colo?r")),
    (49, 'ta="machine learning" and pd>=2020', all_of(word("ta", "machine learning"), date_in("2020-01-01", None))),
    (50, 'ta="machine learning" and pd within "20200101,20201231"',
     all_of(word("ta", "machine learning"), date_in("2020-01-01", "2020-12-31"))),
    (51, "ap=WO2016US64351", app("PCT/US2016/064351")),
    (52, 'num="US2016/064351"', any_of(app("PCT/US2016/064351"), prio("PCT/US2016/064351"))),
    (53, "ti=plastic", word("ti", "plastic")),
    (54, "cl=F16H31/001", cls(("IPC", "CPC"), "F16H31/001")),
    (55, "solar and pd=201807", all_of(word("txt", "solar"), date_in("2018-07-01", "2018-07-31"))),
    (56, "pn any US8000000", pub("US", "8000000")),
    (57, "(mouse OR rat) AND trap", all_of(any_of(word("txt", "mouse"), word("txt", "rat")), word("txt", "trap"))),
    (58, "car OR automobile OR vehicle", any_of(word("txt", "car"), word("txt", "automobile"), word("txt", "vehicle"))),
    (59, "nail NOT finger", but_not(word("txt", "nail"), word("txt", "finger"))),
]

# the same constructs with values the store holds, so that each meaning is shown on real hits
ON_STORED_VALUES: list[tuple[str, Callable]] = [
    ("ap=EP19910302636", app("EP91302636")),
    ("pr=ep20160185466", prio("EP16185466")),
    ("pr=EP20030250605", prio("EP03250605")),
    ("ap=WO2013US64552", app("PCT/US2013/064552")),
    ('num="US2013/064552"', any_of(app("PCT/US2013/064552"), prio("PCT/US2013/064552"))),
    ("ct=US20030169838", cited("US", "20030169838")),
    ("cpc=A61K31/33/low", cls(("CPC",), "A61K31/33", below=True)),
    ("ti=chair?", wild("ti", "chair?")),
    ("ti=batter#", wild("ti", "batter#")),
    ("ia=Apple prox/ordered ia=Inc", prox("ia", "apple", "inc", ordered=True)),
    ("ia=Inc prox/ordered ia=Apple", prox("ia", "inc", "apple", ordered=True)),
    ("ti=(semiconductor prox/ordered device)", prox("ti", "semiconductor", "device", ordered=True)),
    ("ti=(device prox/ordered semiconductor)", prox("ti", "device", "semiconductor", ordered=True)),
    ("ab=(layer prox/unit=sentence substrate)", prox("ab", "layer", "substrate", unit="sentence")),
    ("Apple", word("ia", "apple")),
    ("pd=27.03.2012", date_in("2012-03-27", "2012-03-27")),
    ("pd=31/10/2023", date_in("2023-10-31", "2023-10-31")),
    ("31/10/2023", date_in("2023-10-31", "2023-10-31")),
    ("txt=apple", word("txt", "apple")),
    ("cl=H01M", lambda d: any(s.startswith("H01M") for s in _symbols(d, ("IPC", "CPC")))),
]


# the reverse order of a pair above: order kept means nothing found
NONE_EXPECTED = {"ia=Inc prox/ordered ia=Apple", "ti=(device prox/ordered semiconductor)"}


def _hits(hub, query: str) -> set[str]:
    return {h.pub_number for h in hub.search.search(query, mode="bm25", limit=1000, collapse=False,
                                                    snippets=False).hits}


@pytest.mark.parametrize("number, query, meaning", EXAMPLES, ids=[f"{n}:{q}" for n, q, _m in EXAMPLES])
def test_espacenet_example_keeps_its_meaning(ehub, edocs, number, query, meaning):
    if meaning == REFUSED:
        with pytest.raises(InvalidInput) as err:
            ehub.search.search(query)
        assert err.value.position is not None and "cannot be searched" in err.value.message
        return
    expected = {d.pub_number for d in edocs if meaning(d)}  # type: ignore[operator]
    assert _hits(ehub, query) == expected


def test_fidelity_count():
    """At least 55 of the 59 with Espacenet's meaning; the others refused (never another meaning)."""
    assert len(EXAMPLES) == 59
    assert sum(1 for _n, _q, m in EXAMPLES if m != REFUSED) >= 55


@pytest.mark.parametrize("query, meaning", ON_STORED_VALUES, ids=[q for q, _m in ON_STORED_VALUES])
def test_construct_on_stored_values(ehub, edocs, query, meaning):
    expected = {d.pub_number for d in edocs if meaning(d)}
    assert expected or query in NONE_EXPECTED, "the construct must select some stored document"
    assert _hits(ehub, query) == expected


# PATENTSCOPE and Lens ---------------------------------------------------------------------------
def _under(schemes: tuple[str, ...], prefix: str) -> Callable:
    return lambda d: any(s == prefix or s.startswith(prefix + "/") or (len(prefix) == 4 and s.startswith(prefix))
                         for s in _symbols(d, schemes))


FOREIGN: list[tuple[str, str, Callable]] = [
    ("PA:siemens", "pa=siemens", word("pa", "siemens")),
    ("IN:smith", "in=smith", word("in", "smith")),
    ("IC:H01M", "ipc=H01M", _under(("IPC",), "H01M")),
    ("CPC:A61K31/13", "cpc=A61K31/13", cls(("CPC",), "A61K31/13")),
    ("EN_TI:(solar AND cell)", "ti=(solar AND cell)", all_of(word("ti", "solar"), word("ti", "cell"))),
    ('EN_AB:"fuel cell"', 'ab="fuel cell"', word("ab", "fuel cell")),
    ("EN_CL:laser", "claims=laser", word("claims", "laser")),
    ("FP:laser", "txt=laser", word("txt", "laser")),
    ("DP:[01.01.2010 TO 31.12.2010]", 'pd within "01.01.2010 31.12.2010"', date_in("2010-01-01", "2010-12-31")),
    ("PN:EP1000000", "pn=EP1000000", pub("EP", "1000000")),
    ("CTR:EP AND EN_TI:method", "ctry=EP AND ti=method", all_of(lambda d: d.country == "EP", word("ti", "method"))),
    ('"layer substrate"~5', "(layer prox/distance<6 substrate)", prox("txt", "layer", "substrate", distance=6)),
    ("title:battery", "ti=battery", word("ti", "battery")),
    ("abstract:malaria", "ab=malaria", word("ab", "malaria")),
    ("claim:laser", "claims=laser", word("claims", "laser")),
    ("applicant.name:apple", "pa=apple", word("pa", "apple")),
    ("inventor.name:smith", "in=smith", word("in", "smith")),
    ("classification_cpc:H01M10*", "cpc=H01M10*", _under(("CPC",), "H01M10")),
    ("pub_date:[2012-01-01 TO 2012-12-31]", 'pd within "2012-01-01 2012-12-31"', date_in("2012-01-01", "2012-12-31")),
    ("+title:battery -abstract:lithium", "ti=battery not ab=lithium",
     but_not(word("ti", "battery"), word("ab", "lithium"))),
]


@pytest.mark.parametrize("query, translated, meaning", FOREIGN, ids=[q for q, _t, _m in FOREIGN])
def test_patentscope_and_lens_queries_are_translated(ehub, edocs, query, translated, meaning):
    result = ehub.search.search(query, mode="bm25", limit=1000, collapse=False, snippets=False)
    assert any(n.endswith(f"syntax, read as: {translated}") for n in result.interpretation.notes)
    assert {h.pub_number for h in result.hits} == {d.pub_number for d in edocs if meaning(d)}


def test_foreign_constructs_select_stored_documents(edocs):
    """Most translated constructs have hits on the store (so the comparison above is not only of empty lists)."""
    assert sum(1 for _q, _t, m in FOREIGN if any(m(d) for d in edocs)) >= 15


@pytest.mark.parametrize("query, position", [("FOO:bar", 0), ("ti=battery XY:1", 11), ("title:x assignee:y", 8),
                                             ("EN_TI:[a TO b]", 6)])
def test_unknown_field_syntax_is_an_error_never_free_text(ehub, query, position):
    with pytest.raises(InvalidInput) as err:
        ehub.search.search(query)
    assert err.value.position == position
