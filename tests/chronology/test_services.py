"""The chronology's services and selectors: recording, visibility, corrections, suggestions,
partner events and CSV import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from cairn.audit.models import AuditEntry
from cairn.chronology import selectors
from cairn.chronology.eventcsv import events_from_csv
from cairn.chronology.models import Entry, Sensitivity, SuggestionState
from cairn.chronology.services import (
    EntryInput,
    EntryInputError,
    EventConflict,
    PartnerEvent,
    entries_suggestions_fill,
    entry_correct,
    entry_record,
    entry_suggestions_decide,
    partner_events_receive,
)
from cairn.lib.errors import ServiceError
from cairn.people.models import Person
from cairn.people.services import IdentityInput
from tests.conftest import World

WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def record(world: World, **overrides: Any) -> Entry:
    """A police contact recorded by agency A about Jordan Ellery (referral_a's person)."""
    values: dict[str, Any] = {
        "kind": "police_contact",
        "occurred_at": WHEN,
        "summary": "Synthetic: stopped near the canal, nothing found.",
        "indicators": (),
    }
    values.update(overrides)
    return entry_record(
        actor=world.users["case_officer"],
        owning_agency=world.agency_a,
        source_record=world.referral_a.source_record,
        data=EntryInput(**values),
    )


def visible_ids(user: Any, person: Person) -> set[int]:
    return set(
        selectors.entries_visible_to(user)
        .filter(source_record__person=person)
        .values_list("pk", flat=True)
    )


def test_a_referral_is_the_first_entry_of_its_persons_chronology(world: World) -> None:
    entry = Entry.objects.get(referral=world.referral_a)
    assert entry.kind == "referral"
    assert entry.person == world.referral_a.person
    assert entry.indicators == ["mass_casualty_research"]
    assert entry.suggestion_state == SuggestionState.NOT_NEEDED
    assert entry.owning_agency == world.agency_a
    assert entry.source_agency == world.school.name


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "visit"}, "field kind"),
        ({"indicators": ("knife",)}, "field indicators"),
        ({"occurred_at": timezone.now() + timedelta(days=2)}, "field at: is in the future"),
        ({"occurred_at": datetime(1850, 1, 1, tzinfo=UTC)}, "field at: is before 1900"),
        ({"summary": "x" * 20_001}, "field summary"),
        ({"sensitivity": "secret"}, "field sensitivity"),
        ({"shared_with": ("Nowhere Council",)}, "field shared_with: no active agency"),
        (
            {"sensitivity": "restricted", "shared_with": ("Brookfield Council",)},
            "a restricted entry cannot be shared",
        ),
        ({"kind": "decision"}, "field stage: is required"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, overrides: dict[str, Any], field: str
) -> None:
    before = (Entry.objects.count(), AuditEntry.objects.count())
    with pytest.raises(EntryInputError) as refused:
        record(world, **overrides)
    assert any(field in p for p in refused.value.problems), refused.value.problems
    assert (Entry.objects.count(), AuditEntry.objects.count()) == before


def test_who_sees_what(world: World) -> None:
    person = world.referral_a.person
    own = record(world)
    shared = record(world, shared_with=("Brookfield Council",))
    sensitive = record(
        world, shared_with=("Brookfield Council",), sensitivity=Sensitivity.OFFICIAL_SENSITIVE
    )
    restricted = record(world, sensitivity=Sensitivity.RESTRICTED)
    referral_entry = Entry.objects.get(referral=world.referral_a).pk
    everything = {own.pk, shared.pk, sensitive.pk, restricted.pk, referral_entry}
    users = world.users
    for role in ("case_officer", "senior_officer", "panel_chair"):
        assert visible_ids(users[role], person) == everything
    assert visible_ids(users["partner_practitioner"], person) == {shared.pk, sensitive.pk}
    assert visible_ids(users["officer_b"], person) == {shared.pk, sensitive.pk}
    for role in ("analyst", "auditor", "referrer", "administrator"):
        assert visible_ids(users[role], person) == set()
    assert visible_ids(None, person) == everything
    partner = users["partner_practitioner"]
    page = selectors.timeline_page(user=partner, person=person, filters=selectors.Filters())
    withheld = {view.entry.pk: view.withheld for view in page.entries}
    assert withheld == {shared.pk: False, sensitive.pk: True}


def test_people_are_found_for_the_chronology_only_by_those_who_may_see_them(world: World) -> None:
    person = world.referral_a.person
    users = world.users
    assert selectors.person_for_chronology(user=users["case_officer"], person_id=person.pk)
    assert (
        selectors.person_for_chronology(user=users["partner_practitioner"], person_id=person.pk)
        is None
    )
    record(world, shared_with=("Brookfield Council",))
    assert selectors.person_for_chronology(user=users["partner_practitioner"], person_id=person.pk)
    for role in ("analyst", "auditor", "referrer", "administrator"):
        assert selectors.person_for_chronology(user=users[role], person_id=person.pk) is None
    viewed = AuditEntry.objects.filter(action="chronology.view", person_id=person.pk).count()
    assert viewed == 2


def test_timeline_counts_filters_order_and_pages(world: World) -> None:
    person = world.referral_a.person
    officer = world.users["case_officer"]
    for day in range(1, 8):
        record(
            world,
            occurred_at=WHEN + timedelta(days=day),
            indicators=("weapon_carrying",) if day % 2 else ("missing_episode",),
        )
    counts = {
        key: n
        for key, _, n in selectors.timeline_page(
            user=officer, person=person, filters=selectors.Filters()
        ).counts
    }
    assert counts == {"referrals": 1, "police": 7, "weapons": 4, "missing": 3, "exclusions": 0}
    weapons = selectors.timeline_page(
        user=officer, person=person, filters=selectors.Filters(indicator="weapon_carrying")
    )
    assert len(weapons.entries) == 4
    first = selectors.timeline_page(
        user=officer, person=person, filters=selectors.Filters(oldest_first=True), size=3
    )
    assert first.next_cursor is not None
    second = selectors.timeline_page(
        user=officer,
        person=person,
        filters=selectors.Filters(oldest_first=True),
        size=3,
        cursor=first.next_cursor,
    )
    moments = [v.entry.occurred_at for v in [*first.entries, *second.entries]]
    assert moments == sorted(moments)
    assert len({v.entry.pk for v in [*first.entries, *second.entries]}) == 6


def test_a_correction_supersedes_and_keeps_the_history(world: World) -> None:
    original = record(world, summary="Synthetic: stopped near the canal.")
    data = EntryInput(
        kind="police_contact",
        occurred_at=WHEN,
        summary="Synthetic: stopped near the canal; lock knife found.",
        indicators=("weapon_carrying",),
    )
    with pytest.raises(ServiceError, match="Only the agency"):
        entry_correct(actor=world.users["officer_b"], entry=original, data=data, reason="typo")
    with pytest.raises(ServiceError, match="why"):
        entry_correct(actor=world.users["case_officer"], entry=original, data=data, reason=" ")
    corrected = entry_correct(
        actor=world.users["case_officer"], entry=original, data=data, reason="Knife omitted"
    )
    original.refresh_from_db()
    assert not original.is_current
    assert original.summary == "Synthetic: stopped near the canal."
    assert selectors.entry_history(corrected) == [original]
    assert original.pk not in visible_ids(world.users["case_officer"], original.person)
    with pytest.raises(ServiceError, match="already been corrected"):
        entry_correct(actor=world.users["case_officer"], entry=original, data=data, reason="x")


def test_suggestions_are_kept_with_evidence_until_a_person_decides(world: World) -> None:
    summary = "Synthetic: he brought a kitchen knife to school in his bag and said he would use it."
    entry = record(world, summary=summary, indicators=None)
    assert entry.suggestion_state == SuggestionState.AWAITING
    assert entries_suggestions_fill(entry_ids=[entry.pk]) == 1
    assert entries_suggestions_fill(entry_ids=[entry.pk]) == 0
    entry.refresh_from_db()
    assert entry.suggestion_state == SuggestionState.SUGGESTED
    assert entry.indicators is None
    codes = entry.indicators_suggested
    assert "weapon_carrying" in codes
    for suggestion in entry.suggestions:
        assert summary[suggestion["start"] : suggestion["end"]] == suggestion["text"]
    officer = world.users["case_officer"]
    with pytest.raises(ServiceError, match="Decide on"):
        entry_suggestions_decide(actor=officer, entry=entry, confirmed=[], rejected=[])
    rest = [c for c in codes if c != "weapon_carrying"]
    decided = entry_suggestions_decide(
        actor=officer, entry=entry, confirmed=["weapon_carrying"], rejected=rest
    )
    assert decided.indicators == ["weapon_carrying"]
    assert decided.indicators_suggested == []


def _partner_event(external_id: str = "cad-1", **entry: Any) -> PartnerEvent:
    values: dict[str, Any] = {
        "kind": "police_contact",
        "occurred_at": WHEN,
        "summary": "Synthetic: s.139 stop, lock knife recovered.",
        "indicators": ("weapon_carrying",),
    }
    values.update(entry)
    return PartnerEvent(
        external_id=external_id,
        identity=IdentityInput(
            given_name="Jordan",
            family_name="Ellery",
            date_of_birth=world_dob(),
            sex="male",
            postcode="NX1 2AB",
        ),
        entry=EntryInput(**values),
    )


def world_dob() -> Any:
    from datetime import date

    return date(2010, 3, 14)


def test_partner_events_are_resolved_shared_and_idempotent(world: World) -> None:
    first = partner_events_receive(
        actor=None, agency=world.agency_b, events=[_partner_event()], channel="api"
    )
    entry = first[0].entry
    assert first[0].created
    assert entry.person == world.referral_a.person
    assert list(entry.shared_with.values_list("name", flat=True)) == ["Ashby Council"]
    again = partner_events_receive(
        actor=None, agency=world.agency_b, events=[_partner_event()], channel="api"
    )
    assert not again[0].created
    assert again[0].entry.pk == entry.pk
    with pytest.raises(EventConflict):
        partner_events_receive(
            actor=None,
            agency=world.agency_b,
            events=[_partner_event(summary="Synthetic: something else")],
            channel="api",
        )
    assert Entry.objects.filter(external_id="cad-1").count() == 1


def test_a_batch_with_one_bad_event_writes_nothing(world: World) -> None:
    before = (Entry.objects.count(), Person.objects.count())
    with pytest.raises(EntryInputError) as refused:
        partner_events_receive(
            actor=None,
            agency=world.agency_b,
            events=[
                _partner_event("ok-1"),
                _partner_event("bad-2", kind="decision"),
                _partner_event("ok-1"),
            ],
            channel="api",
        )
    problems = refused.value.problems
    assert any("event bad-2, field kind" in p for p in problems)
    assert any("event ok-1, field external_id: used twice" in p for p in problems)
    assert (Entry.objects.count(), Person.objects.count()) == before


CSV_HEADER = (
    "external_id,kind,occurred_at,summary,indicators,sensitivity,shared_with,"
    "given_name,family_name,date_of_birth,sex,postcode,address,nhs_number,upn,pnc_id\n"
)


def test_csv_events_are_read_and_received(world: World) -> None:
    data = (
        CSV_HEADER + "h-1,health_event,2024-02-01,Synthetic: CAMHS appointment missed.,,official,,"
        "Jordan,Ellery,2010-03-14,M,nx12ab,,,,\n"
        + "h-2,health_event,2024-02-09,Synthetic: seen by GP.,none,official,,"
        "Jordan,Ellery,2010-03-14,M,NX1 2AB,,,,\n"
    ).encode()
    events = events_from_csv(data, sector="health")
    assert [e.entry.indicators for e in events] == [None, ()]
    received = partner_events_receive(
        actor=None, agency=world.agency_b, events=events, channel="csv"
    )
    assert all(r.entry.person == world.referral_a.person for r in received)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfeoops", "not UTF-8"),
        (
            b"external_id,kind\nx,police_contact\n",
            "row 1, column occurred_at: the column is missing",
        ),
        (
            (
                CSV_HEADER + "a,police_contact,2024-01-01,s,,,,Jo,Ell,2010-03-14,M,,,,,,extra\n"
            ).encode(),
            "row 2: has a different number of columns",
        ),
        (
            (CSV_HEADER + "a,police_contact,yesterday,s,,,,Jo,Ell,,,,,,,\n").encode(),
            "row 2, column occurred_at",
        ),
        (
            (CSV_HEADER + "a,police_contact,2024-01-01,s,,,,Jo,Ell,14/03/2010,,,,,,\n").encode(),
            "row 2, column date_of_birth",
        ),
        (
            (CSV_HEADER + ",police_contact,2024-01-01,s,,,,Jo,Ell,,,,,,,\n").encode(),
            "row 2, column external_id",
        ),
        (CSV_HEADER.encode(), "there are no events"),
    ],
)
def test_a_broken_csv_is_refused_naming_the_row(content: bytes, problem: str) -> None:
    with pytest.raises(EntryInputError) as refused:
        events_from_csv(content, sector="police")
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_an_imported_entry_with_evidence_can_be_corrected(world: World) -> None:
    cited = record(world)
    decision = record(
        world,
        kind="decision",
        summary="",
        indicators=None,
        refers_to=Entry.objects.get(referral=world.referral_a).pk,
        details={"stage": "gateway", "outcome": "information_gathering", "evidence": [cited.pk]},
    )
    data = EntryInput(
        kind="decision",
        occurred_at=WHEN,
        refers_to=decision.refers_to_id,
        details={**decision.details, "rationale": "Synthetic: checks under way."},
    )
    corrected = entry_correct(
        actor=world.users["case_officer"], entry=decision, data=data, reason="Rationale missing"
    )
    assert corrected.details["evidence"] == [cited.pk]


def test_partners_find_people_through_what_was_shared_with_them(world: World) -> None:
    from django.urls import reverse

    from tests.conftest import signed_in

    partner = world.users["partner_practitioner"]
    assert [s.person for s in selectors.people_with_entries_for(user=partner)] == [
        world.referral_b.person  # agency B's own referral
    ]
    record(world, shared_with=("Brookfield Council",))
    listed = [s.person for s in selectors.people_with_entries_for(user=partner)]
    assert world.referral_a.person in listed
    page = signed_in(partner).get(reverse("chronology:people")).content.decode()
    assert "Jordan Ellery" in page
    assert reverse("chronology:timeline", args=[world.referral_a.person.pk]) in page
    for role in ("analyst", "auditor", "referrer", "administrator"):
        assert signed_in(world.users[role]).get(reverse("chronology:people")).status_code == 403
    officer_b = signed_in(world.users["officer_b"]).get(reverse("chronology:people"))
    assert "Jordan Ellery" in officer_b.content.decode()


def test_open_flags_are_shown_with_their_evidence_on_the_timeline(world: World) -> None:
    from django.urls import reverse

    from tests.conftest import ROLES, signed_in

    knife = record(
        world,
        summary="Synthetic: lock knife recovered in a stop and search.",
        indicators=("weapon_carrying",),
        shared_with=("Brookfield Council",),
    )
    person = world.referral_a.person.pk
    timeline = signed_in(world.users["case_officer"]).get(
        reverse("chronology:timeline", args=[person])
    )
    flags_url = reverse("chronology:timeline-flags", args=[person])
    assert f'hx-get="{flags_url}"' in timeline.content.decode()
    officer = signed_in(world.users["case_officer"])
    fragment = officer.get(flags_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "violence-fixation" in fragment
    assert "Blocks closure" in fragment
    assert reverse("chronology:entry", args=[knife.pk]) in fragment
    assert "violence-fixation" in officer.get(flags_url).content.decode()  # a page without JS
    for role in ROLES:
        status = signed_in(world.users[role]).get(flags_url).status_code
        expected = 200 if role in ("case_officer", "senior_officer", "panel_chair") else 403
        assert status == expected, role
    # Agency B's officer sees only what was shared with B, and flags only on that.
    referral_entry = Entry.objects.get(referral=world.referral_a).pk
    seen_by_b = signed_in(world.users["officer_b"]).get(flags_url).content.decode()
    assert reverse("chronology:entry", args=[knife.pk]) in seen_by_b
    assert reverse("chronology:entry", args=[referral_entry]) not in seen_by_b
    riley = reverse("chronology:timeline-flags", args=[world.referral_b.person.pk])
    assert signed_in(world.users["case_officer"]).get(riley).status_code == 404
