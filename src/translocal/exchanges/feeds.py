"""RSS 2.0 and Atom feeds of public exchanges (Django's syndication framework): newest
published first, each linking to its page. Built for everyone alike (anonymous): a feed URL is
shared and subscribed to, so it never carries a hub-members or invited-only exchange or a draft."""

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from translocal.core.page_cache import cache_for_anonymous
from translocal.knowledge import selectors as knowledge_selectors

from . import permissions, selectors
from .models import Exchange


class ExchangesRss(Feed):
    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def title(self, obj: Any = None) -> str:
        return _("Exchanges")

    def description(self, obj: Any = None) -> str:
        return _("New peer-learning visits, conferences, workshops and webinars between cities.")

    def subtitle(self, obj: Any = None) -> str:
        return self.description(obj)

    def link(self, obj: Any = None) -> str:
        return reverse("exchanges:exchange-list")

    def items(self, obj: Any = None) -> list[Exchange]:
        return selectors.public_exchanges_for_feed()

    def item_title(self, item: Exchange) -> str:
        if item.status == Exchange.Status.CANCELLED:
            return _("%(title)s (cancelled)") % {"title": item.title}
        return item.title

    def item_description(self, item: Exchange) -> str:
        when = (
            item.starts_on.isoformat()
            if item.starts_on == item.ends_on
            else f"{item.starts_on.isoformat()} – {item.ends_on.isoformat()}"
        )
        where = f"{item.place.name} · " if item.place is not None else ""
        return f"{item.get_kind_display()} · {where}{when}\n\n{item.summary}".strip()

    def item_link(self, item: Exchange) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Exchange) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Exchange) -> dt.datetime | None:
        return item.updated_at

    def item_categories(self, item: Exchange) -> list[str]:
        return [str(item.get_kind_display())]


class ExchangesAtom(ExchangesRss):
    feed_type = Atom1Feed


class ExchangeReflectionsRss(Feed):
    """The published reflections on one exchange (404 for a viewer who may not see it)."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, slug: str) -> Exchange:
        return permissions.get_exchange_for_view(user=request.user, slug=slug)

    def title(self, obj: Any = None) -> str:
        return _("%(title)s: reflections") % {"title": obj.title}

    def description(self, obj: Any = None) -> str:
        return _("Reflections on the exchange %(title)s.") % {"title": obj.title}

    def subtitle(self, obj: Any = None) -> str:
        return self.description(obj)

    def link(self, obj: Any = None) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Any = None) -> list[Any]:
        return knowledge_selectors.reflections_for_feed(exchange_id=obj.pk)

    def item_title(self, item: Any) -> str:
        return item.title

    def item_description(self, item: Any) -> str:
        return item.summary

    def item_link(self, item: Any) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Any) -> dt.datetime | None:
        return item.published_at

    def item_author_name(self, item: Any) -> str:
        return ", ".join(author.name for author in item.byline)


class ExchangeReflectionsAtom(ExchangeReflectionsRss):
    feed_type = Atom1Feed


exchange_reflections_rss = cache_for_anonymous(ExchangeReflectionsRss())
exchange_reflections_atom = cache_for_anonymous(ExchangeReflectionsAtom())
exchanges_rss = cache_for_anonymous(ExchangesRss())
exchanges_atom = cache_for_anonymous(ExchangesAtom())
