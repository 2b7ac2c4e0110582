"""What every seed tool shares: the seed files' fields, the normalization twin of
macros/normalize_text.sql, and sorted, atomic CSV reading and writing."""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

Row = dict[str, str]

# Rows people decided (by hand, or through `paperscope seeds apply`): no tool
# changes or drops them, and when a generated row collides with one, it loses.
PEOPLE_SOURCES = ("curated", "review")

INSTITUTION_FIELDS = [
    "institution_id",
    "institution_name",
    "country_code",
    "country_basis",
    "institution_type",
    "parent_institution_id",
    "source",
]
ALIAS_FIELDS = ["alias", "institution_id", "match_rule", "is_ambiguous", "source"]
DOMAIN_FIELDS = ["domain", "institution_id", "country_code", "source"]

INSTITUTIONS_FILE = "institutions.csv"
ALIASES_FILE = "institution_aliases.csv"
DOMAINS_FILE = "email_domains.csv"

# Words that name no institution on their own: a string made only of them
# ("Institute of Technology", "National University") is never a safe alias.
GENERIC_WORDS = {
    "the", "of", "and", "for", "in", "at", "de", "university", "universidad",
    "institute", "institut", "college", "school", "department", "dept", "center",
    "centre", "research", "lab", "labs", "laboratory", "science", "sciences",
    "technology", "engineering", "computer", "national", "state", "ai",
    "artificial", "intelligence", "academy", "group", "inc", "ltd", "company",
    "independent", "researcher", "student", "unaffiliated", "none", "n", "a",
    # units and disciplines: "School of Management", "Faculty of Medicine" name
    # no one institution
    "faculty", "division", "unit", "program", "programme", "graduate", "studies",
    "management", "business", "economics", "finance", "commerce", "law", "arts",
    "medicine", "medical", "health", "hospital", "clinic", "education",
    "mathematics", "physics", "statistics", "information", "informatics",
    "applied", "advanced", "international", "higher", "systems", "data",
    "digital", "innovation", "software", "electrical", "electronic", "electronics",
    "mechanical", "social", "technical", "technological", "polytechnic",
}  # fmt: skip
ACRONYM_MAX_LENGTH = 5
# The alias match rules (seeds/_seeds.yml, institution_aliases.match_rule).
MATCH_RULES = ("phrase", "word", "acronym", "capitals", "part")
# Short single-word aliases that are names, not acronyms (matched case-insensitively).
SHORT_WORD_ALIASES = {
    "meta", "uber", "snap", "sony", "penn", "apple", "intel", "baidu", "vivo",
    "oppo", "naver", "kakao", "fudan", "riken", "inria", "epfl", "mila", "bosch",
    "sber",
}  # fmt: skip


class SeedError(Exception):
    """A seed tool cannot go on; the message names the file and the fix."""


@dataclass
class SeedTables:
    """The three institution seeds, as rows."""

    institutions: list[Row] = field(default_factory=list)
    aliases: list[Row] = field(default_factory=list)
    domains: list[Row] = field(default_factory=list)


# The accent table of macros/cross_engine.sql fold_accents(), letter for letter
# (tests/ingest/test_seed_tools.py checks that they stay the same): any other
# character outside a-z0-9, such as "ł" or a typographic apostrophe, is a space.
ACCENTED = (
    "àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏő"
    "ŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯ"
    "ȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳ"
    "ṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừử"
    "ữựỳỵỷỹ"
)
PLAIN = (
    "aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooo"
    "rrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooo"
    "oyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttu"
    "uuuuvvwwwwwxxyzzzhtwyaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuu"
    "uuyyyy"
)
# letters with a stroke or without a dot, which have no decomposition to fold:
# "Wrocław" is "wroclaw", "Ørsted" "orsted"; the macro folds them too
STROKED = "łøđıħ"
STROKED_PLAIN = "lodih"
_FOLD_ACCENTS = str.maketrans(ACCENTED + STROKED, PLAIN + STROKED_PLAIN)
# letters that stand for two, spelt out after the accents (the macro's list):
# ligatures as metadata exports keep them ("Artiﬁcial"), "Gießen" is "giessen"
LIGATURES = (("ﬁ", "fi"), ("ﬂ", "fl"), ("ﬀ", "ff"), ("ß", "ss"), ("æ", "ae"))
# ids are slugs of the printed name with the accent table they were first made
# with, so an id never moves when the matching key learns a letter
_FOLD_ID_ACCENTS = str.maketrans(ACCENTED, PLAIN)


# an accent PDF text extraction cut off its letter ("S \u02dcao Paulo"),
# with the spaces before it: macros/normalize_text.sql join_spacing_accents()
_SPACING_ACCENT = re.compile(
    " *[\u00a8\u00b4\u00b8\u02c6\u02c7\u02d8\u02d9\u02da\u02dc\u02dd]"
)


def normalize(text: str) -> str:
    """The Python twin of macros/normalize_text.sql, with the leading "the " the
    matcher also drops (int_aliases_unioned): the key two aliases share."""
    text = f" {_fold(text)} "
    # the British spelling: "Samsung AI Centre" is "Samsung AI Center"
    text = text.replace(" centre ", " center ").replace(" centres ", " centers ")
    return re.sub(r"^the ", "", text.strip())


def _fold(text: str, for_id: bool = False) -> str:
    if for_id:
        text = _SPACING_ACCENT.sub("", text).lower().translate(_FOLD_ID_ACCENTS)
    else:
        text = _SPACING_ACCENT.sub("", text).replace("İ", "I")
        text = text.lower().translate(_FOLD_ACCENTS)
        for letters, spelt in LIGATURES:
            text = text.replace(letters, spelt)
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # a footnote digit glued to a word of four letters: "ByteDance4"
    return re.sub(r"([a-z]{4})[0-9]( |$)", r"\1\2", text).strip()


def slug(text: str) -> str:
    """An id from a name, as printed: "Centre" stays "centre", so ids do not move
    when the matching key learns a spelling."""
    return re.sub(r"^the ", "", _fold(text, for_id=True)).replace(" ", "-")


def is_generic(key: str) -> bool:
    """True when a normalized name is made only of generic words."""
    return set(key.split()) <= GENERIC_WORDS


def match_rule(alias: str) -> str:
    token = normalize(alias)
    if " " not in token and len(token) <= ACRONYM_MAX_LENGTH:
        return "word" if token in SHORT_WORD_ALIASES else "acronym"
    return "phrase"


def default_country_basis(institution_type: str) -> str:
    """A company is placed at its headquarters, anything else where it is."""
    return "headquarters" if institution_type == "company" else "site"


def domain_owner(domain: str, owners: dict[str, str]) -> str | None:
    """Longest registered suffix of ``domain`` (cs.cmu.edu -> cmu.edu)."""
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        owner = owners.get(".".join(parts[i:]))
        if owner:
            return owner
    return None


def is_people_row(row: Row) -> bool:
    return row.get("source", "") in PEOPLE_SOURCES


def read_csv(path: Path) -> list[Row]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(
    path: Path, fields: list[str], rows: Iterable[Row], key: Callable[[Row], tuple]
) -> None:
    """Write ``rows`` sorted by ``key``, atomically (a temporary file, then rename):
    the same rows always give the same bytes, and a crash leaves the old file."""
    ordered = sorted(rows, key=key)
    with tempfile.NamedTemporaryFile(
        "w",
        newline="",
        encoding="utf-8",
        dir=path.parent,
        prefix=f".{path.name}.",
        delete=False,
    ) as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({f: row.get(f, "") for f in fields} for row in ordered)
    written = Path(handle.name)
    written.chmod(0o644)
    written.replace(path)


def institution_key(row: Row) -> tuple:
    return (row["institution_id"],)


def alias_key(row: Row) -> tuple:
    return (normalize(row["alias"]), row["institution_id"], row["alias"])


def domain_key(row: Row) -> tuple:
    return (row["domain"], row["institution_id"])


def read_tables(seeds: Path) -> SeedTables:
    return SeedTables(
        institutions=read_csv(seeds / INSTITUTIONS_FILE),
        aliases=read_csv(seeds / ALIASES_FILE),
        domains=read_csv(seeds / DOMAINS_FILE),
    )


def write_tables(seeds: Path, tables: SeedTables) -> None:
    write_csv(
        seeds / INSTITUTIONS_FILE,
        INSTITUTION_FIELDS,
        tables.institutions,
        institution_key,
    )
    write_csv(seeds / ALIASES_FILE, ALIAS_FIELDS, tables.aliases, alias_key)
    write_csv(seeds / DOMAINS_FILE, DOMAIN_FIELDS, tables.domains, domain_key)
