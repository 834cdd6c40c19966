"""Blocking a person in a hub: model, services, selectors, forms and views. The model is
registered through ``coproduction.models``; the predicates (``is_blocked``, ``can_block_in_hub``)
are in ``coproduction.permissions``."""
