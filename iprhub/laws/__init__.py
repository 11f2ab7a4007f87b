"""Law base: laws, regulations and judicial interpretations as structured records (title, issuing
body, document number, dates, status, chapters, numbered articles), searchable by article text in
Chinese words and phrases and citable by article (``专利法 第七十一条``).

>>> from iprhub.laws.numerals import cn_to_int
>>> cn_to_int("七十一")
71
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import Capability, NavLink, lazy
from iprhub.laws.labels import NAV_LABEL
from iprhub.laws.tables import metadata


def _eval_search(hub: Any, data_root: Path, progress: Any) -> list[Any]:
    from iprhub.laws.evaluation import laws_search_task

    return laws_search_task(hub, data_root, progress)


def _after_ingest(hub: Any, report: Any) -> dict[str, Any] | None:
    """Law texts the core ingest read as unsupported Markdown go into the law base (None: there were none)."""
    from iprhub.laws.base import law_texts_among

    paths = law_texts_among(f.path for f in report.files if f.status == "unsupported")
    if not paths:
        return None
    loaded = hub.laws.load(paths)
    return {"laws": loaded.files, "stored": loaded.stored, "unchanged": loaded.unchanged,
            "articles": loaded.articles, "problems": [p.model_dump() for p in loaded.problems]}


CAPABILITY = Capability(
    name="laws",
    summary="Law base: structured law records, article search and citation.",
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=lazy("iprhub.laws.service:LawsService"),
    api=lazy("iprhub.laws.api:router", call=False),
    pages=lazy("iprhub.laws.pages:router", call=False),
    cli=lazy("iprhub.laws.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(NAV_LABEL, "/laws"),),
    after_ingest=_after_ingest,
    evaluations={"laws-search": _eval_search},
)
