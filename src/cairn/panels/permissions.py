"""Who may do what with panels. One condition per line; views and templates ask these."""

from __future__ import annotations

from typing import Any

from cairn.accounts.permissions import has_role
from cairn.accounts.roles import Role


def sits_on_panels(user: Any) -> bool:
    """Users who may be made members of a panel."""
    return has_role(user, Role.PANEL_MEMBER) or has_role(user, Role.PANEL_CHAIR)


def can_view_panels(user: Any) -> bool:
    """The programme team of a local authority and panel members (which panels, the
    selectors decide)."""
    return (
        has_role(user, Role.CASE_OFFICER)
        or has_role(user, Role.SENIOR_OFFICER)
        or sits_on_panels(user)
    )


def can_manage_panels(user: Any) -> bool:
    """Setting up panels, members, meetings, agendas, attendance, minutes and packs."""
    return has_role(user, Role.PANEL_CHAIR) or has_role(user, Role.SENIOR_OFFICER)


def can_chair(user: Any) -> bool:
    """Recording the panel's decision on a case."""
    return has_role(user, Role.PANEL_CHAIR)


def can_record_panel_work(user: Any) -> bool:
    """Consent, support plans, reviews, interventions, sessions and reports: the programme
    team of the local authority (the case's agency is checked by the service)."""
    return (
        has_role(user, Role.CASE_OFFICER)
        or has_role(user, Role.SENIOR_OFFICER)
        or has_role(user, Role.PANEL_CHAIR)
    )
