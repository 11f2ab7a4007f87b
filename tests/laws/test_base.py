"""The law base in the store: loading, citing, searching; a broken file changes nothing stored."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from iprhub.errors import InvalidInput, NotFound
from iprhub.laws import tables as t
from tests.laws.conftest import LAWS_CN, PATENT_LAW, PUNITIVE, TRADEMARK_LAW

PUNITIVE_TITLE = "最高人民法院关于审理侵害知识产权民事案件适用惩罚性赔偿的解释"


def test_loads_every_file(laws_hub):
    report = laws_hub.load_report
    files = sorted(p for p in LAWS_CN.rglob("*.md") if p.name != "MANIFEST.md")
    assert report.files == len(files) == 51
    # one file is the same instrument as another (the 2020 criminal interpretation (三) twice): stored once
    assert report.stored == 50
    assert [p.reason.split(";")[0] for p in report.problems] == [
        "same text as 司法解释/最高人民法院 最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释（三）(2020-09-12).md"]
    with laws_hub.store.reading() as conn:
        assert conn.execute(select(func.count()).select_from(t.laws)).scalar_one() == 50
        assert conn.execute(select(func.count()).select_from(t.articles)).scalar_one() == report.articles


def test_reload_changes_nothing(laws_hub):
    again = laws_hub.laws.load([LAWS_CN])
    assert (again.stored, again.unchanged) == (0, 50)


def test_versions_and_status(laws_hub):
    versions = {law.key: law.status for law in laws_hub.laws.list("CN").laws if law.short_title == "专利法实施细则"}
    assert versions == {"cn-专利法实施细则-2010-01-09": "superseded", "cn-专利法实施细则-2023-12-11": "current"}
    assert laws_hub.laws.law("专利法实施细则").key == "cn-专利法实施细则-2023-12-11"
    assert len(laws_hub.laws.law("cn-专利法实施细则-2010-01-09").articles) == 123
    assert len(laws_hub.laws.law("专利法实施细则").articles) == 149


def test_citation(laws_hub):
    view = laws_hub.laws.article("专利法 第七十一条")
    assert view.citation == "专利法 第七十一条"
    assert view.law.key == "cn-专利法-2020-10-17"
    assert (view.previous, view.previous_label, view.next, view.next_label) == ("70", "第七十条", "72", "第七十二条")
    assert laws_hub.laws.article("中华人民共和国商标法", "63").citation == "商标法 第六十三条"
    with pytest.raises(NotFound):
        laws_hub.laws.article("专利法", "第八十三条")
    with pytest.raises(NotFound):
        laws_hub.laws.law("种子法")
    with pytest.raises(InvalidInput):
        laws_hub.laws.law("最高人民法院关于审理")  # names many


def test_punitive_damages_query(laws_hub):
    result = laws_hub.laws.search("惩罚性赔偿 倍数", limit=10)
    cited = [h.citation for h in result.hits]
    assert "专利法 第七十一条" in cited
    assert "商标法 第六十三条" in cited
    assert any(h.law_title == PUNITIVE_TITLE for h in result.hits[:3])
    assert result.hits[0].law_title == PUNITIVE_TITLE and result.hits[0].label == "第六条"
    assert "«倍数»" in result.hits[0].snippet
    assert result.terms == ["惩罚", "惩罚性", "赔偿", "倍数"]


def test_search_skips_superseded_versions_unless_asked(laws_hub):
    plain = laws_hub.laws.search("专利权评价报告", limit=100)
    assert all(h.status == "current" for h in plain.hits)
    every = laws_hub.laws.search("专利权评价报告", limit=100, include_superseded=True)
    assert any(h.law_key == "cn-专利法实施细则-2010-01-09" for h in every.hits)


def test_bad_queries(laws_hub):
    with pytest.raises(InvalidInput):
        laws_hub.laws.search("   ")
    with pytest.raises(InvalidInput) as err:
        laws_hub.laws.search("专" * 201)
    assert err.value.position == 200


def test_broken_file_reports_its_line_and_changes_nothing(hub, tmp_path):
    """On SQLite and PostgreSQL: a good load, then a broken copy of one law beside a good file."""
    good = tmp_path / "good" / "民法商法"
    good.mkdir(parents=True)
    shutil.copy(PATENT_LAW, good / PATENT_LAW.name)
    assert hub.laws.load([good.parent]).stored == 1
    before = hub.laws.law("专利法")
    broken = tmp_path / "broken" / "民法商法"
    broken.mkdir(parents=True)
    text = PATENT_LAW.read_text(encoding="utf-8")
    (broken / PATENT_LAW.name).write_text(text.replace("第七十二条 ", "第七十一条 ").replace("侵犯专利权的赔偿数额", "改过的"),
                                          encoding="utf-8")
    shutil.copy(TRADEMARK_LAW, broken / TRADEMARK_LAW.name)
    report = hub.laws.load([broken.parent])
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("第七十二条 "))) + 1
    assert [(p.file, p.position) for p in report.problems] == [("民法商法/专利法(2020-10-17).md", f"line {line}")]
    assert "numbers repeat or go back" in report.problems[0].reason
    assert report.stored == 1  # the trademark law still loads
    after = hub.laws.law("专利法")
    assert after == before
    assert hub.laws.article("专利法 第七十一条").article.text.startswith("侵犯专利权的赔偿数额")
    assert [h.citation for h in hub.laws.search("商标 许可使用费 倍数", limit=3).hits][0] == "商标法 第六十三条"


def test_missing_path(laws_hub, tmp_path):
    with pytest.raises(NotFound):
        laws_hub.laws.load([tmp_path / "nothing"])
    assert PUNITIVE.exists()


def test_core_ingest_hands_the_law_texts_to_the_law_base(tmp_path):
    """`iprhub ingest ../shared/data/laws/cn` reports the texts as unsupported office files and the laws
    capability loads them (after_ingest), named from the folder holding MANIFEST.md."""
    from iprhub.hub import Hub
    from iprhub.settings import Settings

    with Hub(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path}/i.db", workers=1)) as hub:
        report = hub.ingest([PATENT_LAW, PUNITIVE, LAWS_CN / "MANIFEST.md"])
        assert report.after_ingest["laws"] == {"laws": 2, "stored": 2, "unchanged": 0, "articles": 89,
                                               "problems": []}
        law = hub.laws.law("专利法")
        assert law.source_file == "民法商法/专利法(2020-10-17).md"
        assert law.source_url.startswith("https://github.com/LawRefBook/Laws/blob/2f4c5c23716267af9dbebbbbd6cbbf732b101981/")


def test_eval_task_ranks_the_known_items(laws_hub):
    from iprhub.laws.evaluation import laws_search_task
    from tests.conftest import data_path

    (table,) = laws_search_task(laws_hub, data_path(""), lambda _: None)
    ranks = {(r[0], r[1]): r[2] for r in table.rows}
    assert ranks[("强制许可 未实施", "专利法 第五十三条")] == 1
    assert ranks[("惩罚性赔偿 倍数", "商标法 第六十三条")] != "—"
    assert table.notes == ("in the top 10: search 8/9, baseline 7/9",)
