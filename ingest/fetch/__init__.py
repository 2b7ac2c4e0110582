"""Downloads: the polite HTTP client and the parsing of proceedings sites."""
