"""What the knowledge views share: the create/edit form loop, the moderation actions and the
cached list and detail pages, for the kinds of entry in the table below.

Views stay thin: they parse input with a form, call one service, and render or redirect.
Every object reaches a view through a fetch-and-check helper of permissions.py."""

import copy
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from translocal.accounts.types import AuthenticatedHttpRequest
from translocal.core.budgets import RATE_LIMITED
from translocal.core.caching import cached_fragment
from translocal.core.contributions import fill_viewer_sections, render_sections
from translocal.core.listing import SortOption, browse_request, result_controls
from translocal.core.locales import localized_language_name_in_text
from translocal.core.versioning import run_form

from .. import permissions, selectors, services
from ..completeness import case_missing_fields
from ..forms import CaseForm, MethodForm, ReflectionForm, TakedownForm, TranslationForm
from ..forms.pickers import is_picker_search
from ..models import Case, Method, Reflection


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views that add to the commons: anonymous visitors are sent to sign in; signed-in
    people who may not create get 403. The view then gets an `AuthenticatedHttpRequest`."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_create(request.user):
            raise PermissionDenied(_("Your account cannot add entries."))
        return view(request, *args, **kwargs)

    return wrapper


def form_instance(entry: Any) -> Any:
    """A copy for the form to validate against: a ModelForm writes the submitted values onto
    its instance, and the service must see the entry as it is stored."""
    return copy.copy(entry) if entry is not None else None


def wants_publish(request: HttpRequest) -> bool:
    return request.POST.get("action") == "publish"


def list_cache_parts(request: HttpRequest, cursor: str | None) -> tuple[Any, ...]:
    """What a cached list fragment depends on: the whole query string (its pagination links
    repeat the other parameters) with the cursor replaced by the validated one."""
    query = sorted((key, values) for key, values in request.GET.lists() if key != "cursor")
    return (query, cursor)


def drafts_context(request: HttpRequest, model: type) -> dict[str, Any]:
    return {"drafts": selectors.drafts_for(user=request.user, model=model)}


def saved_message(entry: Any) -> str:
    if entry.is_published:
        return _("“%(title)s” was saved and published.") % {"title": entry.title}
    return _("“%(title)s” was saved as a draft.") % {"title": entry.title}


def entry_fragment(
    request: HttpRequest, entry: Any, prefix: str, render_fragment: Callable[[], str], *, variant: str = ""
) -> SafeString:
    """A published entry's fragment is cached (its key carries the content version and the
    interface language, plus ``variant``: which text of the entry it shows, the original or a
    translation); a draft's is rendered for each request, because only its authors and
    moderators ever see it."""
    if entry.is_published:
        return cached_fragment(request, prefix, (entry.pk, variant), render_fragment)
    return mark_safe(render_fragment())  # noqa: S308 - our own autoescaped template output


@dataclass(frozen=True)
class EntryKind:
    """What differs between cases, methods and reflections in the views they share: the
    create/edit form loop, publish/unpublish, and the shape of list and detail pages.

    urls.py routes "<name>-create", "-edit", "-publish", "-unpublish" and "-lift-moderation" to the entry_* views
    below with the kind as an extra argument; `name` ("case") is also the services' keyword
    for the entry and the prefix of its cache keys. Reflections have their own create, edit and
    detail views (reflections.py: authors formset, series), so they use only part of their row."""

    name: str
    model: type[Model]
    form: type[forms.ModelForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    publish: Callable[..., Any]
    unpublish: Callable[..., Any]
    lift: Callable[..., Any]
    get_for_view: Callable[..., Any]
    get_for_edit: Callable[..., Any]
    get_for_moderation: Callable[..., Any]
    header_queryset: Callable[[], QuerySet]
    detail_queryset: Callable[[], QuerySet]
    list_url_name: str
    list_template: str
    detail_template: str
    list_label: str | Promise
    heading: str | Promise  # of the form for a new entry
    lede: str | Promise


CASE = EntryKind(
    name="case",
    model=Case,
    form=CaseForm,
    create=services.create_case,
    update=services.update_case,
    publish=services.publish_case,
    unpublish=services.unpublish_case,
    lift=services.lift_case_moderation,
    get_for_view=permissions.get_case_for_view,
    get_for_edit=permissions.get_case_for_edit,
    get_for_moderation=permissions.get_case_for_moderation,
    header_queryset=selectors.case_header_queryset,
    detail_queryset=selectors.case_detail_queryset,
    list_url_name="knowledge:case-list",
    list_template="knowledge/case_list.html",
    detail_template="knowledge/case_detail.html",
    list_label=gettext_lazy("Cases"),
    heading=gettext_lazy("Add a case"),
    lede=gettext_lazy(
        "Describe a participatory initiative as it happened. Only the title is required; "
        "you can save a draft and come back."
    ),
)

METHOD = EntryKind(
    name="method",
    model=Method,
    form=MethodForm,
    create=services.create_method,
    update=services.update_method,
    publish=services.publish_method,
    unpublish=services.unpublish_method,
    lift=services.lift_method_moderation,
    get_for_view=permissions.get_method_for_view,
    get_for_edit=permissions.get_method_for_edit,
    get_for_moderation=permissions.get_method_for_moderation,
    header_queryset=selectors.method_header_queryset,
    detail_queryset=selectors.method_detail_queryset,
    list_url_name="knowledge:method-list",
    list_template="knowledge/method_list.html",
    detail_template="knowledge/method_detail.html",
    list_label=gettext_lazy("Methods"),
    heading=gettext_lazy("Add a method"),
    lede=gettext_lazy("Describe a reusable participatory method. Only the title is required."),
)

REFLECTION = EntryKind(
    name="reflection",
    model=Reflection,
    form=ReflectionForm,
    create=services.create_reflection,
    update=services.update_reflection,
    publish=services.publish_reflection,
    unpublish=services.unpublish_reflection,
    lift=services.lift_reflection_moderation,
    get_for_view=permissions.get_reflection_for_view,
    get_for_edit=permissions.get_reflection_for_edit,
    get_for_moderation=permissions.get_reflection_for_moderation,
    header_queryset=selectors.reflection_header_queryset,
    detail_queryset=selectors.reflection_detail_queryset,
    list_url_name="knowledge:reflection-list",
    list_template="knowledge/reflection_list.html",
    detail_template="knowledge/reflection_detail.html",
    list_label=gettext_lazy("Reflections"),
    heading=gettext_lazy("Write a reflection"),
    lede=gettext_lazy("Share what you learned. It stays a draft, visible only to its authors, until you publish it."),
)


def browse_list(
    request: HttpRequest,
    *,
    name: str,
    template: str,
    sorts: Sequence[SortOption],
    browse: Callable[..., Any],
    count_message: Callable[[int], str],
    filters: Iterable[str] = (),
    model: type | None = None,
) -> HttpResponse:
    """A list with a search box, a sort, filters and their chips (core.listing): the results
    and filters are the ``#browser`` partial of ``template``, a cached fragment keyed on the
    query string and the content version; only the "your drafts" panel (of ``model``) is per
    person. ``browse(search=, sort=, cursor=[, filters=])`` is the selector;
    ``count_message(total)`` is the ngettext message of the count ("%(count)s method")."""
    asked = browse_request(request, sorts, filters)

    def render_browser() -> str:
        extra = {"filters": asked.filters} if filters else {}
        result = browse(search=asked.search, sort=asked.sort, cursor=asked.cursor, **extra)
        controls = result_controls(request, asked, result, sorts=sorts, count_message=count_message)
        context = {"page": result.page, "facets": result.facets, "controls": controls}
        return render_to_string(f"{template}#browser", context, request=request)

    browser = cached_fragment(request, f"{name}-list", list_cache_parts(request, asked.cursor), render_browser)
    context: dict[str, Any] = {"browser": browser}
    if model is not None:
        context.update(drafts_context(request, model))
    return render(request, template, context)


def entry_detail(
    request: HttpRequest, kind: EntryKind, slug: str, *, body_context: Callable[[Any], dict[str, Any]]
) -> HttpResponse:
    """The header and actions depend on who is looking, so they are rendered for each request
    from a light queryset; the body is an entry_fragment built from the full one.

    The text is the reader's translation when the entry has one in the interface language
    (or in ``?lang=``), the original otherwise or with ``?lang=orig``; the translation is joined
    to the header's query, so every language costs the same queries."""
    language, original_asked = selectors.wanted_language(request.GET.get("lang"))
    entry = kind.get_for_view(
        user=request.user, slug=slug, queryset=selectors.with_translation(kind.header_queryset(), language)
    )
    reading = selectors.reading_of(entry, original_asked=original_asked)

    def render_body() -> str:
        full = kind.detail_queryset().get(pk=entry.pk)
        # What other apps add to the sidebar (shared sections: the same for every viewer).
        sections = render_sections(kind.name, subject=full, request=request, defer_per_viewer=True)
        body_reading = selectors.reading_of(entry, original_asked=original_asked, body_html=full.body_html)
        return render_to_string(
            f"{kind.detail_template}#body", {**body_context(full), "sections": sections, "reading": body_reading}
        )

    body = entry_fragment(request, entry, f"{kind.name}-detail", render_body, variant=reading.cache_key)
    body = fill_viewer_sections(body, kind.name, subject=entry, request=request)  # outside the shared cache
    context = {
        kind.name: entry, "entry": entry, "body": body, "reading": reading, **takedown_context(request, entry),
    }
    return render(request, kind.detail_template, context)


def takedown_context(request: HttpRequest, entry: Any) -> dict[str, Any]:
    """For an entry a moderator took down: the record (one query) for the notice its authors
    and moderators see, and whether this viewer may see who took it down (those who may lift it)."""
    if entry is None or not entry.is_taken_down:
        return {}
    show_moderator = permissions.can_lift_moderation(request.user, entry)
    return {"takedown": selectors.takedown_of(entry), "show_moderator": show_moderator}


def render_entry_form(
    request: HttpRequest, *, kind: EntryKind, form: forms.BaseForm, entry: Any, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "entry": entry,
        "kind": kind.name,
        "heading": kind.heading,
        "lede": kind.lede,
        "list_url": reverse(kind.list_url_name),
        "list_label": kind.list_label,
        # Cases and reflections carry images, managed on a page of their own (views/images.py).
        "images_url": (
            reverse(f"knowledge:{kind.name}-images", kwargs={"slug": entry.slug})
            if entry is not None and kind.name in {"case", "reflection"} else ""
        ),
        **takedown_context(request, entry),
        **extra,
    }
    return render(request, "knowledge/entry_form.html", context)


def unchecked(form: forms.BaseForm, formsets: Mapping[str, forms.BaseFormSet]) -> None:
    """Show a posted form again without checking it (a preview, a picker's search): what was
    typed stays, and no error is shown for what is not filled in yet."""
    form._errors = ErrorDict()  # type: ignore[attr-defined] # Django's cache of full_clean()
    for formset in formsets.values():
        formset._errors = []  # type: ignore[attr-defined]
        formset._non_form_errors = formset.error_class()  # type: ignore[attr-defined]


def entry_form_page(
    request: HttpRequest,
    *,
    kind: EntryKind,
    entry: Any,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    formsets: Mapping[str, forms.BaseFormSet] | None = None,
) -> HttpResponse:
    """The create/edit loop: on a valid POST (form and any formsets) call `save` and go to the
    saved entry; otherwise show the form again with what was typed and the errors."""
    formsets = formsets or {}
    if request.method == "POST" and request.POST.get("action") == "preview":
        # "Preview" without JavaScript: the form again with the body as its page would show it.
        unchecked(form, formsets)
        context = preview_context(request)  # type: ignore[arg-type] # member_required
        return render_entry_form(request, kind=kind, form=form, entry=entry, **formsets, **context)
    if request.method == "POST" and is_picker_search(form):
        # A picker's "Search" without JavaScript: the form again, with the matches and
        # everything typed, neither saved nor checked yet.
        unchecked(form, formsets)
        return render_entry_form(request, kind=kind, form=form, entry=entry, **formsets)
    # Validate every formset (no short-circuit), so each shows its errors at once.
    formsets_valid = request.method == "POST" and all([formset.is_valid() for formset in formsets.values()])
    saved = run_form(request, form, save, extra_valid=formsets_valid)
    if saved is None:
        response = render_entry_form(request, kind=kind, form=form, entry=entry, **formsets)
        if form.has_error("body", code=RATE_LIMITED):
            response.status_code = 429  # the member's rendering budget is spent (core.budgets)
        return response
    if entry is None:
        messages.success(request, saved_message(saved))
    else:
        messages.success(request, _("Your changes to “%(title)s” were saved.") % {"title": saved.title})
    if request.POST.get("action") == "review" and permissions.can_publish(request.user, saved):
        return redirect(f"knowledge:{kind.name}-publish", saved.slug)
    return redirect(saved)


def with_publish(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The form's data plus which button was pressed: "Save and publish" or "Save as draft"."""
    return {**data, "publish": wants_publish(request)}


@member_required
def entry_create(request: AuthenticatedHttpRequest, kind: EntryKind) -> HttpResponse:
    return entry_form_page(
        request,
        kind=kind,
        entry=None,
        form=kind.form(request.POST or None),
        save=lambda data: kind.create(acting_user=request.user, data=with_publish(request, data)),
    )


@login_required
def entry_edit(request: AuthenticatedHttpRequest, slug: str, kind: EntryKind) -> HttpResponse:
    entry = kind.get_for_edit(user=request.user, slug=slug)
    return entry_form_page(
        request,
        kind=kind,
        entry=entry,
        form=kind.form(request.POST or None, instance=form_instance(entry)),
        save=lambda data: kind.update(
            acting_user=request.user, data=with_publish(request, data), **{kind.name: entry}
        ),
    )


def missing_before_publishing(kind: EntryKind, entry: Any) -> tuple[list[str], list[str]]:
    """What a reader would miss in the entry: (the texts it lacks, the structured facts a case
    leaves empty), as the form labels them. Neither stops publishing: a short case is welcome,
    and others can add to it."""
    labels = {name: str(field.label) for name, field in kind.form.base_fields.items()}
    labels.update({name: str(label) for name, label in kind.form.common_labels.items()})  # type: ignore[attr-defined]
    texts = [
        labels[name] for name in ("summary", "body") if name in labels and not (getattr(entry, name) or "").strip()
    ]
    facts = [labels.get(name, name) for name in case_missing_fields(entry)] if kind is CASE else []
    return texts, facts


@require_http_methods(["GET", "POST"])
@login_required
def entry_publish(request: AuthenticatedHttpRequest, slug: str, kind: EntryKind) -> HttpResponse:
    """Publishing is a step of its own: GET shows what the entry still lacks and asks to
    confirm; POST publishes."""
    entry = kind.get_for_moderation(user=request.user, slug=slug)
    if request.method == "GET":
        if not permissions.can_publish(request.user, entry) or entry.status != "draft":
            return redirect(entry)
        texts, facts = missing_before_publishing(kind, entry)
        return render(request, "knowledge/publish_confirm.html", {
            "entry": entry, "kind": kind.name, "missing_texts": texts, "missing_facts": facts,
            "list_url": reverse(kind.list_url_name), "list_label": kind.list_label,
            "edit_url": reverse(f"knowledge:{kind.name}-edit", args=[entry.slug]),
        })
    kind.publish(acting_user=request.user, **{kind.name: entry})
    messages.success(request, _("“%(title)s” is published.") % {"title": entry.title})
    return redirect(entry)


@login_required
def entry_unpublish(request: AuthenticatedHttpRequest, slug: str, kind: EntryKind) -> HttpResponse:
    """A moderator takes an entry down: GET asks why, POST does it (the reason is required and
    shown to the authors). A missing reason re-shows the form with the error."""
    entry = kind.get_for_moderation(user=request.user, slug=slug)
    if not permissions.can_unpublish(request.user, entry):
        raise PermissionDenied(_("Only staff and the coordinators of its hub can take a published entry down."))
    form = TakedownForm(request.POST or None)
    done = run_form(
        request,
        form,
        lambda data: kind.unpublish(acting_user=request.user, reason=data["reason"], **{kind.name: entry}),
    )
    if done is not None:
        messages.success(request, _("“%(title)s” is taken down. Its authors can see why.") % {"title": entry.title})
        return redirect(entry)
    return render(request, "knowledge/unpublish_form.html", {"form": form, "entry": entry, "kind": kind.name})


@require_POST
@login_required
def entry_lift_moderation(request: AuthenticatedHttpRequest, slug: str, kind: EntryKind) -> HttpResponse:
    entry = kind.get_for_moderation(user=request.user, slug=slug)
    try:
        kind.lift(acting_user=request.user, **{kind.name: entry})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The takedown is lifted: “%(title)s” is published again.") % {"title": entry.title})
    return redirect(entry)


@login_required
def entry_translate(request: AuthenticatedHttpRequest, slug: str, language: str, kind: EntryKind) -> HttpResponse:
    """Add or change the translation of an entry into one of the site's languages (its authors
    and staff: the same check as editing). The form shows the original for reference."""
    entry = kind.get_for_edit(user=request.user, slug=slug)
    if language not in services.translation_languages() or language == entry.original_language:
        raise Http404(_("There is no translation of this entry into that language."))
    model = services.translation_model(entry)
    current = model._default_manager.filter(entry=entry, language=language).first()
    instance = copy.copy(current) if current is not None else model(entry=entry, language=language)
    form = TranslationForm(request.POST or None, instance=instance)

    def save(data: dict[str, Any]) -> Any:
        return services.save_translation(
            acting_user=request.user, entry=entry, language=language, data=data,
            machine_translator=data.get("machine_translator", ""),
        )

    saved = run_form(request, form, save)
    if saved is None:
        return render(request, "core/translation_form.html", {
            "form": form, "entry": entry, "language": language, "translation": current,
            "parents": [(reverse(kind.list_url_name), kind.list_label)],
            "original_language": entry.original_language, "original_url": entry.get_absolute_url(),
            "original_title": entry.title, "original_lede": entry.summary, "original_body": entry.body,
        })
    messages.success(request, _("The translation into %(language)s was saved.") % {
        "language": localized_language_name_in_text(language)})
    return redirect(f"{entry.get_absolute_url()}?lang={language}")


@member_required
def pick(request: AuthenticatedHttpRequest, source: str) -> HttpResponse:
    """The options of a type-to-search picker (forms/pickers.py) for the words typed: for
    people who may add to the commons, as the forms that use it."""
    if source not in selectors.PICKER_SOURCES:
        raise Http404
    field = request.GET.get("field", "")
    # A picker's box is named "<field>-q"; a person picker's box is the field itself.
    q = request.GET.get(f"{field}-q") or request.GET.get(field) or request.GET.get("q", "")
    context = {
        "picks": selectors.picker_matches(source=source, q=q),
        "list": request.GET.get("list", "picker-listbox")[:100],
        "extra": request.GET.get("extra", ""),
        "q": q.strip(),
    }
    return render(request, "knowledge/_picker_options.html", context)


@require_POST
@member_required
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The body of an entry form as its page will show it (htmx: the form's "Preview")."""
    return render(request, "knowledge/_preview.html", preview_context(request))


def preview_context(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    try:
        html = services.preview_body(acting_user=request.user, source=request.POST.get("body", ""))
    except ValidationError as error:
        return {"preview_error": " ".join(error.messages), "previewed": True}
    return {"preview_html": mark_safe(html), "previewed": True}  # noqa: S308 - sanitised by the renderer
