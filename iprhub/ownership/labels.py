"""Display labels of the keys the ownership pages show (conveyance types, roles, findings, table
columns), marked for extraction so both languages show words, never raw keys."""

from __future__ import annotations

from iprhub.ownership import N_

LABELS = (
    N_("assignment"), N_("security-interest"), N_("release"), N_("license"), N_("merger"), N_("change-of-name"),
    N_("correction"), N_("government-interest"), N_("other"), N_("recordings"), N_("patents"), N_("year"),
    N_("type"), N_("field"), N_("region"), N_("office"), N_("total"), N_("unknown"), N_("not in store"),
    N_("acquired"), N_("disposed"), N_("renamed"), N_("pledged"), N_("secured"), N_("released"), N_("licensed"),
    N_("licensee"), N_("corrected"), N_("chain-gap"), N_("reel-order"), N_("sources-disagree"),
    N_("recorded-before-executed"), N_("future-date"), N_("release-unmatched"), N_("release-before-security"),
    N_("Recordings by"),
)
