"""Storage: SQLAlchemy tables, Alembic migrations and one repository per aggregate (goals,
zones, reference layers, accounts, participation, workshops) over SQLite or PostGIS.

Every difference between the two databases lives in this package and nowhere else.
"""
