"""Background work of the work app, enqueued once the notification it sends is committed."""

from __future__ import annotations

from django.tasks import task

from cairn.work.services import notification_email_send


@task(queue_name="default")
def notification_email(notification_id: int) -> bool:
    """Email a user that they have something new to read in Cairn."""
    return notification_email_send(notification_id=notification_id)
