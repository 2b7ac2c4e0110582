"""Aliases learned from the Paper Copilot paperlists (dev/paperlists/*.json).

Each author's affiliation string comes with an email domain; when the domains of a
string's authors point to one institution (at least ``MIN_SUPPORT`` authors,
``MIN_SHARE`` of them), the string becomes an alias of that institution. Strings
made only of generic words ("Institute of Technology") are never learned, nor
strings whose comma-separated parts are already aliases ("Bar-Ilan University,
Technion" names two), nor strings that share no telling word with the
institution's names ("HEC Montreal" is not Stanford, even when its authors write
from stanford.edu), nor single words ("Faculty", written by authors of Faculty AI,
is any faculty), nor strings that print a place of another country than the
institution's ("Sony Research India, India" is not Sony in Japan; its address must
stay readable by the address rule, and a learned alias that spans it would hide it),
nor strings with a comma part that is already another institution's alias and is
not part of the voted institution's own names ("University of Genoa, Italy",
written from iit.it, names the University of Genoa, not IIT; "State University of
New York, Albany" may still go to SUNY Albany, whose name holds the part).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from ingest.warehouse.seeds.common import (
    GENERIC_WORDS,
    Row,
    SeedTables,
    domain_owner,
    is_generic,
    match_rule,
    normalize,
)

PAPERLISTS_DIR = Path("dev/paperlists")
MIN_SUPPORT = 2
MIN_SHARE = 0.8


def venue_of(stem: str) -> str:
    """The letters a paperlists file name starts with: colm2025 -> colm."""
    match = re.match(r"[a-z]+", stem.lower())
    return match.group(0) if match else stem.lower()


def paperlists_files(folder: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """The paperlists files, sorted, without those whose stem or venue letters
    equal an ``exclude`` entry (``colm`` drops colm2024 and colm2025)."""
    dropped = {venue.strip().lower() for venue in exclude}
    return [
        path
        for path in sorted(folder.glob("*.json"))
        if path.stem.lower() not in dropped and venue_of(path.stem) not in dropped
    ]


def paperlists_pairs(paths: Iterable[Path]) -> list[tuple[str, str]]:
    """(affiliation string, email domain) per author affiliation in ``paths``."""
    pairs = []
    for path in paths:
        for record in json.loads(path.read_text(encoding="utf-8")):
            affiliations = (record.get("aff") or "").split(";")
            domains = (record.get("aff_domain") or "").split(";")
            if len(affiliations) != len(domains):
                continue
            for affiliation, domain in zip(affiliations, domains, strict=True):
                for part in affiliation.split("+"):
                    if part.strip():
                        pairs.append((part.strip(), domain.strip().lower()))
    return pairs


def _votes(
    pairs: list[tuple[str, str]], owners: dict[str, str]
) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Per normalized string: the institutions its authors' domains name, and
    its spellings."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    spelling: dict[str, Counter[str]] = defaultdict(Counter)
    for affiliation, domain in pairs:
        owner = domain_owner(domain, owners)
        key = normalize(affiliation)
        if owner and key:
            votes[key][owner] += 1
            spelling[key][affiliation] += 1
    return votes, spelling


def _owner_names(tables: SeedTables) -> dict[str, set[str]]:
    """Per institution: its name and aliases, normalized."""
    names: dict[str, set[str]] = defaultdict(set)
    for row in tables.aliases:
        names[row["institution_id"]].add(normalize(row["alias"]))
    for row in tables.institutions:
        names[row["institution_id"]].add(normalize(row["institution_name"]))
    return names


def _names_other(
    part: str, owner: str, alias_owners: dict[str, set[str]], owner_names: set[str]
) -> bool:
    """Whether a normalized comma part is an alias of another institution than
    ``owner`` and is not, word for word, inside one of ``owner``'s names."""
    if not alias_owners.get(part, set()) - {owner}:
        return False
    return not any(f" {part} " in f" {name} " for name in owner_names)


def printed_countries(key: str, places: dict[str, str]) -> set[str]:
    """The countries of the places (normalized name -> country) that a normalized
    string prints as whole words, in runs of up to four words."""
    tokens = key.split()
    return {
        places[" ".join(tokens[start : start + length])]
        for length in range(1, 5)
        for start in range(len(tokens) - length + 1)
        if " ".join(tokens[start : start + length]) in places
    }


def learn_aliases(
    pairs: list[tuple[str, str]], tables: SeedTables, places: dict[str, str]
) -> list[Row]:
    """New alias rows (source paperlists) for ``tables``, which already hold every
    other institution, alias and domain; ``places`` maps unambiguous place names
    (normalized) to their country."""
    owners = {r["domain"]: r["institution_id"] for r in tables.domains}
    owners = {domain: owner for domain, owner in owners.items() if owner}
    institution_ids = {r["institution_id"] for r in tables.institutions}
    country_of = {r["institution_id"]: r["country_code"] for r in tables.institutions}
    alias_names = {normalize(r["alias"]) for r in tables.aliases}
    owner_names = _owner_names(tables)
    alias_owners: dict[str, set[str]] = defaultdict(set)
    for owner, names in owner_names.items():
        for name in names:
            alias_owners[name].add(owner)
    owner_words = {
        owner: {word for name in names for word in name.split()}
        for owner, names in owner_names.items()
    }
    votes, spelling = _votes(pairs, owners)
    learned = []
    for key, counter in votes.items():
        owner, support = counter.most_common(1)[0]
        if support < MIN_SUPPORT or support / sum(counter.values()) < MIN_SHARE:
            continue
        if is_generic(key) or key in alias_names or owner not in institution_ids:
            continue
        if " " not in key:
            continue  # a single word is too weak to learn from votes
        if printed_countries(key, places) - {country_of[owner]}:
            continue  # prints a place elsewhere: the address rule must see it
        if not (set(key.split()) - GENERIC_WORDS) & owner_words.get(owner, set()):
            continue  # shares no telling word with the institution's names
        original = spelling[key].most_common(1)[0][0]
        parts = [normalize(part) for part in original.split(",")]
        if any(part in alias_names for part in parts[1:]):
            continue  # "Bar-Ilan University, Technion": its parts match on their own
        if any(
            _names_other(part, owner, alias_owners, owner_names[owner])
            for part in parts
        ):
            continue  # "University of Genoa, Italy" from iit.it names Genoa
        learned.append(
            {
                "alias": original,
                "institution_id": owner,
                "match_rule": match_rule(key),
                "is_ambiguous": "false",
                "source": "paperlists",
            }
        )
        alias_names.add(key)
    return learned
