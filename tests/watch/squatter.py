"""A KIPRIS XML file of filings by one applicant copying marks of 동의대학교 산학협력단, built from a real
record of ../shared/data (its structure and fields; only the number, dates, applicant, title and classes
are replaced), for the squatting tests."""

from __future__ import annotations

import copy
import gzip
from pathlib import Path

from lxml import etree

from tests.conftest import data_path

SOURCE = "trademark/kipris_xml/neojune__TradeMarkInfo_applicant120080091393.xml.gz"
SQUATTER = "김철수"
# number, filed, published, title, classes
FILINGS = [
    ("4020230000011", "20230301", "20230615", "BOTADENT", "03"),
    ("4020230000022", "20230305", "20230620", "HANTTRE", "25"),
    ("4020230000033", "20230310", "20230630", "DOUMA", "21"),
    ("4020230000044", "20230312", "20230705", "GALAXYPHONE", "03|09|11|14|16|18|20|21|24|25|26|28"),
    ("4020230000055", "20230315", "20230710", "SNU", "21"),  # a mark of Seoul National University
]


def write_squatter_file(folder: Path) -> Path:
    with gzip.open(data_path(SOURCE)) as f:
        tree = etree.parse(f, etree.XMLParser(resolve_entities=False))
    items = tree.find(".//items")
    template = next(r for r in items if r.findtext("ApplicationNumber") == "4020190036877")
    for r in list(items):
        items.remove(r)
    for number, filed, published, title, classes in FILINGS:
        rec = copy.deepcopy(template)
        values = {"ApplicationNumber": number, "ApplicationDate": filed, "PublicDate": published, "Title": title,
                  "GoodClassificationCode": classes, "ApplicantName": SQUATTER, "RegistrationRightholderName": "",
                  "RegistrationNumber": "", "RegistrationDate": "", "PublicNumber": "", "ApplicationStatus": "출원",
                  "AgentName": ""}
        for tag, value in values.items():
            el = rec.find(tag)
            if el is not None:
                el.text = value
        items.append(rec)
    out = folder / "squatter.xml"
    tree.write(str(out), encoding="UTF-8", xml_declaration=True)
    return out
