"""Listed communal addresses: a pair at one always goes to a person, online and in batch;
only administrators keep the list."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from cairn.audit.models import AuditEntry
from cairn.lib.errors import ServiceError
from cairn.people.models import CommunalAddress, IdentityReview, LinkStatus
from cairn.people.services import communal_address_add, communal_address_remove
from cairn.referrals.models import Referral
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_referral

# An ordinary-looking address: nothing in its words says it is communal.
ADDRESS = "14 Mill Road, Ashby"


def refer(world: World, given_name: str, **extra: Any) -> Referral:
    identity = {
        "given_name": given_name,
        "family_name": "Berg",
        "date_of_birth": date(2010, 9, 9),
        "postcode": "NX7 7GG",
        "address": ADDRESS,
        "sex": "female",
        **extra,
    }
    return make_referral(owner=world.agency_a, source=world.agency_b, **identity)


def test_a_pair_that_would_auto_link_goes_to_review_once_its_address_is_listed(
    world: World,
) -> None:
    first = refer(world, "Ola")
    # Listed as an administrator typed it: case and punctuation differ from the records'.
    communal_address_add(actor=world.users["administrator"], address="14 MILL ROAD ASHBY")
    second = refer(world, "Ola")
    record = second.source_record
    assert record.link_status == LinkStatus.REVIEW
    assert second.person != first.person
    review = IdentityReview.objects.get(record=record)
    assert review.candidate == first.source_record
    assert review.reason == "communal address"


def test_removing_the_address_restores_auto_linking(world: World) -> None:
    admin = world.users["administrator"]
    first = refer(world, "Ola")
    entry = communal_address_add(actor=admin, address=ADDRESS, postcode="nx77gg")
    communal_address_remove(actor=admin, entry=entry)
    second = refer(world, "Ola")
    assert second.source_record.link_status == LinkStatus.AUTO
    assert second.person == first.person
    entry.refresh_from_db()
    assert not entry.is_active
    assert entry.removed_by == admin
    assert entry.removed_at is not None


def test_a_listed_address_elsewhere_does_not_hold_back_other_pairs(world: World) -> None:
    communal_address_add(actor=world.users["administrator"], address="1 Other Street")
    first = refer(world, "Ola")
    assert refer(world, "Ola").person == first.person


def test_adding_and_removing_are_audited_and_kept(world: World) -> None:
    admin = world.users["administrator"]
    entry = communal_address_add(actor=admin, address=f"  {ADDRESS} ", note="Foyer project")
    assert entry.address == ADDRESS
    assert entry.normalised == "14 mill road ashby"
    assert entry.added_by == admin
    communal_address_remove(actor=admin, entry=entry)
    entries = AuditEntry.objects.filter(object_type="communal_address").order_by("id")
    assert [(e.action, e.actor_id, e.object_id) for e in entries] == [
        ("communal_address.add", admin.pk, str(entry.pk)),
        ("communal_address.remove", admin.pk, str(entry.pk)),
    ]
    assert CommunalAddress.objects.filter(pk=entry.pk).exists()  # deactivated, not deleted
    # Once removed, the address can be listed again.
    communal_address_add(actor=admin, address=ADDRESS)
    assert CommunalAddress.objects.filter(is_active=True).count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"address": "   "}, "address", "Enter the address"),
        ({"address": "--,--"}, "address", "letters or numbers"),
        ({"address": "x" * 301}, "address", "300 characters or fewer"),
        ({"address": ADDRESS, "postcode": "not a postcode"}, "postcode", "real postcode"),
        ({"address": ADDRESS, "note": "n" * 501}, "note", "500 characters or fewer"),
    ],
    ids=["blank", "no-letters", "too-long", "bad-postcode", "long-note"],
)
def test_refused_input_names_the_field_and_writes_nothing(
    world: World, fields: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(ServiceError, match=message) as raised:
        communal_address_add(actor=world.users["administrator"], **fields)
    assert raised.value.field == field
    assert not CommunalAddress.objects.exists()
    assert not AuditEntry.objects.filter(object_type="communal_address").exists()


def test_an_address_is_listed_once_and_removed_once(world: World) -> None:
    admin = world.users["administrator"]
    entry = communal_address_add(actor=admin, address=ADDRESS)
    with pytest.raises(ServiceError, match="already listed") as raised:
        communal_address_add(actor=admin, address="14 mill road ASHBY")
    assert raised.value.field == "address"
    communal_address_remove(actor=admin, entry=entry)
    with pytest.raises(ServiceError, match="already been removed"):
        communal_address_remove(actor=admin, entry=entry)
    assert AuditEntry.objects.filter(action="communal_address.remove").count() == 1


# --- the administrators' page ----------------------------------------------------------------


def test_an_administrator_lists_and_removes_an_address(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    list_url = reverse("people:communal-address-list")
    assert "No addresses listed" in admin.get(list_url).content.decode()
    response = admin.post(
        reverse("people:communal-address-create"),
        {"address": ADDRESS, "postcode": "NX7 7GG", "note": "Supported lodgings"},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url
    page = admin.get(list_url).content.decode()
    assert ADDRESS in page
    assert "Supported lodgings" in page
    entry = CommunalAddress.objects.get()
    remove_url = reverse("people:communal-address-remove", args=[entry.pk])
    assert remove_url in page
    assert admin.get(remove_url).status_code == 405  # removal only by POST
    assert admin.post(remove_url).status_code == 302
    entry.refresh_from_db()
    assert not entry.is_active
    page = admin.get(list_url).content.decode()
    assert "Removed" in page
    assert remove_url not in page
    assert admin.post(reverse("people:communal-address-remove", args=[999_999])).status_code == 404


def test_the_form_shows_a_refusal_against_its_field(world: World) -> None:
    admin = signed_in(world.users["administrator"])
    communal_address_add(actor=world.users["administrator"], address=ADDRESS)
    response = admin.post(reverse("people:communal-address-create"), {"address": ADDRESS})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert 'href="#id_address"' in body
    assert "already listed as communal" in body
    assert CommunalAddress.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_see_or_change_the_list(world: World, role: str) -> None:
    admin = world.users["administrator"]
    entry = communal_address_add(actor=admin, address=ADDRESS, note="Night shelter annexe")
    client = signed_in(world.users[role])
    allowed = role == "administrator"
    for url in (
        reverse("people:communal-address-list"),
        reverse("people:communal-address-create"),
    ):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), url
    listing = client.get(reverse("people:communal-address-list")).content.decode()
    assert (ADDRESS in listing) is allowed
    assert ("Night shelter" in listing) is allowed
    if allowed:
        return
    create = client.post(reverse("people:communal-address-create"), {"address": "2 Fen Lane"})
    remove = client.post(reverse("people:communal-address-remove", args=[entry.pk]))
    assert create.status_code == remove.status_code == 403
    entry.refresh_from_db()
    assert entry.is_active
    assert CommunalAddress.objects.count() == 1


def test_a_partner_at_another_agency_sees_nothing(world: World) -> None:
    communal_address_add(actor=world.users["administrator"], address=ADDRESS)
    partner = signed_in(world.users["partner_practitioner"])
    for url in (
        reverse("people:communal-address-list"),
        reverse("people:communal-address-create"),
    ):
        response = partner.get(url)
        assert response.status_code == 403
        assert "Mill Road" not in response.content.decode()
    home = partner.get(reverse("web:home")).content.decode()
    assert reverse("people:communal-address-list") not in home


# --- `cairn dedupe --communal-addresses` -----------------------------------------------------

HEADER = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address"]
ROWS = [
    ["r1", "Ola", "Berg", "2010-09-09", "F", "NX7 7GG", ADDRESS],
    ["r2", "Ola", "Berg", "09/09/2010", "female", "nx77gg", "14 MILL ROAD ASHBY"],
    ["r3", "Tomasz", "Nowak", "1985-12-01", "M", "LS1 4AP", "9 Park Row, Leeds"],
]


def _dedupe(tmp_path: Path, *listed: str) -> dict[str, str]:
    source, output = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *ROWS])
    options: dict[str, Any] = {"output": str(output)}
    if listed:
        addresses = tmp_path / "communal.txt"
        addresses.write_text("\n".join(listed) + "\n", encoding="utf-8")
        options["communal_addresses"] = str(addresses)
    call_command("dedupe", str(source), **options)
    with open(output, encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row["status"] for row in csv.DictReader(handle)}


def test_dedupe_marks_pairs_at_a_listed_address_for_review(tmp_path: Path) -> None:
    assert _dedupe(tmp_path) == {"r1": "linked", "r2": "linked", "r3": "new"}
    assert _dedupe(tmp_path, "", "1 Somewhere Else", "14 Mill Road Ashby") == {
        "r1": "review",
        "r2": "review",
        "r3": "new",
    }


def test_dedupe_refuses_an_unreadable_address_list(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    (tmp_path / "in.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    bad = tmp_path / "communal.txt"
    bad.write_bytes("1 Mill Road\n2 Zo\xeb Street\n".encode("latin-1"))
    with pytest.raises(CommandError, match="line 2: not UTF-8"):
        call_command(
            "dedupe",
            str(tmp_path / "in.csv"),
            output=str(tmp_path / "out.csv"),
            communal_addresses=str(bad),
        )
    assert not (tmp_path / "out.csv").exists()


def test_the_agencies_page_links_to_the_list(world: World) -> None:
    page = signed_in(world.users["administrator"]).get(reverse("accounts:agency-list"))
    assert reverse("people:communal-address-list") in page.content.decode()
