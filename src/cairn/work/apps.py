from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "cairn.work"
    label = "work"
