"""Read one law text (Markdown, as the National Database of Laws and Regulations publishes it through
LawRefBook) into a :class:`LawRecord`.

The layout: ``# title``, header lines (dates of adoption, amendment, promulgation, entry into force,
decree or 法释 numbers) up to ``<!-- INFO END -->``, then ``## 第X章`` chapters, ``### 第X节`` sections
and articles that each start a line with ``第X条`` (an instrument without articles — a 批复 or a
决定 — numbers its items ``一、``). English-language texts may number ``Article N`` instead, so the
same record takes other countries' laws. A file whose structure is broken (no title, article numbers
that repeat, go back or skip) raises :class:`LawFileError` naming the line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from iprhub.errors import InvalidInput
from iprhub.laws.model import Amendment, Article, LawRecord
from iprhub.laws.numerals import CN_NUMERAL, article_label, cn_to_int

INFO_END = "<!-- INFO END -->"
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_FILE_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")
_CN_ARTICLE = re.compile(rf"^第([{CN_NUMERAL}]+)条(?:之([{CN_NUMERAL}]+))?[ \u3000]+(\S.*)$")
_EN_ARTICLE = re.compile(r"^(?:Article|Art\.|Section)\s+(\d+)(?:[-.]?(\d+))?[.:]?\s+(\S.*)$")
_ITEM = re.compile(rf"^([{CN_NUMERAL}]+)、(.*)$")
_DOC_NUMBER = re.compile(r"(法释〔\d{4}〕\d+号|高检发释字〔\d{4}〕\d+号|(?:[\u4e00-\u9fa5]+、)?[\u4e00-\u9fa5]{2,12}?令第\d+号)")
_BODIES = (  # (text in the header, issuing body), first match wins
    ("全国人民代表大会常务委员会", "全国人民代表大会常务委员会"),
    ("国务院、中华人民共和国中央军事委员会", "国务院、中央军事委员会"),
    ("国家知识产权局", "国家知识产权局"),
    ("国务院", "国务院"),
)
_KIND_OF_BODY = {"全国人民代表大会常务委员会": "law", "国务院": "administrative_regulation",
                 "国务院、中央军事委员会": "administrative_regulation", "国家知识产权局": "departmental_rule",
                 "最高人民法院": "judicial_interpretation", "最高人民法院、最高人民检察院": "judicial_interpretation"}
_KIND_OF_FOLDER = {"民法商法": "law", "经济法": "law", "行政法规": "administrative_regulation",
                   "司法解释": "judicial_interpretation", "部门规章": "departmental_rule"}


class LawFileError(InvalidInput):
    """A law file whose structure is broken; ``file`` and ``position`` (``line N``) say where."""


def parse_law(path: Path, *, name: str | None = None, jurisdiction: str = "CN") -> LawRecord:
    """Parse one file; ``name`` is how it is reported (its path relative to the loaded folder)."""
    shown = name or path.name
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LawFileError(f"cannot read law file: {exc}", file=shown, position="line 1") from exc
    return parse_text(text, name=shown, jurisdiction=jurisdiction, folder=path.parent.name,
                      content_hash=hashlib.sha256(raw).hexdigest())


def parse_text(text: str, *, name: str, jurisdiction: str = "CN", folder: str = "",
               content_hash: str = "") -> LawRecord:
    lines = text.splitlines()

    def error(lineno: int, reason: str) -> LawFileError:
        return LawFileError(reason, file=name, position=f"line {lineno}")

    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith("# ") or not lines[first][2:].strip():
        raise error((first or 0) + 1, "a law file starts with its title ('# title')")
    title = lines[first][2:].strip()
    info_end = next((i for i, line in enumerate(lines) if line.strip() == INFO_END), None)
    header = [(i + 1, line.strip()) for i, line in enumerate(lines[first + 1: info_end or first + 1], first + 1)
              if line.strip()]
    body_start = (info_end + 1) if info_end is not None else first + 1
    record = LawRecord(key="", jurisdiction=jurisdiction.upper(), title=title, short_title=_short(title),
                       kind="other", source_file=name, content_hash=content_hash)
    _read_header(record, header, title)
    record.kind = _KIND_OF_BODY.get(record.issuing_body or "", _KIND_OF_FOLDER.get(folder, "other"))
    _read_body(record, lines, body_start, error)
    m = _FILE_DATE.search(Path(name).stem)
    dates = [d for d in (record.adopted, record.promulgated, record.effective,
                         *(a.date for a in record.amendments)) if d]
    record.version_date = dt.date.fromisoformat(m.group(1)) if m else (max(dates) if dates else None)
    record.key = f"{record.jurisdiction.lower()}-{record.short_title}-{record.version_date or 'undated'}"
    return record


def _short(title: str) -> str:
    return title.removeprefix("中华人民共和国")


def _date(line: str) -> dt.date | None:
    m = _DATE.search(line)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _read_header(record: LawRecord, header: list[tuple[int, str]], title: str) -> None:
    joined = " ".join(line for _, line in header)
    numbers = _DOC_NUMBER.findall(joined.replace("中华人民共和国", ""))
    record.document_number = numbers[-1] if numbers else None  # the latest one the header states
    if "最高人民法院" in joined + title[:8] and "最高人民检察院" in joined + title[:16]:
        record.issuing_body = "最高人民法院、最高人民检察院"
    elif "最高人民法院" in joined or title.startswith("最高人民法院"):
        record.issuing_body = "最高人民法院"
    else:
        record.issuing_body = next((body for needle, body in _BODIES if needle in joined), None)
        if record.issuing_body is None and title.startswith("国务院"):
            record.issuing_body = "国务院"
    for _lineno, line in header:
        day = _date(line)
        if day is None:
            continue
        if "施行" in line and not any(w in line for w in ("通过", "公布", "发布")):
            record.effective = day
        elif any(w in line for w in ("修正", "修订", "修改")) or (record.adopted or record.promulgated):
            if "公布" in line and record.promulgated is None:
                record.promulgated = day
            elif "公布" in line and not any(w in line for w in ("修正", "修订", "修改", "通过")):
                record.promulgated = day
            else:
                record.amendments.append(Amendment(date=day, text=line))
        elif "通过" in line:
            record.adopted = day
        elif "公布" in line or "发布" in line:
            record.promulgated = day


def _read_body(record: LawRecord, lines: list[str], start: int,
               error: Callable[[int, str], LawFileError]) -> None:
    chapter: str | None = None
    section: str | None = None
    preamble: list[str] = []
    current: Article | None = None
    parts: list[str] = []
    has_articles = any(_CN_ARTICLE.match(line.strip()) or _EN_ARTICLE.match(line.strip()) for line in lines[start:])
    last: tuple[int, int] = (0, 0)

    def close() -> None:
        nonlocal current
        if current is not None:
            current.text = "\n".join(parts).strip()
            record.articles.append(current)
            current = None

    for lineno, raw in enumerate(lines[start:], start + 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
            if line.startswith("### "):
                section = heading
            elif line.startswith("## "):
                close()
                chapter, section = heading, None
                record.chapters.append(heading)
            else:
                raise error(lineno, f"a second title inside the law text: {line[:40]!r}")
            continue
        cn = _CN_ARTICLE.match(line)
        en = None if cn else _EN_ARTICLE.match(line)
        item = None if (cn or en or has_articles) else _ITEM.match(line)
        if cn or en or item:
            if cn:
                number, suffix, first_text = cn_to_int(cn.group(1)), (cn_to_int(cn.group(2)) if cn.group(2) else 0), cn.group(3)
            elif en:
                number, suffix, first_text = int(en.group(1)), int(en.group(2) or 0), en.group(3)
            else:
                assert item is not None
                number, suffix, first_text = cn_to_int(item.group(1)), 0, item.group(2)
            expected_next = (last[0] + 1, 0)
            if (number, suffix) <= last:
                raise error(lineno, f"article {number} comes after article {last[0]}: "
                                    "numbers repeat or go back")
            if suffix == 0 and (number, suffix) != expected_next:
                raise error(lineno, f"article {number} follows article {last[0]}: "
                                    f"article {last[0] + 1} is missing")
            close()
            last = (number, suffix)
            label = (article_label(number, suffix or None) if cn else
                     f"Article {number}" + (f"-{suffix}" if suffix else "") if en else f"{item.group(1)}、")  # type: ignore[union-attr]
            current = Article(seq=len(record.articles) + 1, number=number, suffix=suffix or None, label=label,
                              kind="item" if item else "article", chapter=chapter, section=section,
                              text="", line=lineno)
            parts = [first_text]
        elif current is not None:
            parts.append(line)
        else:
            preamble.append(line)
    close()
    if not record.articles and preamble:  # a short instrument (a 批复) without articles: its text is one
        record.articles.append(Article(seq=1, number=1, label="全文", kind="text", text="\n".join(preamble),
                                       line=start + 1))
        preamble = []
    record.preamble = "\n".join(preamble)
    if not record.articles:
        raise error(len(lines), "no text after the header: no articles (第X条) or items (一、)")
    empty = next((a for a in record.articles if not a.text), None)
    if empty is not None:
        raise error(empty.line, f"{empty.label} has no text")
