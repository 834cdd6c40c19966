"""Blocking a person in a hub: services, selectors, forms and views. The model is in
``coproduction.block_models``; the predicates (``is_blocked``, ``can_block_in_hub``) in
``coproduction.permissions``."""
