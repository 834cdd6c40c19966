"""The actions an audit entry can record, registered by the apps that perform them.

An action is a short dotted string (``"entry.publish"``) with a human label. The generic
moderation and administration verbs every pillar needs are registered here; an app with an
action of its own registers it once at import time::

    from translocal.audit.actions import register_action
    TAKE_DOWN = register_action("entry.take_down", _("took down"))

``record()`` refuses an action nobody registered, so a typo fails a test instead of writing
rows no filter will ever find.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_labels: dict[str, str | Promise] = {}

#: Longest action name the database column holds.
MAX_ACTION_LENGTH = 64


def register_action(name: str, label: str | Promise) -> str:
    """Register ``name`` (at most 64 characters) with the label shown after the actor's name
    ("Amina *published* …"); returns ``name`` so callers can keep it as a constant.
    Registering a name again replaces its label (module reloads are harmless)."""
    if not name or len(name) > MAX_ACTION_LENGTH:
        raise ValueError(f"An audit action name must be 1 to {MAX_ACTION_LENGTH} characters: {name!r}")
    _labels[name] = label
    return name


def is_registered(name: str) -> bool:
    return name in _labels


def action_label(name: str) -> str:
    """The label of ``name``; an action whose app was removed shows its raw name."""
    return str(_labels.get(name, name))


def registered_actions() -> list[tuple[str, str]]:
    """(name, label) pairs sorted by label, for filters and forms."""
    return sorted(((name, str(label)) for name, label in _labels.items()), key=lambda pair: pair[1])


PUBLISH = register_action("publish", _("published"))
UNPUBLISH = register_action("unpublish", _("unpublished"))
FEATURE = register_action("feature", _("featured"))
UNFEATURE = register_action("unfeature", _("stopped featuring"))
CHANGE_ROLE = register_action("change_role", _("changed the role of"))
DELETE_ACCOUNT = register_action("delete_account", _("deleted the account of"))
#: One row per import run (details: its counts; reason: the path it read). Apps below audit write it
#: through core.audit_hook by this name.
RUN_IMPORT = register_action("import", _("ran an import"))
CREATE = register_action("create", _("created"))
EDIT = register_action("edit", _("edited"))
DELETE = register_action("delete", _("deleted"))
