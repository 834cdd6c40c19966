"""Pages for places, hubs and organisations: thin views over selectors and services."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from translocal.accounts.models import User
from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.caching import cached_pieces, cached_value, scope_versions
from translocal.core.contributions import render_sections
from translocal.core.listing import browse_request, result_controls
from translocal.core.locales import localized_language_name_in_text
from translocal.core.page_cache import cache_for_anonymous, fill_cached_fragments
from translocal.core.versioning import add_save_error

from . import permissions, selectors, services
from .apps import MEMBERSHIPS_AREA
from .forms import MemberRoleForm, OrganisationForm, OrganisationTranslationForm
from .member_rows import hub_people_html, member_row_html
from .membership_caching import fill_member_counts, hub_page_live_versions, hub_version_name
from .models import Hub, HubMembership, OrganisationTranslation
from .place_html import hub_organisations_html, place_hubs_html, place_organisations_html


@cache_for_anonymous(unkeyed_areas=[MEMBERSHIPS_AREA])  # no member counts
def place_list(request: HttpRequest) -> HttpResponse:
    """Searchable, filtered by country, type and hub (core.listing); the whole page is in the
    anonymous page cache, keyed on its query string."""
    asked = browse_request(request, selectors.PLACE_SORTS, selectors.PLACE_FILTERS)
    result = selectors.place_browse(search=asked.search, filters=asked.filters, sort=asked.sort, cursor=asked.cursor)
    controls = result_controls(
        request,
        asked,
        result,
        sorts=selectors.PLACE_SORTS,
        count_message=lambda n: ngettext("%(count)s place", "%(count)s places", n),
    )
    context = {"page": result.page, "facets": result.facets, "controls": controls}
    return render(request, "places/place_list.html", context)


@cache_for_anonymous(unkeyed_areas=[MEMBERSHIPS_AREA])  # hubs per place, no member counts
def place_map(request: HttpRequest) -> HttpResponse:
    """The places drawn on an SVG map (ours: an equirectangular projection of their
    coordinates, no tiles) and the same places in a table, with their hubs and cases."""
    return render(request, "places/place_map.html", {"map": selectors.place_map()})


HUB_LISTS = ("people", "organisations")


@cache_for_anonymous(signed_in=True, live=fill_member_counts, unkeyed_areas=[MEMBERSHIPS_AREA])
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The place's hubs and organisations are the same for every reader: one cached fragment
    (signed-in readers, who never get the anonymous page cache, pay no query for them). Joins
    and leaves leave it cached: the hubs' member counts are filled in live
    (places.membership_caching)."""
    place = selectors.place_by_slug(slug=slug)

    def render_lists() -> dict[str, str]:  # the partials of places/place_detail.html (places.place_html)
        return {
            "hubs": place_hubs_html(place, selectors.hubs_in_place(place=place)),
            "organisations": place_organisations_html(selectors.organisations_in_place(place=place)),
        }

    response = render(
        request,
        "places/place_detail.html",
        {
            "place": place,
            "lists": _safe(cached_value(request, "place-lists", (place.pk,), render_lists)),
            "sections": render_sections("place", subject=place, request=request, cache_parts=(place.pk,)),
        },
    )
    return fill_cached_fragments(request, response, fill_member_counts)  # the hubs' member counts


def _safe(fragments: dict[str, str]) -> dict[str, SafeString]:
    """Fragments rendered by our own autoescaping templates, marked safe for the page."""
    return {name: mark_safe(html) for name, html in fragments.items()}  # noqa: S308 - our own template output


@cache_for_anonymous(live=fill_member_counts, unkeyed_areas=[MEMBERSHIPS_AREA])  # counts filled live
def hub_list(request: HttpRequest) -> HttpResponse:
    page = selectors.hub_page(cursor=request.GET.get("cursor") or None)
    return render(request, "places/hub_list.html", {"page": page})


@cache_for_anonymous(
    signed_in=True,
    live=fill_member_counts,
    unkeyed_areas=[MEMBERSHIPS_AREA],
    versions=lambda request, slug: [hub_version_name(slug)],
    live_versions=hub_page_live_versions,  # its member count's, read with the others
)
def hub_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The people (up to 100 with their places) and organisations of a hub are the same for
    every reader but its coordinators and staff, who get a role button on each person (a form
    with their CSRF token): cached fragments for everyone else, rendered live for them. The
    reader's own membership and buttons are rendered outside them. The page and the people are
    keyed on this hub's own version, which its joins, leaves and roles move (a join elsewhere
    leaves it cached), and each person's row is cached apart (a join there renders the
    newcomer's row, not the list); the organisations are not keyed on it; its member count is
    filled in live (places.membership_caching), kept under this hub's count's version, which
    comes with the page's versions: a join elsewhere costs this page nothing."""
    hub = selectors.hub_by_slug(slug=slug)
    can_change_roles = permissions.can_change_member_roles(request.user, hub)
    lists: dict[str, str]
    if can_change_roles:
        # Rendered live for them: the role buttons' forms need the request's CSRF token.
        members = selectors.hub_members(hub=hub)
        listed = sum(len(group) for group in members.values())
        context = {
            "hub": hub,
            "coordinators": members["coordinators"],
            "members": members["members"],
            "listed_members": listed,
            "unlisted_members": max(0, hub.member_count - listed),
            "can_change_roles": True,
            "organisations": selectors.organisations_of_hub(hub=hub),
        }
        lists = {name: render_to_string(f"places/hub_detail.html#{name}", context, request) for name in HUB_LISTS}
    else:
        lists = {
            # Keyed on the hub's own version too (its joins, leaves and roles), its rows apart.
            "people": cached_value(
                request, "hub-people", (hub.pk, *scope_versions(request)), lambda: _people(request, hub)
            ),
            "organisations": cached_value(
                request,
                "hub-organisations",
                (hub.pk,),
                lambda: hub_organisations_html(selectors.organisations_of_hub(hub=hub)),  # its partial's bytes
            ),
        }
    return render(
        request,
        "places/hub_detail.html",
        {
            "hub": hub,
            "lists": _safe(lists),
            "membership": selectors.membership_of(hub=hub, user=request.user),
            "can_change_roles": can_change_roles,
            "sections": render_sections("hub", subject=hub, request=request, cache_parts=(hub.pk,)),
        },
    )


def _people(request: HttpRequest, hub: Hub) -> str:
    """The people of a hub's page as everyone but its coordinators and staff see it: the ids of
    the memberships it lists (one query), each one's row from the rows cached for the hub
    (``cached_pieces``: after a join there, only the newcomer's row is rendered, one query),
    written by ``member_row_html`` as ``places/_member.html`` would, and the list around them by
    ``hub_people_html`` as the ``people`` partial of ``places/hub_detail.html``."""
    coordinators, members = selectors.hub_member_ids(hub=hub)

    def render_rows(ids: list[int]) -> dict[int, str]:
        return {pk: member_row_html(*names) for pk, names in selectors.hub_member_names_by_id(ids).items()}

    rows = cached_pieces(request, "hub-member-rows", (hub.pk,), [*coordinators, *members], render_rows)
    return hub_people_html(  # a membership gone between the two queries has no row
        hub_id=hub.pk,
        member_count=hub.member_count,
        coordinators=[rows[pk] for pk in coordinators if pk in rows],
        members=[rows[pk] for pk in members if pk in rows],
    )


@require_POST
@login_required
def hub_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hub = selectors.hub_by_slug(slug=slug)
    services.join_hub(acting_user=request.user, hub=hub)
    messages.success(request, _("You are now a member of %(hub)s.") % {"hub": hub.name})
    return redirect(hub)


@require_POST
@login_required
def hub_leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hub = selectors.hub_by_slug(slug=slug)
    try:
        services.leave_hub(acting_user=request.user, hub=hub)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You have left %(hub)s.") % {"hub": hub.name})
    return redirect(hub)


@require_POST
@login_required
def hub_member_role(request: AuthenticatedHttpRequest, slug: str, username: str) -> HttpResponse:
    hub = selectors.hub_by_slug(slug=slug)
    member = get_object_or_404(User, username=username)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose coordinator or member."))
    try:
        services.change_member_role(
            acting_user=request.user, hub=hub, member=member, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if form.cleaned_data["role"] == HubMembership.Role.COORDINATOR:
            done = _("%(name)s is now a coordinator of %(hub)s.")
        else:
            done = _("%(name)s is now a member of %(hub)s.")
        messages.success(request, done % {"name": member.name, "hub": hub.name})
    return redirect(hub)


@cache_for_anonymous(unkeyed_areas=[MEMBERSHIPS_AREA])  # no memberships shown
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Searchable, filtered by kind and country (core.listing)."""
    asked = browse_request(request, selectors.ORGANISATION_SORTS, selectors.ORGANISATION_FILTERS)
    result = selectors.organisation_browse(
        search=asked.search, filters=asked.filters, sort=asked.sort, cursor=asked.cursor
    )
    controls = result_controls(
        request,
        asked,
        result,
        sorts=selectors.ORGANISATION_SORTS,
        count_message=lambda n: ngettext("%(count)s organisation", "%(count)s organisations", n),
    )
    context = {"page": result.page, "facets": result.facets, "controls": controls}
    return render(request, "places/organisation_list.html", context)


@cache_for_anonymous(unkeyed_areas=[MEMBERSHIPS_AREA])  # its hubs and people: no memberships
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The name and description are the reader's translation when the organisation has one in
    the interface language (or ``?lang=``), the original otherwise or with ``?lang=orig``; the
    translation is joined to the organisation's query, so every language costs the same queries."""
    language, original_asked = selectors.wanted_language(request.GET.get("lang"))
    organisation = selectors.organisation_by_slug(slug=slug, user=request.user, language=language)
    reading = selectors.organisation_reading(organisation, original_asked=original_asked)
    can_translate = permissions.can_translate_organisation(request.user, organisation)
    return render(
        request,
        "places/organisation_detail.html",
        {
            "organisation": organisation,
            "reading": reading,
            "translate_languages": [
                code for code in services.translation_languages() if code != organisation.original_language
            ] if can_translate else [],
            "hubs": selectors.hubs_of_organisation(organisation=organisation),
            "people": selectors.people_of_organisation(organisation=organisation),
            "sections": render_sections(
                "organisation", subject=organisation, request=request, cache_parts=(organisation.pk,)
            ),
            "can_edit": permissions.can_edit_organisation(request.user, organisation),
        },
    )


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(acting_user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": organisation.name})
            return redirect(organisation)
    return render(request, "places/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = services.get_organisation_for_edit(user=request.user, slug=slug)
    form = OrganisationForm(request.POST if request.method == "POST" else None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                acting_user=request.user, organisation=organisation, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(organisation)
    return render(request, "places/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
def organisation_translate(request: AuthenticatedHttpRequest, slug: str, language: str) -> HttpResponse:
    """Add or change the translation of an organisation's name and description into one of the
    site's languages (whoever may edit it). The form shows the original for reference."""
    organisation = services.get_organisation_for_edit(user=request.user, slug=slug)
    if not permissions.can_translate_organisation(request.user, organisation):
        raise PermissionDenied
    if language not in services.translation_languages() or language == organisation.original_language:
        raise Http404("No translation into that language")
    current = OrganisationTranslation.objects.filter(organisation=organisation, language=language).first()
    instance = copy.copy(current) if current is not None else OrganisationTranslation(
        organisation=organisation, language=language
    )
    form = OrganisationTranslationForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_organisation_translation(
                acting_user=request.user, organisation=organisation, language=language,
                data=dict(form.cleaned_data), machine_translator=form.cleaned_data.get("machine_translator", ""),
            )
        except ValidationError as exc:
            add_save_error(form, exc)
        else:
            messages.success(request, _("The translation into %(language)s was saved.") % {
                "language": localized_language_name_in_text(language)})
            return redirect(f"{organisation.get_absolute_url()}?lang={language}")
    return render(request, "core/translation_form.html", {
        "form": form, "organisation": organisation, "language": language, "translation": current,
        "parents": [(reverse("places:organisation-list"), _("Organisations"))],
        "original_language": organisation.original_language, "original_url": organisation.get_absolute_url(),
        "original_title": organisation.name, "original_body": organisation.description,
    })
