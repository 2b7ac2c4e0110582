"""Seed tools: bootstrap the generated seeds from maintained sources, suggest
candidate rows for unresolved strings, apply reviewed rows."""
