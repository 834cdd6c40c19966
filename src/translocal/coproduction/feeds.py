"""RSS 2.0 and Atom feeds of co-production spaces (Django's syndication framework): a process's
proposals, results, meetings and citizen initiatives, and a hub's processes, newest first, each
item linking to its page. Built for everyone alike, whoever asks: a feed URL is shared and
subscribed to, so it is read as an anonymous visitor would (a members-only, invited-only or
unpublished process is a 404), never carries a hidden or withdrawn proposal or initiative, and
names nothing an anonymous reader does not see on the pages (no registrations, no online meeting
links, no signatures)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from translocal.core.page_cache import cache_for_anonymous
from translocal.places.models import Hub

from . import feed_selectors, permissions, selectors
from .accountability.models import Result
from .apps import CONTENT_AREA
from .initiatives.models import Initiative
from .meetings.models import Meeting
from .models import Process, Proposal

#: Words of an item's text a feed carries (the page has the rest).
SUMMARY_WORDS = 60


def _summary(text: str) -> str:
    return Truncator(text).words(SUMMARY_WORDS, truncate="…")


def _public_process(slug: str) -> Process:
    """The process ``slug`` as an anonymous visitor may see it; Http404 otherwise."""
    return permissions.get_process_for_view(user=AnonymousUser(), slug=slug)


class _ProcessFeed(Feed):
    """A feed about one public process."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, slug: str) -> Process:
        return _public_process(slug)

    def subtitle(self, obj: Any = None) -> str:
        return self.description(obj)

    def item_link(self, item: Any) -> str:
        return item.get_absolute_url()


class ProposalsRss(_ProcessFeed):
    def title(self, obj: Process) -> str:
        return _("%(title)s: proposals") % {"title": obj.title}

    def description(self, obj: Process) -> str:
        return _("New proposals in the co-production process %(title)s.") % {"title": obj.title}

    def link(self, obj: Process) -> str:
        return reverse("coproduction:proposal-list", args=[obj.slug])

    def items(self, obj: Process) -> list[Proposal]:
        return feed_selectors.proposals_for_feed(process=obj)

    def item_title(self, item: Proposal) -> str:
        return item.title

    def item_description(self, item: Proposal) -> str:
        return _summary(item.body)

    def item_author_name(self, item: Proposal) -> str | None:
        return item.author.name if item.author else None

    def item_pubdate(self, item: Proposal) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Proposal) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Proposal) -> list[str]:
        return [str(item.get_answer_state_display())] if item.answer_state else []


class ProposalsAtom(ProposalsRss):
    feed_type = Atom1Feed


class ResultsRss(_ProcessFeed):
    def title(self, obj: Process) -> str:
        return _("%(title)s: results") % {"title": obj.title}

    def description(self, obj: Process) -> str:
        return _("What the co-production process %(title)s is doing, and how far it got.") % {"title": obj.title}

    def link(self, obj: Process) -> str:
        return reverse("coproduction:result-list", args=[obj.slug])

    def items(self, obj: Process) -> list[Result]:
        return feed_selectors.results_for_feed(process=obj)

    def item_title(self, item: Result) -> str:
        return item.title

    def item_description(self, item: Result) -> str:
        status = _("%(status)s, %(progress)s%% done") % {
            "status": item.get_status_display(), "progress": item.progress,
        }
        return f"{status}\n\n{_summary(item.description)}".strip()

    def item_pubdate(self, item: Result) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Result) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Result) -> list[str]:
        return [str(item.get_status_display())]


class ResultsAtom(ResultsRss):
    feed_type = Atom1Feed


class MeetingsRss(_ProcessFeed):
    def title(self, obj: Process) -> str:
        return _("%(title)s: meetings") % {"title": obj.title}

    def description(self, obj: Process) -> str:
        return _("Meetings and workshops of the co-production process %(title)s.") % {"title": obj.title}

    def link(self, obj: Process) -> str:
        return reverse("coproduction:meeting-list", args=[obj.slug])

    def items(self, obj: Process) -> list[Meeting]:
        return feed_selectors.meetings_for_feed(process=obj)

    def item_title(self, item: Meeting) -> str:
        return item.title

    def item_description(self, item: Meeting) -> str:
        when = formats.date_format(item.starts_at, "DATETIME_FORMAT")
        where = item.location or (_("Online") if item.online_url else "")
        head = f"{when} · {where}" if where else when
        return f"{head}\n\n{_summary(item.description)}".strip()

    def item_pubdate(self, item: Meeting) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Meeting) -> dt.datetime:
        return item.updated_at


class MeetingsAtom(MeetingsRss):
    feed_type = Atom1Feed


class InitiativesRss(_ProcessFeed):
    def title(self, obj: Process) -> str:
        return _("%(title)s: citizen initiatives") % {"title": obj.title}

    def description(self, obj: Process) -> str:
        return _("Citizen initiatives residents started in the co-production process %(title)s.") % {
            "title": obj.title
        }

    def link(self, obj: Process) -> str:
        return reverse("coproduction:initiative-list", args=[obj.slug])

    def items(self, obj: Process) -> list[Initiative]:
        return feed_selectors.initiatives_for_feed(process=obj)

    def item_title(self, item: Initiative) -> str:
        return item.title

    def item_description(self, item: Initiative) -> str:
        return _summary(item.body)

    def item_author_name(self, item: Initiative) -> str | None:
        return item.author.name if item.author else None

    def item_pubdate(self, item: Initiative) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Initiative) -> dt.datetime:
        return item.answered_at or item.edited_at or item.created_at

    def item_categories(self, item: Initiative) -> list[str]:
        return [str(item.get_answer_state_display())] if item.answer_state else []


class InitiativesAtom(InitiativesRss):
    feed_type = Atom1Feed


class HubProcessesRss(Feed):
    """The published public processes of a hub."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, hub_slug: str) -> Hub:
        from .blocking.selectors import hub_by_slug

        return hub_by_slug(slug=hub_slug)

    def title(self, obj: Hub) -> str:
        return _("%(name)s: co-production processes") % {"name": obj.name}

    def description(self, obj: Hub) -> str:
        return _("New co-production processes of %(name)s.") % {"name": obj.name}

    def subtitle(self, obj: Hub) -> str:
        return self.description(obj)

    def link(self, obj: Hub) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Hub) -> list[Process]:
        return feed_selectors.hub_processes_for_feed(hub_id=obj.pk)

    def item_title(self, item: Process) -> str:
        return item.title

    def item_description(self, item: Process) -> str:
        return item.summary or _summary(item.description)

    def item_link(self, item: Process) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Process) -> dt.datetime:
        return item.created_at

    def item_updateddate(self, item: Process) -> dt.datetime:
        return item.updated_at


class HubProcessesAtom(HubProcessesRss):
    feed_type = Atom1Feed


def _process_version(request: HttpRequest, slug: str, **kwargs: object) -> list[str]:
    return [selectors.process_version_name(slug)]


def _process_feed(feed: Feed) -> Any:
    return cache_for_anonymous(area=CONTENT_AREA, versions=_process_version)(feed)


proposals_rss = _process_feed(ProposalsRss())
proposals_atom = _process_feed(ProposalsAtom())
results_rss = _process_feed(ResultsRss())
results_atom = _process_feed(ResultsAtom())
meetings_rss = _process_feed(MeetingsRss())
meetings_atom = _process_feed(MeetingsAtom())
initiatives_rss = _process_feed(InitiativesRss())
initiatives_atom = _process_feed(InitiativesAtom())
hub_processes_rss = cache_for_anonymous(area=CONTENT_AREA)(HubProcessesRss())
hub_processes_atom = cache_for_anonymous(area=CONTENT_AREA)(HubProcessesAtom())
