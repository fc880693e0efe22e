"""Storage: SQLAlchemy tables, Alembic migrations and the repository over SQLite or PostGIS.

Every difference between the two databases lives in this package and nowhere else.
"""
