"""The one check of every address a request asks to be sent on to (``?next=…``).

Only a path on this site is followed; anything else goes to the fallback. Browsers are more
forgiving than :func:`urllib.parse.urlsplit`: they read ``\\`` as ``/``, drop tabs and line
breaks inside an address and treat ``//host`` as another site, and a proxy may decode ``%2F``
or ``%5C`` before the browser sees them. So the target is refused when it, or any decoding of
it, could be read as anything but a path on this host.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2_000
_DECODINGS = 3


def safe_target(target: str | None, fallback: str = "/") -> str:
    """``target`` when it is a path on this site, else ``fallback``."""
    if not target or len(target) > MAX_LENGTH:
        return fallback
    if any(character.isspace() for character in target):
        return fallback
    text = target
    for _ in range(_DECODINGS):
        if not _is_local_path(text):
            return fallback
        decoded = unquote(text)
        if decoded == text:
            return target
        text = decoded
    return fallback


def _is_local_path(text: str) -> bool:
    if not text.startswith("/") or text.startswith(("//", "/\\")):
        return False
    if "\\" in text or any(_hidden(character) for character in text):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc and "@" not in parts.path


def _hidden(character: str) -> bool:
    """Control and format characters and line breaks, which browsers drop from an address."""
    return unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp")
