from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cairn.web"
    label = "web"

    def ready(self) -> None:
        from cairn.web import checks  # noqa: F401 - registers the deployment checks
