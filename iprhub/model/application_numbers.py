"""Application numbers: the spellings people and offices write, turned into one record key.

An application key is ``CC`` + the office's application number without punctuation, in the form
the readers store (``events.app_key``, ``documents.app_number``):

==========  ==============================================  ==================
office      typed                                           key
==========  ==============================================  ==================
US          ``15/145,443``, ``US 15145443``                 ``US15145443``
EP          ``EP19910302636`` (epodoc), ``EP 91302636.5``    ``EP91302636``
PCT         ``PCT/US2013/064552``, ``PCT/US13/64552``        ``WO2013US064552``
CN          ``CN 201410408762.5``                           ``CN2014104087625``
JP          ``特願2017-187096``, ``JP 2017-187096``            ``JP2017187096``
KR          ``10-2016-0063019``                             ``KR1020160063019``
==========  ==============================================  ==================

>>> parse_application_number("US 15/145,443").key
'US15145443'
>>> parse_application_number("EP19910302636").key
'EP91302636'
>>> parse_application_number("PCT/US2013/064552").key
'WO2013US064552'
>>> application_key("WO", "US2013064552")
'WO2013US064552'

A number-less application (one only known through its patent, as a PTAB trial names it) is keyed
``pn:`` + the kind-less publication number: ``pn:US8000000``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from iprhub.errors import InvalidInput

PUBLICATION_KEY_PREFIX = "pn:"

_PCT = re.compile(r"^(?:PCT|WO)/?([A-Z]{2})/?((?:19|20)?\d{2})/?(\d{1,6})$")
_WO_KEY = re.compile(r"^WO((?:19|20)\d{2})([A-Z]{2})(\d{6})$")
_DOCDB_PCT = re.compile(r"^([A-Z]{2})((?:19|20)\d{2})(\d{6})$")  # WO documents' app_number: US2013064552
_US_SLASH = re.compile(r"^(?:US)?(\d{2})/(\d{3}),?(\d{3})$")
_CC = re.compile(r"^([A-Z]{2})(.*)$")
_JP_PREFIX = ("特願", "実願", "意願", "商願", "特许", "專利")


@dataclass(frozen=True)
class ApplicationNumber:
    """An application number: office and number (CN keeps its check character, as the readers do)."""

    office: str
    number: str

    @property
    def key(self) -> str:
        return f"{self.office}{self.number}"

    @property
    def display(self) -> str:
        """As the office prints it: ``15/145,443``, ``PCT/US2013/064552``, ``91302636``."""
        if self.office == "US" and re.fullmatch(r"\d{8}", self.number):
            return f"{self.number[:2]}/{self.number[2:5]},{self.number[5:]}"
        m = _WO_KEY.match(self.key)
        if m:
            return f"PCT/{m.group(2)}{m.group(1)}/{m.group(3)}"
        return self.number


def _clean(text: str) -> str:
    raw = unicodedata.normalize("NFKC", text or "").strip().upper()
    for prefix in _JP_PREFIX:
        if raw.startswith(prefix):
            raw = "JP" + raw[len(prefix):]
    return raw


def parse_application_number(text: str, country: str | None = None) -> ApplicationNumber:
    """Read an application number typed by a person or written by an office.

    ``country`` is the office when the text has none (a bare ``15/145,443`` is a US number).
    Raises :class:`InvalidInput` for text that is no application number of any office.
    """
    raw = _clean(text)
    compact = re.sub(r"[\s]", "", raw)
    pct = _PCT.match(compact)
    if pct:
        cc, year, serial = pct.groups()
        if len(year) == 2:
            year = ("19" if int(year) >= 78 else "20") + year
        return ApplicationNumber("WO", f"{year}{cc}{serial.zfill(6)}")
    us = _US_SLASH.match(compact)
    if us and (country in (None, "US")):
        return ApplicationNumber("US", "".join(us.groups()))
    m = _CC.match(compact)
    cc, rest = (m.group(1), m.group(2)) if m and not compact[:2].isdigit() else ((country or "").upper(), compact)
    if not cc or not re.fullmatch(r"[A-Z]{2}", cc):
        raise InvalidInput(f"not an application number: {text!r} (give the office, e.g. US 15/145,443, "
                           "EP 91302636, PCT/US2013/064552)", field="number")
    return _office_number(cc, rest, text)


def _office_number(cc: str, rest: str, text: str) -> ApplicationNumber:
    body = re.sub(r"[\s,/\-]", "", rest)
    if cc == "EP":
        body = body.split(".")[0]
        if re.fullmatch(r"(19|20)\d{2}\d{7}", body):  # epodoc: EP + 4-digit year + 7 digits
            body = body[2:4] + body[5:]
    elif cc == "WO":
        d = _DOCDB_PCT.match(body)
        if d:
            body = f"{d.group(2)}{d.group(1)}{d.group(3)}"
        epodoc = re.fullmatch(r"((?:19|20)\d{2})([A-Z]{2})(\d{1,6})", body)  # WO2016US64351: serial unpadded
        if epodoc:
            body = f"{epodoc.group(1)}{epodoc.group(2)}{epodoc.group(3).zfill(6)}"
    elif cc == "US":
        body = body.replace(".", "")
        docdb = re.fullmatch(r"(?:19|20)\d{2}(\d{8})[PW]?", body)  # DOCDB: filing year first, P provisional
        if docdb:
            body = docdb.group(1)
        elif re.fullmatch(r"(19|20)\d{2}\d{6}", body):  # a PCT application filed at the USPTO (epodoc)
            return ApplicationNumber("WO", f"{body[:4]}US{body[4:]}")
    else:
        body = body.replace(".", "")
    if not body or not re.fullmatch(r"[0-9A-Z]+", body) or not re.search(r"\d", body):
        raise InvalidInput(f"not an application number: {text!r}", field="number")
    return ApplicationNumber(cc, body)


def application_key(country: str | None, app_number: str | None) -> str | None:
    """The key of a stored ``app_number``; WO documents store the PCT application in DOCDB form
    (``US2013064552``), which becomes ``WO2013US064552``. None when there is no usable number."""
    if not app_number:
        return None
    cc = (country or "").upper()
    if cc == "WO":
        d = _DOCDB_PCT.match(app_number.upper())
        if d:
            return f"WO{d.group(2)}{d.group(1)}{d.group(3)}"
    try:
        return parse_application_number(app_number, cc or None).key
    except InvalidInput:
        return None


def priority_key(country: str | None, number: str | None) -> str | None:
    """The application key of a priority claim (``US``, ``62/982,670`` -> ``US62982670``;
    ``WO``, ``2003US21714`` -> ``WO2003US021714``)."""
    if not number:
        return None
    cc = (country or "").upper()
    text = number.strip().upper()
    if cc == "WO":
        m = re.fullmatch(r"((?:19|20)\d{2})([A-Z]{2})(\d{1,6})", re.sub(r"[\s/\-]", "", text))
        if m:
            return f"WO{m.group(1)}{m.group(2)}{m.group(3).zfill(6)}"
    if cc and not text.startswith(cc) and not text.startswith("PCT"):
        text = cc + text
    return application_key(cc or None, text)


def publication_key(kindless: str) -> str:
    """The key of an application known only through its publication (``pn:US8000000``)."""
    return PUBLICATION_KEY_PREFIX + kindless
