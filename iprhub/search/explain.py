"""Why a hit matched by meaning: the sentence of the document that made it match, found by the same
multilingual model that ranked it, with the words that carry the match marked in the document's
sentence and in the query.

A semantic hit is explained by comparing the query with every sentence of the hit's best field (the
field whose vector was closest: title, abstract or first claim); the closest sentence is the
explanation. Words are then aligned across languages word by word: a word of the sentence and a word
of the query are marked when they share a stem (the index's analyzer) or when their own vectors are
close (``ALIGN``: ``battery`` and ``电池`` 0.88, ``separator`` and ``セパレータ`` 0.70, unrelated words
≈ 0.3–0.45 with this model). Prior-art search (``similar``) pairs every claim of the query document
with the closest passage of each hit the same way. The hits' sentence vectors are read from the index
when it holds them (:mod:`iprhub.search.sentence_vectors`, made by ``iprhub index --vectors``); only
what it lacks is embedded at query time.

>>> sentences("A battery. It has a separator; and a case.")
[(0, 42)]
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from iprhub.limits import NO_LIMIT, Deadline
from iprhub.search.analysis import CJK_RUN, fold_variants
from iprhub.search.query_language import STOP_WORDS
from iprhub.search.results import ClaimPair, Explanation
from iprhub.search.snippets import Matcher, _stem

if TYPE_CHECKING:
    import numpy as np

ALIGN = 0.6  # cosine of two words' vectors above which they are taken as one meaning
SENTENCE_CHARS = 240  # a sentence is cut here before it is embedded (and shown)
MIN_SENTENCE = 25  # shorter pieces join the next sentence ("1." "Fig. 2" …)
MAX_SENTENCES = 6  # per hit and field compared with the query
MAX_PASSAGES = 8  # per hit in prior-art pairs
MAX_CLAIMS = 20  # query claims paired
_END = re.compile(r"(?<=[.!?;。！？；])\s+|(?<=[。！？；])|\n+")
_LATIN_WORD = re.compile(r"[^\W\d_]{3,}")
_CACHE = 50_000  # word vectors kept between queries
# words every claim set uses: neither searched nor named as shared when a whole document is the query
PATENT_WORDS = frozenset(
    """claim claims claimed said wherein whereby comprising comprises comprise comprised
including includes include consisting consists having first second third fourth one two least plurality
means method methods according thereof therein thereto being further provided provides providing
such same respective respectively each predetermined when than either whether thereby anspruch ansprüche
anspruchs dadurch gekennzeichnet insbesondere wobei daß dass revendication revendications caractérisé
caracterise selon""".split()
)


def sentences(text: str, *, min_len: int = MIN_SENTENCE) -> list[tuple[int, int]]:
    """``[start, end)`` of the sentences of ``text``: they end at ``. ! ? ;`` (and the CJK forms) or at a
    line break; a piece shorter than ``min_len`` (a CJK character counts three) joins the next one, the
    last one the one before, and a sentence is cut at ``SENTENCE_CHARS``."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in [*_END.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        piece = text[start:end]
        if piece.strip():
            pieces.append((start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())))
        start = m.end() if m is not None else len(text)
    out: list[tuple[int, int]] = []
    acc: int | None = None
    for s, e in pieces:
        acc = s if acc is None else acc
        if _weight(text[acc:e]) >= min_len:
            out.append((acc, e))
            acc = None
    if acc is not None:
        if out:
            out[-1] = (out[-1][0], pieces[-1][1])
        else:
            out.append((acc, pieces[-1][1]))
    return [(s, min(e, s + SENTENCE_CHARS)) for s, e in out]


def _weight(text: str) -> int:
    return len(text) + 2 * sum(len(run) for run in CJK_RUN.findall(text))


@dataclass
class Passage:
    """A sentence of a document field: ``claim`` is the 1-based claim number for claims."""

    field: str
    lang: str | None
    text: str
    claim: int | None = None


def field_passages(data: dict[str, Any], name: str, *, claims: int = 5) -> list[Passage]:
    """The sentences of one field of a hit's display data (``ti``: each title whole; ``cl``: the
    sentences of the first ``claims`` claims)."""
    out: list[Passage] = []
    for lang, text in data.get(name) or []:
        if not text:
            continue
        if name == "ti":
            out.append(Passage("ti", lang, text.strip()[:SENTENCE_CHARS]))
            continue
        if name == "cl":
            for num, claim in enumerate(text.split("\n")[:claims], start=1):
                out.extend(Passage("cl", lang, claim[s:e], num) for s, e in sentences(claim))
            continue
        out.extend(Passage(name, lang, text[s:e]) for s, e in sentences(text))
    return out


# function words of the other languages the model reads (English ones are in STOP_WORDS): never aligned
_FUNCTION_WORDS = frozenset(
    """der die das dem den des und oder zum zur von vom mit für fur bei aus auf ein eine
einer eines einem einen ist sind wird werden als auch nach über uber unter durch sowie dass les la le du de des et
ou pour avec dans sur par une un est sont aux ces cette qui que el los las del y o por para con en una unos uno
es son al lo se que il gli della delle di da per con una uno bis vor so zu im am an um wie""".split()
)
_KANA_RUN = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]+")  # katakana (loan words: one word per run)
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7af]+")


def words(text: str) -> list[tuple[str, int, int]]:
    """Content words of ``text`` with their spans: Western words of three letters or more that are no
    function words, Chinese characters (and Japanese kanji) by jieba, katakana and Hangul runs whole;
    hiragana (Japanese particles and endings) is left out."""
    out = [
        (m.group(0), m.start(), m.end())
        for m in _LATIN_WORD.finditer(text)
        if (low := m.group(0).lower()) not in STOP_WORDS
        and low not in _FUNCTION_WORDS
        and not CJK_RUN.search(m.group(0))
    ]
    if not CJK_RUN.search(text):
        return out
    out = [w for w in out if not CJK_RUN.search(w[0])]
    out += [
        (m.group(0), m.start(), m.end())
        for run in (_KANA_RUN, _HANGUL_RUN)
        for m in run.finditer(text)
        if len(m.group(0)) > 1
    ]
    import rjieba

    for m in _HAN_RUN.finditer(text):
        folded = fold_variants(m.group(0))  # same length: the table maps one character to one
        for word, s, e in rjieba.tokenize(folded):
            if word.strip() and not (len(word) == 1 and word in "的之与和及或在为是了其所一种"):
                out.append((m.group(0)[s:e], m.start() + s, m.start() + e))
    return sorted(out, key=lambda w: w[1])


class Explainer:
    """Sentence and word vectors of one encoder, with a bounded cache of word vectors."""

    def __init__(self, encoder: Any, stored: Any = None) -> None:
        self.encoder = encoder
        self.stored = stored  # SentenceVectors of the index, or None: every sentence is embedded here
        self._words: OrderedDict[str, Any] = OrderedDict()
        self._sentences: OrderedDict[str, Any] = OrderedDict()

    def word_vectors(self, items: Sequence[str]) -> dict[str, Any]:
        keys = list(dict.fromkeys(w.lower() for w in items))
        todo = [k for k in keys if k not in self._words]
        if todo:
            for k, v in zip(todo, self.encoder.encode(todo), strict=True):
                self._words[k] = v
            while len(self._words) > _CACHE:
                self._words.popitem(last=False)
        for k in keys:
            self._words.move_to_end(k)
        return {k: self._words[k] for k in keys}

    def align(self, query: str, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(spans in ``text``, spans in ``query``) of the words that carry the match: the same stem, or
        the closest word of the other side with a cosine of ``ALIGN`` or more (across languages)."""
        import numpy as np

        qw, tw = words(query), words(text)
        if not qw or not tw:
            return [], []
        q_hit: set[int] = set()
        t_hit: set[int] = set()
        q_stems = {_stem(w.lower()): i for i, (w, _s, _e) in enumerate(qw)}
        for j, (w, _s, _e) in enumerate(tw):
            i = q_stems.get(_stem(w.lower()))
            if i is not None:
                q_hit.add(i)
                t_hit.add(j)
        vecs = self.word_vectors([w for w, _s, _e in qw] + [w for w, _s, _e in tw])
        qm = np.vstack([vecs[w.lower()] for w, _s, _e in qw])
        tm = np.vstack([vecs[w.lower()] for w, _s, _e in tw])
        sims = qm @ tm.T
        for i in range(len(qw)):
            j = int(np.argmax(sims[i]))
            if sims[i, j] >= ALIGN:
                q_hit.add(i)
                t_hit.add(j)
        for j in range(len(tw)):
            i = int(np.argmax(sims[:, j]))
            if sims[i, j] >= ALIGN:
                q_hit.add(i)
                t_hit.add(j)
        return [(tw[j][1], tw[j][2]) for j in sorted(t_hit)], [(qw[i][1], qw[i][2]) for i in sorted(q_hit)]

    def explain(
        self,
        query: str,
        qvec: np.ndarray,
        items: list[tuple[dict[str, Any], str | None]],
        deadline: Deadline = NO_LIMIT,
        uids: Sequence[int] | None = None,
    ) -> list[Explanation | None]:
        """For each hit (display data, its closest field or None), the sentence closest to the query:
        among the sentences of that field (None: title, abstract and first claim). The sentence vectors
        come from the index where it holds them (``uids`` name the hits in it); the words of the chosen
        sentences of those hits are embedded in one encoder call. Hits whose sentences the index lacks
        are explained three at a time (one encoder call each for their sentences and words) until
        ``deadline``; the rest get None."""
        stored = [self.stored_vectors(u, data) for u, (data, _f) in zip(uids or [None] * len(items), items,
                                                                          strict=True)]
        self._prefetch_words(query, qvec, items, stored)
        out: list[Explanation | None] = []
        for start in range(0, len(items), 3):
            if deadline.expired():
                return out + [None] * (len(items) - len(out))
            out.extend(self._explain_some(query, qvec, items[start : start + 3], stored[start : start + 3]))
        return out

    def stored_vectors(self, uid: int | None, data: dict[str, Any]) -> dict[str, Any]:
        """text -> vector of the hit's passages, as the index holds them (empty when it holds none)."""
        if self.stored is None or uid is None:
            return {}
        return self.stored.for_document(uid, data)

    @staticmethod
    def _candidates(data: dict[str, Any], field: str | None) -> list[Passage]:
        """The sentences compared with the query: of the closest field (None: title, abstract, first claim)."""
        fields = [field] if field else ["ti", "ab", "cl"]
        found = [p for f in fields for p in field_passages(data, f, claims=1 if f == "cl" and not field else 3)]
        return (found or field_passages(data, "desc"))[:MAX_SENTENCES]

    def _prefetch_words(
        self, query: str, qvec: np.ndarray, items: list[tuple[dict[str, Any], str | None]], stored: list[dict[str, Any]]
    ) -> None:
        """Embed, in one call, the words of the query and of the sentence each hit whose sentence vectors
        the index holds will be explained by (an encoder call costs about as much for one word as for a
        hundred)."""
        import numpy as np

        found: list[str] = []
        for (data, field), known in zip(items, stored, strict=True):
            cands = self._candidates(data, field)
            if known and cands and all(p.text in known for p in cands):
                best = cands[int((np.vstack([known[p.text] for p in cands]) @ qvec).argmax())]
                found.extend(w for w, _s, _e in words(best.text))
        if found:
            self.word_vectors([w for w, _s, _e in words(query)] + found)

    def _explain_some(
        self,
        query: str,
        qvec: np.ndarray,
        items: list[tuple[dict[str, Any], str | None]],
        stored: list[dict[str, Any]] | None = None,
    ) -> list[Explanation | None]:
        cands = [self._candidates(data, field) for data, field in items]
        known = {t: v for k in stored or [] for t, v in k.items()}
        flat = [p for ps in cands for p in ps]
        if not flat:
            return [None] * len(items)
        sims = self.encode_sentences([p.text for p in flat], known) @ qvec
        chosen: list[tuple[Passage, float] | None] = []
        at = 0
        for ps in cands:
            if ps:
                i = at + int(sims[at : at + len(ps)].argmax())
                chosen.append((flat[i], float(sims[i])))
            else:
                chosen.append(None)
            at += len(ps)
        self.word_vectors(
            [w for w, _s, _e in words(query)] + [w for c in chosen if c for w, _s, _e in words(c[0].text)]
        )  # one call
        out: list[Explanation | None] = []
        for c in chosen:
            if c is None:
                out.append(None)
                continue
            passage, sim = c
            marks, query_marks = self.align(query, passage.text)
            out.append(
                Explanation(
                    field=passage.field,
                    text=passage.text,
                    lang=passage.lang,
                    similarity=round(sim, 4),
                    highlights=marks,
                    query_highlights=query_marks,
                    claim=passage.claim,
                )
            )
        return out

    def encode_sentences(self, texts: list[str], known: dict[str, Any] | None = None) -> np.ndarray:
        """Sentence vectors: from ``known`` (the index's), else the ones seen recently from a cache (a
        page of hits is often asked again), else embedded now."""
        import numpy as np

        known = known or {}
        todo = list(dict.fromkeys(t for t in texts if t not in known and t not in self._sentences))
        if todo:
            for t, v in zip(todo, self.encoder.encode(todo), strict=True):
                self._sentences[t] = v
            while len(self._sentences) > _CACHE // 10:
                self._sentences.popitem(last=False)
        return np.vstack([known[t] if t in known else self._sentences[t] for t in texts])

    def claim_pairs(
        self,
        claims: list[str],
        claim_vecs: np.ndarray,
        data: dict[str, Any],
        query_words: Matcher,
        deadline: Deadline = NO_LIMIT,
        uid: int | None = None,
    ) -> list[ClaimPair]:
        """Each query claim with the closest passage of the hit: its titles and the ``MAX_PASSAGES``
        sentences of its abstract, claims and description that share the most words with the claims
        (their vectors from the index when it holds them for ``uid``, else embedded)."""
        titles = field_passages(data, "ti")
        rest = [
            *field_passages(data, "ab"),
            *field_passages(data, "cl", claims=20),
            *field_passages(data, "desc")[:400],
        ]
        # the model reads the passages that share the most words with the claims; across languages
        # (nothing shared) the abstract and the first claims, in order
        counted = [(len(query_words.spans(p.text)) if query_words else 0, i) for i, p in enumerate(rest)]
        keep = sorted(
            i for n, i in sorted(counted, key=lambda x: (-x[0], x[1]))[: MAX_PASSAGES - len(titles)]
        )
        passages = titles + [rest[i] for i in keep]
        if not passages or not claims:
            return []
        deadline.check("explaining the hits")
        sims = claim_vecs @ self.encode_sentences([p.text for p in passages], self.stored_vectors(uid, data)).T
        out = []
        for i, text in enumerate(claims):
            j = int(sims[i].argmax())
            p = passages[j]
            out.append(
                ClaimPair(
                    claim=i + 1,
                    claim_text=text[:SENTENCE_CHARS],
                    field=p.field,
                    passage=p.text,
                    lang=p.lang,
                    similarity=round(float(sims[i, j]), 4),
                    passage_claim=p.claim,
                    highlights=query_words.spans(p.text),
                )
            )
        return out


def shared_words(matcher: Matcher, data: dict[str, Any], weight: Any, top: int = 4) -> list[str]:
    """The query's words the hit has (as written in the hit), those that weigh most (``weight(stem)``:
    how often the query says it times how rare it is) first."""
    found: dict[str, str] = {}
    for name in ("ti", "ab", "cl"):
        for _lang, text in data.get(name) or []:
            for s, e in matcher.spans(text):
                word = text[s:e].lower()
                if word not in PATENT_WORDS and word not in _FUNCTION_WORDS and word not in STOP_WORDS:
                    found.setdefault(_stem(word), word)
    return [found[k] for k in sorted(found, key=lambda k: -weight(k))[:top]]


_CJK_PATENT_WORDS = re.compile(
    "請求項|请求项|前記|前记|所述|權利要求|权利要求|其特征在于|特徴とする|記載の|记载的"
)


def without_patent_words(text: str) -> str:
    """``text`` less the words every claim set uses (``PATENT_WORDS``, and the Chinese and Japanese
    claim phrases), for a whole document as a query."""
    text = _CJK_PATENT_WORDS.sub(" ", fold_variants(text))
    text = re.sub(
        r"\b(?=[^\W_]*\d)(?![^\W\d_]*(?:\d+[^\W\d_]*){0,3}[^\W\d_]{3})[^\W_]+", " ", text
    )  # 2mm, 6Co0
    return re.sub(
        r"[^\W\d_]+",
        lambda m: "" if (w := m.group(0).lower()) in PATENT_WORDS or w in _FUNCTION_WORDS else m.group(0),
        text,
    )


def reason(pairs: list[ClaimPair], ranks: dict[str, int], words_: list[str], similarity: float | None) -> str:
    """One line an examiner reads first: where both modes ranked it, the words in common, the best pair."""
    parts = []
    if "bm25" in ranks and "semantic" in ranks:
        parts.append(f"words #{ranks['bm25']}, meaning #{ranks['semantic']}")
    elif "semantic" in ranks:
        parts.append(f"meaning #{ranks['semantic']} (no word of the query in common)")
    if words_:
        parts.append("shares " + ", ".join(words_))
    if pairs:
        best = max(pairs, key=lambda p: p.similarity)
        where = {"ti": "title", "ab": "abstract", "cl": f"claim {best.passage_claim}", "desc": "description"}
        parts.append(f"claim {best.claim} ↔ its {where.get(best.field, best.field)} ({best.similarity:.2f})")
    elif similarity is not None:
        parts.append(f"cosine {similarity:.2f}")
    return "; ".join(parts)
