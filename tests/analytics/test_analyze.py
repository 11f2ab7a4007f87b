"""Analyses of real queries checked against counts computed by SQL over the same documents."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from iprhub.errors import InvalidInput

QUERY = "ti=method"


def _set(hub, query):
    numbers = hub.search.matching(query).numbers
    assert numbers, query
    return numbers


def _rows(hub, sql, numbers):
    with hub.store.engine.connect() as conn:
        conn.execute(text("create temp table if not exists t_set (pub text primary key)"))
        conn.execute(text("delete from t_set"))
        conn.execute(text("insert into t_set values (:p)"), [{"p": n} for n in numbers])
        return conn.execute(text(sql)).all()


def test_the_set_is_every_match(ahub):
    found = ahub.search.matching(QUERY)
    assert found.total == len(found.numbers) == ahub.search.search(QUERY, limit=1, collapse=False).total
    assert not found.partial


@pytest.mark.parametrize("unit", ["family", "document"])
def test_trend_by_publication_year_matches_sql(ahub, unit):
    numbers = _set(ahub, QUERY)
    a = ahub.analytics.analyze(QUERY, unit=unit, only=["trend"])
    key = "coalesce(d.family_id, 'doc:' || d.pub_number)" if unit == "family" else "d.pub_number"
    sql = (f"select cast(strftime('%Y', d.pub_date) as integer), count(distinct {key}) from documents d "
           f"join t_set s on s.pub = d.pub_number where d.pub_date is not null group by 1")
    expected = dict(_rows(ahub, sql, numbers))
    got = {row[0]: row[3] for row in a.chart("trend").rows if row[3]}
    assert got == expected
    assert a.documents == len(numbers)
    assert a.unit == unit and a.data_cutoff and ("applications" in a.basis or "grants" in a.basis)


def test_ipc_subclasses_with_titles_match_sql(ahub):
    numbers = _set(ahub, QUERY)
    a = ahub.analytics.analyze(QUERY, unit="document", only=["ipc-subclass"])
    sql = ("select substr(replace(c.symbol, ' ', ''), 1, 4), count(distinct d.id) from documents d join t_set s on "
           "s.pub = d.pub_number join doc_classes c on c.doc_id = d.id where c.scheme = 'IPC' group by 1")
    expected = dict(_rows(ahub, sql, numbers))
    chart = a.chart("ipc-subclass")
    for symbol, _title, count in chart.rows:
        assert expected[symbol] == count
    assert chart.rows[0][2] == max(expected.values())
    assert any(r[1] and r[1].isupper() for r in chart.rows)  # titles from the IPC scheme


def test_applicant_entity_counts_every_spelling(ahub):
    plain = ahub.search.matching("pa=drilling").numbers
    q = ahub.parties.expand_query("Scientific Drilling International")  # pa= expansion on request
    assert "САЙЕНТИФИК" in q
    a = ahub.analytics.analyze(q, unit="family", only=["applicants", "flows"])
    numbers = _set(ahub, q)
    sql = ("select count(distinct coalesce(d.family_id, 'doc:' || d.pub_number)) from documents d join t_set s on "
           "s.pub = d.pub_number join doc_parties p on p.doc_id = d.id where p.role in ('applicant', 'assignee') "
           "and (upper(p.name) like '%DRILLING%' or p.name like '%ДРИЛЛ%')")
    families = _rows(ahub, sql, numbers)[0][0]
    top = a.chart("applicants").rows[0]
    assert top[2] == families and "DRILLING" in top[1].upper()
    assert 'pa="САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК."' in a.chart("applicants").links[0]
    # the expansion holds every spelling; plain `pa=drilling` finds the Cyrillic records too, as the index
    # also holds Cyrillic names transliterated (ДРИЛЛИНГ -> drilling)
    assert set(plain) <= set(numbers) and any(n.startswith("RU") for n in numbers)
    flows = {(r[0], r[1]): r[2] for r in a.chart("flows").rows}
    ru = _rows(ahub, "select count(distinct coalesce(d.family_id, d.pub_number)) from documents d join t_set s on "
               "s.pub = d.pub_number where d.country = 'RU'", numbers)[0][0]
    assert flows[("US", "RU")] == ru == 2  # the Russian members claim the US priority


def test_concentration_by_hand(ahub):
    a = ahub.analytics.analyze(QUERY, unit="document", only=["applicants", "concentration"])
    c = a.chart("concentration")
    shares = [r[1] for r in c.rows]
    assert shares == sorted(shares, reverse=True)
    assert c.figures["CR4"] == pytest.approx(sum(shares[:4]), abs=1e-3)
    assert 0 < c.figures["HHI"] <= 10_000


def test_lifecycle_citations_rta_clusters(ahub):
    a = ahub.analytics.analyze(QUERY, unit="family", only=["lifecycle", "citations", "rta", "clusters"])
    life = a.chart("lifecycle")
    assert sum(r[2] for r in life.rows) <= a.families
    rta = a.chart("rta")
    assert all(r[3] is None or r[3] > 0 for r in rta.rows)
    clusters = a.chart("clusters")
    assert sum(r[2] for r in clusters.rows) <= a.families and all(r[1] for r in clusters.rows)
    assert a.chart("citations").figures["citations made"] > 0


def test_chart_links_list_the_rows_documents(ahub):
    a = ahub.analytics.analyze(QUERY, unit="document", only=["trend", "ipc-subclass"])
    for chart in a.charts:
        for row, link in list(zip(chart.rows, chart.links, strict=True))[:3]:
            expected = row[3] if chart.id == "trend" else row[2]
            assert ahub.search.matching(link).total == expected, link


def test_lifecycle_matches_sql_and_links_its_rows(ahub):
    numbers = _set(ahub, QUERY)
    a = ahub.analytics.analyze(QUERY, unit="document", only=["lifecycle"])
    # the year of the earliest priority, else the filing date, else the publication date
    sql = ("select cast(strftime('%Y', coalesce((select min(p.date) from doc_priorities p where p.doc_id = d.id), "
           "d.app_date, d.pub_date)) as integer) y, count(*) from documents d join t_set s on s.pub = d.pub_number "
           "where coalesce((select min(p.date) from doc_priorities p where p.doc_id = d.id), d.app_date, d.pub_date) "
           "is not null group by 1")
    expected = dict(_rows(ahub, sql, numbers))
    chart = a.chart("lifecycle")
    assert {r[0]: r[2] for r in chart.rows} == expected
    for row, link in zip(chart.rows, chart.links, strict=True):
        assert ahub.search.matching(link).total == row[2], link


def test_co_applicant_pairs_match_sql_and_link_their_documents(ahub):
    numbers = _set(ahub, "ti=method or ti=device")
    a = ahub.analytics.analyze("ti=method or ti=device", unit="document", only=["co-applicants"])
    chart = a.chart("co-applicants")
    sql = ("select count(*) from (select d.id from documents d join t_set s on s.pub = d.pub_number join doc_parties p "
           "on p.doc_id = d.id where p.role in ('applicant', 'assignee', 'owner') group by d.id "
           "having count(distinct upper(p.name)) > 1)")
    with_pairs = _rows(ahub, sql, numbers)[0][0]
    assert chart.rows and with_pairs >= max(r[2] for r in chart.rows)
    for row, link in list(zip(chart.rows, chart.links, strict=True))[:4]:
        assert ahub.search.matching(link).total == row[2], link


def test_csv_twin(ahub):
    a = ahub.analytics.analyze(QUERY, only=["trend"])
    csv_text = ahub.analytics.chart_csv(a, "trend")
    lines = csv_text.strip().splitlines()
    assert lines[0] == "year,priority,filing,publication,query"
    assert len(lines) == len(a.chart("trend").rows) + 1


def test_empty_set(ahub):
    a = ahub.analytics.analyze("ti=zzzzqqqq", only=["trend", "applicants", "concentration", "clusters"])
    assert a.documents == 0 and a.total_matches == 0
    assert all(c.rows == [] for c in a.charts)
    assert a.chart("concentration").figures["CR4"] == 0


def test_time_limit_gives_a_partial_result(ahub):
    a = ahub.analytics.analyze(QUERY, time_limit=0.0)
    assert a.partial and a.warnings and "time limit" in a.warnings[0]


def test_bad_input(ahub):
    with pytest.raises(InvalidInput):
        ahub.analytics.analyze("")
    with pytest.raises(InvalidInput):
        ahub.analytics.analyze(QUERY, unit="patent")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as err:
        ahub.analytics.analyze(QUERY, only=["bogus"])
    assert err.value.field == "only"


def test_families_counted_once(ahub):
    q = "pa=drilling"
    fam = ahub.analytics.analyze(q, unit="family", only=["trend"])
    doc = ahub.analytics.analyze(q, unit="document", only=["trend"])
    assert fam.families < doc.documents
    assert sum(r[3] for r in fam.chart("trend").rows) < sum(r[3] for r in doc.chart("trend").rows)


def test_flow_and_rta_rows_link_their_documents(ahub):
    a = ahub.analytics.analyze(QUERY, unit="document", only=["flows", "rta", "ipc-section", "ipc-class"])
    checked = 0
    for chart, col in (("flows", 2), ("rta", 1), ("ipc-section", 2), ("ipc-class", 2)):
        for row, link in list(zip(a.chart(chart).rows, a.chart(chart).links, strict=True))[:4]:
            if link and row[col] <= 50:
                assert ahub.search.matching(link).total == row[col], (chart, row, link)
                checked += 1
    assert checked >= 8
    assert a.chart("ipc-section").rows[0][1].isupper()  # section titles (PHYSICS, ELECTRICITY …)
