"""Partner agencies without an API send events as CSV from a page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cairn.audit.models import AuditEntry
from cairn.chronology.models import Entry
from tests.conftest import ROLES, World, signed_in

URL = "chronology:events-upload"
HEADER = (
    "external_id,kind,occurred_at,summary,indicators,sensitivity,shared_with,"
    "given_name,family_name,date_of_birth,sex,postcode,address,nhs_number,upn,pnc_id\n"
)
GOOD = (
    HEADER + "mash-7,social_care_event,2024-03-02,Synthetic: strategy discussion held.,none,"
    "official,,Jordan,Ellery,2010-03-14,M,NX1 2AB,,,,\n"
)


def upload(world: World, content: str, role: str = "partner_practitioner") -> object:
    file = SimpleUploadedFile("events.csv", content.encode(), content_type="text/csv")
    return signed_in(world.users[role]).post(reverse(URL), {"file": file})


@pytest.mark.parametrize("role", ROLES)
def test_only_partner_practitioners_send_events(world: World, role: str) -> None:
    response = signed_in(world.users[role]).get(reverse(URL))
    assert response.status_code == (200 if role == "partner_practitioner" else 403)


def test_a_good_file_is_received_once_and_the_page_reveals_no_one(world: World) -> None:
    page = upload(world, GOOD).content.decode()  # type: ignore[attr-defined]
    assert "1 new event" in page
    assert "Ellery" not in page
    entry = Entry.objects.get(external_id="mash-7")
    assert entry.person == world.referral_a.person
    assert entry.owning_agency == world.agency_b
    assert AuditEntry.objects.filter(action="chronology.receive", object_id=str(entry.pk)).exists()
    again = upload(world, GOOD).content.decode()  # type: ignore[attr-defined]
    assert "0 new events, 1 already received" in again
    assert Entry.objects.filter(external_id="mash-7").count() == 1


def test_a_broken_file_lists_each_problem_and_loads_nothing(world: World) -> None:
    bad = GOOD + "mash-8,police_contact,not-a-date,x,,,,Jo,Ell,,,,,,,\n"
    bad += "mash-9,decision,2024-01-01,x,,,,Jo,Ell,,,,,,,\n"
    before = Entry.objects.count()
    page = upload(world, bad).content.decode()  # type: ignore[attr-defined]
    assert "There is a problem" in page
    assert "row 3, column occurred_at" in page
    assert Entry.objects.count() == before
    page = upload(world, GOOD.replace("social_care_event", "decision")).content.decode()  # type: ignore[attr-defined]
    assert "event mash-7, field kind" in page
    assert Entry.objects.count() == before
