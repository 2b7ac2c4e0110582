#!/usr/bin/env python3
"""Grow the institution seeds from reference data, reproducibly.

    python bench/bootstrap_seeds.py [--shared ../shared/data] [--seeds seeds]

Analysts own ``seeds/``; rows they write carry ``source = curated`` (by hand) or
``review`` (accepted in bench/grow_seeds.py) and are never changed here. This script
rebuilds only the rows it owns:

- ``hipo``: universities from the Hipo world-universities list (MIT licence) whose name
  or web domain occurs in the Paper Copilot paperlists, i.e. that ML papers name.
  A Hipo university whose name or a domain is already curated is skipped.
- ``paperlists``: aliases learned from the paperlists. Each author's affiliation string
  comes with an email domain; when the domains of a string's authors point to one
  institution (at least ``MIN_SUPPORT`` authors, ``MIN_SHARE`` of them), the string
  becomes an alias of that institution. Strings made only of generic words
  ("Institute of Technology") are never learned, nor strings whose comma-separated
  parts are already aliases ("Bar-Ilan University, Technion" names two), nor strings
  that share no telling word with the institution's names ("HEC Montreal" is not
  Stanford, even when its authors write from stanford.edu).
- ``epoch``: organisations from Epoch AI's "Notable AI Models" organisation list
  (CC BY 4.0, epoch.ai) that have exactly one country and are not known yet: the AI
  companies and labs Hipo lacks.
- ``iana``: country-code top-level domains as email suffixes (``.cn`` -> CN), minus
  the vanity ones (``.ai``, ``.io``, ``.co``, ...).

Run it again after editing curated rows; the output is sorted, so diffs stay small.
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

# Rows people decided (by hand, or through bench/grow_seeds.py): never rebuilt here.
PEOPLE_SOURCES = ("curated", "review")
MIN_SUPPORT = 2
MIN_SHARE = 0.8
GENERIC_WORDS = {
    "the", "of", "and", "for", "in", "at", "de", "university", "universidad",
    "institute", "institut", "college", "school", "department", "dept", "center",
    "centre", "research", "lab", "labs", "laboratory", "science", "sciences",
    "technology", "engineering", "computer", "national", "state", "ai",
    "artificial", "intelligence", "academy", "group", "inc", "ltd", "company",
    "independent", "researcher", "student", "unaffiliated", "none", "n", "a",
}  # fmt: skip
# ccTLDs sold as generic names; an email there says nothing about a country.
VANITY_TLDS = {"ai", "io", "co", "me", "tv", "cc", "ly", "gg", "sh", "so", "to", "ws"}
ACRONYM_MAX_LENGTH = 5
# Short single-word aliases that are names, not acronyms (matched case-insensitively).
SHORT_WORD_ALIASES = {
    "meta", "uber", "snap", "sony", "penn", "apple", "intel", "baidu", "vivo",
    "oppo", "naver", "kakao", "fudan", "riken", "inria", "epfl", "mila", "bosch",
    "sber",
}  # fmt: skip

INSTITUTION_FIELDS = [
    "institution_id",
    "institution_name",
    "country_code",
    "institution_type",
    "parent_institution_id",
    "source",
]
ALIAS_FIELDS = ["alias", "institution_id", "match_rule", "is_ambiguous", "source"]
DOMAIN_FIELDS = ["domain", "institution_id", "country_code", "source"]


def normalize(text: str) -> str:
    """The Python twin of macros/normalize_text.sql (used for discovery only)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def slug(text: str) -> str:
    return normalize(text).replace(" ", "-")


def match_rule(alias: str) -> str:
    token = normalize(alias)
    if " " not in token and len(token) <= ACRONYM_MAX_LENGTH:
        return "word" if token in SHORT_WORD_ALIASES else "acronym"
    return "phrase"


def read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, fields: list[str], rows: list[dict], key) -> None:
    rows = sorted(rows, key=key)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows({f: row.get(f, "") for f in fields} for row in rows)


def paperlists_pairs(folder: Path) -> list[tuple[str, str]]:
    """(affiliation string, email domain) per author affiliation in every file."""
    pairs = []
    for path in sorted(folder.glob("*.json")):
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


def ngrams(text: str, longest: int = 12) -> set[str]:
    tokens = text.split()
    return {
        " ".join(tokens[i : i + n])
        for n in range(1, longest + 1)
        for i in range(len(tokens) - n + 1)
    }


def domain_owner(domain: str, owners: dict[str, str]) -> str | None:
    """Longest registered suffix of ``domain`` (cs.cmu.edu -> cmu.edu)."""
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        owner = owners.get(".".join(parts[i:]))
        if owner:
            return owner
    return None


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


def alias_key(alias: str) -> str:
    return re.sub(r"^the ", "", normalize(alias))


def mark_ambiguous(aliases: list[dict]) -> None:
    """Generated rows say whether their name also names another institution; rows
    people wrote keep their own answer (the dbt test ambiguous_aliases_are_marked
    fails when a shared name is not marked on every row)."""
    owners: dict[str, set[str]] = collections.defaultdict(set)
    for row in aliases:
        owners[alias_key(row["alias"])].add(row["institution_id"])
    for row in aliases:
        if row["source"] in PEOPLE_SOURCES and row.get("is_ambiguous"):
            continue
        shared = len(owners[alias_key(row["alias"])]) > 1
        row["is_ambiguous"] = (
            "true"
            if shared and row["source"] not in PEOPLE_SOURCES
            else (row.get("is_ambiguous") or "false")
        )


def add_epoch_organisations(
    path: Path,
    seeds: Path,
    institutions: list[dict],
    aliases: list[dict],
    taken_ids: set[str],
) -> int:
    """Epoch AI organisations (CC BY 4.0) with exactly one country, not yet known.

    "Mohamed bin Zayed University of Artificial Intelligence (MBZUAI)" gives the name
    without the parenthesis and the acronym as a second alias.
    """
    if not path.exists():
        return 0
    country_codes = {
        normalize(r["country_name"]): r["country_code"]
        for r in read_csv(seeds / "countries.csv")
    }
    country_codes |= {normalize(k): v for k, v in EPOCH_COUNTRY_NAMES.items()}
    known = {normalize(r["alias"]) for r in aliases}
    known |= {normalize(r["institution_name"]) for r in institutions}
    known |= EPOCH_SKIP | set(country_codes)
    known |= {normalize(r["alias"]) for r in read_csv(seeds / "country_aliases.csv")}
    added = 0
    for row in read_csv(path):
        name = row["Organization"].strip().strip('"')
        country = country_codes.get(normalize(row["Country"]))
        kinds = row["Organization categorization"].split(",")
        kind = (
            EPOCH_TYPES.get(kinds[0].strip(), "other") if len(kinds) == 1 else "other"
        )
        acronym = re.search(r"\(([A-Za-z0-9&.\- ]{2,12})\)\s*$", name)
        base = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
        key = normalize(base)
        if not country or not key or key in known or set(key.split()) <= GENERIC_WORDS:
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
        institutions.append(
            {
                "institution_id": institution_id,
                "institution_name": base,
                "country_code": country,
                "institution_type": kind,
                "parent_institution_id": "",
                "source": "epoch",
            }
        )
        names = [base]
        if acronym and normalize(acronym.group(1)) not in known:
            names.append(acronym.group(1))
            known.add(normalize(acronym.group(1)))
        for alias in names:
            aliases.append(
                {
                    "alias": alias,
                    "institution_id": institution_id,
                    "match_rule": match_rule(alias),
                    "source": "epoch",
                }
            )
        added += 1
    return added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared/data"))
    ap.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = ap.parse_args()

    institutions = [
        r
        for r in read_csv(args.seeds / "institutions.csv")
        if r["source"] in PEOPLE_SOURCES
    ]
    aliases = [
        r
        for r in read_csv(args.seeds / "institution_aliases.csv")
        if r["source"] in PEOPLE_SOURCES
    ]
    domains = [
        r
        for r in read_csv(args.seeds / "email_domains.csv")
        if r["source"] in PEOPLE_SOURCES
    ]
    countries = {r["country_code"] for r in read_csv(args.seeds / "countries.csv")}

    curated_names = {normalize(r["institution_name"]) for r in institutions}
    curated_names |= {normalize(r["alias"]) for r in aliases}
    domain_owners = {
        r["domain"]: r["institution_id"] for r in domains if r["institution_id"]
    }

    pairs = paperlists_pairs(args.shared / "dev" / "paperlists")
    seen_grams: set[str] = set()
    for affiliation in {a for a, _ in pairs}:
        seen_grams |= ngrams(normalize(affiliation))
    seen_domains = {d for _, d in pairs}

    # Hipo universities that ML papers name, keyed by normalized name + country.
    hipo_path = (
        args.shared / "reference" / "hipo" / "world_universities_and_domains.json"
    )
    hipo = json.loads(hipo_path.read_text(encoding="utf-8"))
    taken_ids = {r["institution_id"] for r in institutions}
    added: dict[tuple[str, str], dict] = {}
    for entry in hipo:
        name, country = entry["name"].strip(), entry["alpha_two_code"]
        key = (normalize(name), country)
        entry_domains = [d.lower() for d in entry["domains"]]
        if country not in countries or key[0] in curated_names:
            continue
        if set(key[0].split()) <= GENERIC_WORDS:
            continue  # "National University" names a dozen places
        if any(d in domain_owners for d in entry_domains):
            continue
        named = key[0] in seen_grams and len(key[0].split()) >= 2
        emailed = any(d in seen_domains for d in entry_domains)
        if not (named or emailed):
            continue
        if key in added:
            added[key]["domains"].extend(entry_domains)
            continue
        institution_id = slug(name)
        if institution_id in taken_ids:
            institution_id = f"{institution_id}-{country.lower()}"
        if institution_id in taken_ids:
            continue
        taken_ids.add(institution_id)
        added[key] = {
            "institution_id": institution_id,
            "institution_name": name,
            "country_code": country,
            "institution_type": "university",
            "parent_institution_id": "",
            "source": "hipo",
            "domains": entry_domains,
        }
    for (normalized_name, _), row in added.items():
        institutions.append(row)
        aliases.append(
            {
                "alias": row["institution_name"],
                "institution_id": row["institution_id"],
                "match_rule": match_rule(normalized_name),
                "source": "hipo",
            }
        )
        for domain in row["domains"]:
            if domain not in domain_owners:
                domain_owners[domain] = row["institution_id"]
                domains.append(
                    {
                        "domain": domain,
                        "institution_id": row["institution_id"],
                        "country_code": row["country_code"],
                        "source": "hipo",
                    }
                )

    added_epoch = add_epoch_organisations(
        args.shared / "reference" / "epoch-ai" / "organizations.csv",
        args.seeds,
        institutions,
        aliases,
        taken_ids,
    )

    # Aliases learned from strings whose authors' email domains agree.
    country_of = {r["institution_id"]: r["country_code"] for r in institutions}
    known_aliases = {(normalize(r["alias"]), r["institution_id"]) for r in aliases}
    alias_names = {normalize(r["alias"]) for r in aliases}
    votes: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    spelling: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter
    )
    for affiliation, domain in pairs:
        owner = domain_owner(domain, domain_owners)
        key = normalize(affiliation)
        if owner and key:
            votes[key][owner] += 1
            spelling[key][affiliation] += 1
    owner_words: dict[str, set[str]] = collections.defaultdict(set)
    for row in aliases:
        owner_words[row["institution_id"]] |= set(normalize(row["alias"]).split())
    for row in institutions:
        owner_words[row["institution_id"]] |= set(
            normalize(row["institution_name"]).split()
        )
    learned = 0
    for key, counter in votes.items():
        owner, support = counter.most_common(1)[0]
        if support < MIN_SUPPORT or support / sum(counter.values()) < MIN_SHARE:
            continue
        if set(key.split()) <= GENERIC_WORDS or key in alias_names:
            continue
        if (key, owner) in known_aliases or owner not in country_of:
            continue
        if not (set(key.split()) - GENERIC_WORDS) & owner_words[owner]:
            continue  # shares no telling word with the institution's names
        original = spelling[key].most_common(1)[0][0]
        if any(normalize(part) in alias_names for part in original.split(",")[1:]):
            continue  # "Bar-Ilan University, Technion": its parts match on their own
        aliases.append(
            {
                "alias": original,
                "institution_id": owner,
                "match_rule": match_rule(key),
                "source": "paperlists",
            }
        )
        alias_names.add(key)
        learned += 1

    for row in domains:
        if not row["country_code"] and row["institution_id"] in country_of:
            row["country_code"] = country_of[row["institution_id"]]
    covered = {r["domain"] for r in domains}
    for code in sorted(countries):
        tld = code.lower() if code != "GB" else "uk"
        if tld not in VANITY_TLDS and tld not in covered:
            domains.append(
                {
                    "domain": tld,
                    "institution_id": "",
                    "country_code": code,
                    "source": "iana",
                }
            )

    mark_ambiguous(aliases)
    write_csv(
        args.seeds / "institutions.csv",
        INSTITUTION_FIELDS,
        institutions,
        key=lambda r: r["institution_id"],
    )
    write_csv(
        args.seeds / "institution_aliases.csv",
        ALIAS_FIELDS,
        aliases,
        key=lambda r: (normalize(r["alias"]), r["institution_id"]),
    )
    write_csv(
        args.seeds / "email_domains.csv",
        DOMAIN_FIELDS,
        domains,
        key=lambda r: (r["domain"], r["institution_id"]),
    )
    print(
        f"institutions {len(institutions)} (hipo {len(added)}, epoch {added_epoch}), "
        f"aliases {len(aliases)} "
        f"(learned {learned}), email domains {len(domains)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
