"""Application numbers in the spellings offices and people write, read into one key."""

import pytest

from iprhub.errors import InvalidInput
from iprhub.model.application_numbers import application_key, parse_application_number, priority_key


@pytest.mark.parametrize("typed, key", [
    ("US 15/145,443", "US15145443"), ("15/145,443", "US15145443"), ("US15145443", "US15145443"),
    ("US 15145443", "US15145443"), ("EP19910302636", "EP91302636"), ("EP91302636", "EP91302636"),
    ("EP 91302636.5", "EP91302636"), ("PCT/US2013/064552", "WO2013US064552"), ("PCT/US13/64552", "WO2013US064552"),
    ("WO2013US064552", "WO2013US064552"), ("CN 201410408762.5", "CN2014104087625"),
    ("特願2017-187096", "JP2017187096"), ("JP 2017-187096", "JP2017187096"), ("KR 10-2016-0063019", "KR1020160063019"),
    ("DEB0077613", "DEB0077613"),
])
def test_spellings_give_one_key(typed, key):
    assert parse_application_number(typed).key == key


def test_display_as_the_office_prints_it():
    assert parse_application_number("US15145443").display == "15/145,443"
    assert parse_application_number("WO2013US064552").display == "PCT/US2013/064552"


@pytest.mark.parametrize("text", ["", "battery", "US", "1234567"])
def test_not_an_application_number(text):
    with pytest.raises(InvalidInput) as err:
        parse_application_number(text)
    assert err.value.field == "number"


def test_stored_spellings_of_the_readers():
    # WO documents carry their PCT application in DOCDB form (WO2014059282A2 of ../shared/data)
    assert application_key("WO", "US2013064552") == "WO2013US064552"
    assert application_key("WO", "IB2022055385") == "WO2022IB055385"
    assert application_key("CN", "CN2008801144281") == "CN2008801144281"
    assert application_key("US", None) is None


@pytest.mark.parametrize("country, number, key", [
    ("US", "62/982,670", "US62982670"), ("US", "201261713164P", "US61713164"), ("US", "201261713164", "US61713164"),
    ("US", "2013064552", "WO2013US064552"), ("WO", "2013US64552", "WO2013US064552"),
    ("KR", "10-2016-0063019", "KR1020160063019"), ("JP", "2004351438", "JP2004351438"),
    ("CN", "201320854096.9", "CN2013208540969"), ("EP", "06101078", "EP06101078"),
])
def test_priority_claims_as_application_keys(country, number, key):
    # the doc_priorities spellings of ../shared/data: one US provisional written three ways
    assert priority_key(country, number) == key
