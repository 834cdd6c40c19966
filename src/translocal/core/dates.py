"""One meaning per date: every date a list, a search result, a card or a page shows carries
the label of what it is ("Started 1989", "Published 4 April 2023"), from the one helper here,
so the same entry shows the same labelled date wherever it appears (issue 15: a case read
"1989" in the list and "4 April 2023" in search, two meanings of one unlabelled date).

Which date an object shows is the object's choice (``listed_date`` on the knowledge entries);
how it reads is decided here: the label in the reader's language, and the precision. Dates of
``Started`` and ``Ended`` on 1 January show the year alone, because the imported Participedia
data stores a year-only date as 1 January of that year (60 of the first 2,000 start dates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext


class DateMeaning(models.TextChoices):
    """What a shown date is. Stored in the search index (``SearchEntry.date_meaning``)."""

    STARTED = "started", "Started"
    ENDED = "ended", "Ended"
    PUBLISHED = "published", "Published"
    ADDED = "added", "Added"


#: Meanings whose 1 January dates read as a year alone (see the module's docstring).
_YEAR_PRECISION = {DateMeaning.STARTED, DateMeaning.ENDED}


def _label(meaning: str, date_text: str, *, year: bool) -> str:
    """The labelled date in the active language. Two messages per meaning: a year and a day
    read differently in Spanish and Catalan ("en 1989", "el 4 de abril de 1989")."""
    if meaning == DateMeaning.STARTED:
        if year:
            return pgettext("a year", "Started %(date)s") % {"date": date_text}
        return pgettext("a day", "Started %(date)s") % {"date": date_text}
    if meaning == DateMeaning.ENDED:
        if year:
            return pgettext("a year", "Ended %(date)s") % {"date": date_text}
        return pgettext("a day", "Ended %(date)s") % {"date": date_text}
    if meaning == DateMeaning.ADDED:
        return pgettext("a day", "Added %(date)s") % {"date": date_text}
    return pgettext("a day", "Published %(date)s") % {"date": date_text}


@dataclass(frozen=True)
class LabelledDate:
    """A date and what it means. Renders as HTML (``{{ value.html }}`` in a template) with a
    ``<time>`` element, and as plain text with ``str()``; both in the active language."""

    meaning: str
    date: dt.date

    @classmethod
    def of(cls, meaning: str, value: dt.date | dt.datetime | None) -> LabelledDate | None:
        """None for no value; an aware datetime becomes the day it is in the site's time zone."""
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return cls(str(meaning), value)

    @property
    def year_only(self) -> bool:
        return self.meaning in _YEAR_PRECISION and self.date.month == 1 and self.date.day == 1

    @property
    def machine(self) -> str:
        """The ``datetime`` attribute: a valid year or date string."""
        return f"{self.date.year:04d}" if self.year_only else self.date.isoformat()

    @property
    def text(self) -> str:
        """The date alone, as the reader's locale writes it."""
        return str(self.date.year) if self.year_only else date_format(self.date, "DATE_FORMAT")

    def __str__(self) -> str:
        return _label(self.meaning, self.text, year=self.year_only)

    @property
    def html(self) -> SafeString:
        return self.__html__()

    def __html__(self) -> SafeString:
        return _date_html(get_language(), self)

    def html_in(self, language: str | None) -> SafeString:
        """``html`` in ``language``, which must be the active one (``get_language()``): for a
        loop that looked it up once."""
        return _date_html(language, self)


@lru_cache(maxsize=4096)
def _date_html(language: str | None, date: LabelledDate) -> SafeString:
    """``date.__html__()`` in ``language`` (the active one, passed to key the memo): the same
    few thousand dates (a case's start, an entry's publication) fill every list and card, and
    each cost a pgettext, a date_format and a format_html (about 30 us; a tenth of a card).
    Catalogues and formats do not change while a process runs."""
    marker = "\x00"
    before, _, after = _label(date.meaning, marker, year=date.year_only).partition(marker)
    return format_html(
        '<span class="labelled-date">{}<time datetime="{}">{}</time>{}</span>',
        before,
        date.machine,
        date.text,
        after,
    )
