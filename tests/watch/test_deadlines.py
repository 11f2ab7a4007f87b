"""Opposition deadlines hand-computed for (office, publication date) cases, month ends included.

Periods from the packaged country data: KR, SG, MY 2 months (KR: 30 days for publications from 2025-07-22);
CN, IN 3 months; VN 5 months; US 30 days; JP 2 months. CN, US and JP move a deadline that falls on a Saturday or Sunday to the Monday."""

from __future__ import annotations

import datetime as dt

import pytest

from iprhub.errors import InvalidInput

D = dt.date

CASES = [
    # office, published, expected deadline, moved from (None: not moved)
    ("KR", "2023-12-31", D(2024, 2, 29), None),  # leap February has no 31st
    ("KR", "2023-12-30", D(2024, 2, 29), None),
    ("KR", "2024-01-15", D(2024, 3, 15), None),
    ("KR", "2022-12-31", D(2023, 2, 28), None),  # common year
    ("KR", "2025-07-21", D(2025, 9, 21), None),  # the day before the 2025 amendment: still 2 months
    ("KR", "2025-07-22", D(2025, 8, 21), None),  # from the amendment on: 30 days
    ("KR", "2026-01-31", D(2026, 3, 2), None),  # 30 days, not a month: across February
    ("CN", "2024-11-30", D(2025, 2, 28), None),  # a Friday
    ("CN", "2024-05-31", D(2024, 9, 2), D(2024, 8, 31)),  # 31 Aug 2024 is a Saturday
    ("CN", "2023-11-30", D(2024, 2, 29), None),
    ("US", "2024-01-31", D(2024, 3, 1), None),  # 30 days across a leap February
    ("US", "2024-05-02", D(2024, 6, 3), D(2024, 6, 1)),  # 1 June 2024 is a Saturday
    ("US", "2024-02-03", D(2024, 3, 4), None),
    ("JP", "2024-04-30", D(2024, 7, 1), D(2024, 6, 30)),  # 30 June 2024 is a Sunday
    ("JP", "2024-12-31", D(2025, 2, 28), None),
    ("SG", "2024-08-31", D(2024, 10, 31), None),
    ("MY", "2023-12-31", D(2024, 2, 29), None),
    ("IN", "2024-11-30", D(2025, 2, 28), None),
    ("VN", "2024-09-30", D(2025, 2, 28), None),  # 5 months
]


@pytest.mark.parametrize(("office", "published", "expected", "moved_from"), CASES)
def test_deadline(sqlite_watch_hub, office, published, expected, moved_from):
    d = sqlite_watch_hub.watch.deadline(office, published)
    assert d.known and d.date == expected
    assert d.shifted == (moved_from is not None)
    assert d.legal_date == (moved_from or expected)
    assert published in d.note


@pytest.mark.parametrize(("office", "says"), [
    ("TH", "unknown: the trademark opposition period of TH is not in the country data"),
    ("EM", "unknown: the trademark opposition period of EM is not in the country data"),
    ("KZ", "KZ has no formal trademark opposition period"),
    ("TJ", "TJ has no formal trademark opposition period"),
])
def test_unknown_or_absent_period_is_said(sqlite_watch_hub, office, says):
    d = sqlite_watch_hub.watch.deadline(office, "2024-03-01")
    assert not d.known and d.date is None and d.note.startswith(says)


def test_patent_opposition_deadline(sqlite_watch_hub):
    d = sqlite_watch_hub.watch.deadline("EP", "2024-01-31", kind="patent")  # 9 months (EPC Art. 99)
    assert d.date == D(2024, 10, 31) and d.period == "9 months"


@pytest.mark.parametrize(("office", "published", "field"), [
    ("XX", "2024-01-01", "countries"), ("KR", "2024-02-30", "published"), ("KR", "31/12/2024", "published")])
def test_bad_deadline_input(sqlite_watch_hub, office, published, field):
    with pytest.raises(InvalidInput) as err:
        sqlite_watch_hub.watch.deadline(office, published)
    assert err.value.field == field
