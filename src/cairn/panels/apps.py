from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "cairn.panels"
    label = "panels"
