"""paperscope CLI: parse arguments, set up logging and progress, call the rooms.

Thin on purpose: each command module (pdf, metadata, fetch, warehouse, seeds, review)
parses its arguments and calls the room of the same name; base.py holds the group and
its one-line error handling. Importing the modules registers their commands.
"""

from ingest.cli import fetch, metadata, pdf, review, seeds, warehouse
from ingest.cli.base import main

__all__ = ["fetch", "main", "metadata", "pdf", "review", "seeds", "warehouse"]
