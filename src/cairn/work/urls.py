from django.urls import path

from cairn.work import views

app_name = "work"

urlpatterns = [
    path("", views.queue, {"name": "mine"}, name="mine"),
    path("team/", views.queue, {"name": "team"}, name="team"),
    path("overdue/", views.queue, {"name": "overdue"}, name="overdue"),
    path("escalations/", views.queue, {"name": "escalations"}, name="escalations"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/take/", views.task_take, name="take"),
    path("tasks/<int:task_id>/assign/", views.task_assign, name="assign"),
    path("tasks/<int:task_id>/complete/", views.task_complete, name="complete"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
]
