"""What accounts adds to the main navigation (discovered by core, see core.contributions)."""

from django.utils.translation import gettext_lazy as _

from translocal.core.contributions import register_nav

register_nav(_("People"), "accounts:people-list", order=80, prefixes=("people", "profile"))
