"""``core.template_values`` writes what ``{{ value }}`` and its filters write in a template."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from translocal.core.template_values import short_date

_TEMPLATE = Template('{{ value|date:"SHORT_DATE_FORMAT" }}')

_VALUES = [
    None,
    "",
    dt.date(2025, 3, 4),
    dt.date(1999, 12, 31),
    dt.datetime(2025, 3, 4, 23, 30),  # noqa: DTZ001 - a naive value is written as it is
    dt.datetime(2025, 3, 4, 23, 30, tzinfo=dt.UTC),
    # The same instant as the one above, written in another zone: the filter moves both to the
    # current time zone first.
    dt.datetime(2025, 3, 5, 0, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm")),
]


@pytest.mark.parametrize("zone", ["Europe/London", "Pacific/Kiritimati"])
@pytest.mark.parametrize("language", ["en", "es", "ca", "sv"])
def test_short_date_is_the_templates_date_filter_in_every_language_and_zone_twice(language, zone):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        for _ in range(2):  # the second time from the memo
            assert [short_date(v) for v in _VALUES] == [_TEMPLATE.render(Context({"value": v})) for v in _VALUES]


def test_an_aware_datetime_is_written_as_the_day_it_is_in_the_current_time_zone():
    late = dt.datetime(2025, 3, 4, 23, 30, tzinfo=dt.UTC)
    with translation.override("en"):
        with timezone.override(zoneinfo.ZoneInfo("Europe/London")):
            assert short_date(late) == "4 Mar 2025"
        with timezone.override(zoneinfo.ZoneInfo("Pacific/Kiritimati")):  # UTC+14
            assert short_date(late) == "5 Mar 2025"
        assert short_date(dt.date(2025, 3, 4)) == "4 Mar 2025"


def test_short_date_follows_the_active_language():
    day = dt.date(2025, 3, 4)
    with translation.override("en"):
        english = short_date(day)
    with translation.override("sv"):
        swedish = short_date(day)
    with translation.override("en"):
        assert short_date(day) == english
    assert english != swedish
