from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cairn.cases"
    label = "cases"
