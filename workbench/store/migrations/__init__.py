"""Alembic migrations of the project database, shipped inside the package.

Run through ``workbench.store.migrate`` (a Config built in code; no alembic.ini). A new schema
change is a new file in ``versions/`` whose ``down_revision`` is the current head.
"""
