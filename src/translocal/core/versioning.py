"""Optimistic concurrency for edit forms: no silent lost update.

Every editable row carries ``version`` (a positive integer). An edit form carries the version it
was opened at (hidden field ``version``) and a fingerprint of each field's value at that moment
(hidden field ``original``). The service claims the version in the database before it writes::

    UPDATE ... SET version = version + 1 WHERE id = %s AND version = %s

One row updated: nobody saved in between, and the row stays locked until the service's
transaction ends, so a concurrent save waits and then finds the version moved on. No row:
someone saved first, and the service raises ``EditConflict`` before writing anything. The form
then shows which fields the other person changed and their new values, keeps everything that
was typed, and moves its hidden version on, so that saving again (after merging) is deliberate.

Pattern: Fowler, "Optimistic Offline Lock" (Patterns of Enterprise Application Architecture).
"""

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.forms.models import model_to_dict
from django.http import HttpRequest, QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from translocal.core.forms import GovukFormMixin

#: Longest stored value quoted back in a conflict message (the rest is cut with "…").
QUOTE_CHARS = 200


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by one on every save from an edit form."
    )


class Versioned(Protocol):
    """A model instance whose model has a ``version_field()``."""

    version: int


def versioned(instance: models.Model) -> Versioned:
    """``instance`` seen as a row with a version; TypeError if its model has no version field."""
    if not isinstance(getattr(instance, "version", None), int):
        raise TypeError(f"{type(instance).__name__} has no version_field()")
    return cast(Versioned, instance)


class EditConflict(ValidationError):
    """Someone saved the row after the form was opened. ``current`` is the row as stored now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(
            _("Someone else saved changes after you opened this form. Nothing was saved."), code="edit_conflict"
        )
        self.current = current


def claim_version(instance: models.Model, *, expected: int | None) -> None:
    """Compare-and-increment ``instance.version`` in the database; call it first in a service's
    transaction, before any other write. ``expected`` None (an importer, a script, an API call
    without a version) increments without comparing. Sets ``instance.version`` to the new value.

    Raises EditConflict when the stored version is not ``expected``.
    """
    model = instance._meta.model  # not type(): request.user is a lazy proxy
    rows = model._default_manager.filter(pk=instance.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if not rows.update(version=F("version") + 1):
        raise EditConflict(model._default_manager.get(pk=instance.pk))
    versioned(instance).version = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).get()


def _plain(value: Any) -> Any:
    """A JSON-able form of a model_to_dict value; related rows by pk, sets of them sorted."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        related = all(isinstance(item, models.Model) for item in value)
        items = [_plain(item) for item in value]
        return sorted(items) if related else items
    return value


def fingerprints(values: dict[str, Any]) -> dict[str, str]:
    """Field name -> a short hash of its value (model_to_dict shape: pks for relations)."""
    return {
        name: hashlib.blake2b(
            json.dumps(_plain(value), sort_keys=True, default=str).encode(), digest_size=6
        ).hexdigest()
        for name, value in values.items()
    }


def _display(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        text = ", ".join(str(item) for item in getattr(instance, name).all())
    elif getattr(field, "choices", None):
        text = str(getattr(instance, f"get_{name}_display")())
    else:
        value = getattr(instance, name)
        if isinstance(value, bool):
            text = _("Yes") if value else _("No")
        elif isinstance(value, list):
            text = ", ".join(str(item.get("url", item)) if isinstance(item, dict) else str(item) for item in value)
        else:
            text = "" if value is None else str(value)
    return Truncator(text).chars(QUOTE_CHARS) if text else _("(empty)")


def add_save_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: an EditConflict as the fields it concerns
    (VersionedFormMixin.show_conflict), any other error on the field it names, or at the top."""
    if isinstance(error, EditConflict) and isinstance(form, VersionedFormMixin):
        form.show_conflict(error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    extra_valid: bool = True,
) -> Any | None:
    """On a POST whose form is valid, call ``save`` (a service) with a copy of the cleaned data
    and return what it returns. None when there is nothing saved: a GET, an invalid form,
    ``extra_valid`` false (the page's formsets, say, have errors), or the service's
    ValidationError, which is then shown on the form (``add_save_error``) so the page is rendered
    again with every value typed kept. Every pillar's create and edit views go through it."""
    if request.method != "POST" or not form.is_valid() or not extra_valid:
        return None
    try:
        return save(dict(form.cleaned_data))
    except ValidationError as error:
        add_save_error(form, error)
        return None


if TYPE_CHECKING:
    _ModelFormBase = forms.ModelForm
else:
    _ModelFormBase = object  # a mixin at run time; the checker sees the ModelForm it is mixed into


class VersionedFormMixin(GovukFormMixin, _ModelFormBase):
    """For a ModelForm (put it first in the bases): on an existing instance, adds the hidden
    ``version`` and ``original`` fields; ``show_conflict`` turns an EditConflict into errors."""

    conflict_fields: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        self.conflict_fields = []
        if instance is None or instance.pk is None:
            return
        opts = instance._meta
        model_fields = {f.name for f in (*opts.concrete_fields, *opts.many_to_many) if f.editable}
        self._versioned_names = [name for name in self.fields if name in model_fields]
        original = fingerprints({name: self.initial.get(name) for name in self._versioned_names})
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=1, initial=instance.version,
            label=gettext_lazy("Version"),
        )
        self.fields["original"] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=json.dumps(original, sort_keys=True),
            label=gettext_lazy("Fingerprint"),
        )

    def _submitted_original(self) -> dict[str, str]:
        try:
            value = json.loads(self.data.get(self.add_prefix("original"), "") or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def show_conflict(self, conflict: EditConflict) -> None:
        """Errors naming each field someone else changed, with its stored value, on the form
        whose typed values stay as they are; the hidden version moves on to the stored one."""
        current = conflict.current
        names = self._versioned_names
        now = fingerprints(model_to_dict(current, fields=names))
        before = self._submitted_original()
        changed = [name for name in names if before.get(name) != now.get(name)]
        self.conflict_fields = changed
        if changed:
            summary = _(
                "Someone else saved changes after you opened this form: %(fields)s. Nothing was saved. "
                "Your text is still in the form: compare it with their changes, then save again."
            ) % {"fields": ", ".join(str(self.fields[name].label or name) for name in changed)}
        else:
            summary = _(
                "Someone else saved changes after you opened this form. Nothing was saved. "
                "Your text is still in the form: check it, then save again."
            )
        self.add_error(None, ValidationError(summary, code="edit_conflict"))
        for name in changed:
            self.add_error(
                name,
                ValidationError(
                    _("Changed by someone else while you were editing. Saved now: “%(value)s”.")
                    % {"value": _display(current, name)},
                    code="edit_conflict",
                ),
            )
        # A mutable copy that keeps every value of multi-valued fields (a QueryDict's own copy).
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("version")] = str(versioned(current).version)
        data[self.add_prefix("original")] = json.dumps(now, sort_keys=True)
        self.data = data


class VersionedAdminForm(VersionedFormMixin, forms.Form):
    """Mixed into a ModelAdmin's change form by VersionedAdminMixin. The fields are declared
    (not only added per instance) so that the admin's fieldsets can list them."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    original = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        """Lock the row for the rest of the admin's transaction and compare versions."""
        cleaned: dict[str, Any] = super().clean() or {}
        instance = self.instance
        current = instance._meta.model._default_manager.select_for_update().get(pk=instance.pk)
        self.locked_version = current.version
        expected = cleaned.get("version")
        if expected is not None and expected != current.version:
            self.show_conflict(EditConflict(current))
        return cleaned


class VersionedAdminMixin(admin.ModelAdmin):
    """For the ModelAdmin of a versioned model (put it first in the bases): the change form
    carries the version it was opened at, a stale save is refused with what changed (as on the
    site), and every admin save moves the version on, so a site form opened before it is
    refused too."""

    def get_exclude(self, request, obj=None):  # noqa: ANN001, ANN201
        return [*(super().get_exclude(request, obj) or ()), "version"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # noqa: ANN001, ANN003, ANN201
        if obj is not None:
            kwargs["form"] = type(f"Versioned{self.form.__name__}", (VersionedAdminForm, self.form), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):  # noqa: ANN001, ANN201
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and "version" not in flatten_fieldsets(fieldsets):
            fieldsets.append((None, {"fields": ("version", "original"), "classes": ("hidden",)}))
        return fieldsets

    def save_model(self, request, obj, form, change: bool) -> None:  # noqa: ANN001
        if change:
            obj.version = getattr(form, "locked_version", obj.version) + 1
        super().save_model(request, obj, form, change)
