"""The controls on the work pages that change something are real submit buttons inside their
forms. "Mark all as read", "Mark as read", "Take this task" and "Give the task" had been drawn
as links to the relative address `secondary` (the variant passed where the button component
takes its link), so each opened a page that does not exist; the browser journey found it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from cairn.work import services
from tests.conftest import World, signed_in
from tests.pages import submit_buttons
from tests.work.test_views import _task


def test_the_notification_buttons_post_their_forms(world: World) -> None:
    senior = world.users["senior_officer"]
    services.notification_send(recipient=senior, text="Hello", link="", now=timezone.now())
    page = signed_in(senior).get(reverse("work:notifications")).text
    buttons = submit_buttons(page, reverse("work:notifications-read"))
    assert buttons == ["Mark all as read", "Mark as read"]
    assert 'href="secondary"' not in page


def test_taking_and_giving_a_task_post_their_forms(world: World) -> None:
    task = _task(world)
    page = signed_in(world.users["senior_officer"]).get(reverse("work:task", args=[task.pk])).text
    assert submit_buttons(page, reverse("work:take", args=[task.pk])) == ["Take this task"]
    assert submit_buttons(page, reverse("work:assign", args=[task.pk])) == ["Give the task"]
    assert 'href="secondary"' not in page
