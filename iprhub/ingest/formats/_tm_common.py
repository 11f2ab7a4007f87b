"""Shared trademark helpers: scripts, mark types, Nice classes and the ST.96 ``Trademark`` element.

The ST.96 element is read by the USPTO TSDR reader (``TrademarkTransaction``) and by the WIPO
example-instance reader (``TrademarkApplication``), so it lives here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from lxml import etree

from iprhub.ingest.formats._st36 import require
from iprhub.ingest.xml_stream import descendants, find_all, first, text
from iprhub.model.common import Party, Provenance, Text, normalize_name, parse_date
from iprhub.model.trademark import MarkType, NiceClass, Trademark, TrademarkEvent

_SCRIPT_PREFIX = (
    ("HANGUL", "Hang"), ("CJK", "Hani"), ("HIRAGANA", "Hira"), ("KATAKANA", "Kana"), ("LATIN", "Latn"),
    ("FULLWIDTH LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("GREEK", "Grek"), ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"), ("THAI", "Thai"), ("DEVANAGARI", "Deva"),
)


def mark_script(value: str | None) -> str | None:
    """ISO 15924 script of a mark's words; a non-Latin script wins over Latin letters mixed in.

    >>> mark_script("MYSQL"), mark_script("홍쓴TV"), mark_script("蒙牛"), mark_script("ソニー")
    ('Latn', 'Hang', 'Hani', 'Kana')
    """
    counts: Counter[str] = Counter()
    for ch in value or "":
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for prefix, code in _SCRIPT_PREFIX:
            if name.startswith(prefix):
                counts[code] += 1
                break
    if not counts:
        return None
    if counts["Hira"] or (counts["Kana"] and counts["Hani"]):
        return "Jpan"
    if counts["Hang"] and counts["Hani"]:
        return "Kore"
    others = [(n, c) for c, n in counts.items() if c != "Latn" and n]
    if others:
        return max(others)[1]
    return "Latn"


# USPTO mark drawing codes (first digit of the TSDR MarkFeatureCode)
_DRAWING_CODE: dict[str, MarkType] = {"1": "word", "4": "word", "2": "figurative", "3": "combined",
                                      "5": "figurative", "6": "other"}
_FEATURE_WORDS: list[tuple[str, MarkType]] = [
    ("without any word", "figurative"), ("design plus", "combined"), ("combined", "combined"),
    ("three dimensional", "three-dimensional"), ("three-dimensional", "three-dimensional"), ("3-d", "three-dimensional"),
    ("sound", "sound"), ("colour", "colour"), ("color", "colour"), ("position", "position"),
    ("stylized", "figurative"), ("stylised", "figurative"), ("figurative", "figurative"),
    ("illustration", "figurative"), ("standard character", "word"), ("typeset", "word"), ("word", "word"),
]


def mark_type(code: str | None, feature: str | None) -> MarkType:
    """From a USPTO drawing code, else from an ST.66/ST.96 feature wording.

    >>> mark_type("4", None), mark_type(None, "AN ILLUSTRATION DRAWING WITHOUT ANY WORDS(S)")
    ('word', 'figurative')
    """
    if code and code.strip()[:1] in _DRAWING_CODE:
        return _DRAWING_CODE[code.strip()[:1]]
    low = (feature or "").lower()
    for words, kind in _FEATURE_WORDS:
        if words in low:
            return kind
    return "other"


def nice_number(value: str | None) -> int | None:
    """``009`` -> 9; US-only classes (A, B, 200) and anything outside 1-45 -> None."""
    raw = (value or "").strip()
    if not raw.isdigit():
        return None
    n = int(raw)
    return n if 1 <= n <= 45 else None


class NiceCollector:
    """Nice classes in class order, goods/services texts added per class."""

    def __init__(self) -> None:
        self._classes: dict[int, list[Text]] = {}

    def add(self, number: int | None, goods: str | None = None, lang: str | None = None) -> None:
        if number is None:
            return
        texts = self._classes.setdefault(number, [])
        if goods and all(t.text != goods for t in texts):
            texts.append(Text(lang=lang, text=goods))

    def classes(self) -> list[NiceClass]:
        return [NiceClass(number=n, goods_services=t) for n, t in sorted(self._classes.items())]


def app_number(value: str | None) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value or "").upper()


def tm_date(value: str | None, field: str):
    # TSDR writes dates with a zone offset (2000-04-03-04:00): the calendar date is the first ten
    return parse_date(value, field)


def designations(el: etree._Element | None) -> list[str]:
    """Madrid designated contracting parties where the record lists them."""
    codes = [text(c).upper() for name in ("DesignatedCountryCode", "DesignatedContractingPartyCode")
             for c in descendants(el, name)]
    return list(dict.fromkeys(c for c in codes if re.fullmatch(r"[A-Z]{2}", c)))


def applicant_role(comment: str | None) -> str:
    """USPTO party types: only the original applicant is the applicant; later ones own the mark."""
    if not comment:
        return "applicant"
    return "applicant" if "APPLICANT" in comment.upper() else "owner"


def party(role: str, name: str, country: str | None, address: str | None, sequence: int | None,
          other_names: Sequence[str] = ()) -> Party:
    others = list(dict.fromkeys(n for n in other_names if n and n != name))
    return Party(role=role, name=name, normalized_name=normalize_name(name),
                 country=(country or "").upper()[:2] or None, address=address or None, sequence=sequence,
                 other_names=others)


# --- ST.96 --------------------------------------------------------------------------------------

def st96_contact_name(contact: etree._Element | None) -> str:
    name = first(contact, "Name")
    for path in ("PersonName/PersonFullName", "OrganizationName/OrganizationStandardName", "EntityName"):
        value = text(first(name, path))
        if value:
            return value
    structured = first(name, "PersonName/PersonStructuredName")
    if structured is not None:
        last, given = text(first(structured, "LastName")), text(first(structured, "FirstName"))
        return ", ".join(p for p in (last, given) if p)
    return text(name)


def st96_address(contact: etree._Element | None) -> tuple[str | None, str | None]:
    """(printed address, ST.3 country) of a ST.96 ``Contact``."""
    postal = first(contact, "PostalAddressBag/PostalAddress")
    structured = first(postal, "PostalStructuredAddress")
    if structured is not None:
        parts = [text(el) for el in find_all(structured, "AddressLineText")]
        parts += [text(first(structured, n)) for n in ("CityName", "GeographicRegionName", "PostalCode")]
        return ", ".join(p for p in parts if p) or None, text(first(structured, "CountryCode")) or None
    lines = [text(el) for el in find_all(postal, "PostalAddressText")]
    return ", ".join(p for p in lines if p) or None, None


def _comment(el: etree._Element) -> str | None:
    return text(first(el, "CommentText")) or text(first(el, "Version/CommentText")) or None


def st96_parties(tm: etree._Element) -> list[Party]:
    out: list[Party] = []
    for i, el in enumerate(find_all(tm, "ApplicantBag/Applicant"), start=1):
        contact = first(el, "Contact")
        name = st96_contact_name(contact)
        if not name:
            continue
        address, addr_country = st96_address(contact)
        country = text(first(el, "IncorporationCountryCode")) or text(first(el, "NationalityCode")) or addr_country
        seq = el.get(_attr(el, "sequenceNumber")) or ""
        out.append(party(applicant_role(_comment(el)), name, country, address, int(seq) if seq.isdigit() else i))
    for path, role in (("RecordAttorney", "agent"), ("NationalRepresentative", "agent"),
                       ("RepresentativeBag/Representative", "agent"), ("NationalCorrespondent", "correspondent")):
        for el in find_all(tm, path):
            contact = first(el, "Contact")
            name = st96_contact_name(contact)
            if name:
                address, country = st96_address(contact)
                out.append(party(role, name, country, address, len(out) + 1))
    return out


def _attr(el: etree._Element, name: str) -> str:
    """The namespaced attribute ``name`` whatever its prefix (``com:``, ``ns1:``)."""
    for key in el.attrib:
        if key == name or key.endswith("}" + name):
            return key
    return name


def st96_nice(tm: etree._Element, default_lang: str | None) -> list[NiceClass]:
    nice = NiceCollector()
    for gs in find_all(tm, "GoodsServicesBag/GoodsServices"):
        for cls in find_all(gs, "GoodsServicesClassificationBag/GoodsServicesClassification"):
            if text(first(cls, "ClassificationKindCode")) in ("Nice", "Primary", ""):
                nice.add(nice_number(text(first(cls, "ClassNumber"))))
        for desc in find_all(gs, "ClassDescriptionBag/ClassDescription"):
            number = nice_number(text(first(desc, "ClassNumber")))
            for goods in find_all(desc, "GoodsServicesDescriptionText"):
                lang = goods.get(_attr(goods, "languageCode")) or default_lang
                nice.add(number, text(goods) or None, lang)
            nice.add(number)
    return nice.classes()


def st96_events(tm: etree._Element) -> list[TrademarkEvent]:
    out = []
    for ev in find_all(tm, "MarkEventBag/MarkEvent"):
        national = first(ev, "NationalMarkEvent")
        description = text(first(national, "MarkEventDescriptionText")) or text(first(ev, "MarkEventDescriptionText")) \
            or text(first(ev, "MarkEventCategory"))
        if description:
            out.append(TrademarkEvent(date=tm_date(text(first(ev, "MarkEventDate")), "MarkEvent/MarkEventDate"),
                                      code=text(first(national, "MarkEventCode")) or text(first(ev, "MarkEventCode"))
                                      or None, description=description))
    return out


def st96_trademark(tm: etree._Element, provenance: list[Provenance], *, default_office: str | None = None) -> Trademark:
    """One ST.96 ``tmk:Trademark`` element as a :class:`Trademark`."""
    office = (text(first(tm, "RegistrationOfficeCode")) or text(first(tm, "ApplicationNumber/IPOfficeCode"))
              or default_office or "").upper()
    number = require(app_number(text(first(tm, "ApplicationNumber/ApplicationNumberText"))),
                     "ApplicationNumber/ApplicationNumberText")
    rep = first(tm, "MarkRepresentation")
    word = first(rep, "MarkReproduction/WordMarkSpecification")
    mark = text(first(word, "MarkVerbalElementText")) or None
    lang = "en" if office == "US" else None
    national = first(tm, "NationalTrademarkInformation")
    status = text(first(national, "MarkCurrentStatusExternalDescriptionText")) \
        or text(first(tm, "MarkCurrentStatusCode")) or None
    pubs = [tm_date(text(first(p, "PublicationDate")), "Publication/PublicationDate")
            for p in find_all(tm, "PublicationBag/Publication")]
    return Trademark(
        office=office, app_number=number,
        reg_number=app_number(text(first(tm, "RegistrationNumber"))) or None,
        mark_text=mark, mark_script=mark_script(mark),
        mark_lang=(word.get(_attr(word, "languageCode")) if word is not None else None) or None,
        mark_type=mark_type(text(first(rep, "MarkDescriptionBag/NationalMarkDescription/MarkFeatureCode")),
                            text(first(rep, "MarkFeatureCategory")) or text(first(tm, "MarkFeatureCategory"))),
        status=status,
        status_date=tm_date(text(first(tm, "MarkCurrentStatusDate")), "MarkCurrentStatusDate"),
        app_date=tm_date(text(first(tm, "ApplicationDate")), "ApplicationDate"),
        reg_date=tm_date(text(first(tm, "RegistrationDate")), "RegistrationDate"),
        pub_date=min((d for d in pubs if d), default=None),
        expiry_date=tm_date(text(first(tm, "ExpiryDate")), "ExpiryDate"),
        nice_classes=st96_nice(tm, lang),
        parties=st96_parties(tm),
        designations=designations(tm),
        events=st96_events(tm),
        provenance=provenance,
    )
