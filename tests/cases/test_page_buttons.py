"""The controls on the case pages that change a case are real submit buttons inside their
forms. They had been drawn as links to the relative address `secondary` (or `warning`), a
variant passed where the button component takes its link, so clicking "Start triage" (or
"Save these decisions", or "Discard my version") opened a page that does not exist; the
browser journey found it."""

from __future__ import annotations

from django.urls import reverse

from cairn.cases import services
from tests.cases.helpers import case_of
from tests.cases.test_case_suggestions import gathering, suggested_entry
from tests.conftest import World, signed_in
from tests.pages import submit_buttons


def test_the_moves_on_the_case_page_post_their_forms(world: World) -> None:
    case = case_of(world.referral_a)
    page = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[case.pk])).text
    move = reverse("cases:move", args=[case.pk, "triage_start"])
    assert submit_buttons(page, move) == ["Start triage"]
    assert 'href="secondary"' not in page


def test_suggestion_decisions_on_the_case_page_post_their_form(world: World) -> None:
    case = gathering(world)
    entry = suggested_entry(world)
    page = signed_in(world.users["case_officer"]).get(reverse("cases:case", args=[case.pk])).text
    decide = reverse("cases:suggestions", args=[case.pk, entry.pk])
    assert submit_buttons(page, decide) == ["Save these decisions"]
    assert 'href="secondary"' not in page


def test_discarding_a_kept_change_posts_its_form(world: World) -> None:
    case = gathering(world)
    officer = world.users["case_officer"]
    conflict = services.edit_conflict_keep(
        actor=officer,
        case=case,
        kind="contact",
        data={"subject_engaged": ["no"]},
        shown=[("Was the subject spoken to?", "No")],
        url=reverse("cases:contact", args=[case.pk]),
        seen_version=case.version - 1,
    )
    page = signed_in(officer).get(reverse("cases:conflict", args=[case.pk, conflict.pk])).text
    discard = reverse("cases:conflict-discard", args=[case.pk, conflict.pk])
    assert submit_buttons(page, discard) == ["Discard my version"]
    assert 'href="warning"' not in page
