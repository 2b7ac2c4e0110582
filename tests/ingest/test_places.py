"""The place gazetteer (ingest/warehouse/seeds/places.py -> seeds/places.csv)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from ingest.warehouse.seeds import places
from ingest.warehouse.seeds.places import (
    AMBIGUITY_RULE,
    PLACE_KINDS,
    PLACES_FIELDS,
    SOURCES,
    STOPLIST,
    build_places,
    match_key,
    name_variants,
    write_places,
)

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "places.csv"

# ISO 3166-1 codes that pycountry has and seeds/countries.csv lacks (territories
# and a few small states). The gazetteer keeps them; a matcher joins on the
# countries seed. The set may only shrink, as codes are added there.
MISSING_FROM_COUNTRIES_SEED = frozenset({
    "AI", "AQ", "AS", "AW", "AX", "BL", "BQ", "BV", "CC", "CK", "CW", "CX", "EH",
    "FK", "FM", "GG", "GI", "GS", "GW", "HM", "IM", "IO", "JE", "KI", "KM", "MF",
    "MH", "MP", "MQ", "NF", "NR", "PM", "PN", "PW", "SB", "SH", "SJ", "ST", "SX",
    "TF", "TK", "TL", "TO", "TV", "UM", "VI", "VU", "WF", "YT",
})  # fmt: skip


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return build_places()


@pytest.fixture(scope="module")
def by_key(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[match_key(row["place_name"])].append(row)
    return grouped


def countries_of(by_key: dict[str, list[dict]], name: str) -> dict[str, bool]:
    """country_code -> is_ambiguous for the rows that a name's key has."""
    return {r["country_code"]: r["is_ambiguous"] for r in by_key[match_key(name)]}


def test_build_is_deterministic(rows: list[dict]) -> None:
    assert build_places() == rows


def test_rows_are_sorted_and_unique(rows: list[dict]) -> None:
    keys = [(r["place_name"].casefold(), r["country_code"]) for r in rows]
    assert keys == sorted(keys)
    pairs = [(r["place_name"], r["country_code"]) for r in rows]
    assert len(pairs) == len(set(pairs))


def test_columns_and_values(rows: list[dict]) -> None:
    for row in rows:
        assert tuple(row) == PLACES_FIELDS
        assert row["place_kind"] in PLACE_KINDS
        assert row["source"] in SOURCES
        assert isinstance(row["is_ambiguous"], bool)
        assert row["population"] is None or isinstance(row["population"], int)
        assert row["place_name"] == row["place_name"].strip()
    kinds = {r["place_kind"] for r in rows}
    assert kinds == set(PLACE_KINDS)


def test_write_places_writes_the_rows_as_csv(tmp_path: Path, rows: list[dict]) -> None:
    path = tmp_path / "places.csv"
    assert write_places(path, rows) == len(rows)
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text
    with path.open(newline="", encoding="utf-8") as handle:
        read = list(csv.DictReader(handle))
    assert tuple(read[0]) == PLACES_FIELDS
    assert [(r["place_name"], r["country_code"]) for r in read] == [
        (r["place_name"], r["country_code"]) for r in rows
    ]
    assert {r["is_ambiguous"] for r in read} == {"true", "false"}
    assert all(r["population"] == "" or r["population"].isdigit() for r in read)


def test_committed_seed_is_up_to_date(tmp_path: Path, rows: list[dict]) -> None:
    if places.installed_versions() != places.GENERATED_WITH:
        pytest.skip(
            f"installed {places.installed_versions()}, seed generated with"
            f" {places.GENERATED_WITH}"
        )
    path = tmp_path / "places.csv"
    write_places(path, rows)
    assert path.read_bytes() == SEED.read_bytes(), (
        "seeds/places.csv is stale: python -m ingest.warehouse.seeds.places"
    )


@pytest.mark.parametrize(
    ("name", "country_code", "kind"),
    [
        ("Sichuan", "CN", "subdivision"),
        ("Bayern", "DE", "subdivision"),
        ("Bavaria", "DE", "subdivision"),
        ("Québec", "CA", "subdivision"),
        ("Czech", "CZ", "demonym"),
        ("Swiss", "CH", "demonym"),
        ("Korea, Republic of", "KR", "country"),
        ("Republic of Korea", "KR", "country_variant"),
        ("Munich", "DE", "city"),
        ("Inner Mongolia", "CN", "subdivision"),
    ],
)
def test_known_names(
    by_key: dict[str, list[dict]], name: str, country_code: str, kind: str
) -> None:
    found = by_key[match_key(name)]
    assert {r["country_code"] for r in found} == {country_code}
    assert not any(r["is_ambiguous"] for r in found)
    assert kind in {r["place_kind"] for r in found}


def test_quebec_is_printed_with_its_accent(rows: list[dict]) -> None:
    assert {"Québec", "Quebec"} <= {
        r["place_name"] for r in rows if r["country_code"] == "CA"
    }


def test_every_name_names_one_country_or_is_ambiguous(
    by_key: dict[str, list[dict]],
) -> None:
    for key, found in by_key.items():
        codes = {r["country_code"] for r in found}
        flags = {r["is_ambiguous"] for r in found}
        assert len(flags) == 1, key
        assert (len(codes) > 1) == flags.pop(), key


def test_comparable_places_in_two_countries_are_ambiguous(
    by_key: dict[str, list[dict]],
) -> None:
    # Hyderabad: IN (6.9 M) and PK (1.4 M); Punjab: a state of IN, a province of PK
    assert countries_of(by_key, "Hyderabad") == {"IN": True, "PK": True}
    assert countries_of(by_key, "Punjab") == {"IN": True, "PK": True}


def test_cambridge_is_ambiguous_by_the_rule(by_key: dict[str, list[dict]]) -> None:
    # GB 145,674; CA 129,920; US 110,402; NZ 15,192: no 10x lead
    cambridge = countries_of(by_key, "Cambridge")
    assert {"GB", "US", "CA"} <= set(cambridge)
    assert all(cambridge.values())


def test_a_dominant_place_takes_the_name(by_key: dict[str, list[dict]]) -> None:
    # London GB 8.9 M, London CA 0.4 M; Paris FR 2.1 M, Paris US (Texas) 25 k
    assert countries_of(by_key, "London") == {"GB": False}
    assert countries_of(by_key, "Paris") == {"FR": False}


def test_names_that_fold_to_one_key_are_weighed_together(
    by_key: dict[str, list[dict]],
) -> None:
    # "Køge" (DK, 38 k) and "Kōge" (JP, 16 k) are both "koge" to the matcher
    assert countries_of(by_key, "Koge") == {"DK": True, "JP": True}
    # "Baki": the subdivision "Bak\u0131" (no population) holds AZ's key, but Baku's
    # alternate name "Baki" (2.35 M) still weighs against Baki, ID (59 k)
    assert countries_of(by_key, "Baki") == {"AZ": False}


def test_a_country_shares_its_name_with_a_us_state(
    by_key: dict[str, list[dict]],
) -> None:
    assert countries_of(by_key, "Georgia") == {"GE": True, "US": True}


def test_territories_are_their_own_country(by_key: dict[str, list[dict]]) -> None:
    assert countries_of(by_key, "Hong Kong") == {"HK": False}
    assert countries_of(by_key, "Puerto Rico") == {"PR": False}
    assert countries_of(by_key, "Guadeloupe") == {"GP": False}
    assert countries_of(by_key, "Taiwan") == {"TW": False}


@pytest.mark.parametrize(
    "word",
    [
        "University",
        "Mobile",
        "Normal",
        "Union",
        "Victoria",
        "Independence",
        "Center",
        "Central",
        "Meta",
        "Mila",
        "Google",
        "Toyota",
        "George",
        "Federal",
    ],
)
def test_stoplist_words_are_absent(by_key: dict[str, list[dict]], word: str) -> None:
    assert match_key(word) in STOPLIST
    assert match_key(word) not in by_key


def test_no_dangerous_names(rows: list[dict]) -> None:
    for row in rows:
        name = row["place_name"]
        key = match_key(name)
        assert len(key) >= places.MIN_KEY_LENGTH, name
        assert key not in STOPLIST, name
        assert not any(char.isdigit() for char in key), name
        assert not (name == name.upper() and len(name) <= 5), name


def test_no_iso_codes_are_names(rows: list[dict]) -> None:
    codes = {c.alpha_2 for c in pycountry.countries} | {
        c.alpha_3 for c in pycountry.countries
    }
    assert not {r["place_name"] for r in rows} & codes


def test_country_codes_are_iso_and_in_the_countries_seed(rows: list[dict]) -> None:
    iso = {c.alpha_2 for c in pycountry.countries} | places.EXTRA_COUNTRY_CODES
    codes = {r["country_code"] for r in rows}
    assert codes <= iso
    with (REPO / "seeds" / "countries.csv").open(encoding="utf-8") as handle:
        seeded = {r["country_code"] for r in csv.DictReader(handle)}
    assert codes - seeded <= MISSING_FROM_COUNTRIES_SEED


def test_ambiguity_rule_is_documented() -> None:
    assert AMBIGUITY_RULE.startswith("Ambiguity rule.")
    assert f"DOMINANCE_RATIO = {places.DOMINANCE_RATIO}" in AMBIGUITY_RULE
    assert f"{places.SUBDIVISION_WEIGHT:,}" in AMBIGUITY_RULE


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        ("Catalunya [Cataluña]", False, ["Catalunya", "Cataluña"]),
        ("Cardiff [Caerdydd GB-CRD]", False, ["Cardiff", "Caerdydd"]),
        ("Amānat al ‘Āşimah [city]", False, ["Amānat al ‘Āşimah"]),
        ("Fribourg / Freiburg", False, ["Fribourg", "Freiburg"]),
        ("Murcia, Región de", False, ["Murcia, Región de", "Murcia"]),
        ("Sichuan Sheng", False, ["Sichuan Sheng", "Sichuan"]),
        ("Guangxi Zhuangzu Zizhiqu", False, ["Guangxi Zhuangzu Zizhiqu", "Guangxi"]),
        ("Korea, Republic of", True, ["Korea, Republic of", "Republic of Korea"]),
        (
            "Holy See (Vatican City State)",
            True,
            ["Holy See (Vatican City State)", "Holy See", "Vatican City State"],
        ),
    ],
)
def test_name_variants(name: str, country: bool, expected: list[str]) -> None:
    assert name_variants(name, country=country) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Technische Universität München", "technische universitat munchen"),
        ("The Hague", "hague"),
        ("Xi’an", "xi an"),
        # ø, dotless i and ß are folded as macros/fold_accents.sql folds them
        ("København", "kobenhavn"),
        ("Diyarbakır", "diyarbakir"),
        ("Gießen", "giessen"),
        # the same "centre" as the matcher's key
        ("Centre-Val de Loire", "center val de loire"),
        ("Texas A&M", "texas a and m"),
    ],
)
def test_match_key_is_the_sql_twin(text: str, key: str) -> None:
    assert match_key(text) == key
