from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """Suggests indicator codes from free text; no models, no database."""

    name = "cairn.indicators"
    label = "indicators"
