from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "cairn.chronology"
    label = "chronology"
