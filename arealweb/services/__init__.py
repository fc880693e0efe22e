"""Use cases: what people do with the plan, on top of the domain and the store (no web here)."""
