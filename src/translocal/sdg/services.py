"""Writes of SDG localisation: indicators imported from open-sdg, local targets and indicator
values (by a hub's coordinators), suggestions refreshed after a write and decided by an author.

The registration functions of registry.py are re-exported here: other pillars call
``translocal.sdg.services.register_taggable`` / ``register_report_source``."""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from translocal.core.audit_hook import record_action
from translocal.core.caching import PRIVATE, content_changed_after_commit
from translocal.core.import_report import ImportReport, message
from translocal.search import semantic
from translocal.search.services import document_for
from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import terms_for

from . import permissions
from .models import Indicator, IndicatorValue, LocalTarget, Suggestion, SuggestionStatus
from .registry import ReportSource, Taggable, register_report_source, register_taggable, taggable
from .suggester import Suggester, get_suggester

__all__ = [
    "ReportSource",
    "Taggable",
    "create_local_target",
    "decide_suggestion",
    "enqueue_suggestions",
    "import_indicators",
    "record_indicator_value",
    "refresh_suggestions",
    "register_report_source",
    "register_taggable",
]

INDICATORS_FILE = "global_indicators.yml"
_INDICATOR_KEY = re.compile(r"^(\d{1,2})-([0-9a-z]{1,2})-([0-9a-z]{1,2})-title$")
IMPORT = "import"
DECIDE = "sdg_suggestion"
CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,29}$")


# --- Suggestions ---------------------------------------------------------------------------


def enqueue_suggestions(kind: str, object_id: int) -> None:
    """After a write to an object committed (search's change listeners): queue the refresh of
    its suggestions. ``SDG_SUGGEST_ON_WRITE = False`` switches it off."""
    if not getattr(settings, "SDG_SUGGEST_ON_WRITE", True) or taggable(kind) is None:
        return
    from .tasks import suggest_for_object_task

    suggest_for_object_task.enqueue(kind, object_id)


def refresh_suggestions(*, kind: str, object_id: int, suggester: Suggester | None = None) -> int:
    """Bring one object's pending suggestions in line with what the suggester says of its text
    now: new suggested goals and targets become pending rows, pending rows no longer suggested
    go, and goals already tagged, confirmed or rejected are left alone (a rejected term is never
    proposed again). System work, run by the worker; returns the number now pending.

    The text is the object's search document (title, summary, body), drafts included: the
    author sees suggestions before publishing."""
    registered = taggable(kind)
    obj = registered.get(object_id) if registered else None
    document = document_for(kind, object_id) if obj is not None else None
    if obj is None or document is None:  # deleted: its suggestions go with it
        if Suggestion.objects.filter(kind=kind, object_id=object_id).delete()[0]:
            content_changed_after_commit(PRIVATE)
        return 0
    text = semantic.text_of(kind, document) if semantic.is_embedded(kind) else semantic.document_text(document)
    suggester = suggester or get_suggester()
    result = suggester.suggest([text])[0]  # CPU work, before the write transaction
    wanted = {str(g.goal): g.score for g in result.goals if g.suggested}
    wanted |= {t.target: t.score for t in result.targets if t.suggested}
    terms = {t.slug: t for t in terms_for(Vocabulary.SDG).filter(slug__in=wanted)}
    tagged = set(obj.sdgs.values_list("pk", flat=True))
    with transaction.atomic():
        rows = {s.term_id: s for s in Suggestion.objects.select_for_update().filter(kind=kind, object_id=object_id)}
        wanted_ids = {term.pk for term in terms.values()} - tagged
        stale = [
            row.pk for term_id, row in rows.items()
            if row.status == SuggestionStatus.PENDING and term_id not in wanted_ids
        ]
        changed = bool(stale) and bool(Suggestion.objects.filter(pk__in=stale).delete()[0])
        pending = 0
        for slug, term in terms.items():
            if term.pk in tagged:
                continue
            score = min(max(float(wanted[slug]), 0.0), 1.0)
            row = rows.get(term.pk)
            if row is None:
                Suggestion.objects.create(
                    kind=kind, object_id=object_id, term=term, score=score, model_name=suggester.model_name
                )
                pending, changed = pending + 1, True
            elif row.status == SuggestionStatus.PENDING:
                if abs(row.score - score) > 1e-6 or row.model_name != suggester.model_name:
                    row.score, row.model_name = score, suggester.model_name
                    row.save(update_fields=["score", "model_name"])
                    changed = True
                pending += 1
        if changed:  # pending suggestions show to the object's editors only (core.page_cache)
            content_changed_after_commit(PRIVATE)
    return pending


def decide_suggestion(*, acting_user: Any, suggestion_id: int, confirm: bool) -> Suggestion:
    """Confirm (the term becomes one of the object's public tags, through its pillar's own
    service) or reject one pending suggestion. Raises PermissionDenied unless the acting user
    may edit the object, ValidationError when the suggestion was already decided."""
    with transaction.atomic():
        suggestion = Suggestion.objects.select_for_update().select_related("term").get(pk=suggestion_id)
        registered = taggable(suggestion.kind)
        obj = registered.get(suggestion.object_id) if registered else None
        allowed = obj is not None and permissions.can_decide_suggestions(acting_user, suggestion.kind, obj)
        if registered is None or obj is None or not allowed:
            raise PermissionDenied(_("Only the authors can confirm or reject the goals suggested for this entry."))
        if suggestion.status != SuggestionStatus.PENDING:
            raise ValidationError(_("This suggestion was already confirmed or rejected."))
        suggestion.status = SuggestionStatus.CONFIRMED if confirm else SuggestionStatus.REJECTED
        suggestion.decided_by = acting_user
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "decided_by", "decided_at"])
        if confirm:
            registered.add_tags(acting_user=acting_user, obj=obj, terms=[suggestion.term])
        content_changed_after_commit(PRIVATE)  # it leaves the editors' pages
    return suggestion


# --- Indicators ----------------------------------------------------------------------------


def _indicator_position(goal: int, target: str, number: str) -> int:
    def part(value: str) -> int:
        return int(value) if value.isdigit() else 100 + ord(value[0]) - ord("a")

    return goal * 1_000_000 + part(target) * 1000 + part(number)


def import_indicators(*, path: Path, acting_user: Any = None) -> ImportReport:
    """Create or update the official indicators from every language directory of an open-sdg
    data set (``PATH/<lang>/global_indicators.yml``, keys like ``11-3-1-title``), each linked
    to its target (which ``translocal import sdg PATH`` must have created), with its title in
    every language present. Idempotent (matched on the code). Raises PermissionDenied for a
    user who is not staff, ValidationError when PATH holds no indicators file. Bad records
    (a key of another shape, a target the database lacks, a text that is not text) are
    reported and the rest imported; one audit row."""
    import yaml

    if not permissions.can_import_indicators(acting_user):
        raise PermissionDenied(_("Only staff import the SDG indicators."))
    started = time.perf_counter()
    path = Path(path)
    files = sorted(path.glob(f"*/{INDICATORS_FILE}")) or sorted(path.glob(INDICATORS_FILE))
    if not files:
        raise ValidationError(_("%(path)s holds no <language>/%(file)s.") % {"path": path, "file": INDICATORS_FILE})
    report = ImportReport(source=f"open-sdg indicators ({path})")
    titles: dict[str, dict[str, str]] = {}
    positions: dict[str, tuple[int, str]] = {}
    for file in files:
        language = file.parent.name if file.parent != path else "en"
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            report.fail("indicator", str(file), message(gettext_noop("not readable YAML: %(error)s"), error=str(exc)))
            continue
        if not isinstance(data, dict):
            report.fail("indicator", str(file), gettext_noop("not a mapping of keys to texts"))
            continue
        for number, (key, value) in enumerate(data.items(), start=1):
            report.locate("indicator", f"{language}:{key}", message(
                gettext_noop("%(file)s record %(n)s"), file=f"{language}/{file.name}", n=number))
            match = _INDICATOR_KEY.match(str(key))
            if not match:
                report.fail("indicator", f"{language}:{key}", gettext_noop("unrecognised key (expected N-X-Y-title)"))
                continue
            if not isinstance(value, str) or not value.strip():
                report.fail("indicator", f"{language}:{key}", gettext_noop("the title is not a text"))
                continue
            code = f"{match[1]}.{match[2]}.{match[3]}"
            titles.setdefault(code, {})[language] = " ".join(value.split())
            positions[code] = (_indicator_position(int(match[1]), match[2], match[3]), f"{match[1]}.{match[2]}")
    targets = {t.slug: t for t in terms_for(Vocabulary.SDG).filter(parent__isnull=False)}
    with transaction.atomic():
        existing = {i.code: i for i in Indicator.objects.all()}
        for code in sorted(titles, key=lambda c: positions[c][0]):
            position, target_slug = positions[code]
            target = targets.get(target_slug)
            if target is None:
                report.fail("indicator", code, message(
                    gettext_noop("target %(target)s is not imported (translocal import sdg PATH)"), target=target_slug))
                continue
            indicator = existing.get(code)
            if indicator is None:
                Indicator.objects.create(code=code, target=target, titles=titles[code], position=position)
                report.created["indicator"] += 1
                continue
            report.updated["indicator"] += 1
            if indicator.target_id == target.pk and indicator.titles == titles[code] and indicator.position == position:
                report.unchanged["indicator"] += 1
                continue
            indicator.target, indicator.titles, indicator.position = target, titles[code], position
            indicator.save(update_fields=["target", "titles", "position"])
        report.seconds = time.perf_counter() - started
        record_action(
            acting_user=acting_user, action=IMPORT, target=None, reason=str(path),
            details={"source": "sdg-indicators", **report.audit_details()},
        )
        content_changed_after_commit()
    return report


# --- Local targets and values --------------------------------------------------------------


def create_local_target(
    *, acting_user: Any, hub: Any, target: Term, code: str, title: str, description: str = ""
) -> LocalTarget:
    """A hub's own target under an official target. Raises PermissionDenied unless the acting
    user coordinates the hub (or is staff), ValidationError for a code of another shape, a
    code the hub already uses, or a term that is not an official target."""
    if not permissions.can_manage_hub_targets(acting_user, hub):
        raise PermissionDenied(_("Only the hub's coordinators set its local targets."))
    code, title = code.strip(), " ".join(title.split())
    errors: dict[str, str] = {}
    if target.vocabulary != Vocabulary.SDG or target.parent_id is None:
        errors["target"] = _("Choose an official target (such as 11.3) to set a local target under.")
    if not CODE.match(code):
        errors["code"] = _("Give a short code of letters, digits, dots and dashes, such as 11.3.GM1.")
    if not title:
        errors["title"] = _("Give the local target a title.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if LocalTarget.objects.filter(hub=hub, code=code).exists():
            raise ValidationError({"code": _("This hub already has a local target with that code.")})
        local = LocalTarget.objects.create(
            hub=hub, target=target, code=code, title=title, description=description.strip(), created_by=acting_user
        )
        record_action(acting_user=acting_user, action="create", target=local, details={"code": code})
        content_changed_after_commit()
    return local


def record_indicator_value(
    *,
    acting_user: Any,
    value: Decimal | float | str,
    date: dt.date,
    unit: str = "",
    source: str = "",
    indicator: Indicator | None = None,
    local_target: LocalTarget | None = None,
    hub: Any = None,
    place: Any = None,
) -> IndicatorValue:
    """One measurement of an official indicator (for a hub or a place) or of a local target
    (for its hub). Raises PermissionDenied unless the acting user coordinates the hub (staff
    for a place), ValidationError for a value that is not a number or a missing subject."""
    if (indicator is None) == (local_target is None):
        raise ValidationError(_("Record a value of one indicator or one local target."))
    if local_target is not None:
        hub, place = local_target.hub, None
    if hub is None and place is None:
        raise ValidationError(_("Record the value for a hub or a place."))
    allowed = (
        permissions.can_manage_hub_targets(acting_user, hub) if hub is not None
        else permissions.can_record_place_values(acting_user)
    )
    if not allowed:
        raise PermissionDenied(_("Only the hub's coordinators record its indicator values."))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValidationError({"value": _("Give the value as a number, such as 12.5.")}) from exc
    if not number.is_finite():
        raise ValidationError({"value": _("Give the value as a number, such as 12.5.")})
    with transaction.atomic():
        row = IndicatorValue.objects.create(
            indicator=indicator, local_target=local_target, hub=hub, place=place, value=number,
            unit=unit.strip(), date=date, source=source.strip(), recorded_by=acting_user,
        )
        content_changed_after_commit()
    return row
