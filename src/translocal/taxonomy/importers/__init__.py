"""Importers of open vocabularies into taxonomy (`translocal import sdg PATH`)."""
