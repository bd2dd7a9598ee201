"""Deployment checks of Cairn's own settings, run by `cairn check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_off(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.DEMO:
        return [
            Error(
                "CAIRN_DEMO is on: security codes are shown on screen.",
                hint="Unset CAIRN_DEMO in any deployment that holds real data.",
                id="cairn.E001",
            )
        ]
    return []
