"""The audit log of sign-ins and changes to accounts, as admins read it."""

from __future__ import annotations

from arealweb.domain.accounts import AuditEntry
from arealweb.store.repository import Store


def entries(store: Store, limit: int, offset: int = 0) -> tuple[list[AuditEntry], int]:
    """``limit`` entries from ``offset``, the newest first, and how many there are in all."""
    with store.read() as repo:
        return repo.accounts.audit(limit, offset), repo.accounts.audit_count()
