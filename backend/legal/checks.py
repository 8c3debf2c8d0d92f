"""System checks of the facts the legal pages must state (Consumer Protection (E-Commerce) Rules, 2020, rule 4): the
seller's contact and a grievance officer reachable by name, email and phone. Missing or left at the demo's values in
production, the pages would tell shoppers to write to no one: `check --deploy` warns (like tax.W001)."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

from legal.defaults import DEMO_GRIEVANCE_OFFICER

REQUIRED = (
    "GRIEVANCE_OFFICER_NAME",
    "GRIEVANCE_OFFICER_DESIGNATION",
    "GRIEVANCE_OFFICER_EMAIL",
    "GRIEVANCE_OFFICER_PHONE",
    "SELLER_EMAIL",
    "SELLER_PHONE",
    "SELLER_ADDRESS",
)


@register(deploy=True)
def legal_facts(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    found: list[CheckMessage] = []
    missing = [name for name in REQUIRED if not str(getattr(settings, name, "")).strip()]
    if missing:
        found.append(
            Warning(
                f"The legal pages would state no {', '.join(missing)}.",
                hint="The E-Commerce Rules ask a seller to show its contact and a grievance officer's name, "
                "designation, email and phone: set these variables (README, 'Configuration').",
                id="legal.W001",
            )
        )
    demo = [name for name, value in DEMO_GRIEVANCE_OFFICER.items() if getattr(settings, name, "") == value]
    if {"GRIEVANCE_OFFICER_NAME", "GRIEVANCE_OFFICER_EMAIL", "GRIEVANCE_OFFICER_PHONE"} & set(demo):
        found.append(
            Warning(
                "The grievance officer is the demo's made-up one: complaints would go to no one.",
                hint="Set GRIEVANCE_OFFICER_NAME, GRIEVANCE_OFFICER_EMAIL and GRIEVANCE_OFFICER_PHONE.",
                id="legal.W002",
            )
        )
    return found
