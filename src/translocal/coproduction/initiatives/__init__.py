"""Citizen initiatives: models, services, selectors, forms and views. The models are registered
through ``coproduction.models``; the predicates are in ``coproduction.permissions``."""
