"""Rebuild the generated institution seeds from maintained sources, reproducibly.

Analysts own ``seeds/``; rows they write carry ``source = curated`` (by hand) or
``review`` (`paperscope seeds apply`) and are never changed or dropped here. Every
other row is rebuilt from scratch on each run:

- ``hipo``: every university of the Hipo list (MIT licence), with its web domains;
- ``epoch``: Epoch AI organisations (CC BY 4.0) with one country, not known yet;
- ``paperlists``: aliases learned from the paperlists' email domains
  (ingest/warehouse/seeds/paperlists.py), optionally leaving venues out;
- ``iana``: country-code top-level domains as email suffixes (``.cn`` -> CN), minus
  the vanity ones (``.ai``, ``.io``, ``.co``, ...);
- ``seeds/places.csv``, the place gazetteer (ingest/warehouse/seeds/places.py).

When a generated row collides with an analyst row (same institution id, same
alias, same domain) the analyst row wins and the generated one is dropped; a
generated institution that an analyst row already describes (same id, the same
name in the same country, or one of its domains) is dropped with all its rows.
A name that then names several institutions is marked ``is_ambiguous`` on each
generated row. The files are written sorted, so a rerun gives the same bytes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.warehouse.seeds.common import (
    Row,
    SeedError,
    SeedTables,
    default_country_basis,
    is_people_row,
    match_rule,
    normalize,
    read_csv,
    read_tables,
    write_tables,
)
from ingest.warehouse.seeds.paperlists import (
    PAPERLISTS_DIR,
    learn_aliases,
    paperlists_files,
    paperlists_pairs,
)
from ingest.warehouse.seeds.places import build_places, write_places
from ingest.warehouse.seeds.reference import (
    EPOCH_FILE,
    HIPO_FILE,
    Candidate,
    epoch_candidates,
    epoch_country_codes,
    hipo_candidates,
    read_reference,
)

log = logging.getLogger(__name__)

# ccTLDs sold as generic names; an email there says nothing about a country.
VANITY_TLDS = {"ai", "io", "co", "me", "tv", "cc", "ly", "gg", "sh", "so", "to", "ws"}
# Codes with no top-level domain in use: not delegated (bl, bq, eh, mf), retired
# (um), or none at all (XK, Kosovo).
NO_TLD = {"BL", "BQ", "EH", "MF", "UM", "XK"}
PLACES_FILE = "places.csv"


@dataclass
class BootstrapSummary:
    """What a run wrote: rows per seed file and source, and what it left out."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dropped_for_analyst_rows: int = 0
    paperlists_files: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = []
        for name, by_source in self.counts.items():
            parts = ", ".join(f"{s} {n}" for s, n in sorted(by_source.items()))
            lines.append(f"{name}: {sum(by_source.values())} ({parts})")
        lines.append(
            f"generated institutions dropped for analyst rows: "
            f"{self.dropped_for_analyst_rows}"
        )
        lines.append(f"paperlists read: {', '.join(self.paperlists_files) or 'none'}")
        return lines


@dataclass
class PeopleIndex:
    """The analyst rows, indexed for collision checks."""

    institution_country: dict[str, str]
    alias_owners: dict[str, set[str]]
    domain_owner: dict[str, str]

    @classmethod
    def of(cls, people: SeedTables) -> PeopleIndex:
        alias_owners: dict[str, set[str]] = defaultdict(set)
        for row in people.aliases:
            alias_owners[normalize(row["alias"])].add(row["institution_id"])
        for row in people.institutions:
            alias_owners[normalize(row["institution_name"])].add(row["institution_id"])
        return cls(
            institution_country={
                r["institution_id"]: r["country_code"] for r in people.institutions
            },
            alias_owners=alias_owners,
            domain_owner={r["domain"]: r["institution_id"] for r in people.domains},
        )

    def rename_if_taken(self, candidate: Candidate) -> None:
        """An analyst id in another country is another institution of the same
        name: the candidate takes the country code into its id."""
        country = self.institution_country.get(candidate.institution_id)
        if country and country != candidate.country_code:
            suffixed = f"{candidate.institution_id}-{candidate.country_code.lower()}"
            candidate.institution["institution_id"] = suffixed

    def claims(self, candidate: Candidate) -> bool:
        """True when an analyst institution already is this candidate."""
        own_id = candidate.institution_id
        if own_id in self.institution_country:
            return True
        for name in [candidate.institution["institution_name"], *candidate.names]:
            for owner in self.alias_owners.get(normalize(name), set()) - {own_id}:
                if self.institution_country.get(owner) == candidate.country_code:
                    return True
        for domain in candidate.domains:
            owner = self.domain_owner.get(domain, "")
            if owner and owner != own_id and owner in self.institution_country:
                return True
        return False


def people_rows(tables: SeedTables) -> SeedTables:
    """The analyst rows; institutions gain a country_basis when they lack one."""
    people = SeedTables(
        institutions=[r for r in tables.institutions if is_people_row(r)],
        aliases=[r for r in tables.aliases if is_people_row(r)],
        domains=[r for r in tables.domains if is_people_row(r)],
    )
    for row in people.institutions:
        if not row.get("country_basis"):
            row["country_basis"] = default_country_basis(row["institution_type"])
    return people


def add_candidates(
    tables: SeedTables, candidates: Iterable[Candidate], people: PeopleIndex
) -> int:
    """Append the candidates' rows that no analyst row claims; returns how many
    candidates were dropped because an analyst row describes them."""
    dropped = 0
    alias_pairs = {(normalize(r["alias"]), r["institution_id"]) for r in tables.aliases}
    domains = {r["domain"] for r in tables.domains}
    for candidate in candidates:
        people.rename_if_taken(candidate)
        if people.claims(candidate):
            dropped += 1
            continue
        tables.institutions.append(candidate.institution)
        for name in candidate.names:
            pair = (normalize(name), candidate.institution_id)
            if pair[0] in people.alias_owners or pair in alias_pairs:
                continue
            alias_pairs.add(pair)
            tables.aliases.append(
                {
                    "alias": name,
                    "institution_id": candidate.institution_id,
                    "match_rule": match_rule(name),
                    "is_ambiguous": "false",
                    "source": candidate.institution["source"],
                }
            )
        for domain in candidate.domains:
            if domain in domains:
                continue  # an analyst's, or an earlier candidate's
            domains.add(domain)
            tables.domains.append(
                {
                    "domain": domain,
                    "institution_id": candidate.institution_id,
                    "country_code": candidate.country_code,
                    "source": candidate.institution["source"],
                }
            )
    return dropped


def country_tld_rows(tables: SeedTables, countries: Iterable[str]) -> list[Row]:
    covered = {r["domain"] for r in tables.domains}
    rows = []
    for code in sorted(set(countries) - NO_TLD):
        tld = code.lower() if code != "GB" else "uk"
        if tld not in VANITY_TLDS and tld not in covered:
            rows.append(
                {
                    "domain": tld,
                    "institution_id": "",
                    "country_code": code,
                    "source": "iana",
                }
            )
    return rows


def mark_ambiguous(aliases: list[Row]) -> None:
    """A generated row says whether its name also names another institution; an
    analyst's row keeps its own answer (the dbt test ambiguous_aliases_are_marked
    fails when a shared name is not marked on every row)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for row in aliases:
        owners[normalize(row["alias"])].add(row["institution_id"])
    for row in aliases:
        if not is_people_row(row):
            shared = len(owners[normalize(row["alias"])]) > 1
            row["is_ambiguous"] = "true" if shared else "false"


def check_references(tables: SeedTables) -> None:
    """Analyst rows may point at generated institutions (a review alias of an
    Epoch company); fail before writing when a source no longer has one."""
    ids = {r["institution_id"] for r in tables.institutions}
    references = [
        (row["source"], row.get("alias") or row["domain"], row["institution_id"])
        for row in [*tables.aliases, *tables.domains]
    ]
    references += [
        (row["source"], row["institution_id"], row["parent_institution_id"])
        for row in tables.institutions
    ]
    missing = sorted({r for r in references if r[2] and r[2] not in ids})
    if missing:
        listed = "; ".join(f"{s} row {text!r} -> {ref}" for s, text, ref in missing)
        raise SeedError(
            f"seed rows name institutions the sources no longer give: {listed}. "
            "Add those institutions as curated rows, or point the rows elsewhere."
        )


def count_sources(tables: SeedTables) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for name, rows in (
        ("institutions", tables.institutions),
        ("institution_aliases", tables.aliases),
        ("email_domains", tables.domains),
    ):
        by_source: dict[str, int] = defaultdict(int)
        for row in rows:
            by_source[row["source"]] += 1
        counts[name] = dict(by_source)
    return counts


# Gazetteer kinds that place a learned alias; cities only from this population on
# (a small town's name is too often a word or a surname).
PLACE_KINDS_FOR_LEARNING = ("country", "country_variant", "subdivision", "demonym")
CITY_MIN_POPULATION_FOR_LEARNING = 500_000


def place_countries(seeds: Path, countries: list[Row]) -> dict[str, str]:
    """Normalized name -> country for the unambiguous places of the countries,
    country_aliases and places seeds (places is generated when absent)."""
    places = seeds / PLACES_FILE
    rows = read_csv(places) if places.exists() else build_places()
    names: dict[str, set[str]] = {}
    for row in rows:
        population = int(row["population"] or 0)
        if str(row["is_ambiguous"]).lower() == "true":
            continue
        if row["place_kind"] in PLACE_KINDS_FOR_LEARNING or (
            row["place_kind"] == "city"
            and population >= CITY_MIN_POPULATION_FOR_LEARNING
        ):
            names.setdefault(normalize(row["place_name"]), set()).add(
                row["country_code"]
            )
    for row in countries:
        names.setdefault(normalize(row["country_name"]), set()).add(row["country_code"])
    for row in read_csv(seeds / "country_aliases.csv"):
        names.setdefault(normalize(row["alias"]), set()).add(row["country_code"])
    return {name: min(codes) for name, codes in names.items() if len(codes) == 1}


def build_tables(
    seeds: Path, shared: Path, exclude: Iterable[str] = ()
) -> tuple[SeedTables, BootstrapSummary]:
    """The three institution seeds as they should be, without writing them."""
    if not shared.is_dir():
        raise SeedError(
            f"shared data folder {shared} does not exist: pass --shared DIR "
            "(the folder holding reference/ and dev/paperlists/)"
        )
    hipo_path = read_reference(shared, HIPO_FILE)
    epoch_path = read_reference(shared, EPOCH_FILE)
    countries = read_csv(seeds / "countries.csv")
    if not countries:
        raise SeedError(f"{seeds / 'countries.csv'} is missing or empty: --seeds DIR")
    people_tables = people_rows(read_tables(seeds))
    people = PeopleIndex.of(people_tables)
    tables = SeedTables(
        list(people_tables.institutions),
        list(people_tables.aliases),
        list(people_tables.domains),
    )
    summary = BootstrapSummary()
    country_codes = {r["country_code"] for r in countries}
    summary.dropped_for_analyst_rows += add_candidates(
        tables, hipo_candidates(hipo_path, country_codes), people
    )
    # names taken so far; an analyst alias of an Epoch organisation (not added
    # yet) does not take that organisation's own name
    present = {r["institution_id"] for r in tables.institutions}
    known = {
        normalize(r["alias"]) for r in tables.aliases if r["institution_id"] in present
    }
    known |= {normalize(r["institution_name"]) for r in tables.institutions}
    known |= {normalize(r["alias"]) for r in read_csv(seeds / "country_aliases.csv")}
    generated_ids = {
        r["institution_id"] for r in tables.institutions if not is_people_row(r)
    }
    epoch = epoch_candidates(
        epoch_path, epoch_country_codes(countries), known, generated_ids
    )
    summary.dropped_for_analyst_rows += add_candidates(tables, epoch, people)
    files = paperlists_files(shared / PAPERLISTS_DIR, exclude)
    summary.paperlists_files = [path.stem for path in files]
    places = place_countries(seeds, countries)
    tables.aliases += learn_aliases(paperlists_pairs(files), tables, places)
    tables.domains += country_tld_rows(tables, country_codes)
    mark_ambiguous(tables.aliases)
    check_references(tables)
    summary.counts = count_sources(tables)
    return tables, summary


def bootstrap(
    seeds: Path, shared: Path, exclude: Iterable[str] = ()
) -> BootstrapSummary:
    """Rebuild the generated rows of the institution seeds and seeds/places.csv."""
    tables, summary = build_tables(seeds, shared, exclude)
    write_tables(seeds, tables)
    summary.counts["places"] = {"gazetteer": write_places(seeds / PLACES_FILE)}
    return summary
