"""Institutions from maintained reference lists, taken whole.

- Hipo world-universities list (MIT licence, github.com/Hipo/university-domains-list):
  every university, with its names, web domains and country. Hipo lists some
  universities twice; the same normalized name in the same country is one
  institution. A name used in several countries gets the country code in its id
  (``american-university-bg``), so ids do not depend on the list's order.
- Epoch AI's organisation list ("Data on Notable AI Models", CC BY 4.0, epoch.ai):
  the AI companies and labs Hipo lacks, when Epoch gives exactly one country.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ingest.warehouse.seeds.common import (
    Row,
    SeedError,
    default_country_basis,
    is_generic,
    normalize,
    slug,
)

HIPO_FILE = Path("reference/hipo/world_universities_and_domains.json")
EPOCH_FILE = Path("reference/epoch-ai/organizations.csv")

# Epoch organisation names that are also ordinary words or places: as aliases they
# would fire on "Together with", "Liquid crystals", a city or a country.
EPOCH_SKIP = {
    "china", "shanghai", "yichang", "factory", "magic", "together", "writer",
    "liquid", "cosine", "inception", "opera", "rise", "surf", "runway", "adept",
    "imbue", "poolside", "x", "cosmos",
}  # fmt: skip
EPOCH_TYPES = {
    "Academia": "university",
    "Industry": "company",
    "Government": "government",
    "Research collective": "lab",
}
EPOCH_COUNTRY_NAMES = {
    "United States of America": "US",
    "United Kingdom of Great Britain and Northern Ireland": "GB",
    "Korea (Republic of)": "KR",
    "Russia": "RU",
    "Taiwan": "TW",
    "Hong Kong": "HK",
    "Iran": "IR",
    "Viet Nam": "VN",
    "Czechia": "CZ",
    "Turkey": "TR",
}


@dataclass
class Candidate:
    """A generated institution with the names and domains it brings."""

    institution: Row
    names: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)

    @property
    def institution_id(self) -> str:
        return self.institution["institution_id"]

    @property
    def country_code(self) -> str:
        return self.institution["country_code"]


def read_reference(shared: Path, relative: Path) -> Path:
    path = shared / relative
    if not path.exists():
        raise SeedError(
            f"{path} is missing: point --shared at the shared data folder "
            f"(the one holding {relative.parts[0]}/)"
        )
    return path


def clean_domain(domain: str) -> str:
    """Hipo writes a few domains as web hosts (www.ysu.ac.kr): keep the domain."""
    domain = domain.strip().lower().rstrip(".")
    return domain.removeprefix("www.")


def hipo_candidates(path: Path, countries: set[str]) -> list[Candidate]:
    """Every Hipo university in a known country, one per normalized name and
    country, sorted by (name, country)."""
    groups: dict[tuple[str, str], Candidate] = {}
    for entry in json.loads(path.read_text(encoding="utf-8")):
        name, country = entry["name"].strip(), entry["alpha_two_code"].strip()
        key = normalize(name)
        if not key or country not in countries:
            continue
        candidate = groups.get((key, country))
        if candidate is None:
            candidate = groups[(key, country)] = Candidate(
                {
                    "institution_name": name,
                    "country_code": country,
                    "country_basis": "site",
                    "institution_type": "university",
                    "parent_institution_id": "",
                    "source": "hipo",
                },
                names=[] if is_generic(key) else [name],
            )
        for domain in map(clean_domain, entry.get("domains") or []):
            if domain and domain not in candidate.domains:
                candidate.domains.append(domain)
    countries_of_name: dict[str, set[str]] = defaultdict(set)
    for key, country in groups:
        countries_of_name[key].add(country)
    candidates = []
    for (key, country), candidate in sorted(groups.items()):
        institution_id = slug(candidate.institution["institution_name"])
        if len(countries_of_name[key]) > 1:
            institution_id = f"{institution_id}-{country.lower()}"
        candidate.institution["institution_id"] = institution_id
        candidates.append(candidate)
    return candidates


def epoch_country_codes(countries: list[Row]) -> dict[str, str]:
    codes = {normalize(r["country_name"]): r["country_code"] for r in countries}
    return codes | {normalize(k): v for k, v in EPOCH_COUNTRY_NAMES.items()}


def _epoch_type(categories: str) -> tuple[str, str]:
    """(institution_type, country_basis): Epoch places a company at its
    headquarters; an organisation with several categories is `other`."""
    kinds = [kind.strip() for kind in categories.split(",") if kind.strip()]
    kind = EPOCH_TYPES.get(kinds[0], "other") if len(kinds) == 1 else "other"
    basis = "headquarters" if "Industry" in kinds else default_country_basis(kind)
    return kind, basis


def epoch_candidates(
    path: Path, country_codes: dict[str, str], known: set[str], taken_ids: set[str]
) -> list[Candidate]:
    """Epoch organisations with exactly one country whose name is not ``known``
    (normalized names already used). "Mohamed bin Zayed University of Artificial
    Intelligence (MBZUAI)" gives the name without the parenthesis and the acronym
    as a second alias. ``known`` and ``taken_ids`` grow with what is added."""
    known = known | EPOCH_SKIP | set(country_codes)
    candidates = []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        name = row["Organization"].strip().strip('"')
        country = country_codes.get(normalize(row["Country"]))
        acronym = re.search(r"\(([A-Za-z0-9&.\- ]{2,12})\)\s*$", name)
        base = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
        key = normalize(base)
        if not country or not key or key in known or is_generic(key):
            continue
        if len(key) < 4 and " " not in key:
            continue  # "1X", "AI2": too short to match safely from a bulk list
        institution_id = slug(base)
        if institution_id in taken_ids:
            institution_id = f"{institution_id}-{country.lower()}"
        if institution_id in taken_ids:
            continue
        taken_ids.add(institution_id)
        known.add(key)
        kind, basis = _epoch_type(row["Organization categorization"])
        names = [base]
        if acronym and normalize(acronym.group(1)) not in known:
            names.append(acronym.group(1))
            known.add(normalize(acronym.group(1)))
        candidates.append(
            Candidate(
                {
                    "institution_id": institution_id,
                    "institution_name": base,
                    "country_code": country,
                    "country_basis": basis,
                    "institution_type": kind,
                    "parent_institution_id": "",
                    "source": "epoch",
                },
                names=names,
            )
        )
    return candidates
