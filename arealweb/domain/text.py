"""Marking user-facing text for translation without depending on a web framework.

The interface's source language is Norwegian bokmål. Domain code marks its messages with ``N_``
so that Babel's extractor finds them; the web and CLI layers translate them when they show them.
"""


def N_(message: str) -> str:
    """Mark ``message`` for translation; return it unchanged."""
    return message
