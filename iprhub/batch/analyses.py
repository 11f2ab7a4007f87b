"""``iprhub batch analyze``: the result-set analyses of ``hub.analytics`` over the batch dataset, with
Spark SQL: the set is an office's publications (``--office EP``: what the query ``ctry=EP`` lists),
or every publication.

The executors merge each publication's sources as the store does
(:func:`iprhub.batch.publications.merged_publication`) and flatten it into the columns the analyses
read (:func:`_analysis_row`: what ``iprhub.analytics.dataset.Doc`` holds, read from the merged record
instead of the store's side tables, and the title's words); every count is then a Spark SQL
aggregation over that view (``batch_docs``), exploded where a document has several values. Counts,
orders and tie-breaks are the embedded analyses' (count descending, then the key: symbol, name,
country, a co-applicant pair's two names, the cited kind-less number), so the charts equal
``hub.analytics.analyze`` of the same set on a store loaded from the same files, whatever order its
search lists the set in.

All fifteen analyses run here. The text clusters split: Spark tokenises the titles and counts each
unit's words; the driver runs the embedded seeded k-means (:func:`iprhub.analytics.text_clusters.
cluster_words`) over the collected counts, which a distributed k-means (another summation order)
would not reproduce exactly. Applicants count by name: the store's party entities (the ``parties``
capability's index) are built from the store and are not at hand on a cluster; an embedded hub
without that capability counts the same way."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

import orjson

from iprhub.analytics.model import Analysis, Chart, Unit
from iprhub.analytics.text_clusters import cluster_words, title_words
from iprhub.batch.dataset import records_path
from iprhub.batch.publications import merged_publication, publication_rows
from iprhub.errors import InvalidInput

APPLICANT_ROLES = ("applicant", "assignee", "owner")
MAX_LISTED = 50  # documents a row's link lists before it falls back to a filter (as the embedded analyses)
BATCH_ANALYSES = (  # every analysis of ``hub.analytics.analyze``, in its order
    "trend",
    "applicants",
    "inventors",
    "ipc-section",
    "ipc-class",
    "ipc-subclass",
    "ipc-group",
    "cpc-subclass",
    "flows",
    "co-applicants",
    "citations",
    "lifecycle",
    "concentration",
    "rta",
    "clusters",
)
_LEVELS = {"section": "sections", "class": "classes", "subclass": "subclasses", "group": "main groups"}


def _analysis_row(rows: Iterable[Any]) -> tuple[Any, ...]:
    """One merged publication as the analyses read it."""
    merged, _sources = merged_publication(rows)
    d = merged.doc
    parties = sorted(merged.parties, key=lambda p: p[1])  # (role, sequence, name, key, country), by sequence
    applicants: list[tuple[str, str | None]] = []
    for role, _seq, name, _key, country in parties:
        if role in APPLICANT_ROLES and name not in (n for n, _c in applicants):
            applicants.append((name, country))
    dates = [p[2] for p in merged.priorities if p[2]]
    priority = min(dates) if dates else None
    dated = sorted(((date or dt.date.max), country) for country, _n, date in merged.priorities)
    pub_date, app_date = d["pub_date"], d["app_date"]
    # patent citations as the store keeps them (doc_citations rows with a number), each once a document
    cited = sorted({(c[0], c[1]) for c in merged.citations if c[0] is not None}, key=lambda c: (c[0], c[1] or ""))
    return (
        merged.pub_number,
        d["country"],
        d["doc_type"],
        d["family_id"] or f"doc:{merged.pub_number}",
        pub_date.isoformat() if pub_date else None,
        _year(pub_date),
        _year(app_date),
        _year(priority or app_date),
        _year(priority or app_date or pub_date),
        dated[0][1] if dated else d["country"],
        [(n, c) for n, c in applicants],
        sorted({p[4] for p in parties if p[0] in APPLICANT_ROLES and p[4]}),
        [p[2] for p in parties if p[0] == "inventor"],
        [c[1] for c in merged.classes if c[0] == "IPC"],
        [c[1] for c in merged.classes if c[0] == "CPC"],
        f"{d['country']}{d['doc_number']}",
        [(n, c) for n, c in cited],
        title_words(d["title"]),
    )


def _year(value: dt.date | None) -> int | None:
    return value.year if value else None


def _schema() -> Any:
    from pyspark.sql import types as T

    s, i = T.StringType(), T.IntegerType()
    pair = T.StructType([T.StructField("name", s), T.StructField("country", s)])
    cited = T.StructType([T.StructField("number", s), T.StructField("country", s)])
    return T.StructType(
        [
            T.StructField(n, t, True)
            for n, t in (
                ("pub", s),
                ("country", s),
                ("doc_type", s),
                ("family", s),
                ("pub_date", s),
                ("pub_year", i),
                ("app_year", i),
                ("prio_year", i),
                ("life_year", i),
                ("prio_country", s),
                ("applicants", T.ArrayType(pair)),
                ("party_countries", T.ArrayType(s)),
                ("inventors", T.ArrayType(s)),
                ("ipc", T.ArrayType(s)),
                ("cpc", T.ArrayType(s)),
                ("kindless", s),
                ("cited", T.ArrayType(cited)),
                ("words", T.ArrayType(s)),
            )
        ]
    )


def _title_rows(rows: Iterable[Any]) -> list[tuple[str, str, str, str, tuple[int, int, int, int]]]:
    out = []
    for place, record in rows:
        for i, r in enumerate(orjson.loads(record)):
            out.append((r["scheme"], r["symbol"], r.get("lang", "en"), r["title"], (*place, i)))
    return out


def batch_analyze(
    spark: Any,
    dataset: str,
    *,
    office: str | None = None,
    unit: Unit = "family",
    only: Iterable[str] | None = None,
    top: int = 20,
) -> Analysis:
    """The analyses of the publications of ``office`` (all when None) in ``dataset``."""
    from pyspark.sql import functions as F

    if unit not in ("family", "document"):
        raise InvalidInput(f"unknown unit {unit!r} (family or document)", field="unit")
    chosen = list(only or BATCH_ANALYSES)
    unknown = [a for a in chosen if a not in BATCH_ANALYSES]
    if unknown:
        raise InvalidInput(
            f"unknown analysis {unknown[0]!r} (these run on Spark: {', '.join(BATCH_ANALYSES)})",
            field="only",
        )
    df = spark.read.parquet(records_path(dataset))
    docs = spark.createDataFrame(
        publication_rows(df).groupByKey().map(lambda kv: _analysis_row(kv[1])), _schema()
    )
    docs = docs.withColumn("unit_key", F.col("family") if unit == "family" else F.col("pub")).cache()
    docs.createOrReplaceTempView("batch_all_docs")  # the whole collection: the RTA baseline
    where = f"WHERE country = '{_office(office)}'" if office else ""
    spark.sql(f"SELECT * FROM batch_all_docs {where}").createOrReplaceTempView("batch_docs")
    titles = (
        df.where(F.col("kind") == "class-titles")
        .select("file_index", "part", "seq", "record")
        .rdd.map(lambda r: ((r[0], r[1], r[2]), r[3]))
        .flatMap(lambda r: _title_rows([r]))
    )
    spark.createDataFrame(
        titles,
        "scheme string, symbol string, lang string, title string, place struct<f:int,p:int,s:int,i:int>",
    ).createOrReplaceTempView("batch_titles")
    query = f"ctry={_office(office)}" if office else "*"
    run = _Run(spark, query, top)
    charts = [getattr(run, name.replace("-", "_"))() for name in chosen]
    summary = spark.sql("SELECT count(*), count(DISTINCT family) FROM batch_docs").collect()[0]
    types = {
        str(r[0]): int(r[1])
        for r in spark.sql(
            "SELECT doc_type, count(*) AS n FROM batch_docs GROUP BY doc_type ORDER BY n DESC, doc_type"
        ).collect()
    }
    newest = spark.sql("SELECT max(pub_date) FROM batch_all_docs").collect()[0][0]
    docs.unpersist()
    return Analysis(
        query=query,
        unit=unit,
        documents=int(summary[0]),
        families=int(summary[1]),
        total_matches=int(summary[0]),
        document_types=types,
        basis=_basis(types, unit),
        data_cutoff=str(newest) if newest else None,
        charts=charts,
    )


def _office(office: str | None) -> str:
    code = (office or "").strip().upper()
    if not (len(code) == 2 and code.isalpha()):
        raise InvalidInput(f"not an office code: {office!r} (two letters: EP, US, CN …)", field="office")
    return code


def _basis(types: dict[str, int], unit: Unit) -> str:
    """What the counts are of (the embedded analyses' wording)."""
    apps = types.get("application", 0)
    grants = sum(types.get(t, 0) for t in ("grant", "design", "plant", "reissue"))
    what = (
        "simple families (DOCDB family id; a document without one counts alone)"
        if unit == "family"
        else "documents (publications)"
    )
    if apps and grants:
        return (
            f"counts are of {what}; the set holds {apps} application publications and {grants} grants "
            f"({sum(types.values()) - apps - grants} other documents): counts mix applications and grants"
        )
    held = (
        f"application publications only ({apps})"
        if apps
        else f"grants only ({grants})"
        if grants
        else "no applications or grants"
    )
    return f"counts are of {what}; the set holds {held}"


def _quote(text: str) -> str:
    return '"' + text.replace('"', " ") + '"'


def _level_sql(level: str) -> str:
    s = "replace(sym, ' ', '')"
    return {
        "section": f"substr({s}, 1, 1)",
        "class": f"substr({s}, 1, 3)",
        "subclass": f"substr({s}, 1, 4)",
        "group": f"CASE WHEN instr({s}, '/') > 0 THEN concat(substr({s}, 1, 4), ' ', "
        f"substring_index(substr({s}, 5), '/', 1), '/00') ELSE substr({s}, 1, 4) END",
    }[level]


class _Run:
    """Each analysis as Spark SQL over ``batch_docs``."""

    def __init__(self, spark: Any, query: str, top: int) -> None:
        self.spark, self.query, self.top = spark, query, top

    def _rows(self, sql: str) -> list[Any]:
        return self.spark.sql(sql).collect()

    def link(self, condition: str) -> str:
        return f"({self.query}) and {condition}"

    def link_numbers(self, pubs: list[str] | None, fallback: str | None = None) -> str | None:
        if pubs and len(pubs) <= MAX_LISTED:
            return "(" + " or ".join(f"pn={p}" for p in sorted(pubs)) + ")"
        return self.link(fallback) if fallback else None

    def _years(self, column: str) -> dict[int, int]:
        return {
            int(r[0]): int(r[1])
            for r in self._rows(
                f"SELECT {column}, count(DISTINCT unit_key) FROM batch_docs WHERE {column} IS NOT NULL GROUP BY 1"
            )
        }

    def trend(self) -> Chart:
        by = {
            b: self._years(c)
            for b, c in (("priority", "prio_year"), ("filing", "app_year"), ("publication", "pub_year"))
        }
        years = sorted(set().union(*by.values()))
        return Chart(
            id="trend",
            title="Trend by year",
            kind="line",
            columns=["year", "priority", "filing", "publication"],
            rows=[
                [y, by["priority"].get(y, 0), by["filing"].get(y, 0), by["publication"].get(y, 0)]
                for y in years
            ],
            links=[self.link(f"pd={y}") for y in years],
            value="publication",
            notes=["priority: earliest priority date, else the filing date"],
        )

    def _ranked(self, sql_from: str, key: str, limit: int | None) -> list[tuple[str, int]]:
        cut = f"LIMIT {limit}" if limit else ""
        return [
            (str(r[0]), int(r[1]))
            for r in self._rows(
                f"SELECT {key} AS k, count(DISTINCT unit_key) AS n FROM {sql_from} GROUP BY {key} "
                f"ORDER BY n DESC, k {cut}"
            )
        ]

    def applicants(self) -> Chart:
        rows = self._ranked("batch_docs LATERAL VIEW explode(applicants) a AS ap", "ap.name", self.top)
        return Chart(
            id="applicants",
            title="Top applicants",
            columns=["entity", "applicant", "count"],
            rows=[[e, e, n] for e, n in rows],
            links=[self.link(f'pa="{e}"') for e, _n in rows],
            notes=["applicants merged into entities across spellings (parties)"],
        )

    def inventors(self) -> Chart:
        rows = self._ranked("batch_docs LATERAL VIEW explode(inventors) i AS inv", "inv", self.top)
        return Chart(
            id="inventors",
            title="Top inventors",
            columns=["inventor", "count"],
            rows=[[k, n] for k, n in rows],
            links=[self.link(f"in={_quote(k)}") for k, _n in rows],
        )

    def _classes(self, scheme: str, level: str) -> Chart:
        field = scheme.lower()
        rows = self._ranked(f"batch_docs LATERAL VIEW explode({field}) c AS sym", _level_sql(level), self.top)
        titles = (
            {
                (r[0]): r[1]
                for r in self._rows(
                    "SELECT symbol, min_by(title, struct(lang, place)) FROM (SELECT symbol, lang, "
                    "min_by(title, place) AS title, min(place) AS place FROM batch_titles "
                    f"WHERE scheme = '{scheme}' GROUP BY symbol, lang) GROUP BY symbol"
                )
            }
            if rows
            else {}
        )
        return Chart(
            id=f"{field}-{level}",
            title=f"{scheme} {_LEVELS[level]}",
            columns=["symbol", "title", "count"],
            rows=[[k, titles.get(k), n] for k, n in rows],
            links=[self.link(f"{field}={k.replace(' ', '')}") for k, _n in rows],
        )

    def ipc_section(self) -> Chart:
        return self._classes("IPC", "section")

    def ipc_class(self) -> Chart:
        return self._classes("IPC", "class")

    def ipc_subclass(self) -> Chart:
        return self._classes("IPC", "subclass")

    def ipc_group(self) -> Chart:
        return self._classes("IPC", "group")

    def cpc_subclass(self) -> Chart:
        return self._classes("CPC", "subclass")

    def flows(self) -> Chart:
        found = self._rows(
            "SELECT prio_country, country, count(DISTINCT unit_key) AS n, count(DISTINCT pub) AS p, "
            f"CASE WHEN count(DISTINCT pub) <= {MAX_LISTED} THEN collect_set(pub) END AS pubs FROM batch_docs "
            f"GROUP BY prio_country, country ORDER BY n DESC, prio_country, country LIMIT {self.top * 2}"
        )
        return Chart(
            id="flows",
            title="Priority country to filing office",
            kind="table",
            columns=["priority country", "office", "count"],
            rows=[[r[0], r[1], int(r[2])] for r in found],
            links=[self.link_numbers(r[4], f"ctry={r[1]}") for r in found],
            notes=[
                "priority country: of the earliest priority, else the office itself (first filings)",
                f"a row's link lists its documents (up to {MAX_LISTED}; past that, every document of "
                "the office)",
            ],
        )

    def lifecycle(self) -> Chart:
        found = self._rows(
            "SELECT life_year, count(DISTINCT ap.name), count(DISTINCT unit_key), "
            f"CASE WHEN count(DISTINCT pub) <= {MAX_LISTED} THEN collect_set(pub) END FROM batch_docs "
            "LATERAL VIEW OUTER explode(applicants) a AS ap WHERE life_year IS NOT NULL GROUP BY life_year "
            "ORDER BY life_year"
        )
        years = [int(r[0]) for r in found]
        return Chart(
            id="lifecycle",
            title="Technology life cycle",
            kind="line",
            columns=["year", "applicants", "applications"],
            rows=[[int(r[0]), int(r[1]), int(r[2])] for r in found],
            # the year is the earliest priority's (else filing, publication): the row's documents are listed,
            # as the embedded analysis does; past MAX_LISTED the priority-date field
            links=[self.link_numbers(r[3], f"prd={y}") for r, y in zip(found, years, strict=True)],
            value="applications",
            notes=["applicants vs applications per priority year (else filing, publication)"],
        )

    def concentration(self) -> Chart:
        ranked = self._ranked("batch_docs LATERAL VIEW explode(applicants) a AS ap", "ap.name", None)
        counts = [n for _e, n in ranked]
        total = sum(counts)
        shares = [c / total for c in counts] if total else []
        figures = {
            "CR4": round(sum(shares[:4]), 4),
            "CR8": round(sum(shares[:8]), 4),
            "HHI": round(sum((s * 100) ** 2 for s in shares), 1),
            "applicants": float(len(counts)),
        }
        return Chart(
            id="concentration",
            title="Concentration of applicants",
            columns=["applicant", "share"],
            rows=[[e, round(n / total, 4)] for e, n in ranked[:10]] if total else [],
            links=[self.link(f'pa="{e}"') for e, _n in ranked[:10]],
            value="share",
            figures=figures,
            notes=[
                "shares of applicant-unit counts (a co-applied unit counts for each applicant); "
                "HHI on percentage shares (0..10,000)"
            ],
        )

    def rta(self) -> Chart:
        here = self._rows(
            "SELECT c, count(*) AS n, CASE WHEN count(*) <= 50 THEN collect_set(pub) END FROM (SELECT DISTINCT pub, "
            "ap.country AS c FROM batch_docs LATERAL VIEW explode(applicants) a AS ap WHERE ap.country IS NOT NULL "
            f"AND ap.country != '') GROUP BY c ORDER BY n DESC, c LIMIT {self.top}"
        )
        base = {
            str(r[0]): int(r[1])
            for r in self._rows(
                "SELECT c, count(DISTINCT pub) FROM batch_all_docs LATERAL VIEW explode(party_countries) p AS c GROUP BY c"
            )
        }
        totals = self._rows(
            "SELECT count(*) FROM (SELECT DISTINCT pub, ap.country FROM batch_docs LATERAL VIEW explode(applicants) "
            "a AS ap WHERE ap.country IS NOT NULL AND ap.country != '')"
        )
        n_here, n_all = int(totals[0][0]), sum(base.values())
        rows = []
        for country, n, _pubs in here:
            b = base.get(country, 0)
            value = (n / n_here) / (b / n_all) if b and n_all and n_here else None
            rows.append([country, int(n), b, round(value, 3) if value is not None else None])
        return Chart(
            id="rta",
            title="Relative technological advantage by country",
            columns=["country", "documents", "documents in the store", "RTA"],
            rows=rows,
            links=[self.link_numbers(r[2]) for r in here],
            value="RTA",
            notes=[
                "RTA = share of the country in the set / its share in the whole store "
                "(documents with an applicant of the country; documents, not families)"
            ],
        )

    def co_applicants(self) -> Chart:
        self.spark.sql(
            "SELECT DISTINCT pub, unit_key, ap.name AS name FROM batch_docs LATERAL VIEW explode(applicants) t AS ap"
        ).createOrReplaceTempView("batch_applicants")
        # applicants are distinct names within a document: each pair once, the lower name first; cached,
        # as the top pairs, the edges and the nodes read it
        pairs = self.spark.sql(
            "SELECT x.name AS a, y.name AS b, count(DISTINCT x.unit_key) AS n FROM batch_applicants x "
            "JOIN batch_applicants y ON x.pub = y.pub AND x.name < y.name GROUP BY x.name, y.name"
        ).cache()
        pairs.createOrReplaceTempView("batch_pairs")
        found = self._rows(f"SELECT a, b, n FROM batch_pairs ORDER BY n DESC, a, b LIMIT {self.top * 2}")
        edges, nodes = self._rows(
            "SELECT (SELECT count(*) FROM batch_pairs), count(DISTINCT x) FROM "
            "(SELECT a AS x FROM batch_pairs UNION ALL SELECT b FROM batch_pairs)"
        )[0]
        pairs.unpersist()
        return Chart(
            id="co-applicants",
            title="Co-applicant network",
            kind="network",
            columns=["applicant", "co-applicant", "count"],
            rows=[[r[0], r[1], int(r[2])] for r in found],
            links=[self.link(f'pa="{r[0]}" and pa="{r[1]}"') for r in found],
            figures={"edges": float(edges), "nodes": float(nodes)},
        )

    def citations(self) -> Chart:
        self.spark.sql(
            "SELECT pub, country, c.number AS number, CASE WHEN c.country IS NULL OR c.country = '' "
            "THEN substr(c.number, 1, 2) ELSE c.country END AS cited_office "
            "FROM batch_docs LATERAL VIEW explode(cited) t AS c"
        ).createOrReplaceTempView("batch_cites")
        # a kind-less number published several times stands for its lowest publication number
        inside = self.spark.sql(
            "SELECT i.kindless, i.pub, count(DISTINCT c.pub) AS n FROM (SELECT kindless, min(pub) AS pub "
            "FROM batch_docs GROUP BY kindless) i JOIN batch_cites c ON c.number = i.kindless "
            "GROUP BY i.kindless, i.pub"
        ).cache()
        inside.createOrReplaceTempView("batch_cited")
        found = self._rows(f"SELECT kindless, pub, n FROM batch_cited ORDER BY n DESC, kindless LIMIT {self.top}")
        links, made = self._rows(
            "SELECT (SELECT coalesce(sum(n), 0) FROM batch_cited), (SELECT count(*) FROM batch_cites)"
        )[0]
        inside.unpersist()
        offices = self._rows(
            "SELECT country, cited_office, count(*) AS n FROM batch_cites GROUP BY country, cited_office "
            "ORDER BY n DESC, country, cited_office LIMIT 10"
        )
        return Chart(
            id="citations",
            title="Most cited inside the set",
            kind="network",
            columns=["cited", "publication", "citing documents in the set"],
            rows=[[r[0], r[1], int(r[2])] for r in found],
            links=[self.link(f"pn={r[1]}") for r in found],
            value="citing documents in the set",
            figures={"citation links inside the set": float(links), "citations made": float(made)},
            notes=["citing office -> cited office: " + ", ".join(f"{a}->{b} {n}" for a, b, n in offices)],
        )

    def clusters(self) -> Chart:
        # the features on Spark: each unit's title words counted (tokenised on the executors); the seeded
        # k-means on the driver, the embedded function over the same counts
        found = self._rows(
            "SELECT w.unit_key, w.terms, u.pubs FROM (SELECT unit_key, collect_list(struct(word, n)) AS terms "
            "FROM (SELECT unit_key, word, count(*) AS n FROM batch_docs LATERAL VIEW explode(words) t AS word "
            "GROUP BY unit_key, word) GROUP BY unit_key) w JOIN (SELECT unit_key, CASE WHEN count(DISTINCT pub) "
            f"<= {MAX_LISTED} THEN collect_set(pub) END AS pubs FROM batch_docs GROUP BY unit_key) u "
            "ON w.unit_key = u.unit_key"
        )
        words_of = {str(r[0]): Counter({str(t[0]): int(t[1]) for t in r[1]}) for r in found}
        pubs_of = {str(r[0]): r[2] for r in found}
        clusters = cluster_words(words_of)
        links = []
        for c in clusters:
            pubs: set[str] | None = set()
            for m in c.members:
                listed = pubs_of[m]
                pubs = None if pubs is None or listed is None else pubs | set(listed)
            fallback = "(" + " or ".join(f"ti={t}" for t in c.terms[:3]) + ")"
            links.append(self.link_numbers(sorted(pubs) if pubs is not None else None, fallback))
        return Chart(
            id="clusters",
            title="Text clusters",
            columns=["cluster", "label", "count"],
            rows=[[i + 1, " · ".join(c.terms), c.size] for i, c in enumerate(clusters)],
            links=links,
            notes=["k-means on title TF-IDF; labels: each cluster's most frequent distinctive terms"],
        )
