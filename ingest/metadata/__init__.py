"""Conference metadata -> the same raw rows as PDFs, one module per format."""
