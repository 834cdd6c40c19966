"""Translations of a process, its proposals, polls and results: the translation models, the
``Translatable`` mixin the originals share (``translatable``), reading and writing them
(``services``), the form and the views. The models are registered through
``coproduction.models``."""
