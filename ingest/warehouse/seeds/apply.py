"""Add the rows a person decided in a review CSV (from `paperscope seeds suggest`).

Decisions:
- ``accept``: the string becomes an alias of ``candidate_institution_id``;
- ``new``: a new institution (``new_institution_id``, ``new_institution_name``,
  ``new_country_code``, ``new_institution_type``, optional ``new_country_basis``,
  ``new_parent_institution_id`` and ``new_domain``) with the string and its name as
  aliases;
- anything else (``skip``, empty): nothing.

An optional ``match_rule`` column sets the rule of an ``accept`` row's alias
(``part`` for a brand that is also a word, "Zoom"; ``capitals`` for an acronym
that is a word in other case, "MIRI"); without it the rule follows from the alias.

An alias that is also a place name of ``places.csv`` in another country, or an
ambiguous one ("Cambridge"), or that is made only of generic words ("Department of
Computer Science"), would give its institution's country to strings that merely
name the place or the department: the row is refused unless its optional
``keep_alias`` column says ``yes`` (a brand that is also a town, "Carrefour"; a real
name of generic words, "Electronic Arts"). A ``new`` row's ``keep_alias`` covers both
of its aliases, its name and its string. A ``capitals`` alias is not checked against
places: it never matches the place as printed.

Rows are added with ``source = review`` (or ``curated``, for rows a person wrote
from knowledge rather than from a review of unresolved strings), the CSVs are
rewritten sorted, existing rows are never changed, and applying the same file
again adds nothing. Run `dbt build` afterwards: the seed tests check the result
(a new alias that another institution already uses fails until every row of it
is marked ``is_ambiguous``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.warehouse.seeds.common import (
    MATCH_RULES,
    Row,
    SeedError,
    SeedTables,
    default_country_basis,
    is_generic,
    match_rule,
    normalize,
    read_csv,
    read_tables,
    slug,
    write_tables,
)

PLACES_FILE = "places.csv"


@dataclass
class ApplySummary:
    institutions: int = 0
    aliases: int = 0
    domains: int = 0
    shared_aliases: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"institutions added {self.institutions}, aliases added {self.aliases}, "
            f"domains added {self.domains}"
        ]
        if self.shared_aliases:
            lines.append(
                "these new aliases also name another institution; mark every row of "
                "each is_ambiguous = true or dbt build fails: "
                + ", ".join(self.shared_aliases)
            )
        return lines


class Applier:
    """The seed tables plus what is known in them, growing row by row."""

    def __init__(
        self, tables: SeedTables, source: str = "review", places: Iterable[Row] = ()
    ) -> None:
        self.tables = tables
        self.source = source
        # institution id -> country, growing with the new rows
        self.countries = {
            r["institution_id"]: r["country_code"] for r in tables.institutions
        }
        # matching key of a place name -> its countries; keys marked ambiguous
        self.place_countries: dict[str, set[str]] = defaultdict(set)
        self.ambiguous_places: set[str] = set()
        for row in places:
            key = normalize(row["place_name"])
            self.place_countries[key].add(row["country_code"])
            if row["is_ambiguous"] == "true":
                self.ambiguous_places.add(key)
        self.alias_owners: dict[str, set[str]] = {}
        for row in tables.aliases:
            key = normalize(row["alias"])
            self.alias_owners.setdefault(key, set()).add(row["institution_id"])
        self.domains = {r["domain"] for r in tables.domains}
        self.summary = ApplySummary()

    def check_alias(self, text: str, institution_id: str, rule: str, row: Row) -> None:
        """Refuse an alias that names a place or only generic words (see the
        module docstring), unless the row says keep_alias = yes."""
        if row.get("keep_alias", "").strip().lower() == "yes":
            return
        key = normalize(text)
        source = row.get("affiliation_raw", "").strip()
        country = self.countries.get(institution_id, "")
        codes = self.place_countries.get(key, set())
        # the matcher takes no country from a key of several countries; a
        # capitals alias never matches the place as printed ("MIRI", not "Miri")
        ambiguous = key in self.ambiguous_places or len(codes) > 1
        if codes and rule != "capitals" and (ambiguous or country not in codes):
            raise SeedError(
                f"review row {source!r}: the alias {text!r} is also the place name "
                f"of {', '.join(sorted(codes))} in places.csv"
                + (" (ambiguous)" if ambiguous else "")
                + f", and every string naming that place would get {country}; "
                "leave it out, or set keep_alias = yes to add it anyway"
            )
        if key and is_generic(key):
            raise SeedError(
                f"review row {source!r}: the alias {text!r} is made only of generic "
                "words (seeds/common.py GENERIC_WORDS), like a department's name; "
                'if it is a real name ("Electronic Arts"), set keep_alias = yes'
            )

    def add_alias(
        self, text: str, institution_id: str, rule: str = "", row: Row | None = None
    ) -> None:
        key = normalize(text)
        owners = self.alias_owners.setdefault(key, set())
        if not key or institution_id in owners:
            return
        rule = rule or match_rule(text)
        self.check_alias(text, institution_id, rule, row or {})
        if owners:
            self.summary.shared_aliases.append(text)
        owners.add(institution_id)
        self.tables.aliases.append(
            {
                "alias": text,
                "institution_id": institution_id,
                "match_rule": rule,
                "is_ambiguous": "false",
                "source": self.source,
            }
        )
        self.summary.aliases += 1

    def add_institution(self, row: Row, text: str) -> None:
        name = row.get("new_institution_name", "").strip() or text
        institution_id = row.get("new_institution_id", "").strip() or slug(name)
        country = row.get("new_country_code", "").strip().upper()
        if not country:
            raise SeedError(f"review row {text!r}: decision new needs new_country_code")
        kind = row.get("new_institution_type", "").strip() or "other"
        if institution_id not in self.countries:
            self.countries[institution_id] = country
            self.tables.institutions.append(
                {
                    "institution_id": institution_id,
                    "institution_name": name,
                    "country_code": country,
                    "country_basis": row.get("new_country_basis", "").strip()
                    or default_country_basis(kind),
                    "institution_type": kind,
                    "parent_institution_id": row.get(
                        "new_parent_institution_id", ""
                    ).strip(),
                    "source": self.source,
                }
            )
            self.summary.institutions += 1
        self.add_alias(name, institution_id, row=row)
        self.add_alias(text, institution_id, row=row)
        domain = row.get("new_domain", "").strip().lower()
        if domain and domain not in self.domains:
            self.domains.add(domain)
            self.tables.domains.append(
                {
                    "domain": domain,
                    "institution_id": institution_id,
                    "country_code": country,
                    "source": self.source,
                }
            )
            self.summary.domains += 1

    def apply(self, row: Row) -> None:
        decision = row.get("decision", "").strip().lower()
        text = row.get("affiliation_raw", "").strip()
        if decision == "accept":
            candidate = row.get("candidate_institution_id", "").strip()
            if candidate not in self.countries:
                raise SeedError(
                    f"review row {text!r}: candidate_institution_id {candidate!r} "
                    "is not in institutions.csv; fix it or decide `new`"
                )
            rule = row.get("match_rule", "").strip()
            if rule and rule not in MATCH_RULES:
                raise SeedError(
                    f"review row {text!r}: match_rule {rule!r} is not one of "
                    + ", ".join(MATCH_RULES)
                )
            self.add_alias(text, candidate, rule, row)
        elif decision == "new":
            self.add_institution(row, text)


def apply_review(review: Path, seeds: Path, source: str = "review") -> ApplySummary:
    """Add the decided rows of ``review`` to the seeds in ``seeds``, with ``source``
    (review or curated)."""
    if not review.exists():
        raise SeedError(
            f"{review} does not exist: write it with `paperscope seeds suggest`"
        )
    if source not in ("review", "curated"):
        raise SeedError(f"source {source!r}: review or curated")
    if not (seeds / PLACES_FILE).exists():
        raise SeedError(
            f"{seeds} has no {PLACES_FILE}, which apply checks aliases against: "
            "--seeds DIR, or `paperscope seeds bootstrap` writes it"
        )
    applier = Applier(read_tables(seeds), source, read_csv(seeds / PLACES_FILE))
    if not applier.countries:
        raise SeedError(f"{seeds} has no institutions.csv: --seeds DIR")
    # new institutions first: an accept row may name one the same file adds
    rows = read_csv(review)
    for row in sorted(
        rows, key=lambda r: r.get("decision", "").strip().lower() != "new"
    ):
        applier.apply(row)
    write_tables(seeds, applier.tables)
    return applier.summary
