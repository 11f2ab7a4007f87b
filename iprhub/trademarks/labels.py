"""Words the trademark pages show from values (tiers, signal names), marked for gettext extraction."""

from __future__ import annotations

from iprhub.capability import N_

LABELS = (N_("Trademarks"), N_("high"), N_("medium"), N_("low"), N_("noise"), N_("exact"), N_("normalised"),
          N_("edit"), N_("phonetic"), N_("containment"), N_("meaning"), N_("goods"))
