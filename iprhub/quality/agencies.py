"""Agency scorecards: what the records say about each patent agency's work.

An agency is every spelling of the agent field that folds to one key (``corpus.party_key``); its
applications are those of the documents naming it; prosecution figures come from the USPTO
transaction codes stored as events: CTNF/CTFR (non-final/final rejection), XT/G (extension of time
granted — a reply that came late), ABN* (abandonment).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from iprhub.quality.corpus import Corpus, party_key
from iprhub.quality.models import AgencyScorecard

REJECTIONS = ("CTNF", "CTFR")
EXTENSION = "XT/G"
GRANTED = ("grant", "design", "plant", "reissue")


def scorecards(hub: Any, signal_counts: dict[str, int], corpus: Corpus | None = None) -> list[AgencyScorecard]:
    if corpus is None:
        corpus = Corpus()
        for doc in hub.store.iter_documents():
            corpus.add(doc)
    docs_of: dict[str, list[str]] = defaultdict(list)
    apps_of: dict[str, set[str]] = defaultdict(set)
    for key, d in corpus.docs.items():
        for agent in d.agents:
            docs_of[agent].append(key)
            apps_of[agent].add(d.app or key)
    codes: dict[str, Counter[str]] = defaultdict(Counter)
    office_actions: Counter[str] = Counter()
    for e in hub.store.iter_events():
        # prosecution records name the agent of record too (the correspondence address)
        for p in e.parties:
            if p.role == "agent" and (k := party_key(p.name)):
                corpus.spellings[k].add(p.name)
                apps_of[k].add(e.app_key)
        if e.code:
            codes[e.app_key][e.code] += 1
        if e.event_type == "office-action":
            office_actions[e.app_key] += 1
    cards = []
    for agent, apps in apps_of.items():
        keys = docs_of.get(agent, [])
        granted = {corpus.docs[k].app or k for k in keys if corpus.docs[k].doc_type in GRANTED} | {
            a for a in apps if a in codes and (codes[a]["WPIR"] or codes[a]["PTAC"])}  # issue notification, grant date
        with_events = [a for a in apps if codes.get(a)]
        rejected = [a for a in with_events if any(codes[a][c] for c in REJECTIONS)]
        rejections = sum(codes[a][c] for a in with_events for c in REJECTIONS)
        extensions = sum(codes[a][EXTENSION] for a in with_events)
        abandoned = [a for a in with_events if any(c.startswith(("ABN", "MABN")) for c in codes[a])]
        cards.append(AgencyScorecard(
            agency=corpus.display(agent), spellings=sorted(corpus.spellings[agent]), documents=len(keys),
            applications=len(apps), applicants=len({a for k in keys for a in corpus.docs[k].applicants}),
            offices=dict(Counter(a[:2] for a in apps).most_common()),
            grants=len(granted), grant_rate=round(len(granted) / len(apps), 4) if apps else None,
            office_actions=sum(office_actions[a] for a in apps), rejections=rejections,
            rejection_rate=round(len(rejected) / len(with_events), 4) if with_events else None,
            extensions=extensions, extension_rate=round(extensions / rejections, 4) if rejections else None,
            abandoned=len(abandoned), abnormal_signals=signal_counts.get(agent, 0)))
    cards.sort(key=lambda c: (-c.applications, c.agency))
    return cards
