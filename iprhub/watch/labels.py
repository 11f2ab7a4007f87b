"""Display labels of the watch capability's keys (tiers, kinds, delivery and patent statuses, chart
legends), marked with ``N_`` so ``make i18n`` extracts them into the capability's own catalog."""

from __future__ import annotations

from iprhub.capability import N_

LABELS = (
    N_("high"), N_("medium"), N_("low"), N_("noise"),
    N_("mark"), N_("owner"), N_("query"), N_("patent"),
    N_("pending"), N_("delivered"), N_("failed"),
    N_("likely in force"), N_("pending application"), N_("expired (estimate)"), N_("lapsed"), N_("unknown"),
    N_("Watch hits"), N_("Squatting findings"), N_("Patents likely in force"), N_("Findings per country"),
    N_("Squatting"), N_("Findings by tier"),
)
