"""Each signal of the similarity engine, across scripts; bad input."""

from __future__ import annotations

import pytest

from iprhub.errors import InvalidInput
from iprhub.trademarks.goods import class_relatedness, parse_classes
from iprhub.trademarks.marktext import mark_keys
from iprhub.trademarks.offices import check_offices
from iprhub.trademarks.similarity import compare


def signals(a, b, **kw):
    c = compare(a, b, **kw)
    return c, {r.signal: r.score for r in c.reasons}


def test_keys_fold_width_case_diacritics_and_scripts():
    assert mark_keys("ＡＢＣ　ｍａｒｔ").norm == "abcmart" == mark_keys("abc-Mart!").norm
    assert mark_keys("Café Zürich").norm == "cafezurich"
    assert (
        mark_keys("乔丹").latin == "qiaodan" and mark_keys("喬丹").latin == "qiaodan"
    )  # simplified and traditional
    assert mark_keys("АДИДАС").latin == "adidas"
    assert mark_keys("홍쓴TV").latin == "hongsseuntv"
    assert mark_keys("量特能ENERGYISLAND及圖").norm == "量特能energyisland"  # TIPO's "and device" set aside
    assert mark_keys("FUTERE").phonetic == "FTR"


def test_exact_and_normalised():
    c, s = signals("APPLE", "APPLE")
    assert s["exact"] == 1.0 and c.score == 1.0 and c.tier == "high"
    c, s = signals("ＡＢＣ　ｍａｒｔ", "abc-mart")
    assert "exact" not in s and s["normalised"] == 1.0 and c.tier == "high"
    _, s = signals("Café Zürich", "CAFE ZURICH")
    assert s["normalised"] == 1.0


def test_edit_distance_same_script():
    c, s = signals("MICROSOFT", "MICROSOTF")
    assert s["edit"] == pytest.approx(7 / 9, abs=1e-3)  # two substitutions in nine letters
    assert c.tier == "medium"
    _, s = signals("得知物流", "徳知物流")
    assert s["edit"] == 0.75  # one character of four


def test_phonetic_latin_pinyin_cyrillic_abjad():
    _, s = signals("FUTERE", "FUTER")
    assert s["phonetic"] > 0.8  # Metaphone FTR / FTR
    c, s = signals("QIAODAN", "乔丹")
    assert s["phonetic"] == 1.0 and c.tier == "high"  # pinyin without tones
    _, s = signals("得知物流", "徳知物流")
    assert s["phonetic"] == 1.0  # 得 and 徳 are both "de"
    _, s = signals("АДИДАС", "ADIDAS")
    assert s["phonetic"] == 1.0
    c, s = signals("تويوتا", "TOYOTA")  # Arabic written without vowels: consonants t-t
    assert s["phonetic"] == 0.9 and c.tier == "high"
    _, s = signals("אילמה", "ELIMA")  # the Hebrew and English names of one Israeli registration (IL 320000)
    assert s["phonetic"] == 0.9
    c, s = signals("KATANA", "CODDAN")  # the same Metaphone code KTN, spelled apart
    assert c.tier in ("low", "noise")


def test_phonetic_korean_kana_thai_greek():
    # Hangul, kana and Greek transliterated letter by letter; Thai reordered as spoken (the vowel โ is
    # written before the consonant it follows: โตโยต้า = to-yo-ta) with its vowel signs kept in the word
    for a, b in (
        ("하나", "HANA"),
        ("トヨタ", "TOYOTA"),
        ("ホンダ", "HONDA"),
        ("โตโยต้า", "TOYOTA"),
        ("ΑΛΦΑ", "ALFA"),
    ):
        c, s = signals(a, b)
        assert s["phonetic"] == 1.0 and c.tier == "high", (a, b)
    assert mark_keys("โซนี่").latin == "soni" and mark_keys("เป๊ปซี่").latin == "pepsi"
    assert mark_keys("โซนี่").norm == "โซนี่"  # vowel sign and tone mark stay in the word
    c, s = signals("โซนี่", "SONY")
    assert s["phonetic"] == 0.75 and c.tier == "medium"
    c, _ = signals("โซนี่", "TOYOTA")
    assert c.tier == "noise"


def test_containment_and_shared_words():
    c, s = signals("SHOE PLACE", "SHOE PLACE BUSAN")
    assert s["containment"] == pytest.approx(0.72 + 0.28 * 9 / 14, abs=1e-3) and c.tier == "high"
    _, s = signals("免息借条贷据呗", "据贝")  # TMID: ju bei inside the merchant text
    assert s["containment"] > 0.72
    c, s = signals("TORINO BRACERIA", "TORINO MASSAS", classes_a=[43], classes_b=[43])  # INPI conflict
    assert s["containment"] == pytest.approx(0.45 + 0.33, abs=1e-3) and c.tier == "medium"


def test_meaning_across_languages():
    c, s = signals("APPLE", "苹果")
    assert s["meaning"] == 1.0 and c.tier == "high"
    _, s = signals("NEW BALANCE", "新百伦")
    assert s["meaning"] == 1.0
    _, s = signals("나이키", "NIKE")
    assert s["meaning"] == 1.0
    _, s = signals("APPLE TV", "蘋果")
    assert s["meaning"] == 0.8  # one word of two


def test_goods_relatedness_weighs_the_score():
    same, s = signals("DOVE", "DOVE", classes_a=[3], classes_b=[3])
    assert s["goods"] == 1.0 and same.score == 1.0
    apart, s = signals("DOVE", "DOVE", classes_a=[3], classes_b=[30])  # soap vs chocolate
    assert s["goods"] == 0.0 and apart.score == 0.55 and apart.tier == "low"
    assert class_relatedness([25], [18])[0] == 0.8  # clothing ~ leather goods (KIPO groups / EUIPO pairs)
    assert class_relatedness([1], [25]) == (0.0, "classes 1 and 25 are not related")


def test_noise_between_unrelated_marks():
    c = compare("NIKE", "ADIDAS", classes_a=[25], classes_b=[25])
    assert c.tier == "noise"


@pytest.mark.parametrize("a", ["", "   ", "®™!!", "★★★"])
def test_empty_and_symbol_only_marks_are_refused(a):
    with pytest.raises(InvalidInput) as err:
        compare(a, "APPLE")
    assert err.value.field == "mark"


def test_unknown_classes_and_offices_are_refused():
    with pytest.raises(InvalidInput) as err:
        compare("A1", "A2", classes_a=[9, 46])
    assert "46" in err.value.message and err.value.field == "classes_a" and err.value.position == "2"
    with pytest.raises(InvalidInput):
        parse_classes("9,x")
    assert parse_classes("42, 9 9") == [9, 42]
    with pytest.raises(InvalidInput) as err:
        check_offices("KR,ZZ")
    assert "ZZ" in err.value.message and err.value.position == "2"
    assert check_offices("kr, em") == ["KR", "EM"]
