"""Import Participedia's open data: cases (2018 structured JSON merged by id with the 2016 case
texts) and methods (its CSV export). Content is CC BY-NC-SA 3.0; every item keeps its source id,
source URL, licence and attribution.

Speed: vocabularies, places and slugs are held in memory, each batch of records is one
transaction (with a savepoint per record so one bad record cannot spoil the others), and M2M
links are replaced per batch with one DELETE and one bulk INSERT per relation.
"""

import csv
import json
import re
import time
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from io import StringIO, TextIOBase
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from translocal.accounts.models import User
from translocal.audit import actions as audit_actions
from translocal.audit.services import record
from translocal.core.caching import content_changed
from translocal.core.import_report import ImportReport, message
from translocal.core.locales import country_code
from translocal.core.markup import html_to_text, sanitize_html, truncate_words
from translocal.core.merging import move_references
from translocal.knowledge.completeness import completeness_from_values
from translocal.knowledge.models import BodyFormat, Case, Method, YesNo
from translocal.places.models import Organisation
from translocal.search.services import sync_after_commit
from translocal.taxonomy.models import Vocabulary as V
from translocal.taxonomy.selectors import normalise_key

from .participedia_fields import (
    CASE_MANY,
    CASE_ONE,
    FACILITATOR_TRAINING,
    GENERIC_METHOD_NAMES,
    LEVELS,
    METHOD_MANY,
    METHOD_ONE,
    METHOD_SECTIONS,
    MODES,
    OPEN_LIMITED,
    THEMES_BY_TERM,
    TIME_LIMITED,
)
from .participedia_locations import Gazetteer, location_from_text
from .participedia_organisations import OrganisationEntry, import_organisations
from .participedia_pages import (
    EntryKind,
    OldLinks,
    classify_text_entry,
    lead_and_body,
    old_site_slugs,
    remove_protected_emails,
    tidy_old_markup,
)
from .support import (
    Places,
    Terms,
    drop_empty_paragraphs,
    parse_coordinate,
    summary_from_html,
    text_to_html,
    trie_pattern,
    write_m2m,
)
from .validation import check_fields, check_links, clean_strings, read_text
from .writer import BatchWriter, Mapped, SkipItem, run_batches

SOURCE = "participedia"
LICENCE = "CC BY-NC-SA 3.0"
ATTRIBUTION = "From Participedia (participedia.net), CC BY-NC-SA 3.0"
CASES_FILE = "cases-2018-structured.json"
TEXTS_FILE = "case-texts-2016.json"
METHODS_FILE = "methods-export.csv"
# Text-only cases carry no date; the texts are a 2016 snapshot, so they were public by then.
TEXTS_SNAPSHOT = datetime(2016, 1, 1, tzinfo=UTC)

_NOT_FOUND = re.compile(r"\b(page not found|404 not found|not found)\b", re.I)
_STUB = re.compile(r"^(stub|needs translation|note: this article is in need of assistance\b.*)$", re.I)
_URL = re.compile(r"(https?://|www\.)\S+", re.I)
_HEADINGS = re.compile(r"<h[1-6][^>]*>.*?</h[1-6]>", re.S | re.I)
# Participedia's empty entry template: "The following is a suggested structure. We recommend..."
_TEMPLATE_NOTE = re.compile(r"<p>\s*The following is a suggested structure\..*?</p>", re.S | re.I)


# --- Reading -----------------------------------------------------------------------------------


#: The longest id a record may carry (Case/Method.source_id).
MAX_ID_LENGTH = 60


class _Object(dict):
    """A JSON object that remembers the keys it met more than once (json keeps the last)."""

    duplicates: list[str]


def _object_with_duplicates(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    obj.duplicates = [key for key, n in Counter(key for key, _ in pairs).items() if n > 1]
    return obj


def _read_json(path: Path, report: ImportReport) -> Any:
    """The parsed file, every string cleaned (validation.clean_strings). An unreadable file is
    refused with a ValidationError naming it, before anything is written."""
    if not path.is_file():
        raise ValidationError(gettext("%(path)s is missing: PATH must be the Participedia data directory.") % {
            "path": path})
    try:
        data = json.loads(read_text(path, notes=report.info), object_pairs_hook=_object_with_duplicates)
    except json.JSONDecodeError as exc:
        raise ValidationError(gettext("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": exc}) from exc
    except (ValueError, RecursionError) as exc:  # e.g. a 5,000-digit number, nesting past the limit
        raise ValidationError(gettext("%(path)s cannot be read as JSON: %(error)s") % {
            "path": path, "error": f"{exc.__class__.__name__}: {exc}"}) from exc
    return data


def _record_id(value: Any) -> str:
    return "" if isinstance(value, bool | dict | list) or value is None else str(value).strip()


def _fail_long_id(report: ImportReport, kind: str, item_id: str, where: Any) -> None:
    shown = item_id[:20] + "…"
    report.locate(kind, shown, where)
    report.fail(kind, shown, message(gettext_noop("id longer than %(limit)s characters"), limit=MAX_ID_LENGTH))


def _record_at(file: str, index: int) -> Any:
    return message(gettext_noop("%(file)s record %(n)s"), file=file, n=index)


def _row(number: int) -> Any:
    return message(gettext_noop("row %(n)s"), n=number)


def _read_cases(directory: Path, report: ImportReport) -> tuple[dict[str, dict], dict[str, dict]]:
    """Cases by id from both files. Each record is located ("cases-2018-structured.json record
    12") for the report; a record without an id, with an over-long id, or repeating an id is
    reported there and left out (the first record with an id wins)."""
    structured_raw = _read_json(directory / CASES_FILE, report)
    texts_raw = _read_json(directory / TEXTS_FILE, report)
    if not isinstance(structured_raw, list):
        raise ValidationError(gettext("%(file)s must hold a list of cases.") % {"file": CASES_FILE})
    if not isinstance(texts_raw, dict):
        raise ValidationError(gettext("%(file)s must map case ids to title and htmlbody.") % {"file": TEXTS_FILE})
    structured: dict[str, dict] = {}
    first_seen: dict[str, int] = {}
    for index, item in enumerate(structured_raw, start=1):
        where = _record_at(CASES_FILE, index)
        case_id = _record_id(item.get("id")) if isinstance(item, dict) else ""
        if not case_id:
            report.fail("case", f"{CASES_FILE} item #{index}", gettext_noop("not an object with an id"))
            continue
        report.locate("case", case_id, where)
        if len(case_id) > MAX_ID_LENGTH:
            _fail_long_id(report, "case", case_id, where)
        elif case_id in first_seen:
            report.fail("case", case_id, message(
                gettext_noop("duplicate id %(id)s (also at record %(first)s)"), id=case_id, first=first_seen[case_id]))
            report.locate("case", case_id, _record_at(CASES_FILE, first_seen[case_id]))
        else:
            first_seen[case_id] = index
            structured[case_id] = clean_strings(item)
    for key in getattr(texts_raw, "duplicates", []):
        report.fail("case", key, message(
            gettext_noop("%(file)s: duplicate id %(id)s (only the last text is kept)"), file=TEXTS_FILE, id=key))
    texts: dict[str, dict] = {}
    for index, (raw_id, item) in enumerate(texts_raw.items(), start=1):
        case_id = str(raw_id).strip()
        if case_id not in structured:
            report.locate("case", case_id, _record_at(TEXTS_FILE, index))
        if not isinstance(item, dict):
            report.fail("case", case_id, message(
                gettext_noop("%(file)s: not an object with title and htmlbody"), file=TEXTS_FILE))
            continue
        if len(case_id) > MAX_ID_LENGTH:
            if case_id not in first_seen:
                _fail_long_id(report, "case", case_id, _record_at(TEXTS_FILE, index))
            continue
        texts[case_id] = clean_strings(item)
    return structured, texts


def _read_methods(directory: Path, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    """The CSV's rows as ``(row number, {column: value})``, row 1 being the header. The file is
    decoded as UTF-8 or in the encoding detected (validation.read_text). A row the CSV reader
    cannot parse, without an id, with an over-long id, or repeating an earlier row's id is
    reported as "row N" and left out."""
    path = directory / METHODS_FILE
    if not path.is_file():
        raise ValidationError(gettext("%(path)s is missing: PATH must be the Participedia data directory.") % {
            "path": path})
    reader = csv.reader(StringIO(read_text(path, notes=report.info), newline=""))
    try:
        first = next(reader, [])
    except csv.Error as exc:
        raise ValidationError(gettext("%(path)s: the header row cannot be read: %(error)s") % {
            "path": path, "error": exc}) from exc
    # The export starts with a BOM before a quoted "id": clean every header defensively.
    header = [clean_strings(name).strip().lstrip("\ufeff").strip('"').strip() for name in first]
    rows: list[tuple[int, dict[str, str]]] = []
    first_seen: dict[str, int] = {}
    number = 1
    while True:
        number += 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.fail("method", f"row {number}", message(gettext_noop("row %(n)s: unreadable CSV: %(error)s"),
                                                         n=number, error=str(exc)))
            continue
        row = clean_strings(dict(zip(header, values, strict=False)))
        method_id = _text(row.get("id"))
        if not method_id:
            report.fail("method", f"row {number}", message(gettext_noop("row %(n)s: no id"), n=number))
            continue
        report.locate("method", method_id, _row(number))
        if len(method_id) > MAX_ID_LENGTH:
            _fail_long_id(report, "method", method_id, _row(number))
        elif method_id in first_seen:
            report.fail("method", method_id, message(
                gettext_noop("duplicate id %(id)s (also at row %(first)s)"), id=method_id, first=first_seen[method_id]))
            report.locate("method", method_id, _row(first_seen[method_id]))
        else:
            first_seen[method_id] = number
            rows.append((number, row))
    return rows


def _sort_key(item_id: str) -> tuple[int, str]:
    return (int(item_id), "") if item_id.isdigit() else (10**12, item_id)


# --- Value parsing ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).strip()).date()
    except ValueError as exc:
        raise ValueError(f"{name} {value!r} is not a date") from exc


def _datetime(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValueError(f"{name} {value!r} is not a date") from exc
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes"}:
        return True
    if text in {"0", "false", "no"}:
        return False
    return None


def _yes_no(value: Any) -> str:
    flag = _bool(value)
    return "" if flag is None else (YesNo.YES if flag else YesNo.NO)


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(f"number_of_participants {value!r} is not a number")
    try:
        number = int(str(value).strip().replace(",", ""))
    except ValueError as exc:
        raise ValueError(f"number_of_participants {value!r} is not a number") from exc
    if number < 0:
        raise ValueError(f"number_of_participants {value!r} is negative")
    return number


def _choice(mapping: Mapping[str, str], value: Any) -> str:
    return mapping.get(_text(value).lower(), "")


def _first(value: Any) -> Any:
    """One value of a field Participedia exported as a list in one version and as a single
    value in another (e.g. facilitator_training)."""
    if isinstance(value, list | tuple):
        return next((item for item in value if item not in (None, "")), None)
    return value


def _known_choice(
    mapping: Mapping[str, str], value: Any, *, name: str, case_id: str, report: ImportReport
) -> str:
    """A fixed choice, or "" with a note naming the case when the value is not one we know."""
    value = _first(value)
    if value in (None, ""):
        return ""
    choice = mapping.get(normalise_key(str(value)), "")
    if not choice:
        report.note(message(gettext_noop("unknown %(field)s value dropped"), field=name), case_id)
    return choice


def _address(data: dict) -> str:
    parts = (_text(data.get(key)) for key in ("address1", "address2", "postal_code"))
    return ", ".join(part for part in parts if part)[:300]


def _links(*groups: tuple[Any, str]) -> list[dict[str, str]]:
    """Links as ``{url, title}`` from lists of URLs or of objects with a url, each once;
    validation.check_fields then leaves out (with a note) what is not an http(s) URL."""
    links, seen = [], set()
    for values, default_title in groups:
        if isinstance(values, str | dict):
            values = [values]
        if not isinstance(values, list):
            continue
        for item in values:
            url = _text(item.get("url") if isinstance(item, dict) else item)
            if not url or url in seen:
                continue
            seen.add(url)
            title = _text(item.get("title")) if isinstance(item, dict) else ""
            links.append({"url": url, "title": title or default_title})
    return links


def _title(value: Any, limit: int = 300) -> str:
    title = _text(value)
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _check_body(title: str, body_html: str) -> str:
    """The plain text of the body, unless the record is a shell to skip."""
    text = html_to_text(_HEADINGS.sub(" ", body_html))
    if _NOT_FOUND.search(title) or (len(text) < 300 and _NOT_FOUND.search(text)):
        raise SkipItem(gettext_noop("page not found shell"))
    if not text:
        raise SkipItem(gettext_noop("empty body"))
    if _STUB.match(_URL.sub("", text).strip()):
        raise SkipItem(gettext_noop("stub body"))
    return text


# --- Mapping -----------------------------------------------------------------------------------


def clean_body(raw_html: str, links: "_LinkTargets | None" = None) -> str:
    """An imported body as we show it: Participedia's template note, Cloudflare's obfuscated
    e-mail links, underlining and escaped tags removed, sanitised, empty paragraphs dropped,
    and links to the old site pointed at the entries imported from it (when ``old_links``)."""
    raw = tidy_old_markup(remove_protected_emails(_TEMPLATE_NOTE.sub("", raw_html)))
    body_html = drop_empty_paragraphs(sanitize_html(raw))
    if links is not None:
        body_html = links.rewrite(body_html)
    return body_html


def _map_case(
    case_id: str, structured: dict | None, text: dict | None, *, terms: Terms, places: Places,
    report: ImportReport, links: "_LinkTargets | None" = None, gazetteer: Gazetteer | None = None,
) -> Mapped:
    title = _title((text or {}).get("title"))
    if not text or not title:
        raise SkipItem(gettext_noop("no title or text"))
    body_html = clean_body(str(text.get("htmlbody") or ""), links)
    plain_text = _check_body(title, body_html)
    data = structured or {}
    start, end = _date(data.get("start_date"), "start_date"), _date(data.get("end_date"), "end_date")
    if start and end and end < start:
        report.note(gettext_noop("end date before start date, end date dropped"), case_id)
        end = None
    city, province, country = _text(data.get("city")), _text(data.get("province")), _text(data.get("country"))
    place = places.find_or_create(
        city=city, province=province, country_name=country,
        latitude=parse_coordinate(data.get("latitude"), 90),
        longitude=parse_coordinate(data.get("longitude"), 180),
    )
    location_name = _text(data.get("location_name")) or ", ".join(filter(None, (city, province, country)))
    if place is None:
        # The 2016 texts carry no location fields: read the one the title or text states.
        found = location_from_text(title, body_html, gazetteer=gazetteer)
        if found:
            place = places.find_or_create(
                city=found.city, province=found.region, country_name=found.country, latitude=None, longitude=None,
            )
            if place is not None and not location_name:
                location_name = ", ".join(filter(None, (found.city, found.region, found.country)))
    posted = _datetime(data.get("post_date"), "post_date") or TEXTS_SNAPSHOT
    many = {name: terms.many(vocabulary, data.get(key)) for name, (key, vocabulary) in CASE_MANY.items()}
    many["themes"] = terms.many(V.THEME, sorted({
        THEMES_BY_TERM[(term.vocabulary, term.slug)]
        for name in ("general_issues", "specific_topics", "targeted_participants")
        for term in many[name]
        if (term.vocabulary, term.slug) in THEMES_BY_TERM
    }))
    fields: dict[str, Any] = {
        name: terms.one(vocabulary, data.get(key)) for name, (key, vocabulary) in CASE_ONE.items()
    }
    summary, body_html = lead_and_body(body_html)
    fields.update(
        title=title,
        summary=summary,
        body=body_html,
        body_html=body_html,
        body_format=BodyFormat.HTML,
        original_language=(_text(data.get("original_language")).lower() or "en")[:12],
        place=place,
        location_name=location_name,
        number_of_participants=_count(data.get("number_of_participants")),
        open_limited=_choice(OPEN_LIMITED, data.get("open_limited")),
        mode=_choice(MODES, data.get("facetoface_online_or_both")),
        facilitated=_bool(data.get("facilitators")),
        impact_evidence=_yes_no(data.get("impact_evidence")),
        formal_evaluation=_yes_no(data.get("formal_evaluation")),
        funder=_text(data.get("funder"))[:300],
        start_date=start,
        end_date=end,
        ongoing=_bool(data.get("ongoing")),
        links=_links((data.get("links"), ""), (data.get("videos"), "Video")),
        published_at=posted,
        created_at=posted,
        source_url=f"https://participedia.net/case/{quote(case_id, safe='')}",
    )
    training = _known_choice(
        FACILITATOR_TRAINING, data.get("facilitator_training"), name="facilitator_training",
        case_id=case_id, report=report,
    )
    if training and fields["facilitated"] is False:
        report.note(
            gettext_noop("facilitator training given for a case without facilitators, training dropped"), case_id)
        training = ""
    fields.update(
        address=_address(data),
        time_limited=_known_choice(
            TIME_LIMITED, data.get("time_limited"), name="time_limited", case_id=case_id, report=report
        ),
        legality=_yes_no(_first(data.get("legality"))),
        facilitator_training=training,
        staff=_bool(_first(data.get("staff"))),
        volunteers=_bool(_first(data.get("volunteers"))),
        evaluation_links=_links((data.get("evaluation_links"), "Evaluation report")),
    )
    fields["completeness"] = completeness_from_values({**fields, **many}, has_text=True)
    fields = check_fields(Case, fields, note=lambda message: report.note(message, case_id))
    return Mapped(case_id, title, fields, many, plain_text)


def _csv_values(row: dict[str, str], key: str) -> list[str]:
    values, n = [], 1
    while f"{key}_{n}" in row:
        value = row[f"{key}_{n}"].strip()
        if value:
            values.append(value)
        n += 1
    return values


def _map_method(row: dict[str, str], *, terms: Terms, report: ImportReport) -> Mapped:
    method_id = _text(row.get("id"))
    if not method_id:
        raise ValueError("no id")
    title = _title(row.get("title"))
    if not title:
        raise SkipItem(gettext_noop("no title or text"))
    body_html = sanitize_html(text_to_html(row.get("body") or "", METHOD_SECTIONS))
    description = _text(row.get("description"))
    posted = _datetime(row.get("post_date"), "post_date") or TEXTS_SNAPSHOT
    many = {
        name: terms.many(vocabulary, _csv_values(row, key)) for name, (key, vocabulary) in METHOD_MANY.items()
    }
    fields: dict[str, Any] = {
        name: terms.one(vocabulary, row.get(key)) for name, (key, vocabulary) in METHOD_ONE.items()
    }
    url = _text(row.get("url"))
    fields.update(
        title=title,
        summary=truncate_words(description, 60) if description else summary_from_html(body_html),
        body=body_html,
        body_html=body_html,
        body_format=BodyFormat.HTML,
        original_language=(_text(row.get("original_language")).lower() or "en")[:12],
        open_limited=_choice(OPEN_LIMITED, row.get("open_limited")),
        mode=_choice(MODES, row.get("facetoface_online_or_both")),
        facilitated=_bool(row.get("facilitators")),
        level_polarization=_choice(LEVELS, row.get("level_polarization")),
        level_complexity=_choice(LEVELS, row.get("level_complexity")),
        published_at=posted,
        created_at=posted,
        source_url=url if _is_web_url(url) else f"https://participedia.net/method/{quote(method_id, safe='')}",
    )
    fields = check_fields(Method, fields, note=lambda message: report.note(message, method_id))
    return Mapped(method_id, title, fields, many)


def _is_web_url(url: str) -> bool:
    return bool(check_links([{"url": url}], "url", note=lambda _message: None))


def _match_form(text: str) -> str:
    return text.replace("\u2019", "'").replace("®", "").replace("™", "").strip().casefold()


def _link_cases_to_methods(
    case_writer: BatchWriter, method_writer: BatchWriter, report: ImportReport
) -> None:
    """Link a case to the methods it names: in its title, or at least twice in its text. Only
    multi-word, distinctive method names count ("Participatory Budgeting", "Citizens' Jury"),
    so a passing mention of a generic phrase does not make a link."""
    titles: dict[str, int] = {}
    for title, pk in Method.objects.filter(pk__in=method_writer.saved.values()).values_list("title", "pk"):
        name = _match_form(title)
        if len(name.split()) >= 2 and name not in GENERIC_METHOD_NAMES:
            titles[name] = pk
    if not titles or not case_writer.saved:
        return
    pattern = re.compile(rf"\b({trie_pattern(titles)})\b")
    case_titles = dict(Case.objects.filter(pk__in=case_writer.saved.values()).values_list("pk", "title"))
    links: dict[int, list[Method]] = {}
    for pk, title in case_titles.items():
        mentions = Counter(pattern.findall(_match_form(case_writer.texts.get(pk, ""))))
        found = set(pattern.findall(_match_form(title))) | {name for name, n in mentions.items() if n >= 2}
        links[pk] = [Method(pk=titles[name]) for name in sorted(found)]
    with transaction.atomic():
        case_writer.changed |= write_m2m(Case, "methods", links, replace=links.keys())
    linked = sum(bool(methods) for methods in links.values())
    report.info.append(message(gettext_noop("cases linked to methods they name: %(n)s"), n=linked))


def _parent_source_id(value: Any) -> str:
    """Participedia names the larger case by id, or as an object with an id."""
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("id")
    return "" if isinstance(value, bool) else _text(value)


def _link_components(case_writer: BatchWriter, structured: dict[str, dict], report: ImportReport) -> None:
    """Set "part of a larger case" from Participedia's is_component_of, once every case is saved
    (a larger case may come later in the file). Only links the data names are written: a link
    an editor made here between imported cases survives a re-import. A link to a case that was
    not imported, to the case itself, or closing a loop is left out with a note."""
    wanted: dict[int, int] = {}
    for source_id, pk in case_writer.saved.items():
        parent_source = _parent_source_id((structured.get(source_id) or {}).get("is_component_of"))
        if not parent_source:
            continue
        parent_pk = case_writer.existing.get(parent_source)
        if parent_pk is None:
            report.note(gettext_noop("is_component_of names a case that was not imported, link left out"), source_id)
        elif parent_pk == pk:
            report.note(gettext_noop("case named as a component of itself, link left out"), source_id)
        else:
            wanted[pk] = parent_pk
    source_ids = {pk: source_id for source_id, pk in case_writer.saved.items()}
    for pk in list(wanted):
        seen, current = {pk}, wanted.get(pk)
        while current is not None:
            if current in seen:
                report.note(
                    gettext_noop("is_component_of links form a loop, link left out"), source_ids.get(pk, str(pk))
                )
                del wanted[pk]
                break
            seen.add(current)
            current = wanted.get(current)
    if not wanted:
        return
    current_parents = dict(Case.objects.filter(pk__in=wanted).values_list("pk", "is_component_of_id"))
    by_parent: dict[int, list[int]] = {}
    for pk, parent_pk in wanted.items():
        if current_parents.get(pk) != parent_pk:
            by_parent.setdefault(parent_pk, []).append(pk)
    with transaction.atomic():
        for parent_pk, pks in by_parent.items():
            Case.objects.filter(pk__in=pks).update(is_component_of_id=parent_pk)
            case_writer.changed.update(pks)
    report.info.append(
        message(gettext_noop("cases linked to the larger case they are part of: %(n)s"), n=len(wanted)))


class _LinkTargets:
    """Old participedia.net addresses and where the entries imported from them live here."""

    def __init__(self, old: OldLinks) -> None:
        self.old = old
        self.urls: dict[tuple[str, str], str] = {}
        self.titles: dict[tuple[str, str], str] = {}

    def refresh(self, *, methods: dict[str, int]) -> None:
        """Read the current address of every imported entry (three queries)."""
        from django.urls import reverse

        self.urls.clear()
        rows = Case.objects.filter(source_name=SOURCE).values_list("source_id", "slug", "title")
        for source_id, slug, title in rows:
            self.urls[("case", source_id)] = reverse("knowledge:case-detail", kwargs={"slug": slug})
            self.titles[("case", source_id)] = title
        method_rows = Method.objects.filter(pk__in=set(methods.values())).values_list("pk", "slug", "title")
        method_slugs = {pk: (slug, title) for pk, slug, title in method_rows}
        for source_id, pk in methods.items():
            if pk in method_slugs:
                slug, title = method_slugs[pk]
                self.urls[("method", source_id)] = reverse("knowledge:method-detail", kwargs={"slug": slug})
                self.titles[("method", source_id)] = title
        organisations = Organisation.objects.filter(source_name=SOURCE).values_list("source_id", "slug", "name")
        for source_id, slug, name in organisations:
            self.urls[("organisation", source_id)] = reverse("places:organisation-detail", kwargs={"slug": slug})
            self.titles[("organisation", source_id)] = name

    def add_organisations(self, organisations: dict[str, Organisation]) -> None:
        from django.urls import reverse

        for source_id, organisation in organisations.items():
            self.urls[("organisation", source_id)] = reverse(
                "places:organisation-detail", kwargs={"slug": organisation.slug}
            )
            self.titles[("organisation", source_id)] = organisation.name

    def url_for(self, target: tuple[str, str]) -> str | None:
        return self.urls.get(target)

    def title_for(self, target: tuple[str, str]) -> str | None:
        return self.titles.get(target)

    def rewrite(self, body_html: str) -> str:
        return self.old.rewrite(body_html, self.url_for, self.title_for)


def _old_links(
    case_ids: list[str], texts: dict[str, dict], rows: list[tuple[int, dict[str, str]]], organisation_ids: list[str]
) -> OldLinks:
    by_id: dict[str, tuple[str, str]] = {}
    by_slug: dict[str, tuple[str, str]] = {}
    slugs: tuple[list, list, list] = ([], [], [])
    for case_id in case_ids:
        by_id[case_id] = ("case", case_id)
        title = _text((texts.get(case_id) or {}).get("title"))
        slugs[0].append((title, ("case", case_id)))
    for source_id in organisation_ids:
        by_id[source_id] = ("organisation", source_id)
        slugs[1].append((_text(texts[source_id].get("title")), ("organisation", source_id)))
    for _number, row in rows:
        method_id = _text(row.get("id"))
        by_id[method_id] = ("method", method_id)
        slugs[2].append((_text(row.get("title")), ("method", method_id)))
    # Exact addresses first, then the variants (old_site_slugs), so a variant never hides one.
    for rank in range(3):
        for group in slugs:
            for title, target in group:
                variants = old_site_slugs(title)
                if rank < len(variants):
                    by_slug.setdefault(variants[rank], target)
    return OldLinks(by_id, by_slug)


def _classify(
    ids: list[str], structured: dict[str, dict], texts: dict[str, dict], method_ids: set[str], report: ImportReport
) -> tuple[list[str], list[str], list[str]]:
    """(case ids, organisation ids, ids left out) of the merged case files: method pages (the
    old site's page of a method in the export, same id) and site pages are skipped with their
    reason; organisations are imported as organisations (classify_text_entry)."""
    cases, organisations, left_out = [], [], []
    for case_id in ids:
        text = texts.get(case_id) or {}
        title = _title(text.get("title"))
        has_record = case_id in structured
        if not title or has_record:
            cases.append(case_id)
            continue
        if case_id in method_ids:
            report.skip("case", case_id, METHOD_PAGE)
            left_out.append(case_id)
            continue
        kind, reason = classify_text_entry(title, str(text.get("htmlbody") or ""), has_structured_record=False)
        if kind is EntryKind.SITE_PAGE:
            report.skip("case", case_id, reason)
            left_out.append(case_id)
        elif kind is EntryKind.ORGANISATION:
            organisations.append(case_id)
        else:
            cases.append(case_id)
    return cases, organisations, left_out


METHOD_PAGE = gettext_noop("page of a method (imported from the methods export)")
SITE_PAGE = gettext_noop("site page of the old Participedia web site")


def _method_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", _match_form(title)).split())


def _merge_methods(rows: list[tuple[int, dict[str, str]]], report: ImportReport) -> tuple[set[str], dict[str, int]]:
    """Methods of the export that this site already has under another origin (the demo's
    "Participatory budgeting" for Participedia's "Participatory Budgeting"), matched by
    normalised title: ``(source ids not to write, source id -> existing method pk)``. An
    earlier import's copy of such a method is folded into the local one (its links moved)."""
    local: dict[str, int] = {}
    for pk, title in Method.objects.exclude(source_name=SOURCE).order_by("pk").values_list("pk", "title"):
        local.setdefault(_method_key(title), pk)
    imported = dict(Method.objects.filter(source_name=SOURCE).values_list("source_id", "pk"))
    skip: set[str] = set()
    targets: dict[str, int] = {}
    for _number, row in rows:
        method_id, key = _text(row.get("id")), _method_key(_text(row.get("title")))
        if key in local:
            skip.add(method_id)
            targets[method_id] = local[key]
            report.merged["method"] += 1
            if method_id in imported:
                with transaction.atomic():
                    duplicate = Method.objects.get(pk=imported[method_id])
                    move_references(duplicate=duplicate, keep=Method(pk=local[key]))
                    sync_after_commit(duplicate)
                    duplicate.delete()
    return skip, targets


def _remove_reclassified(source_ids: list[str], report: ImportReport) -> None:
    """Cases an earlier import made of organisation profiles, method pages and site pages."""
    stale = list(Case.objects.filter(source_name=SOURCE, source_id__in=source_ids))
    if not stale:
        return
    with transaction.atomic():
        for case in stale:
            sync_after_commit(case)
            case.delete()
    report.info.append(message(
        gettext_noop("cases removed that an earlier import made of organisations and site pages: %(n)s"), n=len(stale)))


def _rewrite_old_links(links: _LinkTargets, writer: BatchWriter, texts: dict[str, dict]) -> None:
    """Point links to the old site at the entries imported in this run (the mapping could only
    point them at entries imported before it): the body of each case that links there is made
    again, as the mapping would make it now, so a re-import finds it unchanged."""
    wanted: dict[int, tuple[str, str]] = {}
    for source_id, pk in writer.saved.items():
        raw = str((texts.get(source_id) or {}).get("htmlbody") or "")
        if "participedia.net" in raw:
            wanted[pk] = lead_and_body(clean_body(raw, links))
    current = Case.objects.filter(pk__in=list(wanted)).values_list("pk", "summary", "body_html")
    with transaction.atomic():
        for pk, summary, body_html in current:
            new_summary, new_body = wanted[pk]
            if (new_summary, new_body) != (summary, body_html):
                Case.objects.filter(pk=pk).update(summary=new_summary, body=new_body, body_html=new_body)
                writer.changed.add(pk)


def import_participedia(
    *, path: Path, stdout: TextIOBase | None = None, index: bool = True, acting_user: User | None = None
) -> ImportReport:
    """Import (or re-import) the Participedia data set in ``path``; returns what happened.

    A system operation run by an operator (``translocal import participedia PATH``): the records
    are published with Participedia's licence and attribution, and the places they name are
    created through the places service. ``acting_user`` (None: the system) is who the run's one
    audit row (action "import", the counts as details, the path as reason) names.
    """
    started = time.perf_counter()
    directory = Path(path)
    report = ImportReport(source=f"Participedia ({directory})")
    structured, texts = _read_cases(directory, report)
    rows = _read_methods(directory, report)
    terms, places = Terms(report), Places()
    report.merged["place"] += places.merged
    if places.corrected:
        report.info.append(message(gettext_noop(
            "places corrected (postcode in the name, a country listed as a region): %(n)s"), n=places.corrected))
    gazetteer = Gazetteer(
        (_text(item.get("city")), _text(item.get("province")), country_code(_text(item.get("country"))) or "")
        for item in structured.values() if _text(item.get("country"))
    )
    ids = sorted(set(structured) | set(texts), key=_sort_key)
    method_ids = {_text(row.get("id")) for _number, row in rows}
    case_ids, organisation_ids, left_out = _classify(ids, structured, texts, method_ids, report)
    links = _LinkTargets(_old_links(case_ids, texts, rows, organisation_ids))
    merged_methods, method_targets = _merge_methods(rows, report)
    imported_methods = dict(Method.objects.filter(source_name=SOURCE).values_list("source_id", "pk"))
    links.refresh(methods={**imported_methods, **method_targets})

    provenance = {"source": SOURCE, "licence": LICENCE, "attribution": ATTRIBUTION}
    method_writer = BatchWriter(Method, "method", METHOD_MANY, report, **provenance)
    run_batches(
        ((_text(row.get("id")), row) for _number, row in rows if _text(row.get("id")) not in merged_methods),
        lambda _id, row: _map_method(row, terms=terms, report=report),
        method_writer,
    )
    if stdout:
        seconds = f"{time.perf_counter() - started:.1f}"
        stdout.write(gettext("methods done in %(seconds)s s") % {"seconds": seconds} + "\n")

    method_writer.saved.update(method_targets)  # cases link to the method they merged into
    organisations = import_organisations(
        (
            OrganisationEntry(
                source_id=source_id, name=_title(texts[source_id].get("title"), 250),
                body_html=clean_body(str(texts[source_id].get("htmlbody") or "")),
                source_url=f"https://participedia.net/organization/{quote(source_id, safe='')}",
            )
            for source_id in organisation_ids
        ),
        source=SOURCE, attribution=ATTRIBUTION, report=report,
    )
    links.add_organisations(organisations)
    _remove_reclassified([*organisation_ids, *left_out], report)

    case_writer = BatchWriter(Case, "case", [*CASE_MANY, "themes"], report, **provenance)
    run_batches(
        ((case_id, case_id) for case_id in case_ids),
        lambda case_id, _: _map_case(
            case_id, structured.get(case_id), texts.get(case_id), terms=terms, places=places, report=report,
            links=links, gazetteer=gazetteer,
        ),
        case_writer,
    )
    _link_cases_to_methods(case_writer, method_writer, report)
    _link_components(case_writer, structured, report)
    links.refresh(methods=method_writer.saved)
    _rewrite_old_links(links, case_writer, texts)
    without_place = Case.objects.filter(source_name=SOURCE, place__isnull=True).count()
    report.info.append(message(gettext_noop("cases without a place: %(n)s"), n=without_place))
    if places.created:
        report.created["place"] += places.created
    report.merged["place"] += len(places.folded)
    if stdout:
        seconds = f"{time.perf_counter() - started:.1f}"
        stdout.write(gettext("cases done in %(seconds)s s") % {"seconds": seconds} + "\n")

    if index:
        from translocal.search.services import index_instances

        # Only what this run changed: a re-import of unchanged data costs no indexing.
        for model, writer in ((Method, method_writer), (Case, case_writer)):
            if writer.changed:
                # Each indexed entry is announced as a write's is (search.services.index_instances):
                # its vector is computed by the background task, its SDG suggestions follow.
                index_instances(model.objects.filter(source_name=SOURCE, pk__in=sorted(writer.changed)))
            report.info.append(message(gettext_noop("%(kind)s records (re)indexed for search: %(n)s"),
                                       kind=writer.kind, n=len(writer.changed)))
    if method_writer.changed or case_writer.changed or places.created or places.merged:
        content_changed()
    report.seconds = time.perf_counter() - started
    record(
        acting_user=acting_user, action=audit_actions.RUN_IMPORT, target=None, reason=str(path),
        details={"source": "participedia", **report.audit_details()},
    )
    return report
