"""Display labels of the keys the value pages show, marked for extraction."""

from __future__ import annotations

from iprhub.value import N_

LABELS = (
    N_("yes"), N_("no"), N_("unknown"), N_("family_size"), N_("claims"), N_("forward_citations"),
    N_("backward_citations"), N_("originality"), N_("generality"), N_("radicalness"), N_("renewal"), N_("size"),
    N_("growth"), N_("high_value"), N_("quality"), N_("international"), N_("operation"), N_("owner"), N_("year"),
    N_("region"),
)
