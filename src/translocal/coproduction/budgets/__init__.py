"""Participatory budgets of a process: models, outcomes (``outcomes``: greedy and Equal Shares
through pabutools, the ``.pb`` format), services, selectors, forms and views. The models are
registered through ``coproduction.models``; the predicates are in ``coproduction.permissions``."""
