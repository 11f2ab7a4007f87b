"""Jinja2 rendering in the request's language, with the JSON twin of every page.

``render(request, template, model=...)`` answers the page, or with ``?format=json`` the model
itself, serialised exactly as the API serialises it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

from iprhub.web.deps import get_principal
from iprhub.web.i18n import HTML_LANG, LANGUAGES, negotiate, translations
from iprhub.web.representation import json_response
from iprhub.web.security import CSRF_COOKIE, LANG_COOKIE, Signer

TEMPLATES = Path(__file__).with_name("templates")


def environment(lang: str, capability_templates: Mapping[str, Path] | None = None,
                nav: Sequence[Any] = (), catalogs: Sequence[Path] = ()) -> Environment:
    """The Jinja environment of one language: the core templates, and each capability's folder
    under its name (``countries/profile.html``); ``translate`` is a plain gettext for data labels."""
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)),
                           PrefixLoader({name: FileSystemLoader(str(path))
                                         for name, path in (capability_templates or {}).items()})])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    gettext = translations(lang, tuple(catalogs))
    env.install_gettext_translations(gettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(LANGUAGES=LANGUAGES, html_lang=HTML_LANG[lang], lang=lang,
                       translate=gettext.gettext, capability_nav=list(nav))
    env.filters["basename"] = lambda p: str(p or "").replace("\\", "/").rsplit("/", 1)[-1].split("!")[-1]
    env.filters["thousands"] = lambda n: f"{int(n):,}"
    return env


def style_hash(css: str) -> str:
    """CSP source for one inline <style> element (used by the mounted country pages)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


class Pages:
    def __init__(self, signer: Signer, default_lang: str, https: bool,
                 capability_templates: Mapping[str, Path] | None = None, nav: Sequence[Any] = (),
                 catalogs: Sequence[Path] = ()) -> None:
        self.envs = {lang: environment(lang, capability_templates, nav, catalogs) for lang in LANGUAGES}
        self.signer = signer
        self.default_lang = default_lang
        self.https = https

    def lang(self, request: Request) -> str:
        return negotiate(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                         request.headers.get("accept-language"), self.default_lang)

    def render(self, request: Request, template: str, context: dict[str, Any] | None = None, *,
               model: Any = None, tp: Any = None, status: int = 200, json_href: str | None = None,
               style_hashes: tuple[str, ...] = ()) -> Response:
        if request.query_params.get("format") == "json" and model is not None:
            return json_response(model, tp, status=status)
        lang = self.lang(request)
        cookie = request.cookies.get(CSRF_COOKIE)
        new_cookie = None if cookie else secrets.token_urlsafe(24)
        principal = getattr(request.state, "principal", None)
        if principal is None:
            try:
                principal = get_principal(request)
            except Exception:  # noqa: BLE001 - an error page must render even when the key was the error
                from iprhub.web.principal import Principal

                principal = Principal()
        ctx = {
            "request": request, "principal": principal, "path": request.url.path,
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            "csrf_token": self.signer.csrf_token(cookie or new_cookie or ""),
            "json_href": json_href if json_href is not None else _twin(request) if model is not None else None,
            "url": _url,
        }
        ctx.update(context or {})
        html = self.envs[lang].get_template(template).render(ctx)
        response = HTMLResponse(html, status_code=status)
        response.headers["Content-Language"] = HTML_LANG[lang]
        response.headers["Vary"] = "Accept-Language, Cookie"
        if style_hashes:
            response.headers["X-Style-Hashes"] = " ".join(style_hashes)
        if new_cookie:
            response.set_cookie(CSRF_COOKIE, new_cookie, httponly=True, samesite="strict", secure=self.https, path="/")
        return response


def _twin(request: Request) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("format", "lang")]
    return request.url.path + "?" + urlencode([*params, ("format", "json")])


def _url(path: str, **params: Any) -> str:
    """A link with query parameters (lists repeat the key; None is left out)."""
    pairs: list[tuple[str, Any]] = []
    for k, v in params.items():
        if v is None or v == "" or v is False:
            continue
        pairs.extend((k, x) for x in v) if isinstance(v, list | tuple) else pairs.append((k, v))
    return path + ("?" + urlencode(pairs) if pairs else "")
