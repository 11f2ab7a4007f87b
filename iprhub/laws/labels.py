"""Display labels of the law base's keys (kinds, statuses), as gettext msgids of its own catalog."""

from __future__ import annotations

from iprhub.capability import N_

KIND_LABELS = {
    "law": N_("Law"),
    "administrative_regulation": N_("Administrative regulation"),
    "judicial_interpretation": N_("Judicial interpretation"),
    "departmental_rule": N_("Departmental rule"),
    "other": N_("Other instrument"),
}
STATUS_LABELS = {"current": N_("newest version in the base"), "superseded": N_("superseded by a newer version in the base")}
NAV_LABEL = N_("Laws")
