"""``hub.examination``: families, dossier, PPH check and passage ranking over the store."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from iprhub.errors import InvalidInput
from iprhub.examination.families import compute_family
from iprhub.examination.model import Dossier, PatentFamily, PphCheck, RankResult
from iprhub.examination.settings import ExaminationSettings
from iprhub.limits import Deadline


class ExaminationService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.settings: ExaminationSettings = hub.settings_of("examination")
        self._vectors: dict[str, Any] = {}
        self._lock = threading.Lock()

    def deadline(self, seconds: float | None = None) -> Deadline:
        limit = self.settings.time_limit if seconds is None else seconds
        return Deadline.after(limit if limit and limit > 0 else None)

    def _anchor(self, number: str) -> tuple[str | None, str | None]:
        if not number or not number.strip():
            raise InvalidInput("a publication or application number is needed", field="number")
        if number.strip().isdigit() and len(number.strip()) <= 9:  # a DOCDB family id given by the sources
            from iprhub.errors import NotFound

            try:
                fam = self.hub.family(number.strip())
            except NotFound:
                fam = None
            if fam is not None and fam.members:
                return fam.members[0].pub_number, None
        resolved = self.hub.resolve(number, ("publication", "application"))
        if resolved.kind == "publication":
            return resolved.key, None
        return None, resolved.key

    def family(self, number: str, *, extended: bool = False, deadline: Deadline | None = None,
               max_documents: int | None = None) -> PatentFamily:
        """The simple (DOCDB) or extended (INPADOC) family of a number, from the stored priority claims."""
        pub, app = self._anchor(number)
        return compute_family(self.hub.store, number, pub, app, "extended" if extended else "simple",
                              max_documents=max_documents or self.settings.family_max_documents,
                              deadline=deadline or self.deadline())

    def dossier(self, number: str, *, deadline: Deadline | None = None) -> Dossier:
        """Per office: members, status, dates, legal events, citations, office actions, examiner decisions."""
        from iprhub.examination.dossier import build_dossier

        return build_dossier(self, number, deadline or self.deadline())

    def pph_check(self, number: str, at: str, *, claims: str | None = None, claims_name: str = "",
                  as_of: dt.date | None = None) -> PphCheck:
        """PPH eligibility at office ``at`` with the claim-correspondence table."""
        from iprhub.examination.pph import check

        return check(self, number, at, claims=claims, claims_name=claims_name, as_of=as_of or self.as_of())

    def as_of(self) -> dt.date:
        if self.settings.pph_as_of:
            try:
                return dt.date.fromisoformat(self.settings.pph_as_of)
            except ValueError as exc:
                raise InvalidInput(f"pph_as_of {self.settings.pph_as_of!r} is not a date YYYY-MM-DD",
                                   field="examination.pph_as_of") from exc
        return dt.date.today()

    def rank(self, *, claim: str | None = None, claim_of: str | None = None, candidates: list[str] | None = None,
             candidate_files: list[Path] | None = None, top: int = 3) -> RankResult:
        """Order candidate documents for one claim and point at the passages matching each claim element."""
        from iprhub.examination.ranking import rank

        return rank(self, claim=claim, claim_of=claim_of, candidates=candidates or [],
                    candidate_files=candidate_files or [], top=top)

    def encode(self, texts: list[str]) -> Any:
        """Unit vectors of texts by the search service's multilingual encoder (recent texts are kept:
        one specification ranked against several claims is encoded once)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.hub.search.encoder.dim), dtype=np.float32)
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
        todo = list(dict.fromkeys(t for t in texts if t not in known))
        if todo:
            known.update(zip(todo, self.hub.search.encoder.encode(todo), strict=True))
            with self._lock:
                self._vectors.update({t: known[t] for t in todo})
                while len(self._vectors) > 20_000:
                    self._vectors.pop(next(iter(self._vectors)))
        return np.vstack([known[t] for t in texts])

    def panorama_dir(self) -> Path | None:
        return Path(self.settings.panorama_dir) if self.settings.panorama_dir else None
