"""The work pages for every role: the queues are programme officers' (403 for anyone else,
escalations for senior officers only), a task exists only for its queue and its assignee (404
for everyone else, a partner at another agency included), every action is a POST with CSRF,
and refused input says why and changes nothing. Also the navigation, the notifications page
and the marker on a person's pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cairn.work import services
from cairn.work.models import Notification, Task, TaskState
from tests.conftest import ROLES, World, signed_in
from tests.work.helpers import contact, flag, person_of

EVERYONE = [*ROLES, "officer_b"]
QUEUE_USERS = {"case_officer", "senior_officer", "officer_b"}


def _task(world: World, rule: str = "reopen-review") -> Task:
    person = person_of(world.referral_a)
    entry = contact(world.referral_a, world.users["partner_practitioner"], world.agency_b)
    services.tasks_from_flags(
        person=person, opened=[flag(person, rule, "f1", entry=entry)], closed=[], now=timezone.now()
    )
    return Task.objects.get()


def _get(world: World, role: str, url: str) -> int:
    return signed_in(world.users[role]).get(url).status_code


@pytest.mark.parametrize("queue", ["work:mine", "work:team", "work:overdue"])
def test_the_queues_are_for_programme_officers(world: World, queue: str) -> None:
    url = reverse(queue)
    found = {role: _get(world, role, url) for role in EVERYONE}
    assert found == {r: 200 if r in QUEUE_USERS else 403 for r in EVERYONE}


def test_escalations_are_for_senior_officers(world: World) -> None:
    url = reverse("work:escalations")
    found = {role: _get(world, role, url) for role in EVERYONE}
    assert found == {r: 200 if r == "senior_officer" else 403 for r in EVERYONE}


def test_the_team_queue_lists_the_task_with_its_person_linked(world: World) -> None:
    task = _task(world)
    page = signed_in(world.users["senior_officer"]).get(reverse("work:team"))
    text = page.content.decode()
    assert reverse("work:task", args=[task.pk]) in text
    assert "Jordan Ellery" in text
    assert reverse("chronology:timeline", args=[task.person_id]) in text
    assert reverse("cases:approvals") in text
    # The other agency's officer and the case officer see nothing of it in their queues.
    for role in ("officer_b", "case_officer"):
        other = signed_in(world.users[role]).get(reverse("work:team")).content.decode()
        assert "Jordan" not in other
        assert reverse("work:task", args=[task.pk]) not in other


def test_overdue_and_escalation_queues(world: World) -> None:
    task = _task(world, "onward-referral-unacknowledged")
    client = signed_in(world.users["senior_officer"])
    assert reverse("work:task", args=[task.pk]) in client.get(reverse("work:escalations")).text
    assert reverse("work:task", args=[task.pk]) not in client.get(reverse("work:overdue")).text
    Task.objects.filter(pk=task.pk).update(due=timezone.localdate().replace(year=2020))
    overdue = client.get(reverse("work:overdue")).text
    assert reverse("work:task", args=[task.pk]) in overdue
    assert "Overdue" in overdue


def test_the_task_page_is_for_its_queue_and_its_assignee(world: World) -> None:
    task = _task(world)
    url = reverse("work:task", args=[task.pk])
    found = {role: _get(world, role, url) for role in EVERYONE}
    expected = {r: 404 for r in EVERYONE}
    expected.update({r: 403 for r in EVERYONE if r not in QUEUE_USERS})
    expected["senior_officer"] = 200
    assert found == expected
    assert _get(world, "senior_officer", reverse("work:task", args=[task.pk + 99])) == 404
    services.task_assign(
        actor=world.users["senior_officer"],
        task=task,
        assignee=world.users["case_officer"],
        expected_version=1,
        now=timezone.now(),
    )
    assert _get(world, "case_officer", url) == 200


def test_the_reopen_review_page_links_the_case(world: World) -> None:
    task = _task(world)
    page = signed_in(world.users["senior_officer"]).get(reverse("work:task", args=[task.pk]))
    assert reverse("cases:case", args=[task.case_id]) in page.text
    assert "Complete the task" in page.text
    assert "Take this task" in page.text


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("work:take", {"version": "1"}),
        ("work:assign", {"version": "1", "assignee": "0"}),
        ("work:complete", {"version": "1", "note": "Done."}),
    ],
)
def test_actions_are_refused_to_everyone_outside_the_queue(
    world: World, action: str, data: dict[str, str]
) -> None:
    task = _task(world)
    data = dict(data)
    if action == "work:assign":
        data["assignee"] = str(world.users["senior_officer"].pk)
    url = reverse(action, args=[task.pk])
    for role in EVERYONE:
        if role == "senior_officer":
            continue
        status = signed_in(world.users[role]).post(url, data).status_code
        assert status == (404 if role in QUEUE_USERS else 403), role
    task.refresh_from_db()
    assert (task.version, task.assignee, task.state) == (1, None, TaskState.OPEN)
    # GET is not an action.
    assert _get(world, "senior_officer", url) == 405


def test_take_give_and_complete_through_the_pages(world: World) -> None:
    task = _task(world)
    senior = signed_in(world.users["senior_officer"])
    response = senior.post(reverse("work:take", args=[task.pk]), {"version": "1"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == world.users["senior_officer"]
    officer = world.users["case_officer"]
    response = senior.post(
        reverse("work:assign", args=[task.pk]), {"version": "2", "assignee": str(officer.pk)}
    )
    assert response.status_code == 302
    assert officer.pk in [u for u in Task.objects.values_list("assignee", flat=True)]
    mine = signed_in(officer).get(reverse("work:mine")).text
    assert reverse("work:task", args=[task.pk]) in mine
    response = signed_in(officer).post(
        reverse("work:complete", args=[task.pk]), {"version": "3", "note": "Decided: no reopen."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.state, task.completed_by, task.outcome_note) == (
        TaskState.DONE,
        officer,
        "Decided: no reopen.",
    )
    page = signed_in(officer).get(reverse("work:task", args=[task.pk])).text
    assert "Decided: no reopen." in page
    assert "Complete the task" not in page


def test_refusals_say_why_and_change_nothing(world: World) -> None:
    task = _task(world)
    senior = signed_in(world.users["senior_officer"])
    url = reverse("work:complete", args=[task.pk])
    empty = senior.post(url, {"version": "1", "note": ""})
    assert empty.status_code == 200
    assert "Say what was done or decided" in empty.text
    stale = senior.post(url, {"version": "9", "note": "My note."})
    assert "changed since you opened it" in stale.text
    assert "My note." in stale.text  # the input is kept
    task.refresh_from_db()
    assert (task.state, task.version) == (TaskState.OPEN, 1)
    senior.post(url, {"version": "1", "note": "First."})
    again = senior.post(url, {"version": "2", "note": "Second."})
    assert "This task is already done" in again.text
    task.refresh_from_db()
    assert task.outcome_note == "First."
    other_agency = signed_in(world.users["officer_b"])
    assert other_agency.post(url, {"version": "2", "note": "x"}).status_code == 404
    given = senior.post(
        reverse("work:assign", args=[task.pk]),
        {"version": "2", "assignee": str(world.users["case_officer"].pk)},
    )
    assert "This task is already done" in given.text
    taken = senior.post(reverse("work:take", args=[task.pk]), {"version": "2"}, follow=True)
    assert "This task is already done" in taken.text
    task.refresh_from_db()
    assert (task.assignee, task.version, task.outcome_note) == (None, 2, "First.")


def test_a_stale_take_is_refused_with_a_message(world: World) -> None:
    task = _task(world)
    senior = signed_in(world.users["senior_officer"])
    response = senior.post(reverse("work:take", args=[task.pk]), {"version": "5"}, follow=True)
    assert "changed since you opened it" in response.text
    task.refresh_from_db()
    assert task.assignee is None


def test_giving_to_someone_outside_the_team_is_refused_on_the_form(world: World) -> None:
    task = _task(world)
    response = signed_in(world.users["senior_officer"]).post(
        reverse("work:assign", args=[task.pk]),
        {"version": "1", "assignee": str(world.users["partner_practitioner"].pk)},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    task.refresh_from_db()
    assert task.assignee is None


def test_actions_need_the_csrf_token(world: World) -> None:
    task = _task(world)
    client = signed_in(world.users["senior_officer"])
    client.handler.enforce_csrf_checks = True
    assert client.post(reverse("work:take", args=[task.pk]), {"version": "1"}).status_code == 403
    assert client.post(reverse("work:notifications-read")).status_code == 403
    task.refresh_from_db()
    assert task.assignee is None


@pytest.mark.parametrize("role", EVERYONE)
def test_every_staff_member_has_notifications(world: World, role: str) -> None:
    user = world.users[role]
    services.notification_send(recipient=user, text="Hello", link="", now=timezone.now())
    client = signed_in(user)
    page = client.get(reverse("work:notifications"))
    assert page.status_code == 200
    assert "Hello" in page.text
    assert "Notifications (1 unread)" in page.text
    assert client.post(reverse("work:notifications-read")).status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at=None).exists()


def test_marking_someone_elses_notification_read_changes_nothing(world: World) -> None:
    theirs = services.notification_send(
        recipient=world.users["case_officer"], text="Theirs", link="", now=timezone.now()
    )
    client = signed_in(world.users["senior_officer"])
    response = client.post(
        reverse("work:notifications-read"), {"notification": str(theirs.pk)}, follow=True
    )
    assert "not found" in response.text
    assert "Theirs" not in response.text
    bad = client.post(reverse("work:notifications-read"), {"notification": "x"}, follow=True)
    assert "not found" in bad.text
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_one_notification_read(world: World) -> None:
    senior = world.users["senior_officer"]
    one = services.notification_send(recipient=senior, text="One", link="", now=timezone.now())
    signed_in(senior).post(reverse("work:notifications-read"), {"notification": str(one.pk)})
    one.refresh_from_db()
    assert one.read_at is not None


def test_the_navigation_has_cases_and_tasks_for_programme_officers(world: World) -> None:
    for role in EVERYONE:
        text = signed_in(world.users[role]).get(reverse("web:home")).text
        has_tasks = f'href="{reverse("work:mine")}"' in text
        assert has_tasks == (role in QUEUE_USERS), role
        has_cases = f'href="{reverse("cases:list")}"' in text
        assert has_cases == (role in {"case_officer", "senior_officer", "panel_chair", "officer_b"})


def test_the_marker_shows_on_the_persons_pages(world: World) -> None:
    person = person_of(world.referral_a)
    client = signed_in(world.users["case_officer"])
    for url in (
        reverse("chronology:timeline", args=[person.pk]),
        reverse("people:detail", args=[person.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "Known to the programme" in page.text
        assert "marker until" in page.text


def test_the_home_page_counts_the_tasks_waiting_in_the_viewers_queues(world: World) -> None:
    task = _task(world)  # a re-review for the senior officers' team queue
    team = reverse("work:team")
    senior = signed_in(world.users["senior_officer"]).get(reverse("web:home")).text
    assert f'href="{team}">1 task in your team&#x27;s queue</a>' in senior
    assert "Jordan" not in senior  # counts only: no personal data on the home page
    for role in EVERYONE:
        if role != "senior_officer":
            page = signed_in(world.users[role]).get(reverse("web:home")).text
            assert "in your team&#x27;s queue" not in page, role
    Task.objects.filter(pk=task.pk).update(
        assignee=world.users["senior_officer"], due=timezone.localdate().replace(year=2020)
    )
    senior = signed_in(world.users["senior_officer"]).get(reverse("web:home")).text
    assert f'href="{reverse("work:mine")}">1 task assigned to you</a>' in senior
    assert f'href="{reverse("work:overdue")}">1 overdue task</a>' in senior
    assert "in your team&#x27;s queue" not in senior
