"""Use cases: each call validates, writes in one transaction and returns the Changes it made."""
