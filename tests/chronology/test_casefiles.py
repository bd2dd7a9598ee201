"""Case files in and out: `cairn import`, `cairn export`, all or nothing, round trips."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from cairn.audit.models import AuditEntry
from cairn.chronology.models import Entry, ImportedCaseFile
from cairn.chronology.selectors import person_by_reference, person_casefile_for
from cairn.chronology.services import EntryInputError, casefile_import
from cairn.lib import casefile
from cairn.lib.errors import ServiceError
from cairn.people.models import Person
from tests.conftest import World

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.casefile.json"))


def load(world: World, path: Path, actor: Any = None) -> ImportedCaseFile:
    data = path.read_bytes()
    return casefile_import(
        actor=actor,
        owning_agency=world.agency_a,
        case_file=casefile.loads(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def exported(person: Person, user: Any = None) -> dict[str, Any]:
    found = person_casefile_for(user=user, person_id=person.pk)
    assert found is not None
    return casefile.to_document(found)


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    """A document without what Cairn adds on the way out (when each entry was recorded), with
    PNC ids in the one form Cairn keeps, and identifiers given as null taken as absent (the
    format says both mean "not recorded")."""
    events = [{k: v for k, v in e.items() if k != "recorded_at"} for e in document["events"]]
    subject = dict(document["subject"])
    ids = {k: v for k, v in (subject.get("identifiers") or {}).items() if v is not None}
    subject["identifiers"] = ids
    if ids.get("pnc_id"):
        ids["pnc_id"] = (
            ids["pnc_id"][2:] if len(ids["pnc_id"].split("/")[0]) == 4 else ids["pnc_id"]
        )
        subject["identifiers"] = ids
    return {**document, "subject": subject, "events": events}


def test_there_are_at_least_three_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_imports_and_exports_without_loss(world: World, path: Path) -> None:
    original = json.loads(path.read_text())
    imported = load(world, path)
    assert imported.events == len(original["events"])
    person = person_by_reference(original["subject"]["ref"])
    assert person is not None
    first = exported(person)
    left, right = _comparable(first), _comparable(original)
    assert left["subject"] == right["subject"]
    for mine, theirs in zip(left["events"], right["events"], strict=True):
        assert mine == theirs
    again = casefile.loads(casefile.dumps(casefile.parse(first)))
    assert casefile.to_document(again) == first


def test_a_cairn_export_reimports_exactly(world: World, tmp_path: Path) -> None:
    path = EXAMPLES[0]
    point = transaction.savepoint_create()
    load(world, path)
    person = person_by_reference(json.loads(path.read_text())["subject"]["ref"])
    assert person is not None
    first = exported(person)
    try:
        written = tmp_path / "out.json"
        written.write_text(json.dumps(first))
        # A different database holding only the exported file: roll the first import back.
        transaction.savepoint_rollback(point)
        point = transaction.savepoint_create()
        load(world, written)
        second = exported(person_by_reference(first["subject"]["ref"]))  # type: ignore[arg-type]
        assert second == first
    finally:
        transaction.savepoint_rollback(point)


def test_loading_the_same_file_twice_changes_nothing(world: World) -> None:
    first = load(world, EXAMPLES[0])
    count = Entry.objects.count()
    assert load(world, EXAMPLES[0]).pk == first.pk
    assert Entry.objects.count() == count


def test_a_different_file_for_the_same_subject_is_refused(world: World, tmp_path: Path) -> None:
    load(world, EXAMPLES[0])
    document = json.loads(EXAMPLES[0].read_text())
    document["events"][0]["summary"] = "Synthetic: changed."
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document))
    with pytest.raises(ServiceError, match="already imported"):
        load(world, changed)


def test_events_keep_their_ids_links_and_awaiting_indicators(world: World) -> None:
    path = next(p for p in EXAMPLES if "repeat-referral" in p.name)
    document = json.loads(path.read_text())
    load(world, path)
    entries = {
        e.external_id: e for e in Entry.objects.filter(external_source__startswith="casefile:")
    }
    for event in document["events"]:
        entry = entries[event["id"]]
        assert entry.kind == event["kind"]
        if event.get("refers_to"):
            assert entry.refers_to == entries[event["refers_to"]]
        assert entry.indicators == event.get("indicators")
    renamed = [e for e in document["events"] if e.get("subject_as_recorded")]
    assert renamed
    for event in renamed:
        record = entries[event["id"]].source_record
        recorded = dict(event["subject_as_recorded"])
        for key, value in (recorded.pop("identifiers", None) or {}).items():
            assert getattr(record, key) == (value or "")
        for key, value in recorded.items():
            assert str(getattr(record, key)) == value
        assert record.person == entries[document["events"][0]["id"]].person


def test_a_partner_exports_only_what_is_shared_with_them(world: World, tmp_path: Path) -> None:
    document = json.loads(EXAMPLES[0].read_text())
    document["events"][0]["shared_with"] = ["Brookfield Council"]
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(document))
    load(world, path)
    person = person_by_reference(document["subject"]["ref"])
    assert person is not None
    partner = exported(person, world.users["partner_practitioner"])
    assert [e["id"] for e in partner["events"]] == [document["events"][0]["id"]]
    assert person_casefile_for(user=world.users["analyst"], person_id=person.pk) is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["events"][2].update(kind="visit"), "field kind"),
        (lambda d: d["events"][1].update(refers_to="nope"), "field refers_to: no event 'nope'"),
        (lambda d: d["events"][1].update(id=d["events"][0]["id"]), "the id is used twice"),
        (lambda d: d["events"][0].update(at="2021-13-01"), "field at"),
        (lambda d: d["events"][0].update(at="2999-01-01"), "field at: is in the future"),
        (lambda d: d["events"][0].update(indicators=["sad"]), "field indicators.0"),
        (lambda d: d["subject"].pop("family_name"), "subject, field family_name"),
        (lambda d: d["events"][0].update(shared_with=["Nowhere"]), "field shared_with"),
    ],
)
def test_an_invalid_file_is_refused_whole_naming_event_and_field(
    world: World, tmp_path: Path, change: Any, expected: str
) -> None:
    document = json.loads(EXAMPLES[0].read_text())
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    before = (Entry.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--agency", "Ashby Council")
    assert expected in str(refused.value)
    assert "nothing was loaded" in str(refused.value)
    assert (Entry.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == before


def test_import_and_export_commands(world: World, tmp_path: Path, capsys: Any) -> None:
    path = EXAMPLES[0]
    call_command("import", str(path), "--as", "officer_a")
    assert "Imported" in capsys.readouterr().out
    ref = json.loads(path.read_text())["subject"]["ref"]
    out = tmp_path / "out.json"
    call_command("export", ref, "--output", str(out))
    written = casefile.loads(out.read_bytes())
    assert written.subject.ref == ref
    imported = AuditEntry.objects.filter(action="casefile.import").get()
    assert imported.actor_name == "officer_a"
    exports = AuditEntry.objects.filter(action="chronology.view", purpose="case file export")
    assert exports.get().actor_kind == "system"
    with pytest.raises(CommandError, match="may see"):
        call_command("export", ref, "--output", str(out), "--as", "analyst_a")
    with pytest.raises(CommandError, match="No active account"):
        call_command("export", ref, "--output", str(out), "--as", "nobody")


def test_a_file_over_the_size_limit_is_refused(world: World, settings: Any) -> None:
    settings.CASEFILE_MAX_BYTES = 1024
    with pytest.raises(CommandError, match="over the limit"):
        call_command("import", str(EXAMPLES[0]))


def test_the_service_refuses_a_subject_with_no_names(world: World) -> None:
    document = {"format": casefile.FORMAT, "subject": {"ref": "s"}, "events": []}
    with pytest.raises(EntryInputError, match="subject, field given_name"):
        casefile_import(
            actor=None,
            owning_agency=world.agency_a,
            case_file=casefile.parse(document),
            sha256="0",
        )
