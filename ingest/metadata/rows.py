"""Raw rows every metadata format writes the same way."""

from __future__ import annotations


def paper_and_sections(
    record_id: str, title: str, abstract: str | None, lineage: dict
) -> dict[str, list[dict]]:
    """The paper row and its title and abstract sections (the non-empty ones)."""
    return {
        "papers": [
            {
                "paper_id": record_id,
                "title": title,
                "abstract": abstract,
                "page_count": None,
                **lineage,
            }
        ],
        "paper_sections": [
            {
                "paper_id": record_id,
                "section": section,
                "text": text,
                "first_page": None,
                "last_page": None,
                **lineage,
            }
            for section, text in (("title", title), ("abstract", abstract))
            if text
        ],
    }
