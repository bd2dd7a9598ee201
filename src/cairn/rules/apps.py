from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "cairn.rules"
    label = "rules"
    verbose_name = "Policy rules"
