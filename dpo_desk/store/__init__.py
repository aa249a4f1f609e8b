"""Storage: the only package that speaks SQL (SQLAlchemy 2 typed mappings, Alembic migrations)."""
