from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "cairn.reporting"
    label = "reporting"
