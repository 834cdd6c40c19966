"""Type-to-search pickers for long lists (methods, organisations, places, cases, members).

A picker is a text box following the WAI-ARIA 1.2 combobox pattern: typing asks the server
(htmx, data-hx-* attributes) for a few matches, shown in a listbox; arrows move through them,
Enter chooses, Escape closes (static/translocal/forms.js). What is chosen is a list of ticked
checkboxes carrying the field's name, so unticking one removes it.

Without JavaScript the same box and a "Search" button post the form back: the page returns
with the matches as unticked checkboxes under the box, and nothing is saved.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from ..selectors.pickers import Pick, chosen_picks, picker_matches

#: The submit button's name that asks for a search instead of a save (its value: the field).
PICK_BUTTON = "pick"


def search_param(name: str) -> str:
    return f"{name}-q"


class PickerWidget(forms.Widget):
    template_name = "knowledge/widgets/picker.html"

    def __init__(self, source: str, *, multiple: bool, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.source = source
        self.multiple = multiple
        self.queryset: QuerySet | None = None
        self.search: str | None = None  # the words of a search posted without JavaScript
        self.extra_option: str = ""  # e.g. "describe": choosing the typed words as a new place

    def __deepcopy__(self, memo: dict[int, Any]) -> "PickerWidget":
        copy = super().__deepcopy__(memo)
        copy.queryset = self.queryset
        return copy

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an unticked box sends nothing: that is a choice (none), not an omission

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override] # several values
        if value is None or value == "":
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen: list[Pick] = []
        if self.queryset is not None:
            chosen = chosen_picks(self.queryset, context["widget"]["value"], str)
        chosen_values = {pick.value for pick in chosen}
        results = []
        if self.search is not None:
            results = [p for p in picker_matches(source=self.source, q=self.search) if p.value not in chosen_values]
        context["widget"].update({
            "chosen": chosen,
            "multiple": self.multiple,
            "source": self.source,
            "url": reverse("knowledge:pick", args=[self.source]),
            "search_name": search_param(name),
            "search": self.search or "",
            "searched": self.search is not None,
            "results": results,
            "pick_button": PICK_BUTTON,
            "extra_option": self.extra_option,
        })
        return context


def use_pickers(form: forms.BaseForm, sources: dict[str, str]) -> None:
    """Give the fields named in ``sources`` (field -> picker source) a picker, searching the
    posted words when the form came back from a picker's "Search" button."""
    searching = form.data.get(PICK_BUTTON) if form.is_bound else None
    for name, source in sources.items():
        if name not in form.fields:
            continue
        field = form.fields[name]
        multiple = isinstance(field, forms.ModelMultipleChoiceField)
        widget = PickerWidget(source, multiple=multiple)
        widget.queryset = getattr(field, "queryset", None)
        widget.is_required = field.required
        if searching == name:
            widget.search = form.data.get(search_param(name), "")
        field.widget = widget


def is_picker_search(form: forms.BaseForm) -> bool:
    """The form was posted by a picker's "Search" button with words to search (Enter pressed
    in a text box with an empty search posts the same button: that is a save)."""
    name = form.data.get(PICK_BUTTON) if form.is_bound else None
    return bool(name and name in form.fields and (form.data.get(search_param(name)) or "").strip())


class PersonPickerWidget(forms.TextInput):
    """A member's username typed, or found by name: a combobox whose chosen match fills the box
    with the username (the authors form also accepts a member's exact name)."""

    template_name = "knowledge/widgets/person_picker.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = reverse("knowledge:pick", args=["people"])
        return context
