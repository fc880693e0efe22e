"""Council workshops in the browser: set-up, the facilitator's page, the group screen, the
plenary screen, presentation mode and the printable summary.

Groups join with their code (typed, or a QR code scanned); the code is kept in the session, so
the address bar never shows it. Everything else is for signed-in users; setting up, closing
and turning sketches into draft zones is for planners and admins.
"""

from arealweb.web.workshops import (  # noqa: F401  (routes register on import)
    facilitator,
    group,
    plenary,
    summary,
)
