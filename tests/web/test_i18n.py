"""Interface strings live in the gettext catalogs (zh and en), not in the templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[2] / "iprhub"
WEB = PACKAGE / "web"
I18N = WEB / "i18n"
TEMPLATES = WEB / "pages" / "templates"
TEMPLATE_FOLDERS = [TEMPLATES, *(p for p in PACKAGE.glob("*/templates") if p.is_dir())]  # the capabilities' too
ALLOWED_WORDS = {"iprhub"}  # the product's name
# capability packages keeping their own catalogs (iprhub/<name>/i18n): left out of the core's extraction
OWN_CATALOGS = sorted(p.parent for p in PACKAGE.glob("*/i18n") if p.parent.name != "web")
CATALOG_DIRS = [I18N, *(pkg / "i18n" for pkg in OWN_CATALOGS)]
CATALOG_IDS = [d.parent.name for d in CATALOG_DIRS]


def _extracted(i18n: Path = I18N) -> set[str]:
    """The messages of the package a catalog folder serves (the core: all of iprhub but the packages
    with their own catalogs)."""
    root = PACKAGE if i18n == I18N else i18n.parent
    own = {pkg.name for pkg in OWN_CATALOGS}
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                        "lstrip_blocks": "True"}}
    found = set()
    for path, _line, message, _comments, _context in extract_from_dir(str(root), method_map, options):
        if root == PACKAGE and Path(path).parts[0] in own:
            continue
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalog(lang: str, kind: str = "po", i18n: Path = I18N):
    path = i18n / lang / "LC_MESSAGES" / f"messages.{kind}"
    with path.open("rb") as f:
        return read_po(f) if kind == "po" else read_mo(f)


def test_templates_have_messages():
    assert len(_extracted()) > 150


@pytest.mark.parametrize("i18n", CATALOG_DIRS, ids=CATALOG_IDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_interface_string_is_in_the_catalog(lang, i18n):
    catalog = _catalog(lang, i18n=i18n)
    ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    missing = sorted(_extracted(i18n) - ids)
    assert not missing, f"not in {lang} catalog (run `make i18n` and translate): {missing}"
    if lang == "zh":
        untranslated = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str)
                                                               else all(m.string))]
        assert not untranslated, f"untranslated in zh: {untranslated}"
        assert not [m.id for m in catalog if m.id and m.fuzzy], "fuzzy entries in zh"


@pytest.mark.parametrize("i18n", CATALOG_DIRS, ids=CATALOG_IDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compiled_catalogs_match_the_sources(lang, i18n):
    po, mo = _catalog(lang, i18n=i18n), _catalog(lang, "mo", i18n=i18n)
    assert not po.fuzzy, f"{lang}.po is marked fuzzy: pybabel compile skips it"
    for m in po:
        if m.id and (m.string if isinstance(m.string, str) else any(m.string)):
            compiled = mo.get(m.id)
            assert compiled is not None and _same(compiled.string, m.string), f"{lang}.mo is stale: make i18n"


def _same(a, b) -> bool:
    return (a if isinstance(a, str) else tuple(a)) == (b if isinstance(b, str) else tuple(b))


def test_templates_hold_no_untranslated_text():
    """After removing tags, template syntax and code samples, no words may remain."""
    problems = {}
    for path in sorted(p for folder in TEMPLATE_FOLDERS for p in folder.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"\{#.*?#\}", r"\{%.*?%\}", r"\{\{.*?\}\}", r"<code>.*?</code>", r"<script.*?</script>",
                        r"<style.*?</style>", r"<[^>]+>", r"&[a-z]+;|&#\d+;"):
            text = re.sub(pattern, " ", text, flags=re.S)
        words = {w for w in re.findall(r"[^\W\d_]+", text) if w not in ALLOWED_WORDS}
        if words:
            problems[path.name] = sorted(words)
    assert not problems, f"text outside the catalogs: {problems}"


def test_chinese_interface_translates_the_navigation(client):
    html = client.get("/", params={"lang": "zh"}).text
    for word in ("检索", "统计", "国家", "跳到正文"):
        assert word in html
