"""No models: roles are auth groups (staff.roles). This module lets the app receive post_migrate."""
