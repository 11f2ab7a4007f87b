"""Standalone HTML pages (``--html``): the portal templates of this capability rendered inside a
self-contained page (no portal chrome, inline style), e.g. the PPH request annex to print or save as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.examination.model import Dossier, PatentFamily, PphCheck

_BASE = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>
<style>body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#111}table{border-collapse:collapse;
width:100%}td,th{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}ins{background:#cfc}
del{background:#fcc}.warning{color:#900}@media print{body{margin:0}}</style></head>
<body>{% block main %}{% endblock %}</body></html>"""
_MACROS = "{% macro doc_link(n) %}{{ n }}{% endmacro %}"
_TEMPLATES: dict[type, str] = {PphCheck: "pph.html", Dossier: "dossier.html", PatentFamily: "family.html"}


def standalone_page(result: Any, lang: str = "en") -> str:
    from babel.support import Translations
    from jinja2 import (
        ChoiceLoader,
        DictLoader,
        Environment,
        FileSystemLoader,
        PrefixLoader,
        select_autoescape,
    )

    here = Path(__file__).parent
    env = Environment(loader=ChoiceLoader([DictLoader({"base.html": _BASE, "macros.html": _MACROS}),
                                           PrefixLoader({"examination": FileSystemLoader(here / "templates")})]),
                      autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(Translations.load(str(here / "i18n"), [lang]), newstyle=True)  # type: ignore[attr-defined]
    name = _TEMPLATES.get(type(result))
    if name is None:
        raise TypeError(f"no page for {type(result).__name__}")
    return env.get_template(f"examination/{name}").render(r=result, lang=lang)
