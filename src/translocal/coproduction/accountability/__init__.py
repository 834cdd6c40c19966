"""Results (accountability): what a process decided to do, its progress, and the trace from
each proposal and comment to the result it became. Services, selectors, forms and views of
results live here; the models live in ``coproduction.models`` and the predicates in
``coproduction.permissions``, like the rest of the app's."""
