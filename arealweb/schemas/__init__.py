"""The shape of every input arealweb reads, checked in one place (see :mod:`.base`)."""
