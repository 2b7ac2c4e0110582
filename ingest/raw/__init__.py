"""The raw tables: schemas (records), atomic batch writes, error kinds, content
hashes. The lowest room: it imports nothing else of ingest/."""
