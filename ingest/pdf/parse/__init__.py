"""Pure functions: page-1 layout and page texts -> title, authors, affiliations,
sections.

No I/O and no pymupdf here: ``extract.py`` hands over plain ``Line``/``Span`` records,
so every rule below is tested with small PDFs built by the test fixtures.

How the author block is read (see docs/parsing.md for the long form):

1. The title is the run of largest-font lines near the top of page 1.
2. The header zone runs from below the title to the "Abstract" heading (or the
   introduction heading). Footnotes at the foot of page 1 are read separately.
3. Each header line is a name line, an affiliation line, a contact line (emails, URLs)
   or noise ("Equal contribution", conference notices). Positions, fonts and
   superscript flags decide, never reading order alone.
4. Authors are linked to affiliations by, in order of preference: superscript markers
   (``superscript_marker``), symbol footnotes (``footnote``), the layout block under a
   name (``layout_block``), one affiliation shared by everyone (``sole_affiliation``),
   or a shared ``{a,b}@x`` email group (``shared_email``). "Work done at X" footnotes
   keep X with ``footnote_work_done``. Whatever cannot be tied to an author is kept
   with ``author_position`` null (``unlinked``). Side-by-side author blocks are split
   by their columns before their lines are read.
5. Team papers: when page 1 ties no person to an affiliation and names only a team,
   the contributor list printed later gives the authors (``team``).

Modules, each importing only those above it:

- ``text``: clean-up of ligatures, quotes, detached accents, white space
- ``vocab``: marker symbols, institution words, noise and heading patterns
- ``layout``: line geometry, font size and weight, rows, columns
- ``markers``: superscript marker spans and how they split
- ``zones``: the title, header and footnote zones of page 1 (step 1-2)
- ``names``: name lines cut into names with their markers
- ``classify``: header lines -> name, affiliation and contact lines (step 3)
- ``affiliations``: affiliation lines and footnotes -> entries
- ``emails``: emails and the author each belongs to
- ``linking``: authors -> entries (step 4)
- ``author_block``: ``parse_author_block``, the steps above put together
- ``team``: the contributor list of a team paper (step 5)
- ``explain``: why each page-1 line was read as it was (``inspect --explain``)
- ``sections``: ``split_sections``, title / abstract / body / references
- ``paper``: ``parse_paper``

Names with a leading underscore are shared between these modules only; the names
below are the package's interface.
"""

from ingest.pdf.parse.author_block import AuthorBlock, parse_author_block
from ingest.pdf.parse.markers import split_markers
from ingest.pdf.parse.paper import parse_paper
from ingest.pdf.parse.sections import split_sections
from ingest.pdf.parse.text import clean_text
from ingest.pdf.parse.vocab import MARKER_SYMBOLS, has_head, is_institutional, is_noise

__all__ = [
    "MARKER_SYMBOLS",
    "AuthorBlock",
    "clean_text",
    "has_head",
    "is_institutional",
    "is_noise",
    "parse_author_block",
    "parse_paper",
    "split_markers",
    "split_sections",
]
