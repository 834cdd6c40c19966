"""Importers of open data sets into the knowledge commons (`translocal import <source> PATH`).

Each importer is a service: it reads files, maps every record onto our models and controlled
vocabularies, and returns an ImportReport. Re-running one updates what it created before
(matched on source_name + source_id), so imports are safe to repeat.
"""
