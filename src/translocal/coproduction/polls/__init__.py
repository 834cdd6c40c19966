"""Polls of a process: models, the pure counting rules (``counting``), services, selectors,
forms and views. The models are registered through ``coproduction.models``; the predicates are
in ``coproduction.permissions``."""
