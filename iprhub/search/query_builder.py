"""Turn a parsed query (``query_language``) into a tantivy query, and say how it was read."""

from __future__ import annotations

import re
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
FIELD_BOOSTS = {"ti": 3.0, "ab": 2.0, "cl": 1.5, "desc": 1.0}
_TEXT_TARGETS = {"ti": ["ti"], "ab": ["ab"], "cl": ["cl"], "desc": ["desc"], "ta": ["ti", "ab"],
                 "txt": ["ti", "ab", "cl", "desc"]}
_NAME_TARGETS = {"pa": ["pa"], "in": ["in"], "ag": ["ag"], "ia": ["pa", "in"]}
_NUMBER_TARGETS = {"pn": ["pn"], "ap": ["ap"], "pr": ["pr"], "num": ["pn", "ap", "pr"]}
_CLASS_TARGETS = {"ipc": ["ipc"], "cpc": ["cpc"], "cl_any": ["ipc", "cpc"]}
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

    def _text(self, term: Term, out: Built, targets: list[str], tokenizer: str, boosts: bool = True) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        subs = []
        for target in targets:
            if term.wildcard:
                q = self._wildcard(target, fold(term.text), term, out)
            else:
                tokens = analyze(term.text, tokenizer)
                if not tokens:
                    q = Q.empty_query()
                elif len(tokens) == 1:
                    q = Q.term_query(self.schema, target, tokens[0])
                else:
                    q = Q.phrase_query(self.schema, target, tokens)
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
        if tokenizer == TEXT_TOKENIZER and not term.wildcard and has_cjk(term.text) and len(targets) > 1:
            words = cjk_words(term.text).split()
            if words:  # jieba words only add to the score; matching is by characters
                zh = (Q.term_query(self.schema, "zh", words[0].lower()) if len(words) == 1
                      else Q.phrase_query(self.schema, "zh", [w.lower() for w in words], 1))
                best = Q.boolean_query([(Occ.Should, best), (Occ.Should, Q.boost_query(zh, 2.0))])
        return Q.boost_query(best, term.weight) if term.weight != 1.0 else best

    def _number(self, term: Term, out: Built, targets: list[str]) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        raw = re.sub(r"[\s,./\-]", "", term.text.upper())
        if term.wildcard:
            subs = [self._wildcard(f, raw, term, out) for f in targets]
        else:
            value = _canonical_number(term.text) or raw
            subs = [Q.term_query(self.schema, f, value) for f in targets]
        return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])

    def _class(self, term: Term, out: Built, targets: list[str]) -> Any:
        Q, Occ = self.t.Query, self.t.Occur
        text = term.text.strip().upper()
        prefix = False
        if text.endswith("/LOW"):
            text, prefix = text[:-4], True
        if text.endswith("*") and "*" not in text[:-1] and "?" not in text:
            text, prefix = text[:-1], True
        if "*" in text or "?" in text:
            subs = [self._wildcard(f, compact_class(text), term, out) for f in targets]
        else:
            symbol = compact_class(normalize_ipc(text) or text) if "/" in text else compact_class(text)
            if prefix and "/" in symbol:
                main, sub = symbol.split("/", 1)
                if sub.strip("0") == "":
                    subs = [Q.term_query(self.schema, f, main) for f in targets]
                else:
                    subs = [Q.regex_query(self.schema, f, re.escape(main + "/" + sub.rstrip("0")) + ".*")
                            for f in targets]
            else:
                subs = [Q.term_query(self.schema, f, symbol) for f in targets]
        return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])

    def _wildcard(self, target: str, pattern: str, term: Term, out: Built) -> Any:
        """The index words of ``target`` that ``pattern`` matches, as one (constant-score) set."""
        if out.expander is None:
            raise InvalidInput("wildcards need the index's word list (build with a WildcardExpander)",
                               position=term.pos, field="query")
        words = out.expander.expand(target, pattern, shown=term.text, label=FIELD_LABELS.get(target, target),
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
        tokenizer = TEXT_TOKENIZER if fld in TEXT_FIELDS else NAME_TOKENIZER
        groups = [analyze(w, tokenizer) for w in node.words]
        tokens = [tok for g in groups for tok in g]
        if len(tokens) < 2:
            raise InvalidInput("prox needs two words", position=node.pos, field="query")
        slop = max(node.distance - 1, 0) + sum(len(g) - 1 for g in groups)
        targets = _TEXT_TARGETS.get(fld) or _NAME_TARGETS[fld]
        subs = []
        for target in targets:
            orders = [tokens] if node.ordered else [tokens, [t for g in reversed(groups) for t in g]]
            q = Q.boolean_query([(Occ.Should, Q.phrase_query(self.schema, target, o, slop)) for o in orders])
            subs.append(Q.boost_query(q, FIELD_BOOSTS.get(target, 1.0)) if len(targets) > 1 else q)
        return subs[0] if len(subs) == 1 else Q.boolean_query([(Occ.Should, q) for q in subs])


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


def _canonical_number(text: str) -> str | None:
    from iprhub.model.numbers import parse_number

    try:
        return parse_number(text).canonical
    except InvalidInput:
        return None
