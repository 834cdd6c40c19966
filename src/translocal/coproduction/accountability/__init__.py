"""Results (accountability): what a process decided to do, its progress, and the trace from
each proposal and comment to the result it became. Models, services, selectors, forms and views
of results live here; the models are registered through ``coproduction.models`` (the app's
label stays ``coproduction``) and the predicates are in ``coproduction.permissions``, like the
rest of the app's."""
