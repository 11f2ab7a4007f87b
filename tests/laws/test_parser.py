"""Law texts as published: article counts, numbering, header dates, broken files."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.laws.numerals import article_label, cn_to_int, int_to_cn, parse_article_ref, split_citation
from iprhub.laws.parser import LawFileError, parse_law, parse_text
from tests.laws.conftest import COPYRIGHT_LAW, LAWS_CN, PATENT_LAW, PUNITIVE, TRADEMARK_LAW


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("七十一", 71),
                                             ("一百", 100), ("一百零二", 102), ("一百一十", 110),
                                             ("一百四十九", 149), ("一千零一", 1001)])
def test_chinese_numerals_both_ways(text, value):
    assert cn_to_int(text) == value
    assert int_to_cn(value) == text


def test_article_references():
    assert article_label(71) == "第七十一条"
    assert article_label(50, 1) == "第五十条之一"
    assert parse_article_ref("第七十一条") == parse_article_ref("71") == parse_article_ref("Art. 71") == (71, None)
    assert parse_article_ref("50-1") == (50, 1)
    assert split_citation("专利法 第七十一条") == ("专利法", "第七十一条")
    assert split_citation("专利法第七十一条") == ("专利法", "第七十一条")
    assert split_citation("商标法 63") == ("商标法", "63")
    assert split_citation("专利法") == ("专利法", None)
    with pytest.raises(ValueError):
        parse_article_ref("第七十一款")


# counted by hand in the published texts (flk.npc.gov.cn): the 2020 Patent Law ends with 第八十二条,
# the 2019 Trademark Law with 第七十三条, the 2020 Copyright Law with 第六十七条
@pytest.mark.parametrize(("path", "articles", "last_words"), [
    (PATENT_LAW, 82, "本法自1985年4月1日起施行。"),
    (TRADEMARK_LAW, 73, "本法自1983年3月1日起施行。"),
    (COPYRIGHT_LAW, 67, "本法自1991年6月1日起施行。"),
])
def test_article_counts_as_published(path, articles, last_words):
    law = parse_law(path)
    assert len(law.articles) == articles
    assert [a.number for a in law.articles] == list(range(1, articles + 1))
    assert law.articles[-1].label == article_label(articles)
    assert law.articles[-1].text.startswith(last_words)


def test_patent_law_record():
    law = parse_law(PATENT_LAW, name="民法商法/专利法(2020-10-17).md")
    assert law.title == "中华人民共和国专利法"
    assert law.short_title == "专利法"
    assert law.key == "cn-专利法-2020-10-17"
    assert law.kind == "law"
    assert law.issuing_body == "全国人民代表大会常务委员会"
    assert law.adopted == dt.date(1984, 3, 12)
    assert [a.date for a in law.amendments] == [dt.date(1992, 9, 4), dt.date(2000, 8, 25), dt.date(2008, 12, 27),
                                                dt.date(2020, 10, 17)]
    assert law.effective is None  # the file does not state it: unknown, not guessed
    assert len(law.chapters) == 8 and law.chapters[0] == "第一章 总则"
    art71 = next(a for a in law.articles if a.number == 71)
    assert art71.label == "第七十一条"
    assert art71.chapter == "第七章 专利权的保护"
    assert art71.text.startswith("侵犯专利权的赔偿数额按照权利人因被侵权所受到的实际损失")
    assert "一倍以上五倍以下" in art71.text
    assert art71.text.count("\n") == 3  # four paragraphs


def test_copyright_law_sections_and_the_missing_first_heading():
    law = parse_law(COPYRIGHT_LAW)
    # the source has no "第一章 总则" heading: articles 1-8 carry no chapter rather than a guessed one
    assert law.articles[0].chapter is None
    art10 = next(a for a in law.articles if a.number == 10)
    assert (art10.chapter, art10.section) == ("第二章 著作权", "第一节 著作权人及其权利")
    assert len(law.chapters) == 5


def test_judicial_interpretation_record():
    law = parse_law(PUNITIVE)
    assert law.kind == "judicial_interpretation"
    assert law.issuing_body == "最高人民法院"
    assert law.adopted == dt.date(2021, 2, 7)
    assert law.effective == dt.date(2021, 3, 3)
    assert law.version_date == dt.date(2021, 3, 2)
    assert len(law.articles) == 7
    assert law.preamble.startswith("为正确实施知识产权惩罚性赔偿制度")


def test_reply_with_document_number_and_without_articles():
    path = LAWS_CN / "司法解释" / "最高人民法院关于知识产权侵权诉讼中被告以原告滥用权利为由请求赔偿合理开支问题的批复.md"
    law = parse_law(path)
    assert law.document_number == "法释〔2021〕11号"
    assert law.effective == dt.date(2021, 6, 3)
    assert [(a.kind, a.label) for a in law.articles] == [("text", "全文")]
    assert "合理的律师费" in law.articles[0].text


def test_items_numbered_without_articles():
    path = LAWS_CN / "司法解释" / "最高人民法院关于涉网络知识产权侵权纠纷几个法律适用问题的批复.md"
    law = parse_law(path)
    assert [a.label for a in law.articles] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    assert all(a.kind == "item" for a in law.articles)


def test_regulation_decree_number():
    law = parse_law(LAWS_CN / "行政法规" / "专利代理条例(2018-11-06).md")
    assert (law.kind, law.issuing_body, law.document_number) == ("administrative_regulation", "国务院", "国务院令第706号")
    assert law.effective == dt.date(2019, 3, 1)


GOOD = "# 示例法\n\n2020年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 甲。\n\n第二条 乙。\n\n第三条 丙。\n"


@pytest.mark.parametrize(("text", "line", "reason"), [
    (GOOD.replace("第三条", "第二条"), 13, "numbers repeat or go back"),
    (GOOD.replace("第三条", "第四条"), 13, "article 3 is missing"),
    (GOOD.replace("# 示例法", "示例法"), 1, "starts with its title"),
    (GOOD.replace("第二条 乙。", "# 附件"), 11, "second title"),
    ("# 示例法\n\n<!-- INFO END -->\n\n", 4, "no text"),
])
def test_broken_structure_names_the_line(text, line, reason):
    with pytest.raises(LawFileError) as err:
        parse_text(text, name="bad.md")
    assert err.value.file == "bad.md"
    assert err.value.position == f"line {line}"
    assert reason in err.value.message


def test_english_articles_take_the_same_record():
    law = parse_text("# Patent Act\n\nArticle 1 Scope.\n\nArticle 2 Definitions.\nMore text.\n", name="sg.md",
                     jurisdiction="SG")
    assert [a.label for a in law.articles] == ["Article 1", "Article 2"]
    assert law.articles[1].text == "Definitions.\nMore text."
    assert law.key == "sg-Patent Act-undated"
