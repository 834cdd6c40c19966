"""What exchanges put in search: published public exchanges only. An exchange for hub members,
an invited-only one or a draft is never indexed, so search cannot reveal it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from translocal.core.markup import html_to_text, truncate_words
from translocal.search.registry import FacetValue, SearchDocument, register, register_facet
from translocal.search.semantic import register_embedding

from .models import Commitment, Exchange, Privacy

EXCHANGE_KIND = register_facet("exchange_kind", _("Kind of exchange"), 45)


def exchange_document(exchange: Exchange) -> SearchDocument:
    body = html_to_text(exchange.description_html) if exchange.description_html else exchange.description
    strands = [s.title for s in exchange.strands.all()]
    place = exchange.place
    keywords = [*(place.all_names if place else []), exchange.hub.name if exchange.hub else "", *strands]
    return SearchDocument(
        title=exchange.title,
        url=exchange.get_absolute_url(),
        is_public=exchange.is_public
        or (exchange.status == Exchange.Status.CANCELLED and exchange.visibility == Exchange.Visibility.PUBLIC),
        body=body,
        summary=exchange.summary or truncate_words(body, 50),
        keywords=" ".join(k for k in keywords if k),
        country=place.country if place else "",
        place_id=place.pk if place else None,
        place_name=place.name if place else "",
        published_at=exchange.published_at,
        facets={EXCHANGE_KIND.name: [FacetValue(exchange.kind, str(exchange.get_kind_display()))]},
    )


def never_published(exchange: Exchange) -> bool:
    return exchange.status == Exchange.Status.DRAFT and exchange.published_at is None


# Public exchanges get a vector too: the challenge box ("who else tried this?") lists past
# exchanges on the theme (translocal.intelligence).
register_embedding("exchange")

register(
    Exchange,
    kind="exchange",
    label=_("Exchange"),
    plural=_("Exchanges"),
    document=exchange_document,
    never_public=never_published,
    select_related=("place", "hub"),
    prefetch_related=("strands",),
)


def commitment_document(commitment: Commitment) -> SearchDocument:
    """A commitment is found when everyone may see it: public, of a public exchange (one shared
    with the participants, or private, never reaches the index). Its place is the hub's it
    concerns (else its organisation's)."""
    exchange = commitment.exchange
    hub, organisation = commitment.hub, commitment.organisation
    place = hub.place if hub is not None else organisation.place if organisation is not None else None
    keywords = [exchange.title, hub.name if hub else "", organisation.name if organisation else ""]
    return SearchDocument(
        title=commitment.title,
        url=commitment.get_absolute_url(),
        is_public=commitment.privacy == Privacy.PUBLIC and exchange.is_public,
        body=commitment.body,
        summary=truncate_words(commitment.body, 50),
        keywords=" ".join(k for k in keywords if k),
        country=place.country if place else "",
        place_id=place.pk if place else None,
        place_name=place.name if place else "",
        published_at=commitment.created_at,
    )


# Public commitments have a vector: "Who else tried this?" on a commitment's page and on the
# pages of processes (translocal.intelligence).
register_embedding("commitment")

register(
    Commitment,
    kind="commitment",
    label=_("Commitment"),
    plural=_("Commitments"),
    document=commitment_document,
    select_related=("exchange", "hub", "hub__place", "organisation", "organisation__place"),
)
