"""Region of a party from the recording: its country code, or the US state its address names.

>>> region_of(None, "770 SOUTH POST OAK LANE, SUITE 405, HOUSTON, TEXAS, 77056")
'US-TX'
>>> region_of("AT", "IZD TOWER, VIENNA, AUSTRIA"), region_of(None, None)
('AT', None)
"""

from __future__ import annotations

import re

US_STATES = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
    "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA",
    "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS",
    "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA", "MICHIGAN": "MI",
    "MINNESOTA": "MN", "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT", "NEBRASKA": "NE", "NEVADA": "NV",
    "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM", "NEW YORK": "NY", "NORTH CAROLINA": "NC",
    "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK", "OREGON": "OR", "PENNSYLVANIA": "PA",
    "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD", "TENNESSEE": "TN", "TEXAS": "TX",
    "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA", "WEST VIRGINIA": "WV",
    "WISCONSIN": "WI", "WYOMING": "WY",
}


def region_of(country: str | None, address: str | None) -> str | None:
    if country:
        return country.upper()
    if not address:
        return None
    parts = [p.strip().upper() for p in address.split(",")]
    for part in reversed(parts):
        if part in US_STATES:
            return "US-" + US_STATES[part]
        if re.fullmatch(r"[A-Z]{2}", part) and part in US_STATES.values() and len(parts) > 2:
            return "US-" + part
    return None
