"""The law base in the store: load law files (all or nothing per file), list, resolve a law by key or
title, show an article, search articles.

A file that does not parse is reported with its position and stores nothing; the law it would have
replaced stays as it was. Loading the same bytes again changes nothing (``unchanged``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update

from iprhub.errors import InvalidInput, NotFound
from iprhub.laws import tables as t
from iprhub.laws.article_search import ArticleIndex, query_terms, snippet
from iprhub.laws.model import (
    Amendment,
    Article,
    ArticleHit,
    ArticleView,
    LawLoadReport,
    LawRecord,
    LawSearchResult,
    LawSummary,
    LoadProblem,
)
from iprhub.laws.numerals import parse_article_ref, split_citation
from iprhub.laws.parser import LawFileError, parse_law

NOT_LAWS = {"MANIFEST.md", "README.md"}
# the rank of an instrument multiplies its articles' scores: at an equal match the statute comes before
# the regulation implementing it and the interpretation applying it
KIND_PRIOR = {"law": 1.25, "administrative_regulation": 1.1}
_MANIFEST_SOURCE = re.compile(r"`(LawRefBook/Laws)`, commit ([0-9a-f]{40})")


def law_texts_among(paths: Iterable[str]) -> list[Path]:
    """The files among ``paths`` that are law texts in the LawRefBook layout (Markdown with the
    ``<!-- INFO END -->`` header marker): what the core ingest reports as unsupported Markdown."""
    found = []
    for text in paths:
        path = Path(text)
        if path.suffix != ".md" or path.name in NOT_LAWS or not path.is_file():
            continue
        with path.open("rb") as fh:
            if b"<!-- INFO END -->" in fh.read(8192):
                found.append(path)
    return found


def _root_of(path: Path) -> Path:
    """The folder a law file is named from: the nearest parent (3 levels up at most) holding a MANIFEST.md."""
    for parent in list(path.parents)[:3]:
        if (parent / "MANIFEST.md").is_file():
            return parent
    return path.parent


def _files(paths: Iterable[Path]) -> list[tuple[Path, str, str | None]]:
    """(file, name to report, source URL) for every law file under the paths."""
    out = []
    for path in paths:
        if not path.exists():
            raise NotFound(f"no such file or folder: {path}", file=str(path))
        root = path if path.is_dir() else _root_of(path)
        base = _source_base(root)
        files = sorted(p for p in path.rglob("*.md") if p.name not in NOT_LAWS) if path.is_dir() else [path]
        for f in files:
            name = str(f.relative_to(root))
            out.append((f, name, f"{base}/{name}" if base else None))
    return out


def _source_base(root: Path) -> str | None:
    manifest = root / "MANIFEST.md"
    if manifest.is_file():
        m = _MANIFEST_SOURCE.search(manifest.read_text(encoding="utf-8", errors="replace"))
        if m:
            return f"https://github.com/{m.group(1)}/blob/{m.group(2)}"
    return None


def _norm_title(title: str) -> str:
    return re.sub(r"[\s、《》〈〉<>]", "", title.removeprefix("中华人民共和国"))


class LawBase:
    def __init__(self, store: Any) -> None:
        self.store = store
        self._index: tuple[tuple[Any, ...], ArticleIndex, list[tuple[str, int]], list[str]] | None = None
        self._meta: dict[str, dict[str, Any]] = {}
        self._prior: list[float] = []

    # loading ---------------------------------------------------------------------------
    def load(self, paths: Iterable[Path], jurisdiction: str = "CN") -> LawLoadReport:
        files = _files(paths)
        parsed: list[LawRecord] = []
        problems: list[LoadProblem] = []
        for path, name, url in files:
            try:
                record = parse_law(path, name=name, jurisdiction=jurisdiction)
            except LawFileError as exc:
                problems.append(LoadProblem(file=exc.file or name, position=str(exc.position), reason=exc.message))
                continue
            record.source_url = url
            twin = next((r for r in parsed if _norm_title(r.title) == _norm_title(record.title)
                         and [a.text for a in r.articles] == [a.text for a in record.articles]), None)
            if twin is not None:
                problems.append(LoadProblem(file=name, position="whole file",
                                            reason=f"same text as {twin.source_file}; not stored twice"))
                continue
            parsed.append(record)
        stored = unchanged = 0
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.store.begin() as conn:
            hashes = dict(conn.execute(select(t.laws.c.key, t.laws.c.content_hash)).all())
            for record in parsed:
                if hashes.get(record.key) == record.content_hash:
                    unchanged += 1
                    continue
                conn.execute(delete(t.articles).where(t.articles.c.law_key == record.key))
                conn.execute(delete(t.laws).where(t.laws.c.key == record.key))
                conn.execute(t.laws.insert().values(**_law_row(record, now)))
                conn.execute(t.articles.insert(), [_article_row(record.key, a) for a in record.articles])
                stored += 1
            self._restamp(conn)
        self._index = None
        return LawLoadReport(files=len(files), stored=stored, unchanged=unchanged,
                             articles=sum(len(r.articles) for r in parsed), problems=problems)

    @staticmethod
    def _restamp(conn: Any) -> None:
        """Status: the newest version of each title is ``current``, older ones ``superseded``."""
        rows = conn.execute(select(t.laws.c.key, t.laws.c.jurisdiction, t.laws.c.title, t.laws.c.version_date,
                                   t.laws.c.status)).all()
        newest: dict[tuple[str, str], Any] = {}
        for r in rows:
            k = (r.jurisdiction, _norm_title(r.title))
            newest[k] = max(newest.get(k) or dt.date.min, r.version_date or dt.date.min)
        for r in rows:
            status = "current" if (r.version_date or dt.date.min) == newest[(r.jurisdiction, _norm_title(r.title))] \
                else "superseded"
            if status != r.status:
                conn.execute(update(t.laws).where(t.laws.c.key == r.key).values(status=status))

    # reading ---------------------------------------------------------------------------
    def summaries(self, jurisdiction: str | None = None) -> list[LawSummary]:
        counts = (select(t.articles.c.law_key, func.count().label("n")).group_by(t.articles.c.law_key).subquery())
        q = select(t.laws, counts.c.n).join(counts, counts.c.law_key == t.laws.c.key, isouter=True)
        if jurisdiction:
            q = q.where(t.laws.c.jurisdiction == jurisdiction.upper())
        with self.store.reading() as conn:
            rows = conn.execute(q.order_by(t.laws.c.jurisdiction, t.laws.c.kind, t.laws.c.short_title,
                                           t.laws.c.version_date)).all()
        return [_summary(r, r.n or 0) for r in rows]

    def law(self, ref: str) -> LawRecord:
        key = self.resolve(ref)
        with self.store.reading() as conn:
            row = conn.execute(select(t.laws).where(t.laws.c.key == key)).one()
            arts = conn.execute(select(t.articles).where(t.articles.c.law_key == key)
                                .order_by(t.articles.c.seq)).all()
        return _record(row, arts)

    def resolve(self, ref: str) -> str:
        """A law's key from its key, title or short title (``专利法``); several versions: the current one."""
        wanted = ref.strip()
        if not wanted:
            raise InvalidInput("name a law: its key, title or short title", field="law")
        with self.store.reading() as conn:
            rows = conn.execute(select(t.laws.c.key, t.laws.c.title, t.laws.c.short_title, t.laws.c.status)).all()
        if any(r.key == wanted for r in rows):
            return wanted
        norm = _norm_title(wanted)
        exact = [r for r in rows if norm in (_norm_title(r.title), _norm_title(r.short_title))]
        found = exact or [r for r in rows if norm and norm in _norm_title(r.title)]
        current = [r for r in found if r.status == "current"] or found
        if len({_norm_title(r.title) for r in current}) > 1 or len(current) > 1 and not exact:
            raise InvalidInput(f"{ref!r} names several laws: " + "; ".join(sorted(r.key for r in current)[:8]),
                               field="law")
        if not current:
            raise NotFound(f"no law {ref!r} in the law base (load one: iprhub law load PATH)", field="law")
        return current[0].key

    def article(self, ref: str, article: str | None = None) -> ArticleView:
        """``article("专利法", "第七十一条")`` or ``article("专利法 第七十一条")``; also ``71`` and ``Art. 71``."""
        if article is None:
            ref, article = split_citation(ref)
            if article is None:
                raise InvalidInput(f"{ref!r} names no article (e.g. 专利法 第七十一条)", field="article")
        record = self.law(ref)
        try:
            number, suffix = parse_article_ref(article)
        except ValueError as exc:
            raise InvalidInput(str(exc), field="article") from exc
        for i, a in enumerate(record.articles):
            if a.number == number and a.suffix == suffix:
                prev = record.articles[i - 1] if i else None
                nxt = record.articles[i + 1] if i + 1 < len(record.articles) else None
                return ArticleView(law=_summary_of(record), article=a, citation=record.citation(a),
                                   previous=prev.ref if prev else None, previous_label=prev.label if prev else None,
                                   next=nxt.ref if nxt else None, next_label=nxt.label if nxt else None)
        raise NotFound(f"{record.short_title} has no article {article} ({len(record.articles)} articles)",
                       field="article")

    # search ----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 10, include_superseded: bool = False) -> LawSearchResult:
        if not query.strip():
            raise InvalidInput("an empty query", field="q")
        if len(query) > 200:
            raise InvalidInput("a query of at most 200 characters", field="q", position=200)
        index, refs, groups, meta = self._current_index()
        raw = index.search(query, limit=len(index), group=groups, prior=self._prior)
        hits: list[ArticleHit] = []
        total = 0
        for h in raw:
            key, seq = refs[int(h.ref)]
            law = meta[key]
            if law["status"] == "superseded" and not include_superseded:
                continue
            total += 1
            if len(hits) >= limit:  # counted, not rendered
                continue
            a = law["articles"][seq]
            hits.append(ArticleHit(law_key=key, law_title=law["title"], short_title=law["short_title"],
                                   status=law["status"], label=a["label"], number=a["number"], suffix=a["suffix"],
                                   citation=f"{law['short_title']} {a['label']}", score=h.score,
                                   snippet=snippet(a["text"], h.matched)))
        return LawSearchResult(query=query, terms=query_terms(query), total=total, hits=hits)

    def _current_index(self) -> tuple[ArticleIndex, list[tuple[str, int]], list[str], dict[str, dict[str, Any]]]:
        with self.store.reading() as conn:
            stamp = tuple(conn.execute(select(func.count(), func.max(t.laws.c.loaded_at),
                                              func.sum(func.length(t.laws.c.status)))).one())
            if self._index is not None and self._index[0] == stamp:
                return self._index[1], self._index[2], self._index[3], self._meta
            laws = {r.key: {"title": r.title, "short_title": r.short_title, "status": r.status, "kind": r.kind,
                            "articles": {}}
                    for r in conn.execute(select(t.laws.c.key, t.laws.c.title, t.laws.c.short_title,
                                                 t.laws.c.status, t.laws.c.kind))}
            arts = conn.execute(select(t.articles).order_by(t.articles.c.law_key, t.articles.c.seq)).all()
        refs: list[tuple[str, int]] = []
        groups: list[str] = []
        docs: list[tuple[str, str, str]] = []
        for a in arts:
            laws[a.law_key]["articles"][a.seq] = {"label": a.label, "number": a.number, "suffix": a.suffix,
                                                 "text": a.text}
            docs.append((str(len(refs)), a.label, a.text))
            refs.append((a.law_key, a.seq))
            groups.append(a.law_key)
        index = ArticleIndex(docs)
        self._prior = [KIND_PRIOR.get(laws[key]["kind"], 1.0) for key, _ in refs]
        self._meta = laws
        self._index = (stamp, index, refs, groups)
        return index, refs, groups, laws


def _law_row(r: LawRecord, now: str) -> dict[str, Any]:
    return {"key": r.key, "jurisdiction": r.jurisdiction, "title": r.title, "short_title": r.short_title,
            "kind": r.kind, "issuing_body": r.issuing_body, "document_number": r.document_number,
            "adopted": r.adopted, "promulgated": r.promulgated, "effective": r.effective,
            "version_date": r.version_date, "status": r.status,
            "amendments": json.dumps([a.model_dump(mode="json") for a in r.amendments], ensure_ascii=False),
            "chapters": json.dumps(r.chapters, ensure_ascii=False), "preamble": r.preamble,
            "source_file": r.source_file, "source_url": r.source_url, "content_hash": r.content_hash,
            "loaded_at": now}


def _article_row(key: str, a: Article) -> dict[str, Any]:
    return {"law_key": key, **a.model_dump()}


def _record(row: Any, arts: list[Any]) -> LawRecord:
    return LawRecord(
        key=row.key, jurisdiction=row.jurisdiction, title=row.title, short_title=row.short_title, kind=row.kind,
        issuing_body=row.issuing_body, document_number=row.document_number, adopted=row.adopted,
        promulgated=row.promulgated, effective=row.effective, version_date=row.version_date, status=row.status,
        amendments=[Amendment(**a) for a in json.loads(row.amendments)], chapters=json.loads(row.chapters),
        preamble=row.preamble, source_file=row.source_file, source_url=row.source_url,
        content_hash=row.content_hash,
        articles=[Article(seq=a.seq, number=a.number, suffix=a.suffix, label=a.label, kind=a.kind,
                          chapter=a.chapter, section=a.section, text=a.text, line=a.line) for a in arts])


def _summary(row: Any, n: int) -> LawSummary:
    return LawSummary(key=row.key, jurisdiction=row.jurisdiction, title=row.title, short_title=row.short_title,
                      kind=row.kind, issuing_body=row.issuing_body, document_number=row.document_number,
                      effective=row.effective, version_date=row.version_date, status=row.status, articles=n)


def _summary_of(r: LawRecord) -> LawSummary:
    return _summary(r, len(r.articles))
