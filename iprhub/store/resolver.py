"""The one number resolver: what a typed number means in this store.

A number is read every way it can be — publication (``US 7,123,456 B2``), application
(``15/145,443``, ``EP19910302636``, ``PCT/US2013/064552``), priority (the documents claiming that
application), trademark, a bare number of any office — and each reading is looked up. One record
answers; several raise :class:`AmbiguousNumber` listing them (``kind:key``, which the resolver
takes back as input); none raises :class:`NotFound`.

Several kinds of one publication (``US7123456A1`` and ``B2`` for ``US7123456``) are one record:
the newest kind answers and the others are ``alternatives``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from iprhub.errors import AmbiguousNumber, InvalidInput, IprHubError, NotFound
from iprhub.model.application import RecordKind, ResolvedNumber
from iprhub.model.application_numbers import PUBLICATION_KEY_PREFIX, parse_application_number
from iprhub.model.numbers import DocNumber, parse_number
from iprhub.store.store import Store

KINDS: tuple[RecordKind, ...] = ("publication", "application", "trademark")
_EXPLICIT = re.compile(r"^(publication|application|trademark):(.+)$", re.I)
_BARE = re.compile(r"^[\d\s,./\-]+$")


class NumberResolver:
    """``NumberResolver(store).resolve("US15145443")`` -> the application record's key."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def resolve(self, text: str, kinds: Collection[RecordKind] = KINDS) -> ResolvedNumber:
        raw = " ".join((text or "").split())
        if not raw:
            raise InvalidInput("give a number", field="number")
        explicit = _EXPLICIT.match(raw)
        if explicit:
            return self._explicit(raw, explicit.group(1).lower(), explicit.group(2).strip())  # type: ignore[arg-type]
        found: dict[tuple[str, str], ResolvedNumber] = {}
        readable = False

        def add(kind: RecordKind, key: str, read_as: str, alternatives: list[str] | None = None) -> None:
            if kind in kinds:
                found.setdefault((kind, key), ResolvedNumber(query=text, kind=kind, key=key, read_as=read_as,  # type: ignore[arg-type]
                                                             alternatives=alternatives or []))

        dn = _publication_reading(raw)
        if dn is not None:
            readable = True
            chosen, others = self._publications(dn)
            if chosen:
                add("publication", chosen, "publication", others)
            elif dn.kind:  # an application number with a kind code (EP 13189031 B2): that publication of it
                pubs = sorted(self.store.find_by_application(dn.without_kind))
                with_kind = [p for p in pubs if p.endswith(dn.kind)] or pubs[-1:]
                for pub in with_kind[-1:]:
                    add("publication", pub, "application")
        if raw.startswith(PUBLICATION_KEY_PREFIX):
            readable = True
            for key in self.store.application_keys(raw):
                add("application", key, "application")
        app_key = _application_reading(raw)
        if app_key and "application" in kinds:
            readable = True
            for key in self.store.application_keys(app_key):
                add("application", key, "application")
            if dn is not None and not found:
                for key in self.store.application_keys_known_by(dn.without_kind):
                    add("application", key, "application")
                for key in self.store.application_keys_naming(sorted({dn.canonical, dn.without_kind})):
                    add("application", key, "publication")
            if not found and "publication" in kinds:
                for pub in _newest_per_number(self.store.documents_claiming(app_key)):
                    add("publication", pub, "priority")
        if _BARE.match(raw):
            digits = re.sub(r"\D", "", raw)
            if digits:
                readable = True
                for key in self.store.application_keys_by_number(digits):
                    add("application", key, "number")
                for pub in _newest_per_number(self.store.find_by_doc_number(digits)):
                    add("publication", pub, "number")
        if "trademark" in kinds:
            for key in self._trademarks(raw):
                readable = True
                add("trademark", key, "trademark")
        if not found:
            if not readable:
                raise InvalidInput(f"not a number this store knows how to read: {text!r} (a publication such as "
                                   "US7123456B2, an application such as US 15/145,443 or PCT/US2013/064552, or a "
                                   "trademark number)", field="number")
            raise NotFound(f"no {'/'.join(kinds)} record for {text!r} in the store", record=raw)
        if len(found) > 1:
            _drop_own_applications(found, self.store)
        if len(found) > 1:
            candidates = [f"{k}:{key}" for k, key in sorted(found)]
            raise AmbiguousNumber(f"{text!r} means {len(found)} records: {', '.join(candidates)}; give one of them",
                                  candidates=candidates, field="number")
        return next(iter(found.values()))

    def publication(self, text: str) -> str:
        """The stored publication a number means; an application answers with its newest publication."""
        resolved = self.resolve(text, ("publication", "application"))
        if resolved.kind == "publication":
            return resolved.key
        app = self.store.application(resolved.key)
        pubs = [p.pub_number for p in app.publications] if app else []
        if not pubs:
            raise NotFound(f"application {resolved.key} has no publication in the store", record=resolved.key)
        return pubs[-1]

    # readings -----------------------------------------------------------------------------------
    def _publications(self, dn: DocNumber) -> tuple[str | None, list[str]]:
        numbers = self.store.find_numbers(dn.country, dn.number)
        if dn.kind and dn.canonical in numbers:
            return dn.canonical, [n for n in numbers if n != dn.canonical]
        if not numbers:
            return None, []
        chosen = sorted(numbers)[-1]  # several kinds: the newest publication answers
        return chosen, [n for n in numbers if n != chosen]

    def _trademarks(self, raw: str) -> list[str]:
        if "/" in raw and self.store.get_trademark(raw.upper()) is not None:
            return [raw.upper()]
        return self.store.find_trademarks(raw.split("/")[-1].replace(" ", ""))

    def _explicit(self, text: str, kind: RecordKind, key: str) -> ResolvedNumber:
        exists = {
            "publication": lambda: self.store.get_document(key) is not None,
            "application": lambda: bool(self.store.application_keys(key)),
            "trademark": lambda: self.store.get_trademark(key) is not None,
        }[kind]()
        if not exists:
            raise NotFound(f"no {kind} {key} in the store", record=key)
        return ResolvedNumber(query=text, kind=kind, key=key, read_as=kind)


def _drop_own_applications(found: dict[tuple[str, str], ResolvedNumber], store: Store) -> None:
    """Where an office numbers an application and its publication alike (CA2744162, RU2015117646),
    the publication answers and its own application is no second meaning."""
    for kind, key in list(found):
        if kind == "publication":
            own = store.application_key_of(key)
            if own and ("application", own) in found:
                del found[("application", own)]
                found[(kind, key)].alternatives.append(f"application:{own}")


def _publication_reading(raw: str) -> DocNumber | None:
    if raw.startswith(PUBLICATION_KEY_PREFIX):
        return None
    try:
        return parse_number(raw)
    except IprHubError:
        return None


def _application_reading(raw: str) -> str | None:
    if raw.startswith(PUBLICATION_KEY_PREFIX):
        return None
    try:
        return parse_application_number(raw).key
    except IprHubError:
        return None


def _newest_per_number(pubs: list[str]) -> list[str]:
    """One publication per office and number (the newest kind): kinds of one publication are one record."""
    newest: dict[str, str] = {}
    for pub in sorted(pubs):
        try:
            newest[parse_number(pub).without_kind] = pub
        except IprHubError:
            newest[pub] = pub
    return sorted(newest.values())

