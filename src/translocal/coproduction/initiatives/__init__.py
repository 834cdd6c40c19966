"""Citizen initiatives: services, selectors, forms and views. The models are in
``coproduction.initiative_models``; the predicates in ``coproduction.permissions``."""
