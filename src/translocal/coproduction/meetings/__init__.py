"""Meetings and workshops of a process: services, selectors, forms, views and the iCalendar
feed. The models are in ``coproduction.meeting_models``; the predicates in
``coproduction.permissions``."""
