"""RSS 2.0 and Atom feeds of reflections: all of them, and those of one series (Django's
syndication framework). Only published posts, newest first, linking back to their pages; the
same for every reader, so the anonymous page cache serves them."""

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _

from translocal.core.page_cache import cache_for_anonymous

from . import permissions, selectors
from .models import Reflection, Series


class ReflectionsRss(Feed):
    """The newest published reflections (``selectors.FEED_SIZE`` of them)."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def title(self, obj: Any = None) -> str:
        return _("Reflections")

    def description(self, obj: Any = None) -> str:
        return _("New reflections in the knowledge commons: what people learned and think about participation.")

    def subtitle(self, obj: Any = None) -> str:  # Atom's name for the description
        return self.description(obj)

    def link(self, obj: Any = None) -> str:
        return reverse("knowledge:reflection-list")

    def items(self, obj: Any = None) -> list[Reflection]:
        return selectors.reflections_for_feed()

    def item_title(self, item: Reflection) -> str:
        return item.title

    def item_description(self, item: Reflection) -> str:
        return item.summary

    def item_link(self, item: Reflection) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Reflection) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Reflection) -> dt.datetime | None:
        return item.updated_at

    def item_author_name(self, item: Reflection) -> str:
        return ", ".join(author.name for author in item.byline)

    def item_categories(self, item: Reflection) -> list[str]:
        return [item.series.title] if item.series_id is not None and item.series is not None else []


class ReflectionsAtom(ReflectionsRss):
    feed_type = Atom1Feed


class SeriesRss(ReflectionsRss):
    """The newest published posts of one series."""

    def get_object(self, request: HttpRequest, slug: str) -> Series:
        return permissions.get_series_for_view(user=request.user, slug=slug)

    def title(self, obj: Any = None) -> str:
        return _("%(series)s: reflections") % {"series": obj.title}

    def description(self, obj: Any = None) -> str:
        return obj.description or _("The posts of the series %(series)s.") % {"series": obj.title}

    def link(self, obj: Any = None) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Any = None) -> list[Reflection]:
        return selectors.reflections_for_feed(series=obj)


class SeriesAtom(SeriesRss):
    feed_type = Atom1Feed


reflections_rss = cache_for_anonymous(ReflectionsRss())
reflections_atom = cache_for_anonymous(ReflectionsAtom())
series_rss = cache_for_anonymous(SeriesRss())
series_atom = cache_for_anonymous(SeriesAtom())
