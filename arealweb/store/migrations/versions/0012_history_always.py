"""Every write of a zone gets a history row, whoever writes: no session can opt out.

Until this revision the history trigger (0009) skipped every transaction that set
``arealweb.actor``, trusting it to be arealweb writing its own row; but any session with rights
on the tables could set it and write no history. Now the trigger is a constraint trigger
deferred to the end of the transaction, and it writes a row for each version no one else
recorded: arealweb's own rows are in place by then, so they are not written twice, and every
other version gets its row with the client's ``application_name`` and database role (and
``source`` ``database``), whatever the session claims.

SQLite has no such trigger: there arealweb is the only writer of history.

Going below this revision needs arealweb's code from before it: that code marked its own
transactions with ``arealweb.actor``, which the older trigger then skipped.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_rules = importlib.import_module("arealweb.store.migrations.versions.0009_database_rules")
_views = importlib.import_module("arealweb.store.migrations.versions.0011_editing_views")

_TRUSTED = """
  IF coalesce(current_setting('arealweb.actor', true), '') <> '' THEN
    RETURN NULL;  -- arealweb writes its own history row
  END IF;"""
_RECORDED = """
  IF EXISTS (SELECT 1 FROM zone_history WHERE zone_id = NEW.id AND version = NEW.version) THEN
    RETURN NULL;  -- recorded already, by arealweb in this transaction
  END IF;"""


def _history(guard: str, rights: str = "") -> str:
    if _TRUSTED not in _rules._HISTORY:
        raise RuntimeError("revision 0009's history function is not the one this revision knows")
    body = _rules._HISTORY.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    return body.replace(_TRUSTED, guard).replace(
        "$$ LANGUAGE plpgsql", f"$$ LANGUAGE plpgsql{rights}"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER zones_record_history ON zones")
    # Deferred, it runs at commit with the rights of the session's role, which may edit only
    # through the views (editor-role): it runs as the tables' owner, like the views' triggers.
    op.execute(_history(_RECORDED, f" SECURITY DEFINER SET search_path = {_views._search_path()}"))
    op.execute(
        "CREATE CONSTRAINT TRIGGER zones_record_history AFTER INSERT OR UPDATE ON zones "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION zones_record_history()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER zones_record_history ON zones")
    op.execute(_history(_TRUSTED))
    op.execute(
        "CREATE TRIGGER zones_record_history AFTER INSERT OR UPDATE ON zones "
        "FOR EACH ROW EXECUTE FUNCTION zones_record_history()"
    )
