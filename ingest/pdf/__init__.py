"""PDFs -> raw rows: extract (the only pymupdf importer), parse (pure functions),
supervised workers and the pipeline (discover -> workers -> write)."""
