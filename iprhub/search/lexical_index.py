"""The full-text index: a tantivy index in a local folder (or in memory for an in-memory store).

One tantivy document per patent document. Text fields carry Western words (stemmed) and CJK
characters one per token; ``zh`` carries jieba words for ranking; numbers, classes and codes are
raw terms; dates are ``yyyymmdd`` integers; ``disp`` keeps what hits and snippets show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from iprhub.errors import StoreError
from iprhub.model.patent import PatentDocument
from iprhub.model.patent_facts import claims_text, earliest_priority, family_key, first_claim
from iprhub.search.analysis import (
    NAME_TOKENIZER,
    TEXT_TOKENIZER,
    WORD_TOKENIZER,
    cjk_words,
    class_tokens,
    compact_class,
    number_tokens,
    register_analyzers,
    space_cjk,
    subclass_of,
)
from iprhub.search.name_scripts import has_cyrillic, transliterate

SCHEMA_VERSION = 8  # 8: Cyrillic names also transliterated, with the family's Latin spellings
TEXT_FIELDS = ("ti", "ab", "cl", "desc")
WORD_FIELDS = {"ti": "ti_w", "ab": "ab_w"}  # wildcards match words as written there (chair# finds chairs)
DISPLAY_TEXT_LIMIT = 30_000  # characters of claims / description kept for snippets
APPLICANT_ROLES = ("applicant", "assignee", "owner")


def _application_keys(country: str | None, number: str | None, *, priority: bool = False) -> list[str]:
    """The resolver's key of an application or priority number (``EP91302636``, ``WO2016US064351``),
    so that every form the resolver reads (epodoc, original, PCT) finds it."""
    from iprhub.model.application_numbers import application_key, priority_key

    key = (priority_key if priority else application_key)(country, number)
    return [key] if key else []


def uid_of(pub_number: str) -> int:
    """Stable 63-bit key of a publication number (shared by the lexical and vector indexes)."""
    return int.from_bytes(hashlib.blake2b(pub_number.encode(), digest_size=8).digest(), "big") >> 1


def check_of(pub_number: str, content_hash: str) -> int:
    """Checksum of one indexed version of a document (number + store content hash)."""
    return int.from_bytes(hashlib.blake2b(f"{pub_number}|{content_hash}".encode(), digest_size=8).digest(),
                          "big") >> 1


def date_int(value: dt.date | None) -> int | None:
    return value.year * 10000 + value.month * 100 + value.day if value else None


def embedding_text(doc: PatentDocument, *, with_claims: bool = True, limit: int = 1200) -> str:
    """What the semantic model reads for a document: title, abstract and first claim."""
    parts = [doc.title() or "", doc.abstract() or ""]
    if with_claims:
        parts.append(first_claim(doc) or "")
    text = "\n".join(p for p in parts if p)
    if not text and doc.descriptions:
        text = doc.descriptions[0].text
    return text[:limit]  # empty: nothing to embed (bibliographic records)


@dataclass
class IndexedDoc:
    """What the index keeps of one document for display."""

    pub: str
    uid: int
    fam: str
    data: dict[str, Any]


def build_schema() -> Any:
    import tantivy as t

    sb = t.SchemaBuilder()
    # 63-bit keys as i64: Python ints map to i64 terms, so deletes and term queries match
    sb.add_integer_field("uid", stored=True, indexed=True, fast=True)
    sb.add_integer_field("chk", stored=True, indexed=False, fast=True)
    sb.add_text_field("pub", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("fam", stored=True, tokenizer_name="raw", fast=True)
    sb.add_integer_field("famh", indexed=True, fast=True)  # family key as a number, for collapsing
    for name in ("pn", "ap", "pr", "ct"):
        sb.add_text_field(name, tokenizer_name="raw")
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=TEXT_TOKENIZER)
    sb.add_text_field("zh", tokenizer_name=WORD_TOKENIZER)
    for name in WORD_FIELDS.values():  # unstemmed words of title and abstract, for wildcards
        sb.add_text_field(name, tokenizer_name=NAME_TOKENIZER)
    for name in ("pa", "in", "ag"):
        sb.add_text_field(name, tokenizer_name=NAME_TOKENIZER)
    for name in ("ipc", "cpc", "ctry", "kind", "lang", "type", "ipc_sub", "pa_key", "fam_id"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True)
    for name in ("pd", "ad", "prd", "py"):
        sb.add_integer_field(name, indexed=True, fast=True)
    sb.add_bytes_field("disp", stored=True)
    return sb.build()


class _Fields(list):
    """Collects what goes into an index document as ``(kind, field, value)`` (kind 0 text,
    1 integer, 2 bytes): plain tuples, so a parser process can prepare them and pickle them."""

    def add_text(self, name: str, value: str) -> None:
        self.append((0, name, value))

    def add_integer(self, name: str, value: int) -> None:
        self.append((1, name, value))

    def add_bytes(self, name: str, value: bytes) -> None:
        self.append((2, name, value))


def to_index_doc(doc: PatentDocument, content_hash: str | None = None) -> Any:
    return index_document(index_fields(doc, content_hash))


def index_document(fields: Iterable[tuple[int, str, Any]]) -> Any:
    """The tantivy document of :func:`index_fields`."""
    import tantivy as t

    d = t.Document()
    add = (d.add_text, d.add_integer, d.add_bytes)
    for kind, name, value in fields:
        add[kind](name, value)
    return d


def index_fields(doc: PatentDocument, content_hash: str | None = None,
                 variants: list[tuple[str, str]] | None = None) -> list[tuple[int, str, Any]]:
    """Every field value the index stores for ``doc``. Ingest runs this in its parser processes
    for documents written as they were parsed (see ``SearchService.on_documents``)."""
    d = _Fields()
    d.add_integer("uid", uid_of(doc.pub_number))
    d.add_integer("chk", check_of(doc.pub_number, content_hash or doc.content_hash()))
    d.add_text("pub", doc.pub_number)
    fam = family_key(doc)
    d.add_text("fam", fam)
    d.add_integer("famh", uid_of(fam))
    if doc.family_id:
        d.add_text("fam_id", doc.family_id.upper())
    for tok in number_tokens(doc.pub_number):
        d.add_text("pn", tok)
    if doc.app_number:
        for tok in number_tokens(doc.app_number) + _application_keys(doc.country, doc.app_number):
            d.add_text("ap", tok)
    for p in doc.priorities:
        for tok in number_tokens(f"{p.country}{p.number}") + _application_keys(p.country, p.number, priority=True):
            d.add_text("pr", tok)
    cited: set[str] = set()
    for c in doc.citations:  # ct=: the documents this one cites (search reports, examiners, applicants)
        for tok in number_tokens(c.number):
            if tok not in cited and not tok.isdigit():
                cited.add(tok)
                d.add_text("ct", tok)
    cjk_parts: list[str] = []
    texts: dict[str, list[tuple[str | None, str]]] = {
        "ti": [(x.lang, x.text) for x in doc.titles],
        "ab": [(x.lang, x.text) for x in doc.abstracts],
        "cl": claims_text(doc),
        "desc": [(x.lang, x.text) for x in doc.descriptions],
    }
    for name, values in texts.items():
        for _lang, text in values:
            if text:
                spaced = space_cjk(text)
                d.add_text(name, spaced)
                if name in WORD_FIELDS:
                    d.add_text(WORD_FIELDS[name], spaced)
                if spaced is not text:
                    cjk_parts.append(text)
    if cjk_parts:
        d.add_text("zh", cjk_words("\n".join(cjk_parts)))
    applicants: list[str] = []
    keys: list[str] = []
    for p in doc.parties:
        if p.role in APPLICANT_ROLES:
            d.add_text("pa", space_cjk(p.name))  # CJK names one character per token: found by any word
            if p.name not in applicants:
                applicants.append(p.name)
            if p.normalized_name and p.normalized_name not in keys:
                keys.append(p.normalized_name)
        elif p.role == "inventor":
            d.add_text("in", space_cjk(p.name))
        elif p.role == "agent":
            d.add_text("ag", space_cjk(p.name))
    # Cyrillic names also in Latin letters, and the family's spellings in the other script (name_scripts)
    for role, name in [(p.role, p.name) for p in doc.parties if has_cyrillic(p.name)] + list(variants or ()):
        target = "pa" if role in APPLICANT_ROLES else {"inventor": "in", "agent": "ag"}.get(role)
        if target:
            d.add_text(target, name)
            if has_cyrillic(name):
                d.add_text(target, transliterate(name))
    for k in keys:
        d.add_text("pa_key", k)
    classes: dict[str, list[str]] = {"ipc": [], "cpc": []}
    subclasses: set[str] = set()
    for c in doc.classifications:
        scheme = c.scheme.lower()
        if scheme not in classes:
            continue
        symbol = compact_class(c.symbol)
        if symbol not in classes[scheme]:
            classes[scheme].append(symbol)
        sub = subclass_of(symbol)
        if sub:
            subclasses.add(sub)
    for scheme, symbols in classes.items():
        seen: set[str] = set()
        for symbol in symbols:
            for tok in class_tokens(symbol):
                if tok not in seen:
                    seen.add(tok)
                    d.add_text(scheme, tok)
    for sub in sorted(subclasses):
        d.add_text("ipc_sub", sub)
    d.add_text("ctry", doc.country.upper())
    if doc.kind:
        d.add_text("kind", doc.kind.upper())
    if doc.lang:
        d.add_text("lang", doc.lang.lower())
    d.add_text("type", doc.doc_type)
    pd, ad, prd = date_int(doc.pub_date), date_int(doc.app_date), date_int(earliest_priority(doc))
    for name, value in (("pd", pd), ("ad", ad), ("prd", prd)):
        if value is not None:
            d.add_integer(name, value)
    if doc.pub_date:
        d.add_integer("py", doc.pub_date.year)
    display = {
        "ti": texts["ti"], "ab": texts["ab"],
        "cl": [(lang, text[:DISPLAY_TEXT_LIMIT]) for lang, text in texts["cl"][:3]],
        "desc": [(lang, text[:DISPLAY_TEXT_LIMIT]) for lang, text in texts["desc"][:1]],
        "pa": applicants[:10], "in": [p.name for p in doc.parties_by_role("inventor")][:10],
        "cls": (classes["ipc"] + [s for s in classes["cpc"] if s not in classes["ipc"]])[:8],
        "pd": doc.pub_date.isoformat() if doc.pub_date else None,
        "prd": earliest_priority(doc).isoformat() if earliest_priority(doc) else None,
        "ctry": doc.country, "kind": doc.kind, "lang": doc.lang, "fam_id": doc.family_id,
        "emb": embedding_text(doc),
    }
    d.add_bytes("disp", orjson.dumps(display))
    return list(d)


class LexicalIndex:
    """A tantivy index in ``path`` (``None``: in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._index: Any = None
        self._schema: Any = None

    # lifecycle ----------------------------------------------------------------------------
    @property
    def index(self) -> Any:
        if self._index is None:
            self._open()
        return self._index

    @property
    def schema(self) -> Any:
        if self._schema is None:
            self._open()
        return self._schema

    def _open(self) -> None:
        import tantivy as t

        schema = build_schema()
        try:
            if self.path is None:
                index = t.Index(schema)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                index = t.Index(schema, path=str(self.path), reuse=True)
        except ValueError as exc:
            # an index written with another schema: start over (the store is the source of truth)
            if self.path is None or "schema" not in str(exc).lower():
                raise StoreError(f"cannot open search index {self.path}: {exc}") from exc
            shutil.rmtree(self.path)
            self.path.mkdir(parents=True)
            index = t.Index(schema, path=str(self.path), reuse=True)
        register_analyzers(index)
        self._index, self._schema = index, schema

    def reset(self) -> None:
        """Delete everything (rebuild starts here)."""
        self._index = None
        if self.path is not None and self.path.exists():
            shutil.rmtree(self.path)
        self._open()

    @contextmanager
    def writer(self, *, heap_mb: int = 64, threads: int = 1) -> Iterator[Any]:
        try:
            w = self.index.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
        except ValueError as exc:
            raise StoreError(f"search index {self.path} is locked by another writer: {exc}") from exc
        try:
            yield w
            w.commit()
            w.wait_merging_threads()
        except BaseException:
            w.rollback()
            raise
        finally:
            del w
        self.index.reload()

    def open_writer(self, *, heap_mb: int = 128, threads: int = 2) -> Any:
        """A writer kept open across ingest batches. Two indexing threads with 64 MB each: on the
        16 MB ingest benchmark, ingest with the index took a quarter less time than with one
        thread and 64 MB (fewer, larger segments to merge; the index catches up while the last
        chunks are parsed)."""
        try:
            return self.index.writer(heap_size=heap_mb * 1_000_000, num_threads=threads)
        except ValueError as exc:
            raise StoreError(f"search index {self.path} is locked by another writer: {exc}") from exc

    def close_writer(self, writer: Any) -> None:
        writer.commit()
        writer.wait_merging_threads()
        del writer
        self.index.reload()

    def searcher(self) -> Any:
        return self.index.searcher()

    def reload(self) -> None:
        if self._index is not None:
            self._index.reload()

    # writes -----------------------------------------------------------------------------------
    def upsert(self, writer: Any, docs: Iterable[tuple[PatentDocument, str | None]],
               variants: dict[str, list[tuple[str, str]]] | None = None) -> int:
        """Add or replace documents; ``variants``: other-script spellings of their names by publication."""
        variants = variants or {}
        return self.upsert_fields(writer, {doc.pub_number: index_fields(doc, content_hash, variants.get(doc.pub_number))
                                           for doc, content_hash in docs})

    def upsert_fields(self, writer: Any, prepared: dict[str, list[tuple[int, str, Any]]]) -> int:
        """Add documents given as :func:`index_fields` by publication number."""
        for pub_number, fields in prepared.items():
            writer.delete_documents_by_term("uid", uid_of(pub_number))
            writer.add_document(index_document(fields))
        return len(prepared)

    def delete_uids(self, writer: Any, uids: Iterable[int]) -> int:
        n = 0
        for uid in uids:
            writer.delete_documents_by_term("uid", uid)
            n += 1
        return n

    # reads ------------------------------------------------------------------------------------
    def num_docs(self) -> int:
        return self.searcher().num_docs

    def checks(self) -> dict[int, int]:
        """uid -> checksum of every indexed document."""
        import tantivy as t

        searcher = self.searcher()
        n = searcher.num_docs
        if not n:
            return {}
        addrs = [a for _s, a in searcher.search(t.Query.all_query(), limit=n, count=False).hits]
        uids = searcher.fast_field_values("uid", addrs)
        chks = searcher.fast_field_values("chk", addrs)
        return {int(u): int(c) for u, c in zip(uids, chks, strict=True)}  # type: ignore[arg-type]

    def display(self, searcher: Any, address: Any) -> IndexedDoc:
        doc = searcher.doc(address)
        return IndexedDoc(doc.get_first("pub"), int(doc.get_first("uid")), doc.get_first("fam"),
                          orjson.loads(doc.get_first("disp")))

    def size_bytes(self) -> int:
        if self.path is None or not self.path.exists():
            return 0
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
