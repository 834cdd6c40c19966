"""Writing controlled vocabularies.

The vocabularies ship as data (``data/vocabularies.json``) so a fresh install, the data migration
and ``translocal load_vocabularies`` all produce the same terms. Loading them and adding the terms
an import meets (``ensure_term``) are system operations run by operators and importers, so they
take no acting user; an editor's change of one term (``save_term``, ``delete_term``, called by the
Django admin) is staff's, checked and logged in the audit log.

Entries show their terms' labels in search (facets and keywords), so a change that renames or
removes a term re-indexes what it classifies (``resync_classified``), after the commit.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from translocal.core.audit_hook import record_action
from translocal.core.caching import content_changed_after_commit
from translocal.core.meta import max_length
from translocal.core.slugs import first_free, slug_base
from translocal.search.registry import followers_of, registration_for
from translocal.search.services import sync_after_commit

from .models import Term, Vocabulary
from .selectors import TermResolver, normalise_key

#: Audit actions (registered by translocal.audit.actions).
CREATE, EDIT, DELETE, IMPORT = "create", "edit", "delete", "import"

VOCABULARIES_FILE = Path(__file__).resolve().parent / "data" / "vocabularies.json"
SLUG_MAX = max_length(Term, "slug")
LABEL_MAX = max_length(Term, "label")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    per_vocabulary: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def read_vocabulary_file(path: Path = VOCABULARIES_FILE) -> dict[str, list[dict[str, Any]]]:
    """The vocabularies of a data file, checked so a typo fails loudly before anything is written."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    vocabularies = data.get("vocabularies", data)
    known = set(Vocabulary.values)
    for vocabulary, terms in vocabularies.items():
        if vocabulary not in known:
            raise ValidationError(f"{path}: unknown vocabulary {vocabulary!r}; known: {sorted(known)}")
        seen: dict[str, str] = {}
        for item in terms:
            if not item.get("slug") or not item.get("label"):
                raise ValidationError(f"{path}: a term of {vocabulary!r} lacks a slug or label: {item!r}")
            for key in (item["slug"], *item.get("aliases", [])):
                normalised = normalise_key(key)
                if seen.setdefault(normalised, item["slug"]) != item["slug"]:
                    other = seen[normalised]
                    raise ValidationError(
                        f"{path}: {vocabulary!r}: {key!r} names both {other!r} and {item['slug']!r}"
                    )
    return vocabularies


@transaction.atomic
def load_vocabularies(*, path: Path = VOCABULARIES_FILE, term_model: type[Term] | None = None) -> LoadReport:
    """Create missing terms and update labels, positions and aliases of existing ones.

    A term of the file may carry ``labels``, its label in other interface languages
    ({"es": "...", "ca": "...", "sv": "..."}); they are merged over the stored ones.

    Idempotent, and it never deletes: a term dropped from the file may still classify content.
    Aliases already in the database (added by an editor) are kept alongside the file's.
    ``term_model`` lets the data migration pass its historical model.
    """
    model = term_model or Term
    # The data migrations before 0005 run with a historical Term that has no labels yet.
    translated = any(f.name == "labels" for f in model._meta.get_fields())
    vocabularies = read_vocabulary_file(path)
    existing = {(t.vocabulary, t.slug): t for t in model.objects.all()}
    report = LoadReport()
    to_create, to_update = [], []
    for vocabulary, items in vocabularies.items():
        report.per_vocabulary[vocabulary] = len(items)
        for position, item in enumerate(items, start=1):
            aliases = [a for a in item.get("aliases", []) if a != item["slug"]]
            term = existing.get((vocabulary, item["slug"]))
            if term is None:
                term = model(
                    vocabulary=vocabulary, slug=item["slug"], label=item["label"],
                    description=item.get("description", ""), position=position, aliases=aliases,
                )
                if translated:
                    term.labels = dict(item.get("labels", {}))
                to_create.append(term)
                continue
            merged_aliases = list(dict.fromkeys([*aliases, *(term.aliases or [])]))
            changes = {"label": item["label"], "position": position, "aliases": merged_aliases}
            if "description" in item:
                changes["description"] = item["description"]
            if translated and item.get("labels"):
                # The file's languages win; a language only an editor added is kept.
                changes["labels"] = {**(term.labels or {}), **item["labels"]}
            if all(getattr(term, name) == value for name, value in changes.items()):
                report.unchanged += 1
                continue
            for name, value in changes.items():
                setattr(term, name, value)
            to_update.append(term)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(
        to_update, ["label", "description", "position", "aliases", *(["labels"] if translated else [])],
        batch_size=500,
    )
    report.created, report.updated = len(to_create), len(to_update)
    return report


@transaction.atomic
def import_vocabularies(*, path: Path = VOCABULARIES_FILE, acting_user: Any = None) -> LoadReport:
    """``load_vocabularies`` as an import run (``translocal load_vocabularies``): one audit row
    (action "import", the counts as details, the path as reason; ``acting_user`` None is the
    system) and, when a term was added or changed, one content-version bump after the commit.
    The data migration calls load_vocabularies itself: it runs before the audit log exists."""
    report = load_vocabularies(path=path)
    record_action(
        acting_user=acting_user, action=IMPORT, target=None, reason=str(path),
        details={"source": "vocabularies", "created": report.created, "updated": report.updated,
                 "unchanged": report.unchanged},
    )
    if report.created or report.updated:
        content_changed_after_commit()
    return report


def humanise_key(key: str) -> str:
    """A readable label for a vocabulary key nobody has labelled yet ("lowincome_earners" ->
    "Lowincome earners"); an editor can improve it in the admin."""
    text = " ".join(str(key).replace("_", " ").replace("-", " ").split())
    return (text[:1].upper() + text[1:])[:LABEL_MAX] or "Unnamed"


def _term_slug(text: str, taken: Iterable[str]) -> str:
    """The first free slug for ``text`` among ``taken`` (one vocabulary's slugs), made by the
    project's one slug helper. Keys written with underscores ("lowincome_earners") get hyphens."""
    base = slug_base(normalise_key(text).replace("_", "-"), max_length=SLUG_MAX, fallback="term")
    # Term slugs are query values (?issue=...), never a path segment: no route word to avoid.
    return first_free(base, set(taken), reserved=())


def ensure_term(*, resolver: TermResolver, value: str, label: str = "") -> tuple[Term, bool]:
    """The term a key names, adding it to the vocabulary when it is new (imports meet values the
    data file does not know yet; they become terms, never free text). Returns (term, created)."""
    term = resolver.resolve(value)
    if term is not None:
        return term, False
    slug = _term_slug(value, resolver.slugs)
    aliases = [value] if normalise_key(value) != normalise_key(slug) else []
    try:
        with transaction.atomic():
            term, created = Term.objects.get_or_create(
                vocabulary=resolver.vocabulary, slug=slug,
                defaults={"label": label or humanise_key(value), "aliases": aliases, "position": 10_000},
            )
    except IntegrityError as exc:  # pragma: no cover - a concurrent writer took the slug
        raise ValidationError(f"Could not add term {value!r} to {resolver.vocabulary}: {exc}") from exc
    resolver.add(term)
    if created:
        content_changed_after_commit()  # filter lists show the vocabulary's terms
    return term, created


# --- An editor's change of one term (the Django admin) -----------------------------------------

TERM_FIELDS: tuple[str, ...] = (
    "vocabulary", "slug", "label", "description", "position", "parent", "aliases", "labels", "descriptions",
)


def _check_staff(acting_user: Any) -> None:
    if not (acting_user is not None and acting_user.is_authenticated and acting_user.is_active
            and (acting_user.is_staff or acting_user.is_superuser)):
        raise PermissionDenied(_("Only staff can change the vocabularies."))


def classified_by(term: Term) -> list[tuple[type[models.Model], list[Any]]]:
    """(model, primary keys) of the searchable objects ``term`` classifies, one query per
    relation of a searchable model (entries by any of their vocabulary fields, people by role)."""
    found: list[tuple[type[models.Model], list[Any]]] = []
    for relation in Term._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        model: Any = relation.related_model
        if model is None or isinstance(model, str) or model is Term or registration_for(model) is None:
            continue
        field: Any = relation.field  # type: ignore[union-attr]
        if relation.many_to_many:
            through: Any = field.remote_field.through
            pks = list(
                through._default_manager.filter(**{f"{field.m2m_reverse_field_name()}_id": term.pk})
                .values_list(f"{field.m2m_field_name()}_id", flat=True)
            )
        elif relation.one_to_many:
            pks = list(model._default_manager.filter(**{field.attname: term.pk}).values_list("pk", flat=True))
        else:
            continue
        if pks:
            found.append((model, pks))
    return found


def resync_classified(term: Term) -> int:
    """Re-index, after the commit, every searchable object ``term`` classifies (their facets
    and keywords show its label) and the objects whose documents repeat theirs (a case's
    translations carry the case's facets: search.registry ``follows``, one query per such
    model); call it before deleting the term. Returns how many."""
    count = 0
    for model, pks in classified_by(term):
        followers = [
            (r.model, list(r.model._default_manager.filter(**{f"{r.follows}__in": pks}).values_list("pk", flat=True)))
            for r in followers_of(model)
        ]
        for each_model, each_pks in [(model, pks), *followers]:
            for pk in each_pks:
                sync_after_commit(each_model(pk=pk))
            count += len(each_pks)
    return count


def _clean_term(term: Term) -> None:
    term.label = (term.label or "").strip()
    if not term.label:
        raise ValidationError({"label": _("Enter a label.")})
    if term.vocabulary not in Vocabulary.values:
        raise ValidationError({"vocabulary": _("Choose one of the vocabularies.")})
    if not isinstance(term.aliases, list) or not all(isinstance(a, str) for a in term.aliases):
        raise ValidationError({"aliases": _("Aliases are a list of texts, such as [\"city_town\"].")})
    for name in ("labels", "descriptions"):
        value = getattr(term, name)
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() for k, v in value.items()
        ):
            raise ValidationError({name: _("Give the texts by language code, such as {\"es\": \"Vivienda\"}.")})
        setattr(term, name, {k.strip().lower(): v.strip() for k, v in value.items() if v.strip()})
    if term.parent_id is not None:
        if term.parent_id == term.pk:
            raise ValidationError({"parent": _("A term cannot be its own parent.")})
        parent = Term.objects.filter(pk=term.parent_id).values_list("vocabulary", flat=True).first()
        if parent != term.vocabulary:
            raise ValidationError({"parent": _("The parent must be a term of the same vocabulary.")})
    siblings = Term.objects.filter(vocabulary=term.vocabulary).exclude(pk=term.pk)
    term.slug = (term.slug or "").strip()
    if not term.slug:
        term.slug = _term_slug(term.label, siblings.values_list("slug", flat=True))
    elif siblings.filter(slug=term.slug).exists():
        raise ValidationError({"slug": _("Another term of this vocabulary has the slug “%(slug)s”.") % {
            "slug": term.slug}})
    term.full_clean(exclude=["slug", "parent"])


@transaction.atomic
def save_term(*, acting_user: Any, term: Term | None = None, data: dict[str, Any]) -> Term:
    """Create a term (``term`` None) or change one: ``data`` holds Term fields (``parent`` a Term
    or None); a missing or empty ``slug`` is made from the label, unique in the vocabulary.

    Staff only (PermissionDenied otherwise); ValidationError naming the field for a bad value.
    Writes an audit row ("create" or "edit"); after the commit the content version moves and,
    when the label, slug or vocabulary changed, what the term classifies is re-indexed."""
    _check_staff(acting_user)
    creating = term is None or term.pk is None
    if creating:
        term = term or Term()
        before: dict[str, Any] = {}
    else:
        assert term is not None  # noqa: S101 - for the type checker
        before = dict(Term.objects.select_for_update().filter(pk=term.pk).values(
            "vocabulary", "slug", "label", "labels").get())
    for name in TERM_FIELDS:
        if name in data:
            setattr(term, name, data[name])
    if term.aliases is None:
        term.aliases = []
    if term.labels is None:
        term.labels = {}
    if term.descriptions is None:
        term.descriptions = {}
    _clean_term(term)
    term.save()
    changed = sorted(
        name for name in ("vocabulary", "slug", "label", "labels") if before and before[name] != getattr(term, name)
    )
    record_action(
        acting_user=acting_user, action=CREATE if creating else EDIT, target=term,
        details={"vocabulary": term.vocabulary, **({"changed": changed} if changed else {})},
    )
    if changed:
        resync_classified(term)
    content_changed_after_commit()
    return term


@transaction.atomic
def delete_term(*, acting_user: Any, term: Term) -> None:
    """Delete a term. Staff only (PermissionDenied). What it classified loses that
    classification (many-to-many links are removed) and is re-indexed after the commit; its
    child terms (an SDG goal's targets) are deleted with it.

    Raises ValidationError, deleting nothing, while an entry uses the term as its single value
    of a field (public participation spectrum, recruitment): choose another value there first.
    Writes an audit row ("delete", with the vocabulary and the number of children)."""
    _check_staff(acting_user)
    children = list(Term.objects.filter(parent=term).values_list("pk", flat=True))
    for doomed in (term, *Term.objects.filter(pk__in=children)):
        resync_classified(doomed)
    record_action(
        acting_user=acting_user, action=DELETE, target=term,
        details={"vocabulary": term.vocabulary, "slug": term.slug, "children": len(children)},
    )
    try:
        with transaction.atomic():
            term.delete()
    except ProtectedError as exc:
        users = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ValidationError(
            _("“%(term)s” is still chosen in %(where)s: choose another value there before deleting it.")
            % {"term": term.label, "where": ", ".join(users)}
        ) from exc
    content_changed_after_commit()
