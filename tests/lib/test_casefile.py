"""The case-file format: the schema, the checks it cannot express, and the typed form."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairn.lib import casefile, vocab

EXAMPLE: dict[str, Any] = {
    "format": "cairn-casefile/1",
    "subject": {
        "ref": "subject-b",
        "given_name": "Jordan",
        "family_name": "Ellery",
        "date_of_birth": "2007-03-14",
        "sex": "male",
        "identifiers": {"upn": "A123456789012", "nhs_number": "9434765919", "pnc_id": None},
    },
    "events": [
        {
            "id": "e01",
            "at": "2021-09-02",
            "kind": "referral",
            "sector": "education",
            "agency": "Example Academy",
            "concern_type": "no_ideology_violence_fascination",
            "summary": "Free text.",
            "indicators": ["mass_casualty_research"],
            "subject_as_recorded": {"family_name": "Elery"},
        },
        {
            "id": "e02",
            "at": "2021-10-20T15:20:00+01:00",
            "kind": "decision",
            "refers_to": "e01",
            "stage": "gateway",
            "outcome": "signposted",
            "signposted_to": "CAMHS",
            "reasons": ["no_ideology", "needs_met_elsewhere"],
            "checks": {
                "police": "checked",
                "social_care": {"status": "refused", "at": "2021-10-01"},
            },
            "evidence": ["e01"],
            "a_key_cairn_does_not_know": [1, 2],
        },
    ],
}


def _problems(document: dict[str, Any]) -> list[str]:
    with pytest.raises(casefile.CaseFileError) as caught:
        casefile.parse(document)
    return caught.value.problems


def test_a_valid_file_parses_into_events_and_round_trips() -> None:
    parsed = casefile.parse(copy.deepcopy(EXAMPLE))
    assert parsed.subject.date_of_birth == date(2007, 3, 14)
    first, second = parsed.events
    assert first.at_is_date
    assert first.day == date(2021, 9, 2)
    assert first.indicators == ("mass_casualty_research",)
    assert second.indicators is None
    assert second.at == datetime(2021, 10, 20, 14, 20, tzinfo=UTC)
    assert second.refers_to == "e01"
    assert second.get("a_key_cairn_does_not_know") == [1, 2]
    assert casefile.to_document(parsed) == EXAMPLE
    assert casefile.loads(casefile.dumps(parsed)) == parsed


def test_a_date_alone_is_that_day_in_uk_local_time() -> None:
    moment, date_only = casefile.parse_moment("2021-07-01")
    assert date_only
    assert moment.astimezone(UTC) == datetime(2021, 6, 30, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["events"][1].update(outcome="closd"), "event e02, field outcome"),
        (lambda d: d["events"][0].pop("sector"), "event e01, field sector: is required"),
        (lambda d: d["events"][0].update(kind="visit"), "event e01, field kind"),
        (lambda d: d["events"][0].update(indicators=["knife"]), "event e01, field indicators.0"),
        (lambda d: d["events"][1].update(refers_to="e09"), "event e02, field refers_to: no event"),
        (lambda d: d["events"][1].update(evidence=["e07"]), "event e02, field evidence: no event"),
        (lambda d: d["events"][0].update(at="2021-02-30"), "event e01, field at: '2021-02-30'"),
        (lambda d: d["events"][0].update(at="yesterday"), "event e01, field at"),
        (lambda d: d["events"][1].update(id="e01"), "event e01, field id: the id is used twice"),
        (lambda d: d["events"][1]["checks"].update(gp="checked"), "event e02, field checks"),
        (lambda d: d["events"][1].update(stage=None), "event e02, field stage: is required"),
        (lambda d: d["subject"].pop("ref"), "subject, field ref: is required"),
        (lambda d: d.update(format="cairn-casefile/2"), "format: must be"),
    ],
)
def test_each_problem_names_the_event_and_the_field(change: Any, expected: str) -> None:
    document = copy.deepcopy(EXAMPLE)
    change(document)
    problems = _problems(document)
    assert any(expected in p for p in problems), problems


def test_every_required_field_of_every_kind_is_checked() -> None:
    for kind, required in casefile.REQUIRED_BY_KIND.items():
        event = {"id": "x1", "at": "2022-01-01", "kind": kind}
        problems = _problems(
            {"format": casefile.FORMAT, "subject": {"ref": "s"}, "events": [event]}
        )
        for name in required:
            assert f"event x1, field {name}: is required" in problems, (kind, problems)


def test_bytes_that_are_not_json_utf8_or_small_enough_are_refused() -> None:
    with pytest.raises(casefile.CaseFileError, match="not UTF-8"):
        casefile.loads(b"\xff\xfe{}")
    with pytest.raises(casefile.CaseFileError, match="not JSON"):
        casefile.loads(b"{")
    with pytest.raises(casefile.CaseFileError, match="over the limit"):
        casefile.loads(json.dumps(EXAMPLE).encode(), max_bytes=100)


def test_the_schema_is_built_from_the_vocabularies() -> None:
    properties = casefile.schema()["properties"]["events"]["items"]["properties"]
    assert set(properties["kind"]["enum"]) == set(vocab.EVENT_KINDS)
    assert set(properties["outcome"]["enum"]) - {None} == set(vocab.DECISION_OUTCOMES)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(vocab.CONTACT_KINDS)),
            st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
            st.one_of(st.none(), st.text(max_size=40)),
            st.one_of(st.none(), st.lists(st.sampled_from(sorted(vocab.INDICATORS)), unique=True)),
        ),
        max_size=12,
    )
)
def test_round_trip_of_any_contact_chronology(rows: list[Any]) -> None:
    events = []
    for number, (kind, day, summary, indicators) in enumerate(rows):
        event: dict[str, Any] = {"id": f"e{number}", "at": day.isoformat(), "kind": kind}
        if summary is not None:
            event["summary"] = summary
        if indicators is not None:
            event["indicators"] = indicators
        events.append(event)
    document = {"format": casefile.FORMAT, "subject": {"ref": "s"}, "events": events}
    assert casefile.to_document(casefile.parse(document)) == document


def test_the_published_schema_is_the_one_the_code_checks_with() -> None:
    from pathlib import Path

    published = Path(__file__).parents[2] / "docs" / "casefile" / "cairn-casefile-1.schema.json"
    assert json.loads(published.read_text()) == casefile.schema(), (
        "regenerate with: cairn casefile_schema > docs/casefile/cairn-casefile-1.schema.json"
    )
