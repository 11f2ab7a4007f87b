"""Name keys and clustering rules on real spellings."""

from __future__ import annotations

from iprhub.parties.clustering import PersonMention, abbreviates, cluster_orgs, cluster_persons, same_party
from iprhub.parties.metrics import scores
from iprhub.parties.names import org_key, phonetic, transliterate


def test_legal_forms_case_and_punctuation_go():
    assert org_key("Scientific Drilling International, Inc.") == "SCIENTIFIC DRILLING INTERNATIONAL"
    assert org_key("SCIENTIFIC DRILLING INTERNATIONAL, INC") == "SCIENTIFIC DRILLING INTERNATIONAL"
    assert org_key("The Regents of the University of California") == "REGENTS OF THE UNIVERSITY OF CALIFORNIA"
    assert org_key("Siemens AG") == org_key("SIEMENS") == "SIEMENS"


def test_cyrillic_spelling_meets_latin_by_sound():
    ru, en = org_key("САЙЕНТИФИК ДРИЛЛИНГ ИНТЕРНЭШНЛ, ИНК."), org_key("SCIENTIFIC DRILLING INTERNATIONAL, INC")
    assert ru == "SAYENTIFIK DRILLING INTERNESHNL"
    assert phonetic(ru).split()[:2] == phonetic(en).split()[:2] == ["SNTFK", "DRLNG"]
    assert same_party(ru, en) >= 0.75


def test_chinese_names_by_pinyin():
    assert transliterate("华为技术有限公司") == "hua wei ji shu you xian gong si"
    assert org_key("华为技术有限公司") == "HUA WEI JI SHU"


def test_abbreviation_word_for_word():
    assert abbreviates("SCIENT DRILLING INT", "SCIENTIFIC DRILLING INTERNATIONAL")
    assert not abbreviates("SCIENT DRILLING", "SCIENTIFIC DRILLING INTERNATIONAL")


def test_cluster_orgs_merges_and_keeps_apart():
    names = ["Xerox Corporation"] * 5 + ["XEROX CORP."] + ["Exxon Chemical Patents Inc."] + ["Exxon Corporation"] * 3
    names += ["University of California"] * 2 + ["University of Colorado"]
    c = cluster_orgs(names)
    assert c.entity("XEROX CORP.") == c.entity("Xerox Corporation") == "XEROX"
    assert c.entity("Exxon Chemical Patents Inc.") == "EXXON"  # extends the commoner EXXON
    assert c.entity("University of California") != c.entity("University of Colorado")
    rules = {m.key: m.rule for m in c.merges}
    assert rules["EXXON CHEMICAL PATENTS"] == "extends"
    apart = cluster_orgs(names, separate=[("EXXON", "EXXON CHEMICAL PATENTS")])
    assert apart.entity("Exxon Chemical Patents Inc.") != apart.entity("Exxon Corporation")


def test_persons_middle_initials():
    ms = [PersonMention("John A.", "Smith"), PersonMention("John", "Smith"), PersonMention("John B.", "Smith"),
          PersonMention("Dean", "Aalami"), PersonMention("Dean", "Aalami")]
    labels = cluster_persons(ms)
    assert labels[0] != labels[2]  # two middle initials: two people
    assert labels[3] == labels[4]


def test_scores_by_hand():
    s = scores(["a", "a", "a", "b"], ["x", "x", "y", "y"])
    # pairs: gold {01,02,12}, predicted {01,23}: tp 1 -> P 1/2, R 1/3
    assert (s.pair_precision, round(s.pair_recall, 4)) == (0.5, 0.3333)
    # B3 precision: (1 + 1 + 1/2 + 1/2) / 4; recall: (2/3 + 2/3 + 1/3 + 1) / 4
    assert round(s.bcubed_precision, 4) == 0.75 and round(s.bcubed_recall, 4) == round((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, 4)
