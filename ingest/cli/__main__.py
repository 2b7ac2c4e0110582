"""`python -m ingest.cli` runs the paperscope command."""

from ingest.cli import main

main()
