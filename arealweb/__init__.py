"""arealweb: Bærum's long-term land-use strategy on a map, tied to the goals of the master plan."""

__version__ = "0.1.0"
