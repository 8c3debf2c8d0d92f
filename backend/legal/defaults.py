"""The demo's made-up grievance officer: read by the settings (config/settings/legal.py) when nothing is set, and by
the deploy check that warns while production still shows them (legal.W001). Imports nothing from Django."""

DEMO_GRIEVANCE_OFFICER = {
    "GRIEVANCE_OFFICER_NAME": "Asha Menon",
    "GRIEVANCE_OFFICER_DESIGNATION": "Grievance Officer",
    "GRIEVANCE_OFFICER_EMAIL": "grievance@phonestore.local",
    "GRIEVANCE_OFFICER_PHONE": "+91 80 4567 8900",
}
