"""Display labels for the keys the country data uses (law parameters, statuses, channels, units …).

Each label is an English msgid marked with ``N_`` so ``make i18n`` extracts it; templates show
``label(key, translate)``, so neither language ever shows a raw key such as ``invention_patent_term``.
A key without a label is shown humanised ("some_key" → "some key"), never raw.

>>> label("invention_patent_term"), label("protection_channel:courts"), label("20 years")
('Invention patent term', 'Protection channel: Courts', '20 years')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iprhub.capability import N_

LABELS = {
    # law parameters (country_law_params.parameter) and comparison fields
    "design_examination": N_("Design examination"),
    "design_novelty_grace_period": N_("Design novelty grace period"),
    "design_term": N_("Design term"),
    "invention_examination_system": N_("Invention examination system"),
    "invention_patent_term": N_("Invention patent term"),
    "novelty_grace_period": N_("Novelty grace period"),
    "paris_priority_period": N_("Paris priority period"),
    "patent_opposition_period": N_("Patent opposition period"),
    "pct_national_phase_extension": N_("PCT national phase extension"),
    "petty_patent_examination": N_("Petty patent examination"),
    "petty_patent_term": N_("Petty patent term"),
    "pre_grant_opposition_period": N_("Pre-grant opposition period"),
    "simple_patent_term": N_("Simple patent term"),
    "trademark_acquisition": N_("Trademark acquisition"),
    "trademark_opposition_period": N_("Trademark opposition period"),
    "trademark_term": N_("Trademark term"),
    "utility_innovation_term": N_("Utility innovation term"),
    "utility_model_available": N_("Utility model available"),
    "utility_model_examination": N_("Utility model examination"),
    "utility_model_term": N_("Utility model term"),
    "utility_solution_term": N_("Utility solution term"),
    "belt_and_road_status": N_("Belt and Road status"),
    "non_working_day_rule": N_("Deadline on a closed day"),
    "name": N_("Name"),
    "Paris Convention": N_("Paris Convention"),
    "Madrid Protocol": N_("Madrid Protocol"),
    "Hague Agreement": N_("Hague Agreement"),
    "PCT national phase (months)": N_("PCT national phase (months)"),
    "regional systems": N_("Regional systems"),
    "CNIPA PPH": N_("CNIPA PPH"),
    "Belt and Road": N_("Belt and Road"),
    # treaties the membership data names by id only
    "vienna_classification": N_("Vienna Agreement (figurative elements of marks)"),
    "madrid_indications": N_("Madrid Agreement (indications of source)"),
    "madrid_marks": N_("Madrid Agreement (marks)"),
    "nairobi": N_("Nairobi Treaty (Olympic Symbol)"),
    "washington": N_("Washington Treaty (integrated circuits)"),
    "rome": N_("Rome Convention"),
    "brussels": N_("Brussels Convention (satellite signals)"),
    "phonograms": N_("Phonograms Convention"),
    # protection channels
    "protection_channel": N_("Protection channel"),
    "customs_recordal": N_("Customs recordal"),
    "courts": N_("Courts"),
    "administrative_enforcement": N_("Administrative enforcement"),
    # treaty status, short values
    "party": N_("party"),
    "not a party": N_("not a party"),
    "signatory_only": N_("signatory only"),
    "yes": N_("yes"),
    "no": N_("no"),
    "none": N_("none"),
    "unknown": N_("unknown"),
    "listed": N_("listed"),
    "none in data": N_("none in the data"),
    # units
    "years": N_("years"),
    "months": N_("months"),
    "days": N_("days"),
    # PPH programmes
    "bilateral": N_("bilateral"),
    "ip5": N_("IP5"),
    "global": N_("Global PPH"),
    # source quality
    "official": N_("official"),
    "statute": N_("statute"),
    # source kinds of a fact (model.SOURCE_KINDS) and fact-check verdicts
    "office": N_("IP office"),
    "wipo_treaty": N_("WIPO / treaty body"),
    "gazette": N_("gazette"),
    "law_firm": N_("law firm"),
    "other": N_("other source"),
    "verdict_agrees": N_("confirmed by an official source"),
    "verdict_corrected": N_("corrected from an official source"),
    "verdict_added": N_("added from an official source"),
    "mediation_arbitration": N_("Mediation and arbitration"),
    "pph_end_ended": N_("ended"),
    "pph_end_term": N_("end of the current term; renewal not in the data"),
    "pph_end_indefinite": N_("no end date (extended indefinitely)"),
    "pph_end_unknown": N_("end unknown"),
    # regions and statuses of the Belt and Road list
    "Asia": N_("Asia"),
    "Europe": N_("Europe"),
    "Africa": N_("Africa"),
    "Oceania": N_("Oceania"),
    "Americas": N_("Americas"),
    "overseas_assistance": N_("Overseas dispute assistance"),
    "secondary": N_("secondary"),
    "secondary_code": N_("secondary (code)"),
    "law_firm_page": N_("law firm page"),
    "ip_service_site": N_("IP service site"),
    "qa_site": N_("Q&A site"),
    "major_media_repost": N_("major media repost"),
    "mirror": N_("mirror"),
    "media": N_("media"),
    "reference": N_("reference data"),
    "package": N_("packaged with iprhub"),
    "store": N_("loaded into the store"),
    "import": N_("imported"),
    # indicator status
    "achieved": N_("achieved"),
    "in progress": N_("in progress"),
    "no data": N_("no data"),
    "no target": N_("no target"),
    # plan deadlines
    "priority deadline": N_("priority deadline"),
    "national phase entry": N_("national phase entry"),
    "regional phase entry": N_("regional phase entry"),
    "PCT application (claiming priority)": N_("PCT application (claiming priority)"),
}
_KEY = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def label(key: object, translate: Callable[[str], str] = str) -> str:
    """The label of a data key through ``translate`` (a plain gettext); other text comes back unchanged."""
    text = "" if key is None else str(key)
    if text in LABELS:
        return translate(LABELS[text])
    if ":" in text and _KEY.match(text.split(":", 1)[0]):
        head, tail = text.split(":", 1)
        return f"{label(head, translate)}: {label(tail, translate)}"
    return text.replace("_", " ") if _KEY.match(text) else text
