"""Interface languages: gettext catalogs (``<lang>/LC_MESSAGES/messages.po``, compiled to ``.mo``
with Babel: ``make i18n``) and the choice of language per request."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

HERE = Path(__file__).parent
LANGUAGES = {"en": "English", "zh": "中文"}  # endonyms: shown as they are in every interface language
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


@cache
def translations(lang: str, catalogs: tuple[Path, ...] = ()) -> NullTranslations:
    """The core catalog of ``lang`` with each capability catalog folder in ``catalogs`` merged over it
    (a capability's own strings live in its package: no shared file to edit)."""
    merged = Translations.load(str(HERE), [lang], domain="messages")
    for folder in catalogs:
        extra = Translations.load(str(folder), [lang], domain="messages")
        if isinstance(merged, Translations) and isinstance(extra, Translations):
            merged.merge(extra)
        elif isinstance(extra, Translations):
            merged = extra
    return merged


def negotiate(query: str | None, cookie: str | None, accept_language: str | None, default: str) -> str:
    """``?lang=`` wins, then the language cookie, then the browser's Accept-Language, then the default.

    >>> negotiate(None, None, "zh-CN,zh;q=0.9,en;q=0.8", "en")
    'zh'
    >>> negotiate(None, "en", "zh-CN", "zh")
    'en'
    """
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    best, best_q = None, -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if q > best_q:
            best, best_q = primary, q
    return best or default
