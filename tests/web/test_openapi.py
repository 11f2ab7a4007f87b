"""The OpenAPI spec, exercised by schemathesis against the live server: no 5xx, errors in one shape.

Bounded: a fixed number of generated examples per operation (each sent anonymously and with an
admin key), so the run stays short. Operations are driven one by one with Hypothesis directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow
EXAMPLES = 25
CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)


def test_api_conforms_and_never_fails(live_server):
    schema = schemathesis.openapi.from_url(live_server["url"] + "/api/openapi.json")
    admin = {"Authorization": "Bearer " + live_server["admin_key"]}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 19
    calls: list[tuple[str, int]] = []
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            for headers in ({}, admin):
                response = case.call(headers=headers, timeout=60)
                calls.append((case.operation.label, response.status_code))
                case.validate_response(response, checks=CHECKS)
                if response.status_code >= 400:
                    body = response.json()
                    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}

        run()
    assert not [c for c in calls if c[1] >= 500]
    assert {s for _, s in calls} & {200, 202} and {s for _, s in calls} & {400, 401}
