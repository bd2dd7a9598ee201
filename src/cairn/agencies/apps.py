from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "cairn.agencies"
    label = "agencies"
