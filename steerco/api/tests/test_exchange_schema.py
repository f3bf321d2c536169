"""The exchange document's JSON Schema is published by the API, as docs/ holds it (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "exchange.schema.json"


@pytest.mark.django_db
def test_anyone_may_read_the_exchange_schema_as_docs_holds_it(client):
    answer = client.get("/api/v1/schema/exchange.json")
    assert answer.status_code == 200
    assert answer.json() == json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert answer.json()["properties"]["format"]["const"] == "steerco-exchange"
