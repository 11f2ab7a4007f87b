"""The query language: Espacenet's CQL where it overlaps, plus smart free text.

Field codes (``ti=``, ``ab=``, ``cl=``, ``desc=``, ``txt=``, ``pa=``, ``in=``, ``ag=``, ``ia=``,
``pn=``, ``ap=``, ``pr=``, ``num=``, ``pd=``, ``ad=``, ``prd=``, ``ipc=``, ``cpc=``, ``ctry=``,
``kind=``, ``lang=``, ``fam=``), relations ``=``, ``all``, ``any``, ``within``, ``<``, ``<=``,
``>``, ``>=``; operators ``and`` / ``or`` / ``not`` (juxtaposition means ``and``), parentheses,
quoted phrases, ``*`` / ``?`` wildcards and ``prox/distance<n`` (``prox/ordered`` keeps order).

Words without a field code are read smartly: publication numbers go to the number fields,
dates to the publication date, classification symbols to IPC/CPC, everything else to the full
text. A query made only of such words (no codes, operators, quotes or brackets) is a
*natural-language* query: its words are ranked (any may match) rather than all required.

>>> q = parse_query('ti=battery and pd within "2010 2015"')
>>> q.render()
'ti=battery and pd within "20100101 20151231"'
>>> parse_query("lithium anode H01M").natural
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from iprhub.errors import InvalidInput
from iprhub.search.analysis import is_class_symbol
from iprhub.search.query_limits import DEFAULT_LIMITS, QueryLimits

# Espacenet's smart-search field identifiers with its meaning; iprhub's own (ag, ad, prd, ctry, kind,
# lang, fam, type) use codes Espacenet does not
TEXT_FIELDS = {"ti", "ab", "claims", "desc", "ta", "txt", "ftxt", "nftxt", "ntxt", "ctxt", "extftxt"}
NAME_FIELDS = {"pa", "in", "ag", "ia"}
NUMBER_FIELDS = {"pn", "ap", "pr", "num", "ct"}
DATE_FIELDS = {"pd", "ad", "prd"}
CLASS_FIELDS = {"ipc", "cpc", "cl"}
CODE_FIELDS = {"ctry", "kind", "lang", "fam", "type"}
ALL_FIELDS = TEXT_FIELDS | NAME_FIELDS | NUMBER_FIELDS | DATE_FIELDS | CLASS_FIELDS | CODE_FIELDS
ALIASES = {"pc": "ctry", "country": "ctry", "applicant": "pa", "inventor": "in", "title": "ti",
           "abstract": "ab", "claim": "claims", "description": "desc", "publn": "pn", "famn": "fam",
           "agent": "ag", "class": "cl", "cl_any": "cl"}
# Espacenet codes whose data the store does not hold: refused with the reason, never read otherwise
UNSUPPORTED = {
    "cpcc": "cpcc (CPC combination sets) cannot be searched: the stored classifications carry no combination sets",
    "cpci": "cpci (CPC with the office that assigned it) cannot be searched: the stored classifications do not "
            "record the assigning office",
}
FIELD_LABELS = {
    "ti": "title", "ab": "abstract", "claims": "claims", "desc": "description",
    "txt": "title, abstract, inventor or applicant", "ntxt": "title, abstract, inventor or applicant",
    "ftxt": "title, abstract, claims or description", "extftxt": "title, abstract, claims or description",
    "nftxt": "all text or names", "ctxt": "title, abstract or claims",
    "ta": "title or abstract", "pa": "applicant", "in": "inventor", "ag": "agent",
    "ia": "applicant or inventor", "pn": "publication number", "ap": "application number",
    "pr": "priority number", "num": "any number", "ct": "cited document", "pd": "publication date",
    "ad": "application date", "prd": "priority date", "ipc": "IPC", "cpc": "CPC", "cl": "IPC or CPC",
    "ctry": "country", "kind": "kind code", "lang": "language", "fam": "family", "type": "document type",
}
WILDCARD_CHARS = "*?#"  # * any run of characters, ? zero or one character, # exactly one
_RELATIONS = ("<=", ">=", "=", "<", ">")
_WORD_RELATIONS = ("all", "any", "within")
_TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"?|[()]|<=|>=|[=<>]|[^\s()"=<>]+')
_YEAR = re.compile(r"^(19|20)\d\d$")
_DATE = re.compile(r"^(19|20)\d\d[-./]?(0[1-9]|1[0-2])([-./]?(0[1-9]|[12]\d|3[01]))?$")
_DMY = re.compile(r"^(0?[1-9]|[12]\d|3[01])([/.])(0?[1-9]|1[0-2])\2((?:18|19|20|21)\d\d)$")  # 07/01/2008, 7.1.2008
_NAME = re.compile(r"^[A-Z][a-z]+$")  # Espacenet: a capital, then lower-case letters only -> a name (ia)
_PUBNUM = re.compile(r"^(?:[A-Z]{2}[A-Z]{0,2}\d[\d,]{4,}[A-Z]?\d?|\d{6,})$")


# AST ---------------------------------------------------------------------------------------
@dataclass
class Node:
    pos: int

    def render(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass
class Term(Node):
    """One word or one quoted phrase in a field; ``field`` None means not yet read (free text)."""

    field: str | None
    text: str
    phrase: bool = False
    relation: str = "="  # =, all, any
    source: str | None = None  # how a free word was read ("number", "date", "class", "text")
    weight: float = 1.0  # how often a long text repeats the word (1 + ln count), see ``plain_query``

    @property
    def wildcard(self) -> bool:
        return not self.phrase and any(c in self.text for c in WILDCARD_CHARS)

    def render(self) -> str:
        value = f'"{self.text}"' if self.phrase or " " in self.text else self.text
        rel = "=" if self.relation == "=" else f" {self.relation} "
        return f"{self.field}{rel}{value}" if self.field else value


@dataclass
class Range(Node):
    field: str
    low: int | None  # yyyymmdd
    high: int | None
    include_low: bool = True
    include_high: bool = True

    def render(self) -> str:
        if self.low is not None and self.high is not None and self.include_low and self.include_high:
            return f'{self.field} within "{self.low} {self.high}"'
        if self.low is not None:
            return f"{self.field}{'>=' if self.include_low else '>'}{self.low}"
        return f"{self.field}{'<=' if self.include_high else '<'}{self.high}"


@dataclass
class Prox(Node):
    """``a prox/distance<n b``: fewer than n words between them; ``distance`` None: any distance in
    one field value (``prox``, ``prox/ordered``); ``unit``: in one sentence or paragraph."""

    field: str | None
    words: list[str]
    distance: int | None
    ordered: bool = False
    unit: str | None = None  # sentence / paragraph

    def render(self) -> str:
        op = "prox"
        if self.distance is not None:
            op += f"/distance<{self.distance}"
        if self.unit:
            op += f"/unit={self.unit}"
        if self.ordered:
            op += "/ordered"
        inner = f" {op} ".join(f'"{w}"' if " " in w else w for w in self.words)
        return f"{self.field}=({inner})" if self.field else inner


@dataclass
class Bool(Node):
    op: str  # and / or
    items: list[Node] = field(default_factory=list)
    negated: list[Node] = field(default_factory=list)  # "a not b": b here

    def render(self) -> str:
        parts = [_wrap(i, self.op) for i in self.items]
        text = (" " if self.op == "natural" else f" {self.op} ").join(parts)
        for n in self.negated:
            text = f"{text} not {_wrap(n, 'not')}" if text else f"not {_wrap(n, 'not')}"
        return text


def _wrap(node: Node, parent: str) -> str:
    text = node.render()
    if isinstance(node, Bool) and (node.op != parent or parent == "not") and (len(node.items) + len(node.negated)) > 1:
        return f"({text})"
    return text


@dataclass
class QueryShape:
    """What a query asks of the index (for the bounds and the cost in ``query_limits``)."""

    clauses: int = 0  # words, phrases, ranges and proximity words
    wildcards: int = 0
    leading_wildcards: int = 0  # starting with * or ?: the whole word list is walked
    proximities: int = 0


@dataclass
class ParsedQuery:
    text: str
    root: Node | None
    natural: bool  # only free words: ranked, any word may match
    dialect: str | None = None  # patentscope / lens / lucene: the text was translated (``foreign_syntax``)
    translated: str | None = None  # ... into this query

    def render(self) -> str:
        return self.root.render() if self.root else ""

    @cached_property
    def shape(self) -> QueryShape:
        shape = QueryShape()
        for node in walk(self.root):
            if isinstance(node, Term):
                shape.clauses += 1
                if node.wildcard:
                    shape.wildcards += 1
                    shape.leading_wildcards += node.text[:1] in tuple(WILDCARD_CHARS)
            elif isinstance(node, Range):
                shape.clauses += 1
            elif isinstance(node, Prox):
                shape.clauses += len(node.words)
                shape.proximities += 1
        return shape

    def terms(self) -> list[Term]:
        out: list[Term] = []
        _collect(self.root, out, negated=False)
        return out


def walk(root: Node | None) -> Iterator[Node]:
    """Every node of a tree, parents first (iterative: the depth of a tree is no concern here)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Bool):
            stack.extend(reversed(node.negated))
            stack.extend(reversed(node.items))


def _collect(node: Node | None, out: list[Term], *, negated: bool) -> None:
    if node is None or negated:
        return
    if isinstance(node, Term):
        out.append(node)
    elif isinstance(node, Prox):
        out.extend(Term(node.pos, node.field, w) for w in node.words)
    elif isinstance(node, Bool):
        for item in node.items:
            _collect(item, out, negated=False)


# lexer ------------------------------------------------------------------------------------
@dataclass
class _Tok:
    text: str
    pos: int
    kind: str  # word, quoted, lparen, rparen, rel


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(query):
        text = m.group(0)
        if text.isspace():
            continue
        if text.startswith('"'):
            if len(text) < 2 or not text.endswith('"') or text.endswith('\\"'):
                raise InvalidInput(f"unterminated quote at column {m.start() + 1}\n  {query}\n  {' ' * m.start()}^",
                                   position=m.start(), field="query")
            toks.append(_Tok(text[1:-1].replace('\\"', '"'), m.start(), "quoted"))
        elif text == "(":
            toks.append(_Tok(text, m.start(), "lparen"))
        elif text == ")":
            toks.append(_Tok(text, m.start(), "rparen"))
        elif text in _RELATIONS:
            toks.append(_Tok(text, m.start(), "rel"))
        else:
            toks.append(_Tok(text, m.start(), "word"))
    return toks


# parser -----------------------------------------------------------------------------------
class _Parser:
    def __init__(self, query: str, limits: QueryLimits = DEFAULT_LIMITS) -> None:
        self.query = query
        self.limits = limits
        self.toks = _lex(query)
        self.i = 0
        self.structured = False
        self._check_depth()

    def _check_depth(self) -> None:
        """Refuse deep nesting before the (recursive) descent starts."""
        depth = 0
        for tok in self.toks:
            if tok.kind == "lparen":
                depth += 1
                if depth > self.limits.max_depth:
                    raise self.error(f"parentheses nested deeper than {self.limits.max_depth} levels", tok.pos)
            elif tok.kind == "rparen":
                depth = max(0, depth - 1)

    def error(self, message: str, pos: int | None = None) -> InvalidInput:
        where = len(self.query) if pos is None else pos
        caret = f"\n  {self.query}\n  {' ' * where}^"
        return InvalidInput(f"{message} at column {where + 1}{caret}", position=where, field="query")

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def is_kw(self, tok: _Tok | None, *words: str) -> bool:
        return tok is not None and tok.kind == "word" and tok.text.lower() in words

    def is_prox(self, tok: _Tok | None) -> bool:
        return tok is not None and tok.kind == "word" and tok.text.lower().startswith("prox")

    # grammar: or := and ("or" and)* ; and := not (["and"] not)* ; not := prox ("not" prox)*
    def parse(self) -> Node | None:
        if not self.toks:
            return None
        node = self.parse_or(None)
        if self.peek() is not None:
            tok = self.take()
            if tok.kind == "rparen":
                raise self.error("unbalanced ')'", tok.pos)
            raise self.error(f"unexpected {tok.text!r}", tok.pos)
        return node

    def parse_or(self, fld: str | None) -> Node:
        first = self.parse_and(fld)
        items = [first]
        while self.is_kw(self.peek(), "or"):
            self.structured = True
            tok = self.take()
            if self.peek() is None or self.peek().kind == "rparen":  # type: ignore[union-attr]
                raise self.error("expected a term after 'or'", tok.pos + len(tok.text))
            items.append(self.parse_and(fld))
        return items[0] if len(items) == 1 else Bool(first.pos, "or", items)

    def parse_and(self, fld: str | None) -> Node:
        first = self.parse_not(fld)
        node = first if isinstance(first, Bool) and first.op == "and" and first.negated else None
        items: list[Node] = [first]
        negated: list[Node] = []
        if node is not None:
            items, negated = node.items, node.negated
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "rparen" or self.is_kw(tok, "or"):
                break
            if self.is_kw(tok, "and"):
                self.structured = True
                self.take()
                if self.peek() is None or self.peek().kind == "rparen":  # type: ignore[union-attr]
                    raise self.error("expected a term after 'and'", tok.pos + len(tok.text))
            nxt = self.parse_not(fld)
            if isinstance(nxt, Bool) and nxt.op == "and" and nxt.negated and len(nxt.items) <= 1:
                items.extend(nxt.items)
                negated.extend(nxt.negated)
            else:
                items.append(nxt)
        if len(items) == 1 and not negated:
            return items[0]
        return Bool(first.pos, "and", items, negated)

    def parse_not(self, fld: str | None) -> Node:
        tok = self.peek()
        if self.is_kw(tok, "not"):  # leading not: everything except
            self.structured = True
            self.take()
            return Bool(tok.pos, "and", [], [self.parse_prox(fld)])  # type: ignore[union-attr]
        node = self.parse_prox(fld)
        negated: list[Node] = []
        while self.is_kw(self.peek(), "not"):
            self.structured = True
            t = self.take()
            if self.peek() is None or self.peek().kind == "rparen":  # type: ignore[union-attr]
                raise self.error("expected a term after 'not'", t.pos + len(t.text))
            negated.append(self.parse_prox(fld))
        return Bool(node.pos, "and", [node], negated) if negated else node

    def parse_prox(self, fld: str | None) -> Node:
        node = self.parse_unary(fld)
        while self.is_prox(self.peek()):
            self.structured = True
            tok = self.take()
            distance, ordered, unit = self._prox_options(tok)
            right = self.parse_unary(fld)
            words = _prox_words(node) + _prox_words(right)
            field_ = _prox_field(node, right, fld)
            if field_ in CLASS_FIELDS:
                raise self.error(UNSUPPORTED["cpci"], tok.pos)
            if not words or None in words:
                raise self.error("prox joins words or phrases of one field (no wildcards)", tok.pos)
            node = Prox(node.pos, field_, [w for w in words if w], distance, ordered, unit)
        return node

    def _prox_options(self, tok: _Tok) -> tuple[int | None, bool, str | None]:
        """``prox``, ``prox/ordered``, ``prox/distance<n[/ordered]``, ``prox/unit=sentence|paragraph[/ordered]``
        (the lexer splits ``prox/distance<3`` into a word, the relation ``<`` and ``3``)."""
        text = tok.text.lower()
        distance: int | None = None
        unit: str | None = None
        ordered = text.endswith("/ordered")
        head = text[:-len("/ordered")] if ordered else text
        nxt = self.peek()
        if head.endswith("/distance"):
            if nxt is None or nxt.kind != "rel" or nxt.text not in ("<", "<=", "="):
                raise self.error("expected '<n' after prox/distance", tok.pos + len(tok.text))
            rel = self.take()
            num = self.peek()
            if num is None or not re.match(r"^\d+(/ordered)?$", num.text.lower()):
                raise self.error("expected a number after prox/distance<", rel.pos + 1)
            self.take()
            digits = num.text.split("/")[0]
            value = int(digits) if len(digits) <= 9 else self.limits.max_distance + 1
            distance = max(value if rel.text == "<" else value + 1, 1)
            if value > self.limits.max_distance:
                raise self.error(f"proximity distance {digits} is larger than the limit of "
                                 f"{self.limits.max_distance} words", num.pos)
            ordered = ordered or num.text.lower().endswith("/ordered")
            head = head[:-len("/distance")]
        elif head.endswith("/unit"):
            if nxt is None or nxt.kind != "rel" or nxt.text != "=":
                raise self.error("expected '=sentence' or '=paragraph' after prox/unit", tok.pos + len(tok.text))
            rel = self.take()
            word = self.peek()
            name = word.text.lower() if word is not None and word.kind == "word" else ""
            if name.endswith("/ordered"):
                ordered, name = True, name[:-len("/ordered")]
            if name not in ("sentence", "paragraph"):
                raise self.error("prox/unit takes sentence or paragraph", rel.pos + 1)
            self.take()
            unit = name
            head = head[:-len("/unit")]
        if head != "prox":
            raise self.error(f"unknown proximity operator {tok.text!r} (use prox, prox/ordered, prox/distance<n "
                             "or prox/unit=sentence)", tok.pos)
        return distance, ordered, unit

    def parse_unary(self, fld: str | None) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("query ends where a term was expected")
        if tok.kind == "lparen":
            self.structured = True
            self.take()
            if self.peek() is not None and self.peek().kind == "rparen":  # type: ignore[union-attr]
                raise self.error("empty parentheses", tok.pos)
            node = self.parse_or(fld)
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise self.error("missing ')' for '(' opened", tok.pos)
            self.take()
            return node
        if tok.kind == "rparen":
            raise self.error("unbalanced ')'", tok.pos)
        if tok.kind == "rel":
            raise self.error(f"relation {tok.text!r} needs a field code before it", tok.pos)
        if self.is_kw(tok, "and", "or", "not") or self.is_prox(tok):
            raise self.error(f"operator {tok.text!r} needs a term before it", tok.pos)
        # field clause?
        code = self._field_code(tok)
        if code is not None:
            return self.parse_clause(code)
        self.take()
        if tok.kind == "quoted":
            self.structured = True
            if not tok.text.strip():
                raise self.error("empty phrase", tok.pos)
            return Term(tok.pos, fld, tok.text.strip(), phrase=True)
        return Term(tok.pos, fld, tok.text)

    def _field_code(self, tok: _Tok) -> str | None:
        if tok.kind != "word":
            return None
        nxt = self.peek(1)
        name = tok.text.lower()
        is_clause = nxt is not None and (nxt.kind == "rel" or self.is_kw(nxt, *_WORD_RELATIONS))
        if not is_clause:
            return None
        name = ALIASES.get(name, name)
        if name in UNSUPPORTED:
            raise self.error(UNSUPPORTED[name], tok.pos)
        if name not in ALL_FIELDS:
            raise self.error(f"unknown field code {tok.text!r} (known: {', '.join(sorted(ALL_FIELDS))})", tok.pos)
        return name

    def parse_clause(self, code: str) -> Node:
        self.structured = True
        code_tok = self.take()
        rel_tok = self.take()
        rel = rel_tok.text.lower()
        value = self.peek()
        after = rel_tok.pos + len(rel_tok.text)
        if value is None or value.kind == "rparen" or (value.kind == "word" and self.is_kw(value, "and", "or", "not")):
            raise self.error(f"expected a value after '{code_tok.text}{rel_tok.text}'", after)
        if code in DATE_FIELDS:
            return self._date_clause(code, rel, code_tok.pos)
        if rel in ("<", "<=", ">", ">=") or rel == "within":
            raise self.error(f"relation {rel_tok.text!r} applies to date fields (pd, ad, prd) only", rel_tok.pos)
        if value.kind == "lparen":
            self.take()
            node = self.parse_or(code)
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise self.error("missing ')' for '(' opened", value.pos)
            self.take()
            return node
        self.take()
        if value.kind == "quoted":
            text = value.text.strip()
            if not text:
                raise self.error("empty phrase", value.pos)
            if rel in ("all", "any") and code in TEXT_FIELDS | NAME_FIELDS:
                words = [Term(value.pos, code, w) for w in text.split()]
                return words[0] if len(words) == 1 else Bool(value.pos, "and" if rel == "all" else "or", list(words))
            return Term(code_tok.pos, code, text, phrase=code in TEXT_FIELDS | NAME_FIELDS and " " in text)
        return Term(code_tok.pos, code, value.text)

    def _date_clause(self, code: str, rel: str, pos: int) -> Node:
        tok = self.take()
        if rel == "within":
            parts = [p for p in re.split(r"[\s,]+", tok.text.strip()) if p]
            if len(parts) != 2:
                raise self.error('within needs two dates, e.g. pd within "2010 2015"', tok.pos)
            low, _ = _date_bounds(parts[0], self, tok.pos)
            _, high = _date_bounds(parts[1], self, tok.pos)
            if low > high:
                raise self.error("the first date of 'within' is after the second", tok.pos)
            return Range(pos, code, low, high)
        low, high = _date_bounds(tok.text, self, tok.pos)
        if rel in ("=", "all", "any"):
            return Range(pos, code, low, high)
        if rel == ">=":
            return Range(pos, code, low, None)
        if rel == ">":
            return Range(pos, code, high, None, include_low=False)
        if rel == "<=":
            return Range(pos, code, None, high)
        return Range(pos, code, None, low, include_high=False)


def _date_bounds(text: str, parser: _Parser, pos: int) -> tuple[int, int]:
    import datetime as dt

    dmy = _DMY.match(text.strip())
    if dmy:  # Espacenet's dd/mm/yyyy and dd.mm.yyyy
        value = f"{dmy.group(4)}{int(dmy.group(3)):02d}{int(dmy.group(1)):02d}"
    else:
        value = re.sub(r"[-./]", "", text.strip())
    try:
        if not re.fullmatch(r"\d{4}|\d{6}|\d{8}", value) or not 1800 <= int(value[:4]) <= 2200:
            raise ValueError(value)
        dt.date(int(value[:4]), int(value[4:6] or 1), int(value[6:8] or 1))
    except ValueError:
        raise parser.error(f"not a date: {text!r} (use 2015, 201503, 20150302, 2015-03-02, 02/03/2015 or "
                           "02.03.2015)", pos) from None
    if len(value) == 4:
        return int(value + "0101"), int(value + "1231")
    if len(value) == 6:
        return int(value + "01"), int(value + "31")
    return int(value), int(value)


def _prox_words(node: Node) -> list[str | None]:
    if isinstance(node, Term) and not node.wildcard:
        return [node.text]
    if isinstance(node, Prox):
        return list(node.words)
    return [None]


def _prox_field(left: Node, right: Node, default: str | None) -> str | None:
    for n in (left, right):
        if isinstance(n, (Term, Prox)) and n.field:
            return n.field
    return default


# smart reading of free words ----------------------------------------------------------------
def read_free_word(word: str) -> tuple[str, str]:
    """(field, kind) for a word without a field code, by Espacenet's guessing rules: a date
    (yyyymmdd, yyyy-mm-dd, dd/mm/yyyy, dd.mm.yyyy; iprhub adds a bare year) -> ``pd``; a class symbol
    (``H01M5/12``, ``B03``) -> ``cl``; two to four letters and digits (or six digits and more) -> ``num``;
    a capital then lower-case letters (``Siemens``) -> ``ia``; anything else -> ``txt``.

    >>> [read_free_word(w)[0] for w in ("20110316", "07/01/2008", "H01M5/12", "EP1000000", "Siemens", "motor")]
    ['pd', 'pd', 'cl', 'num', 'ia', 'txt']
    """
    bare = word.strip()
    upper = bare.upper()
    if _is_free_date(bare):
        return "pd", "date"
    if re.fullmatch(r"[A-HY]\d\d", bare) or (is_class_symbol(upper) and re.search(r"\d", upper)):
        return "cl", "class"
    if _PUBNUM.match(upper.replace(",", "")):
        return "num", "number"
    if _NAME.match(bare):
        return "ia", "name"
    return "txt", "text"


def _is_free_date(bare: str) -> bool:
    if _YEAR.match(bare) or _DMY.match(bare):
        return True
    return bool(_DATE.match(bare) and len(re.sub(r"\D", "", bare)) == 8)


def _free_date(node: Term) -> Range:
    dmy = _DMY.match(node.text.strip())
    digits = (f"{dmy.group(4)}{int(dmy.group(3)):02d}{int(dmy.group(1)):02d}" if dmy
              else re.sub(r"\D", "", node.text))
    low = int(digits + "0101") if len(digits) == 4 else int(digits)
    high = int(digits + "1231") if len(digits) == 4 else int(digits)
    return Range(node.pos, "pd", low, high)


def _is_prose(root: Node | None) -> bool:
    """A query of plain words only, two or more of them text (not a name, number, date or class):
    natural language, read by iprhub's own rules (ranked, words in all text, capitals no names)."""
    words = [n for n in walk(root) if isinstance(n, Term) and n.field is None]
    if len(words) < 2:
        return False
    return any(not w.phrase and not w.wildcard and read_free_word(w.text)[1] == "text" for w in words)


def _resolve(node: Node | None, natural: bool, prose: bool = False) -> Node | None:
    if node is None:
        return None
    text_field = "nftxt" if prose else "txt"
    if isinstance(node, Term):
        if node.field is None:
            if node.phrase or node.wildcard:
                node.field, node.source = text_field, "text"
            else:
                fld, kind = read_free_word(node.text)
                if kind == "date":
                    return _free_date(node)
                if kind in ("name", "text"):
                    fld = "ia" if kind == "name" and not prose else text_field
                    kind = "name" if fld == "ia" else "text"
                node.field, node.source = fld, kind
        return node
    if isinstance(node, Prox):
        node.field = node.field or "txt"
        return node
    if isinstance(node, Bool):
        node.items = [n for n in (_resolve(i, natural, prose) for i in node.items) if n is not None]
        node.negated = [n for n in (_resolve(i, natural, prose) for i in node.negated) if n is not None]
        if natural and node.op == "and":
            node.op = "natural"
    return node


STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have if in into is it its of on or not such that the their then "
    "there these they this those to was were which while will with between within wherein whereby thereof "
    "said".split())


def _prose_terms(toks: list[_Tok]) -> list[Term] | None:
    """The words of a natural-language sentence that uses and/or/not as words, without its stop words;
    None for a query. A sentence: plain words only (no field code, quote, bracket, proximity or
    wildcard), operators in lower case, and some other stop word ("of", "a", "the" …) among them."""
    words = [t for t in toks if t.kind == "word"]
    if len(words) != len(toks) or len(words) < 4:
        return None
    lower = [w.text.lower() for w in words]
    if not any(w in ("and", "or", "not") for w in lower):
        return None
    if any(w.text in ("AND", "OR", "NOT") or w.text.lower().startswith("prox")
           or any(c in w.text for c in WILDCARD_CHARS) for w in words):
        return None
    if not any(w in STOP_WORDS and w not in ("and", "or", "not") for w in lower):
        return None
    kept = [Term(w.pos, None, w.text.strip(".,;:!")) for w in words if w.text.lower().strip(".,;:!") not in STOP_WORDS]
    return [t for t in kept if t.text] or None


def drop_stop_words(root: Node | None) -> Node | None:
    """A natural query without its stop words (they neither match nor highlight)."""
    if isinstance(root, Bool) and root.op == "natural":
        kept = [i for i in root.items if not (isinstance(i, Term) and i.source == "text"
                                              and i.text.lower() in STOP_WORDS)]
        if kept and len(kept) < len(root.items):
            root.items = kept
            if len(kept) == 1 and not root.negated:
                return kept[0]
    return root


def _check_bounds(root: Node | None, parser: _Parser) -> None:
    """Terms and wildcards of a resolved query within ``parser.limits`` (see ``query_limits``)."""
    limits = parser.limits
    clauses = wildcards = 0
    for node in walk(root):
        if isinstance(node, (Term, Range, Prox)):
            clauses += len(node.words) if isinstance(node, Prox) else 1
            if clauses > limits.max_clauses:
                raise parser.error(f"the query has more than {limits.max_clauses} terms", node.pos)
        if not isinstance(node, Term) or not node.wildcard:
            continue
        if node.field in CLASS_FIELDS and re.fullmatch(r"[^*?#]+\*", node.text.strip()):
            continue  # a class symbol and what is below it: one term of the hierarchy, nothing to expand
        wildcards += 1
        if wildcards > limits.max_wildcards:
            raise parser.error(f"the query has more than {limits.max_wildcards} wildcard terms", node.pos)
        letters = len(re.sub(r"[\s*?#]", "", node.text))
        if letters < limits.wildcard_min_chars:
            raise parser.error(f"wildcard {node.text!r} needs at least {limits.wildcard_min_chars} letters or "
                               "digits besides * and ?", node.pos)


def parse_query(text: str, limits: QueryLimits = DEFAULT_LIMITS) -> ParsedQuery:
    """Parse a query; raises :class:`InvalidInput` with the position of the first error, also when
    the query goes beyond ``limits`` (nesting, terms, wildcards, proximity distance)."""
    if text is None or not text.strip():
        raise InvalidInput("empty query", position=0, field="query")
    if len(text) > 4000:
        raise InvalidInput("query longer than 4000 characters", position=4000, field="query")
    from iprhub.search.foreign_syntax import translate

    foreign = translate(text)
    if foreign is not None:
        parsed = parse_query(foreign.query, limits)
        return ParsedQuery(text, parsed.root, parsed.natural, foreign.dialect, foreign.query)
    parser = _Parser(text, limits)
    prose = _prose_terms(parser.toks)
    if prose is not None:  # "recycling of plastics and their products": and is a word here, not an operator
        root: Node | None = prose[0] if len(prose) == 1 else Bool(0, "natural", list(prose))
        natural = True
    else:
        root = parser.parse()
        natural = not parser.structured
    root = _resolve(root, natural, natural and _is_prose(root))
    if natural:
        root = drop_stop_words(root)
    _check_bounds(root, parser)
    return ParsedQuery(text, root, natural)
