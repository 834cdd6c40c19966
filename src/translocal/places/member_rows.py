"""A hub page's row of a person as everyone but its coordinators and staff see it, in Python.

A hub's page lists up to a hundred people (places.selectors.HUB_MEMBERS_LIMIT, and every
coordinator); a cold page rendered ``places/_member.html`` for each, with a ``reverse`` of
their profile's address: about half of the page's CPU on the bench data. ``member_row_html``
writes the same bytes as that template with ``can_change_roles`` false (tests/places/
test_member_rows.py renders both); the coordinators' own view, whose rows carry role buttons
and their CSRF token, still renders the template."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse

from translocal.core.template_values import escaped


@lru_cache(maxsize=8192)
def _profile_url(username: str, prefix: str, urlconf: str | None) -> str:
    """``User.get_absolute_url``, kept per username (``reverse`` was a fifth of a row); the
    script prefix and URLconf of the request are part of the key."""
    return reverse("accounts:profile", kwargs={"username": username}, urlconf=urlconf)


def member_row_html(membership: Any) -> str:
    """``places/_member.html`` for ``membership`` (read with MEMBER_LIST_FIELDS: its user's
    username and names, and the user's place's name) without role buttons: the escaped text of a
    ``<li class="person">``, ending with a line break as the template does."""
    user = membership.user
    url = escaped(_profile_url(user.username, get_script_prefix(), get_urlconf()))
    place = user.place
    where = f' <span class="meta">{escaped(place.name)}</span>' if place else ""
    return f'<li class="person">\n  <a class="person__name" href="{url}">{escaped(user.name)}</a>{where}\n  \n</li>\n'
