"""Meetings and workshops of a process: models, services, selectors, forms, views and the
iCalendar feed. The models are registered through ``coproduction.models``; the predicates are in
``coproduction.permissions``."""
