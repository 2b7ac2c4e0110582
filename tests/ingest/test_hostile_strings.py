"""No string breaks the build (issue #15): hostile affiliation strings, from metadata
and from a PDF whose side-by-side author blocks merge into one line, go through
ingest and `dbt build`, and every affiliation comes out in marts.fct_affiliations
(or as an error row) exactly once per match.

One warehouse serves every test here: one `dbt build` (about a minute) for the lot.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import duckdb
import pymupdf
import pytest
from click.testing import CliRunner

from ingest.cli import main as cli
from ingest.pdf.pipeline import run_ingest
from ingest.raw import write
from ingest.samples import AuthorSpec, PaperSpec, write_pdf
from ingest.warehouse.build import dbt_build

REPO = Path(__file__).resolve().parents[2]
PAPERS = 320
SEED = 15

REAL = [
    "Stanford University",
    "Tsinghua University",
    "Peking University",
    "Google DeepMind",
    "Carnegie Mellon University",
    "University of Oxford",
    "ETH Zurich",
    "Microsoft Research Asia, Beijing, China",
    "National University of Singapore",
    "Shanghai AI Laboratory",
    "Massachusetts Institute of Technology",
    "University of Toronto",
    "Mila - Quebec AI Institute",
    "Independent Researcher",
    "KAIST",
    "The University of Tokyo, Japan",
]
REPEATED = [
    "Soochow University Soochow University",
    "NTU NTU",
    "Northeastern University, Northeastern University",
    "NTU, NTU, NTU",
    "Soochow University, Suzhou Soochow University",
    "Northeastern University Northeastern University Northeastern University",
    "NTU Singapore NTU",
    "Nanyang Technological University NTU NTU",
]
METACHARACTERS = [
    "O'Brien Institute of Technology",
    "''",
    "'",
    '"',
    'The "Quoted" Laboratory',
    "C:\\Users\\lab\\",
    "\\",
    "\\d+ University \\b",
    "100% Research_Lab",
    "%",
    "_",
    "%_%",
    "Lab (Beijing",
    "[MIT",
    "Star*Lab**",
    "$HOME Institute$",
    "^Start University",
    "Stanford|Berkeley",
    "MIT{2}",
    "Harvard -- University",
    "x'; DROP TABLE affiliations; --",
    "/* Stanford University */",
    "(?i)tsinghua.*",
    "{{ var('territory_policy') }}",
    "{% raw %}Peking University{% endraw %}",
    "a;b;c",
    "Tsinghua University; Peking University",
    ".*+?",
    "C++ Research Lab",
]
CONTROLS = [
    "\u202eytisrevinU drofnatS",
    "Stan\u200bford University",
    "Peking\x00University",
    "\x00",
    "MIT\t\tCSAIL",
    "Google\r\nResearch",
    "\x01\x02\x1f\x7f",
    "\ufeffTsinghua University",
    "Carnegie\u2028Mellon\u2029University",
    "\u200e\u200f\u2066Tsinghua\u2069",
    "\x85KAIST\xa0",
    "\t \r",
]
EMPTY_PARTS = ["A++B", "+", " + ", "++", "", " ", "Stanford University+", "+NTU"]
ENTITIES = [
    "AT&amp;T Labs",
    "King&#39;s College London",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<b>MIT</b>",
    "Peking&nbsp;University",
    "&#x4E2D;&#x56FD;",
    "R&D Center & Co",
]
NON_ASCII = [
    "Technische Universität München",
    "東京大学",
    "清华大学",
    "Université de Montréal",
    "Pontificia Universidad Católica de Chile",
    "서울대학교",
    "Московский государственный университет",
    "جامعة الملك عبدالله للعلوم والتقنية",
    "İstanbul Teknik Üniversitesi",
    "🤖 Robot Lab 🧪",
    "Zoë's Lab, Åarhus, Ørsted",
]
NAMES = ["Wei Zhang", "Ana Silva", "Jürgen Müller", "Zoë Li", "O'Neil Smith", "李雷"]
DOMAINS = ["stanford.edu", "tsinghua.edu.cn", "ntu.edu.sg", "", "gmail.com"]


def _long_strings(rng: random.Random) -> list[str]:
    """5,000-character strings: repeated real names, metacharacters, one word."""
    words = " ".join(REAL + REPEATED).split()
    prose = " ".join(rng.choice(words) for _ in range(1500))
    return [
        ("Department of Computer Science, Stanford University, " * 100)[:5000],
        prose[:5000],
        ("NTU " * 1250)[:5000],
        "A" * 5000,
        ("'\"\\%_([*$^|{2}--/* */" * 250)[:5000],
        ("清华大学 " * 1000)[:5000],
    ]


def hostile_paperlists(count: int = PAPERS, seed: int = SEED) -> list[dict]:
    """`count` paperlists records whose `aff` fields are hostile, mixed with real
    names. The first records each carry one family whole, so every string appears
    at least once; the rest draw at random."""
    rng = random.Random(seed)
    families = [REPEATED, METACHARACTERS, CONTROLS, EMPTY_PARTS, ENTITIES, NON_ASCII]
    families.append(_long_strings(rng))
    pool = [s for family in families for s in family]
    records = []
    for number in range(count):
        first = [pool[number]] if number < len(pool) else []
        n_authors = rng.randint(1, 6)
        affiliations = []
        for k in range(n_authors):
            parts = first if k == 0 and first else []
            while not parts or rng.random() < 0.3:
                source = REAL if rng.random() < 0.4 else rng.choice(families)
                parts.append(rng.choice(source))
            affiliations.append("+".join(parts))
        records.append(
            {
                "id": f"hostile-{number:04d}",
                "title": f"Robust Methods for Hostile Inputs: Part {number}",
                "abstract": "We study strings that break things.",
                "author": ";".join(rng.choice(NAMES) for _ in range(n_authors)),
                "aff": ";".join(affiliations),
                "aff_domain": ";".join(rng.choice(DOMAINS) for _ in range(n_authors)),
            }
        )
    return records


def expected_rows(records: list[dict]) -> tuple[dict[str, str], set[str]]:
    """The ingest contract, restated: affiliation_id -> affiliation_raw for every
    non-empty `+` part of an aligned record; the ids of misaligned records (an
    `aff` holding an extra `;`), which load as misaligned_fields error rows."""
    rows: dict[str, str] = {}
    misaligned: set[str] = set()
    for record in records:
        authors = [a.strip() for a in record["author"].split(";")]
        fields = [f.strip() for f in record["aff"].split(";")]
        if len(fields) != len(authors):
            misaligned.add(record["id"])
            continue
        position = 0
        for author_position, field in enumerate(fields, start=1):
            for part in (p.strip() for p in field.split("+")):
                if part:
                    position += 1
                    key = f"metadata:{record['id']}:{author_position}:{position}"
                    rows[key] = part
    return rows, misaligned


MERGED_AUTHORS = [
    AuthorSpec("Wei Zhang", ("Soochow University Soochow University",)),
    AuthorSpec("Ana Silva", ("NTU NTU",)),
    AuthorSpec("John Smith", ("Northeastern University, Northeastern University",)),
]


def write_merged_pdf(path: Path) -> Path:
    """A paper whose page 1 prints three author blocks side by side, set so close
    that each row (names, affiliations, emails) shares one baseline and is read as
    one line: the three affiliations come out as one merged string."""
    spec = PaperSpec(
        "Side by Side Author Blocks Merge", MERGED_AUTHORS, layout="tabular"
    )
    write_pdf(spec, path)
    with pymupdf.open(path) as doc:
        page = doc[0]
        page.add_redact_annot(pymupdf.Rect(100, 125, 510, 200))  # the tabular block
        page.apply_redactions()
        texts = [a.affiliations[0] for a in MERGED_AUTHORS]
        widths = [pymupdf.get_text_length(t, "tiro", 9) for t in texts]
        xs = [108.0, 108.0 + widths[0] + 12, 108.0 + widths[0] + widths[1] + 24]
        emails = ["wz@suda.edu.cn", "as@ntu.edu.sg", "js@northeastern.edu"]
        rows = [[a.name for a in MERGED_AUTHORS], texts, emails]
        for row_number, (row, font) in enumerate(
            zip(rows, ("tibo", "tiro", "cour"), strict=True)
        ):
            for x, text in zip(xs, row, strict=True):
                page.insert_text(
                    (x, 145 + 13 * row_number), text, fontsize=9, fontname=font
                )
        doc.saveIncr()
    return path


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("hostile_strings")
    raw, warehouse = folder / "raw", folder / "paperscope.duckdb"
    records = hostile_paperlists()
    metadata = folder / "hostile2025.json"
    metadata.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["ingest-metadata", str(metadata), "--raw-dir", str(raw)]
    )
    assert result.exit_code == 0, result.output
    pdfs = folder / "pdf"
    pdfs.mkdir()
    write_merged_pdf(pdfs / "merged-authors.pdf")
    summary = run_ingest(pdfs, raw, workers=1)
    assert not summary.errors, summary.lines()
    # target and logs in the temp folder: other builds may run in the repo meanwhile
    extra = ("--target-path", str(folder / "target"), "--log-path", str(folder))
    built = dbt_build(REPO, raw, warehouse, extra_args=extra)
    return {"records": records, "warehouse": warehouse, "built": built}


@pytest.fixture(scope="module")
def warehouse(hostile_build: dict):
    assert hostile_build["built"], "dbt build failed on hostile strings; see above"
    with duckdb.connect(str(hostile_build["warehouse"]), read_only=True) as con:
        yield con


def test_generated_file_is_hostile_enough():
    records = hostile_paperlists()
    text = json.dumps(records)
    assert len(records) >= 300
    assert max(len(r["aff"]) for r in records) >= 5000
    for needle in ("NTU NTU", "\\u202e", "\\u0000", "&amp;", "++", "/* "):
        assert needle in text
    rows, misaligned = expected_rows(records)
    assert misaligned  # some `;` inside an affiliation splits it into extra fields
    assert len(rows) > 800


def test_dbt_build_passes_on_hostile_strings(hostile_build: dict):
    assert hostile_build["built"]


def test_every_metadata_affiliation_reaches_fct_affiliations(warehouse):
    expected, _ = expected_rows(hostile_paperlists())
    found = dict(
        warehouse.execute(
            "select distinct affiliation_id, affiliation_raw"
            " from marts.fct_affiliations where source = 'metadata'"
        ).fetchall()
    )
    missing = {k: v[:80] for k, v in expected.items() if k not in found}
    assert not missing
    changed = {k: found[k][:80] for k, v in expected.items() if found[k] != v}
    assert not changed
    assert set(found) == set(expected)


def test_misaligned_records_become_error_rows(warehouse):
    _, misaligned = expected_rows(hostile_paperlists())
    errors = {
        paper_id
        for (paper_id,) in warehouse.execute(
            "select paper_id from staging.stg_raw__ingest_errors"
            " where source = 'metadata' and error_kind = 'misaligned_fields'"
        ).fetchall()
    }
    assert errors == misaligned
    papers = {
        paper_id
        for (paper_id,) in warehouse.execute(
            "select paper_id from marts.dim_papers"
        ).fetchall()
    }
    assert misaligned <= papers  # the paper itself still loads


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("marts.fct_affiliations", "affiliation_match_id"),
        ("marts.dim_papers", "paper_id"),
        ("marts.rpt_unresolved_affiliations", "unresolved_affiliation_id"),
        ("marts.bdg_paper_countries", "paper_id || ':' || country_code"),
        ("intermediate.int_affiliations_resolved",
         "affiliation_id || ':' || coalesce(institution_id, '-') || ':'"
         " || coalesce(country_code, '-') || ':' || match_method"
         " || ':' || coalesce(evidence, '-')"),
    ],
)  # fmt: skip
def test_no_duplicate_keys(warehouse, model: str, key: str):
    duplicates = warehouse.execute(
        f"select {key}, count(*) from {model} group by 1 having count(*) > 1 limit 5"
    ).fetchall()
    assert duplicates == []


def test_merged_author_line_is_one_affiliation_string_in_the_warehouse(warehouse):
    merged = {
        raw
        for (raw,) in warehouse.execute(
            "select affiliation_raw from marts.fct_affiliations where source = 'pdf'"
        ).fetchall()
    }
    assert any(
        all(a.affiliations[0] in raw for a in MERGED_AUTHORS) for raw in merged
    ), merged


def test_every_staged_affiliation_has_a_row_in_fct_affiliations(warehouse):
    counts = Counter(
        source
        for (source,) in warehouse.execute(
            "select source from staging.stg_raw__affiliations"
            " anti join marts.fct_affiliations using (affiliation_id)"
        ).fetchall()
    )
    assert counts == Counter()
    sources = warehouse.execute(
        "select distinct source from marts.fct_affiliations order by 1"
    ).fetchall()
    assert sources == [("metadata",), ("pdf",)]


def test_lone_surrogate_in_metadata_loads_as_a_replacement_character(tmp_path: Path):
    metadata = tmp_path / "surrogate2025.json"
    record = {"id": "s-1", "title": "T", "author": "A", "aff": "Bad \ud800 Univ"}
    metadata.write_text(json.dumps([record]), encoding="ascii")
    raw = tmp_path / "raw"
    result = CliRunner().invoke(
        cli, ["ingest-metadata", str(metadata), "--raw-dir", str(raw)]
    )
    assert result.exit_code == 0, result.output
    affiliations = [
        row["affiliation_raw"]
        for row in write.read_column(raw, "affiliations", ["affiliation_raw"])
    ]
    assert affiliations == ["Bad \ufffd Univ"]
