"""A hub page's people as everyone but its coordinators and staff see them, in Python.

A hub's page lists up to a hundred people (places.selectors.HUB_MEMBERS_LIMIT, and every
coordinator); a cold page rendered ``places/_member.html`` for each, with a ``reverse`` of
their profile's address: about half of the page's CPU on the bench data. ``member_row_html``
writes the same bytes as that template with ``can_change_roles`` false, from what
``selectors.hub_member_names_by_id`` reads (no model instances), and ``hub_people_html`` the
list around the rows as the ``people`` partial of ``places/hub_detail.html`` does
(tests/places/test_member_rows.py renders both); the coordinators' own view, whose rows carry
role buttons and their CSRF token, still renders the templates."""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext

from translocal.core.template_values import escaped

from .membership_caching import more_members_html


@lru_cache(maxsize=8192)
def _profile_url(username: str, prefix: str, urlconf: str | None) -> str:
    """``User.get_absolute_url``, kept per username (``reverse`` was a fifth of a row); the
    script prefix and URLconf of the request are part of the key."""
    return reverse("accounts:profile", kwargs={"username": username}, urlconf=urlconf)


def member_row_html(username: str, name: str, place_name: str | None) -> str:
    """``places/_member.html`` for a person (their username, their name as ``User.name``, their
    place's name or None) without role buttons: the escaped text of a ``<li class="person">``,
    ending with a line break as the template does."""
    url = escaped(_profile_url(username, get_script_prefix(), get_urlconf()))
    where = f' <span class="meta">{escaped(place_name)}</span>' if place_name is not None else ""
    return f'<li class="person">\n  <a class="person__name" href="{url}">{escaped(name)}</a>{where}\n  \n</li>\n'


def hub_people_html(*, hub_id: int, member_count: int, coordinators: list[str], members: list[str]) -> str:
    """The ``people`` partial of ``places/hub_detail.html`` without role buttons: the hub's
    coordinators' and listed members' rows (``member_row_html``, in order), under their headings
    in the active language, "And N more members." when ``member_count`` is more than the rows
    (places.membership_caching marks it for the live count)."""
    listed = len(coordinators) + len(members)
    if coordinators:
        coordinator_list = f'\n  <ul class="people-list">\n    {"".join(coordinators)}\n  </ul>\n  '
    else:
        coordinator_list = f'<p class="empty">{gettext("This hub has no coordinator yet.")}</p>'
    if members:
        more = f'<p class="meta">{more_members_html(hub_id, listed, member_count)}</p>' if member_count > listed else ""
        member_list = f'\n  <ul class="people-list">\n    {"".join(members)}\n  </ul>\n  {more}\n  '
    else:
        member_list = f'<p class="empty">{gettext("No members yet.")}</p>'
    return (
        f'\n<section aria-labelledby="members-title">\n  <h2 id="members-title">{gettext("People")}</h2>\n'
        f"  <h3>{gettext('Coordinators')}</h3>\n  {coordinator_list}\n"
        f"  <h3>{gettext('Members')}</h3>\n  {member_list}\n</section>\n"
    )
