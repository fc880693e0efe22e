"""Who may see the workshop screens: the group screen takes a join code, the rest an account."""

from __future__ import annotations

import functools

from flask import redirect, request, url_for

from arealweb.auth import current_account


def signed_in_page(view):
    """Pages for anyone with an account (the council included); others sign in first."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if current_account() is None:
            return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded
