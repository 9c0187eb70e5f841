"""Alembic migrations of the store, packaged so an installed Servanda can migrate itself."""
