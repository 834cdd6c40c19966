"""What exchanges put in search: published public exchanges only. An exchange for hub members,
an invited-only one or a draft is never indexed, so search cannot reveal it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from translocal.core.markup import html_to_text, truncate_words
from translocal.search.registry import FacetValue, SearchDocument, register, register_facet
from translocal.search.semantic import register_embedding

from .models import Exchange

EXCHANGE_KIND = register_facet("exchange_kind", _("Kind of exchange"), 45)


def exchange_document(exchange: Exchange) -> SearchDocument:
    body = html_to_text(exchange.description_html) if exchange.description_html else exchange.description
    strands = [s.title for s in exchange.strands.all()]
    place = exchange.place
    keywords = [place.name if place else "", exchange.hub.name if exchange.hub else "", *strands]
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
