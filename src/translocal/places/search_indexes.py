"""What places put in search: places, hubs and (published) organisations."""

from __future__ import annotations

import dataclasses

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from translocal.core.locales import country_name
from translocal.search.registry import FacetValue, SearchDocument, register
from translocal.search.semantic import register_embedding

from .models import Hub, Organisation, OrganisationTranslation, Place


def _url(obj) -> str:  # noqa: ANN001
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


def place_document(place: Place) -> SearchDocument:
    return SearchDocument(
        title=place.name,
        url=_url(place),
        is_public=True,
        body=place.description,
        summary=", ".join(p for p in (place.region, country_name(place.country)) if p),
        keywords=" ".join(p for p in (*place.other_names, place.region, country_name(place.country)) if p),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
    )


def organisation_document(organisation: Organisation) -> SearchDocument:
    place = organisation.place
    return SearchDocument(
        title=organisation.name,
        url=_url(organisation),
        is_public=organisation.is_published,
        body=organisation.description,
        language=organisation.original_language,
        summary=organisation.get_kind_display(),
        keywords=" ".join(p for p in (*(place.all_names if place else []), organisation.get_kind_display()) if p),
        country=place.country if place else "",
        place_id=place.pk if place else None,
        place_name=place.name if place else "",
    )


def organisation_translation_document(translation: OrganisationTranslation) -> SearchDocument:
    """A translation of an organisation is a document of its own, in its language, linked to the
    organisation read in it (?lang=), with the organisation's type facet and its group, so search
    shows the organisation once (in the reader's language when it matches both)."""
    original = organisation_document(translation.organisation)
    return dataclasses.replace(
        original,
        title=translation.name,
        body=translation.description,
        language=translation.language,
        url=f"{original.url}?lang={translation.language}" if original.url else "",
        facets={**original.facets, "type": [FacetValue("organisation", str(_("Organisations")))]},
        group=f"organisation:{translation.organisation_id}",
    )


def hub_document(hub: Hub) -> SearchDocument:
    place = hub.place
    return SearchDocument(
        title=hub.name,
        url=_url(hub),
        is_public=True,
        body=hub.description,
        summary=hub.tagline,
        keywords=" ".join((*place.all_names, country_name(place.country))),
        country=place.country,
        place_id=place.pk,
        place_name=place.name,
    )


register(Place, kind="place", label=_("Place"), plural=_("Places"), document=place_document)
register(
    Organisation, kind="organisation", label=_("Organisation"), plural=_("Organisations"),
    document=organisation_document,
    select_related=("place",),
)
register(
    OrganisationTranslation, kind="organisation-translation", label=_("Organisation"), plural=_("Organisations"),
    document=organisation_translation_document,
    follows="organisation",
    select_related=("organisation", "organisation__place"),
)
register(Hub, kind="hub", label=_("Hub"), plural=_("Hubs"), document=hub_document, select_related=("place",))
# Listed organisations have a vector too (who elsewhere works on this).
register_embedding("organisation")
