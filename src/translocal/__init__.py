"""Translocal: knowledge commons, trans-local exchanges and co-production spaces for city networks."""
