"""The scorecard as a self-contained HTML file (inline CSS, no network assets) and as PDF (weasyprint,
the ``value`` extra, imported only when asked)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.errors import InvalidInput

CSS = """
.val table{border-collapse:collapse;margin:6px 0}.val td,.val th{border:1px solid #ddd;padding:3px 6px;text-align:left;
vertical-align:top}.val th{background:#f4f6f8}.val .yes{color:#106b2a;font-weight:bold}.val .no{color:#b00020}
.val .unknown{color:#a15c00}.val .muted{color:#667}.val .num{text-align:right}
"""
TEMPLATES = Path(__file__).with_name("templates")


def standalone_html(model: Any, lang: str = "en") -> str:
    """The scorecard page without the portal: the same template in a bare layout."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

    from iprhub.web.i18n import translations

    if lang not in ("en", "zh"):
        raise InvalidInput("--lang must be en or zh", field="lang")
    env = Environment(loader=ChoiceLoader([PrefixLoader({"value": FileSystemLoader(str(TEMPLATES))})]),
                      autoescape=select_autoescape(default=True), extensions=["jinja2.ext.i18n"],
                      trim_blocks=True, lstrip_blocks=True)
    gettext = translations(lang, (Path(__file__).with_name("i18n"),))
    env.install_gettext_translations(gettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(translate=gettext.gettext, lang=lang)
    return env.get_template("value/scorecard.html").render(m=model, css=CSS, layout="value/standalone.html")


def write_pdf(html: str, target: Path) -> None:
    try:
        from weasyprint import HTML  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except (ImportError, OSError) as exc:
        raise InvalidInput(f"PDF output needs weasyprint and its system libraries (pip install 'iprhub[value]'): "
                           f"{exc}", field="pdf") from exc
    HTML(string=html).write_pdf(str(target))
