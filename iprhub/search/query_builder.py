"""Turn a parsed query (``query_language``) into a tantivy query, and say how it was read."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.model.classification import normalize_ipc
from iprhub.search.analysis import (
    NAME_TOKENIZER,
    TEXT_TOKENIZER,
    analyze,
    cjk_words,
    compact_class,
    has_cjk,
)
from iprhub.search.lexical_index import WORD_FIELDS
from iprhub.search.name_scripts import has_cyrillic, transliterate
from iprhub.search.query_language import (
    CLASS_FIELDS,
    CODE_FIELDS,
    DATE_FIELDS,
    FIELD_LABELS,
    NAME_FIELDS,
    NUMBER_FIELDS,
    TEXT_FIELDS,
    Bool,
    Node,
    ParsedQuery,
    Prox,
    Range,
    Term,
)
from iprhub.search.results import QueryPart
from iprhub.search.wildcards import WildcardExpander, fold

# BM25 field boosts: a word in the title says more than one deep in the description
FIELD_BOOSTS = {"ti": 3.0, "ab": 2.0, "cl": 1.5, "desc": 1.0, "pa": 2.0, "in": 2.0}
# query code -> index fields (the index calls the claims field "cl"); Espacenet's meanings
TEXT_TARGETS = {"ti": ["ti"], "ab": ["ab"], "claims": ["cl"], "desc": ["desc"], "ta": ["ti", "ab"],
                "txt": ["ti", "ab", "pa", "in"], "ntxt": ["ti", "ab", "pa", "in"],
                "ftxt": ["ti", "ab", "cl", "desc"], "extftxt": ["ti", "ab", "cl", "desc"],
                "ctxt": ["ti", "ab", "cl"], "nftxt": ["ti", "ab", "cl", "desc", "pa", "in"]}
NAME_TARGETS = {"pa": ["pa"], "in": ["in"], "ag": ["ag"], "ia": ["pa", "in"]}
_TEXT_TARGETS = TEXT_TARGETS
_NAME_TARGETS = NAME_TARGETS
_NAME_INDEX_FIELDS = {"pa", "in", "ag"}
_NUMBER_TARGETS = {"pn": ["pn"], "ap": ["ap"], "pr": ["pr"], "num": ["pn", "ap", "pr"], "ct": ["ct"]}
_CLASS_TARGETS = {"ipc": ["ipc"], "cpc": ["cpc"], "cl": ["ipc", "cpc"]}
_CODE_TARGETS = {"ctry": "ctry", "kind": "kind", "lang": "lang", "fam": "fam_id", "type": "type"}


@dataclass
class Built:
    query: Any
    parts: list[QueryPart] = field(default_factory=list)
    text_terms: list[Term] = field(default_factory=list)  # positive words/phrases on text fields
    expander: WildcardExpander | None = None  # wildcards become bounded sets of index words


class QueryBuilder:
    def __init__(self, schema: Any) -> None:
        import tantivy

        self.t = tantivy
        self.schema = schema
        # set by the service: symbol -> the symbols below it in the CPC scheme (None: not in it)
        self.hierarchy: Callable[[str], list[str] | None] | None = None
        # set by the service: publication numbers -> stored documents (proximity checked on the text)
        self.documents: Callable[[list[str]], list[Any]] | None = None

    # public -----------------------------------------------------------------------------------
    def build(self, parsed: ParsedQuery, expander: WildcardExpander | None = None) -> Built:
        """The tantivy query; ``expander`` turns wildcards into bounded sets of index words."""
        out = Built(self.t.Query.all_query(), expander=expander)
        if parsed.root is None:
            return out
        out.query = self._node(parsed.root, out, negated=False)
        return out

    def filters_only(self, parsed: ParsedQuery, expander: WildcardExpander | None = None
                     ) -> tuple[Any | None, str, list[QueryPart]]:
        """Split a query for semantic search: (filter query or None, text to embed, parts)."""
        if parsed.root is None:
            return None, "", []
        scratch = Built(None, expander=expander)
        root = parsed.root
        items = root.items if isinstance(root, Bool) and root.op in ("and", "natural") else [root]
        negated = root.negated if isinstance(root, Bool) and root.op in ("and", "natural") else []
        texts: list[str] = []
        musts: list[tuple[Any, Any]] = []
        for item in items:
            words = _text_words(item)
            if words is not None:
                texts.extend(words)
                self._node(item, scratch, negated=False)  # records the parts
            else:
                musts.append((self.t.Occur.Must, self._node(item, scratch, negated=False)))
        for item in negated:
            musts.append((self.t.Occur.MustNot, self._node(item, scratch, negated=True)))
        if musts and all(o == self.t.Occur.MustNot for o, _ in musts):
            musts.insert(0, (self.t.Occur.Must, self.t.Query.all_query()))
        filt = self.t.Query.boolean_query(musts) if musts else None
        return filt, " ".join(texts), scratch.parts

    # nodes ------------------------------------------------------------------------------------
    def _node(self, node: Node, out: Built, *, negated: bool) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        if isinstance(node, Bool):
            if node.op == "or":
                return Q.boolean_query([(Occ.Should, self._node(i, out, negated=negated)) for i in node.items])
            clauses = []
            if node.op == "natural":
                text_items = [i for i in node.items if isinstance(i, Term) and i.field in TEXT_FIELDS]
                other = [i for i in node.items if i not in text_items]
                if text_items:
                    clauses.append((Occ.Must, Q.boolean_query(
                        [(Occ.Should, self._node(i, out, negated=negated)) for i in text_items])))
                clauses.extend((Occ.Must, self._node(i, out, negated=negated)) for i in other)
            else:
                clauses.extend((Occ.Must, self._node(i, out, negated=negated)) for i in node.items)
            clauses.extend((Occ.MustNot, self._node(i, out, negated=not negated)) for i in node.negated)
            if not any(o == Occ.Must for o, _ in clauses):
                clauses.insert(0, (Occ.Must, Q.all_query()))
            return Q.boolean_query(clauses)
        if isinstance(node, Range):
            out.parts.append(QueryPart(node.render(), node.field, FIELD_LABELS[node.field], "range", negated))
            return Q.range_query(self.schema, node.field, self.t.FieldType.Integer, node.low, node.high,
                                 include_lower=node.include_low, include_upper=node.include_high)
        if isinstance(node, Prox):
            return self._prox(node, out, negated)
        assert isinstance(node, Term)
        return self._term(node, out, negated)

    def _term(self, term: Term, out: Built, negated: bool) -> Any:
        fld = term.field or "txt"
        how = "wildcard" if term.wildcard else "phrase" if term.phrase else "term"
        if term.source in ("number", "class"):
            how = term.source
        out.parts.append(QueryPart(term.text, fld, FIELD_LABELS.get(fld, fld), how, negated))
        if fld in TEXT_FIELDS:
            if not negated:
                out.text_terms.append(term)
            return self._text(term, out, _TEXT_TARGETS[fld], TEXT_TOKENIZER)
        if fld in NAME_FIELDS:
            return self._text(term, out, _NAME_TARGETS[fld], NAME_TOKENIZER, boosts=False)
        if fld in NUMBER_FIELDS:
            return self._number(term, out, _NUMBER_TARGETS[fld])
        if fld in CLASS_FIELDS:
            return self._class(term, out, _CLASS_TARGETS[fld])
        if fld in CODE_FIELDS:
            value = term.text.strip()
            value = value.lower() if fld in ("lang", "type") else value.upper()
            return self.t.Query.term_query(self.schema, _CODE_TARGETS[fld], value)
        if fld in DATE_FIELDS:  # pragma: no cover - dates parse to Range
            raise InvalidInput(f"{fld} needs a date", position=term.pos, field="query")
        raise InvalidInput(f"field {fld!r} cannot be searched", position=term.pos, field="query")

    def _words(self, text: str, target: str, tokenizer: str) -> Any:
        tokens = analyze(text, tokenizer)
        if not tokens:
            return self.t.Query.empty_query()
        if len(tokens) == 1:
            return self.t.Query.term_query(self.schema, target, tokens[0])
        return self.t.Query.phrase_query(self.schema, target, tokens)

    def _text(self, term: Term, out: Built, targets: list[str], tokenizer: str, boosts: bool = True) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        subs = []
        for target in targets:
            if term.wildcard:
                q = self._wildcard(WORD_FIELDS.get(target, target), fold(term.text), term, out)
            else:
                q = self._words(term.text, target, NAME_TOKENIZER if target in _NAME_INDEX_FIELDS else tokenizer)
                if target in _NAME_INDEX_FIELDS and has_cyrillic(term.text):  # also in Latin letters
                    q = Q.boolean_query([(Occ.Should, q),
                                         (Occ.Should, self._words(transliterate(term.text), target, NAME_TOKENIZER))])
            if boosts and len(targets) > 1:
                q = Q.boost_query(q, FIELD_BOOSTS.get(target, 1.0))
            subs.append(q)
        # a word scores by its best field (dis-max), not by the sum over fields: otherwise a document
        # with a long description collects four scores per word where one with only a title, an
        # abstract and claims (bibliographic records, cited art) collects three
        if len(subs) == 1:
            best = subs[0]
        elif boosts:
            best = Q.disjunction_max_query(subs)
        else:
            best = Q.boolean_query([(Occ.Should, q) for q in subs])
        if tokenizer == TEXT_TOKENIZER and not term.wildcard and has_cjk(term.text) and len(targets) > 1 \
                and "desc" in targets:
            words = cjk_words(term.text).split()
            if words:  # jieba words only add to the score; matching is by characters
                zh = (Q.term_query(self.schema, "zh", words[0].lower()) if len(words) == 1
                      else Q.phrase_query(self.schema, "zh", [w.lower() for w in words], 1))
                best = Q.boolean_query([(Occ.Should, best), (Occ.Should, Q.boost_query(zh, 2.0))])
        return Q.boost_query(best, term.weight) if term.weight != 1.0 else best

    def _number(self, term: Term, out: Built, targets: list[str]) -> Any:
        """A number in every form the resolver reads: publication (``ep1000000``), application and
        priority in epodoc, original or PCT form (``EP19910302636``, ``WO2016US64351``, ``US2016/064351``)."""
        Q, Occ = self.t.Query, self.t.Occur
        raw = re.sub(r"[\s,./\-]", "", term.text.upper())
        if term.wildcard:
            subs = [self._wildcard(f, raw, term, out) for f in targets]
        else:
            values = {raw}
            pub = _canonical_number(term.text)
            if pub:
                values.add(pub)
            app = _application_key(term.text)
            subs = []
            for f in targets:
                wanted = set(values)
                if app and f in ("ap", "pr"):
                    wanted.add(app)
                subs.extend(Q.term_query(self.schema, f, v) for v in sorted(wanted))
        return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])

    def _class(self, term: Term, out: Built, targets: list[str]) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        text = term.text.strip().upper()
        low = False
        if text.endswith("/LOW"):
            text, low = text[:-4], True
        if text.endswith("*") and not any(c in text[:-1] for c in "*?#"):
            text, low = text[:-1], True
        if any(c in text for c in "*?#"):
            subs = [self._wildcard(f, compact_class(text), term, out) for f in targets]
            return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])
        symbol = compact_class(normalize_ipc(text) or text) if "/" in text else compact_class(text)
        main, _, sub = symbol.partition("/")
        if low and sub and sub.strip("0") == "":
            symbol = main  # F03G7/00/low: the main group and everything in it, as F03G7 is indexed
        words = [symbol]
        if low and "/" in symbol:  # /low: the symbol and every subgroup below it in the scheme
            if self.hierarchy is None:
                raise InvalidInput(f"{term.text}: /low needs the classification scheme in the store "
                                   "(ingest the CPC title list)", position=term.pos, field="query")
            below = self.hierarchy(symbol)
            if below is None:
                raise InvalidInput(f"{term.text}: {normalize_ipc(symbol) or symbol} is not in the stored CPC scheme, "
                                   "so what lies below it is unknown", position=term.pos, field="query")
            words = [symbol, *below]
        subs = [Q.term_query(self.schema, f, words[0]) if len(words) == 1 else
                Q.term_set_query(self.schema, f, words) for f in targets]
        return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])

    def _wildcard(self, target: str, pattern: str, term: Term, out: Built) -> Any:
        """The index words of ``target`` that ``pattern`` matches, as one (constant-score) set."""
        if out.expander is None:
            raise InvalidInput("wildcards need the index's word list (build with a WildcardExpander)",
                               position=term.pos, field="query")
        words = out.expander.expand(target, pattern, shown=term.text, label=_index_label(target),
                                      position=term.pos)
        return self.t.Query.term_set_query(self.schema, target, words) if words else self.t.Query.empty_query()

    def _prox(self, node: Prox, out: Built, negated: bool) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        fld = node.field or "txt"
        if fld not in TEXT_FIELDS and fld not in NAME_FIELDS:
            raise InvalidInput(f"prox works on text fields, not {fld!r}", position=node.pos, field="query")
        out.parts.append(QueryPart(node.render(), fld, FIELD_LABELS[fld], "proximity", negated))
        if not negated and fld in TEXT_FIELDS:
            out.text_terms.extend(Term(node.pos, fld, w) for w in node.words)
        targets = TEXT_TARGETS.get(fld) or NAME_TARGETS[fld]
        if node.unit == "paragraph" and "desc" in targets:
            raise InvalidInput("prox/unit=paragraph cannot search descriptions: the stored descriptions keep no "
                               "paragraph breaks (use prox/unit=sentence, or ti, ab, ta, txt or claims)",
                               position=node.pos, field="query")
        groups_by_target = {t: [analyze(w, NAME_TOKENIZER if t in _NAME_INDEX_FIELDS else TEXT_TOKENIZER)
                                for w in node.words] for t in targets}
        if any(sum(len(g) for g in groups) < 2 for groups in groups_by_target.values()):
            raise InvalidInput("prox needs two words", position=node.pos, field="query")
        if node.distance is not None and not node.ordered and node.unit is None:
            # the index's positions answer this one exactly: both orders, at most n - 1 words between
            subs = []
            for target, groups in groups_by_target.items():
                tokens = [tok for g in groups for tok in g]
                slop = max(node.distance - 1, 0) + sum(len(g) - 1 for g in groups)
                orders = [tokens, [t for g in reversed(groups) for t in g]]
                q = Q.boolean_query([(Occ.Should, Q.phrase_query(self.schema, target, o, slop)) for o in orders])
                subs.append(Q.boost_query(q, FIELD_BOOSTS.get(target, 1.0)) if len(targets) > 1 else q)
            return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])
        return self._checked_prox(node, out, groups_by_target)

    def _checked_prox(self, node: Prox, out: Built, groups_by_target: dict[str, list[list[str]]]) -> Any:
        """Order, any distance and sentence/paragraph units are checked on the stored text of the
        documents that have every word (tantivy's sloppy phrases allow transpositions and cross
        sentence and value boundaries)."""
        from iprhub.search.proximity import prox_uids

        Q, Occ = self.t.Query, self.t.Occur
        if self.documents is None or out.expander is None:
            raise InvalidInput("this proximity needs the stored documents (search through the service)",
                               position=node.pos, field="query")
        per_target = []
        for target, groups in groups_by_target.items():
            words = [Q.term_query(self.schema, target, g[0]) if len(g) == 1 else
                     Q.phrase_query(self.schema, target, g) for g in groups if g]
            per_target.append(Q.boolean_query([(Occ.Must, w) for w in words]))
        candidates = per_target[0] if len(per_target) == 1 else Q.boolean_query(
            [(Occ.Should, q) for q in per_target])
        uids = prox_uids(node, list(groups_by_target), candidates, out.expander, self.documents)
        return Q.const_score_query(self.t.Query.term_set_query(self.schema, "uid", uids), 1.0) if uids \
            else Q.empty_query()


def _text_words(node: Node) -> list[str] | None:
    """Words of a node made only of positive text terms (for embedding), else None."""
    if isinstance(node, Term) and node.field in TEXT_FIELDS and not node.wildcard:
        return [node.text]
    if isinstance(node, Prox) and (node.field or "txt") in TEXT_FIELDS:
        return list(node.words)
    if isinstance(node, Bool) and not node.negated:
        words: list[str] = []
        for item in node.items:
            w = _text_words(item)
            if w is None:
                return None
            words.extend(w)
        return words
    return None


def _index_label(target: str) -> str:
    name = target.removesuffix("_w")
    return "claims" if name == "cl" else FIELD_LABELS.get(name, name)


def _application_key(text: str) -> str | None:
    from iprhub.model.application_numbers import parse_application_number

    try:
        return parse_application_number(text).key
    except InvalidInput:
        return None


def _canonical_number(text: str) -> str | None:
    from iprhub.model.numbers import parse_number

    try:
        return parse_number(text).canonical
    except InvalidInput:
        return None
