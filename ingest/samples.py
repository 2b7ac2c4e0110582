"""Build NeurIPS-like paper PDFs with PyMuPDF: the sample corpus and the test fixtures.

No LaTeX needed: each page is laid out from HTML boxes at explicit positions, so a test
can ask for exactly the author-block layout it checks. ``write_pdf`` makes one paper;
``write_sample_corpus`` makes the small corpus shipped in ``data/sample/pdf``.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

PAGE = pymupdf.Rect(0, 0, 612, 792)
LEFT, RIGHT = 108.0, 504.0
NOTICE = "39th Conference on Neural Information Processing Systems (NeurIPS 2025)."
LAYOUTS = ("tabular", "numbered", "footnote", "compact", "icml", "braces", "team")


@dataclass(frozen=True)
class AuthorSpec:
    name: str
    affiliations: tuple[str, ...] = ()
    email: str | None = None
    footnote: str | None = None  # e.g. "Work done during an internship at Google."
    equal_contribution: bool = False


@dataclass
class PaperSpec:
    title: str
    authors: list[AuthorSpec]
    layout: str = "numbered"
    abstract: str = "We study a problem and propose a method that works well."
    body: list[str] = field(default_factory=lambda: [_FILLER])
    references: list[str] = field(default_factory=list)
    appendix: list[str] = field(default_factory=list)
    team: str | None = None  # layout "team": the organisation printed under the names
    body_pages: int = 1


_FILLER = (
    "Our method is evaluated on standard benchmarks. We report the mean over five "
    "seeds and the standard error. Hyper-parameters were chosen on a validation split. "
) * 6

_CSS = "* {font-family: serif;}"


def _box(
    page: pymupdf.Page, rect: tuple[float, float, float, float], body: str
) -> float:
    """Insert HTML into rect; return the y just below the text."""
    spare, _ = page.insert_htmlbox(pymupdf.Rect(*rect), body, css=_CSS)
    return rect[3] - spare if spare >= 0 else rect[3]


def _p(
    text: str,
    size: float = 10,
    align: str = "center",
    bold: bool = False,
    mono: bool = False,
) -> str:
    style = f"font-size:{size}pt;text-align:{align};margin:0"
    if mono:
        style += ";font-family:monospace"
    inner = f"<b>{text}</b>" if bold else text
    return f'<p style="{style}">{inner}</p>'


def _e(text: str) -> str:
    return html.escape(text)


def _affiliation_index(authors: list[AuthorSpec]) -> list[str]:
    ordered: list[str] = []
    for author in authors:
        for affiliation in author.affiliations:
            if affiliation not in ordered:
                ordered.append(affiliation)
    return ordered


def _symbols(author: AuthorSpec, footnotes: list[str]) -> list[str]:
    marks = []
    if author.equal_contribution:
        marks.append("*")
    if author.footnote:
        marks.append("†‡§¶"[footnotes.index(author.footnote) % 4])
    return marks


def _author_block(page: pymupdf.Page, spec: PaperSpec, top: float) -> float:
    authors = spec.authors
    footnotes = [a.footnote for a in authors if a.footnote]
    footnotes = list(dict.fromkeys(footnotes))
    index = _affiliation_index(authors)
    layout = spec.layout
    if layout == "tabular":
        y = top
        for row_start in range(0, len(authors), 3):
            row = authors[row_start : row_start + 3]
            width = (RIGHT - LEFT) / len(row)
            bottom = y
            for k, author in enumerate(row):
                x0 = LEFT + k * width + 4
                parts = [_p(_e(author.name), bold=True)]
                parts += [_p(_e(a)) for a in author.affiliations]
                if author.email:
                    parts.append(_p(_e(author.email), mono=True))
                bottom = max(
                    bottom, _box(page, (x0, y, x0 + width - 8, y + 80), "".join(parts))
                )
            y = bottom + 12
        return y
    if layout in ("numbered", "footnote", "compact", "icml"):
        names = []
        for author in authors:
            marks = [str(index.index(a) + 1) for a in author.affiliations]
            if layout == "footnote" or layout == "icml":
                marks += _symbols(author, footnotes)
            sup = f"<sup>{','.join(marks)}</sup>" if marks else ""
            names.append(f"<b>{_e(author.name)}</b>{sup}")
        y = _box(page, (LEFT, top, RIGHT, top + 60), _p(" &nbsp;&nbsp; ".join(names)))
        if layout != "icml":
            entries = [f"<sup>{i + 1}</sup>{_e(a)}" for i, a in enumerate(index)]
            y = _box(
                page,
                (LEFT, y + 2, RIGHT, y + 60),
                _p(" &nbsp;&nbsp;&nbsp; ".join(entries)),
            )
        emails = [a.email for a in authors if a.email]
        if emails and layout != "compact" and layout != "icml":
            y = _box(
                page,
                (LEFT, y + 2, RIGHT, y + 40),
                _p(", ".join(_e(e) for e in emails), mono=True),
            )
        return y + 10
    if layout == "braces":
        names = ", ".join(_e(a.name) for a in authors[:-1])
        names = f"{names} and {_e(authors[-1].name)}" if len(authors) > 1 else names
        y = _box(page, (LEFT, top, RIGHT, top + 40), _p(names, size=11, bold=True))
        lines = [a for a in index]
        y = _box(
            page,
            (LEFT, y + 2, RIGHT, y + 60),
            "".join(_p(_e(line), size=11) for line in lines),
        )
        locals_ = [a.email.split("@")[0] for a in authors if a.email]
        domains = {a.email.split("@")[1] for a in authors if a.email}
        if locals_ and len(domains) == 1:
            y = _box(
                page,
                (LEFT, y + 2, RIGHT, y + 30),
                _p("{" + ",".join(locals_) + "}@" + domains.pop(), size=10, mono=True),
            )
        return y + 10
    if layout == "team":
        y = _box(
            page,
            (LEFT, top, RIGHT, top + 60),
            _p(" &nbsp;&nbsp; ".join(_e(a.name) for a in authors)),
        )
        y = _box(page, (LEFT, y + 2, RIGHT, y + 30), _p(_e(spec.team or ""), bold=True))
        return y + 10
    raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")


def _footnotes(page: pymupdf.Page, spec: PaperSpec) -> None:
    notes: list[str] = []
    footnotes = list(dict.fromkeys(a.footnote for a in spec.authors if a.footnote))
    if spec.layout in ("footnote", "icml"):
        if any(a.equal_contribution for a in spec.authors):
            notes.append("<sup>*</sup>Equal contribution.")
        for i, text in enumerate(footnotes):
            notes.append(f"<sup>{'†‡§¶'[i % 4]}</sup>{_e(text)}")
    if spec.layout == "icml":
        index = _affiliation_index(spec.authors)
        entries = " ".join(f"<sup>{i + 1}</sup>{_e(a)}." for i, a in enumerate(index))
        first = spec.authors[0]
        contact = (
            f" Correspondence to: {_e(first.name)} &lt;{_e(first.email or '')}&gt;."
        )
        notes.append(entries + contact)
    if notes:
        _box(
            page,
            (LEFT, 660, RIGHT, 722),
            "".join(_p(n, size=8, align="left") for n in notes),
        )
    _box(page, (LEFT, 724, RIGHT, 740), _p(NOTICE, size=8, align="left"))


def write_pdf(spec: PaperSpec, path: Path) -> Path:
    """Typeset ``spec`` into a PDF at ``path``."""
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE.width, height=PAGE.height)
    y = _box(page, (LEFT, 90, RIGHT, 150), _p(_e(spec.title), size=17, bold=True))
    y = _author_block(page, spec, y + 24)
    y = _box(page, (LEFT, y + 8, RIGHT, y + 30), _p("Abstract", size=12, bold=True))
    y = _box(
        page,
        (LEFT + 25, y + 4, RIGHT - 25, y + 200),
        _p(_e(spec.abstract), align="justify"),
    )
    y = _box(
        page,
        (LEFT, y + 14, RIGHT, y + 34),
        _p("1 &nbsp; Introduction", size=14, align="left", bold=True),
    )
    body = list(spec.body)
    _box(
        page,
        (LEFT, y + 6, RIGHT, 650),
        "".join(_p(_e(t), align="justify") for t in body[:1]),
    )
    _footnotes(page, spec)
    for extra in range(spec.body_pages - 1):
        page = doc.new_page(width=PAGE.width, height=PAGE.height)
        _box(
            page,
            (LEFT, 72, RIGHT, 720),
            _p(f"{extra + 2} &nbsp; Experiments", size=14, align="left", bold=True)
            + "".join(_p(_e(t), align="justify") for t in body[1:] or [_FILLER]),
        )
    page = doc.new_page(width=PAGE.width, height=PAGE.height)
    parts = [_p("References", size=14, align="left", bold=True)]
    parts += [
        _p(f"[{i + 1}] {_e(r)}", align="left") for i, r in enumerate(spec.references)
    ]
    if spec.appendix:
        parts.append(_p("A &nbsp; Appendix", size=14, align="left", bold=True))
        parts += [_p(_e(t), align="justify") for t in spec.appendix]
    _box(page, (LEFT, 72, RIGHT, 720), "".join(parts))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.subset_fonts()
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return path


# --- the shipped sample corpus ------------------------------------------------

_INSTITUTIONS = [
    ("Stanford University, Stanford, CA, USA", "stanford.edu"),
    ("Carnegie Mellon University", "cmu.edu"),
    ("University of California, Berkeley", "berkeley.edu"),
    ("Google DeepMind", "google.com"),
    ("Microsoft Research Asia, Beijing, China", "microsoft.com"),
    ("Tsinghua University, Beijing, China", "tsinghua.edu.cn"),
    ("Peking University", "pku.edu.cn"),
    ("Shanghai Jiao Tong University", "sjtu.edu.cn"),
    ("Institute of Automation, Chinese Academy of Sciences", "ia.ac.cn"),
    ("The Hong Kong University of Science and Technology", "ust.hk"),
    ("Alibaba Group", "alibaba-inc.com"),
    ("ETH Zürich, Switzerland", "ethz.ch"),
    ("University of Oxford, United Kingdom", "ox.ac.uk"),
    ("Mila - Quebec AI Institute, Montréal, Canada", "mila.quebec"),
    ("KAIST, Daejeon, South Korea", "kaist.ac.kr"),
    ("The University of Tokyo, Japan", "u-tokyo.ac.jp"),
    ("National University of Singapore", "nus.edu.sg"),
    ("Max Planck Institute for Intelligent Systems, Tübingen, Germany", "tue.mpg.de"),
]
_FIRST = [
    "Wei",
    "Anna",
    "José",
    "Yuki",
    "Li",
    "Sven",
    "Priya",
    "Chen",
    "Zoë",
    "Omar",
    "Łukasz",
    "Mei",
    "Jürgen",
    "Fatima",
    "Hao",
    "Élodie",
    "Ravi",
    "Xin",
]
_LAST = [
    "Zhang",
    "Müller",
    "García",
    "Tanaka",
    "Wang",
    "Larsen",
    "Sharma",
    "Liu",
    "Dubois",
    "Haddad",
    "Kowalski",
    "Chen",
    "Schmidt",
    "Nasser",
    "Li",
    "Moreau",
    "Patel",
    "Zhao",
]
_TOPICS = [
    "Sparse Attention",
    "Preference Optimization",
    "Graph Neural Networks",
    "Diffusion Policies",
    "Test-Time Scaling",
    "Retrieval Augmentation",
    "Federated Learning",
    "Tokenizer Design",
    "Reward Hacking",
    "Model Merging",
]
_MENTIONS = [
    "We fine-tune Llama 3 8B and compare with Qwen2.5-7B under the same budget.",
    "Our encoder is a standard Transformer with rotary position embeddings.",
    "As a baseline we prompt GPT-4o with five in-context examples.",
    "DeepSeek-R1 traces are used as teacher signals for distillation.",
    "We also evaluate Mistral 7B as a smaller open-weight model.",
    "The alpaca herd in the Andes served as a running example for the dataset.",
    "The power transformer at the substation was not part of our study.",
]
_REFERENCES = [
    "H. Touvron et al. LLaMA: Open and efficient foundation language models. 2023.",
    "A. Yang et al. Qwen2.5 technical report. 2024.",
    "A. Vaswani et al. Attention is all you need. In NeurIPS, 2017.",
    "T. Brown et al. Language models are few-shot learners. In NeurIPS, 2020.",
]


def sample_specs(count: int = 20, seed: int = 2025) -> list[tuple[str, PaperSpec]]:
    """Deterministic varied papers: every layout, mixed countries and mentions."""
    rng = random.Random(seed)
    specs: list[tuple[str, PaperSpec]] = []
    for number in range(count):
        layout = LAYOUTS[number % len(LAYOUTS)]
        n_authors = rng.randint(2, 5)
        institutions = rng.sample(_INSTITUTIONS, rng.randint(1, 3))
        authors = []
        for k in range(n_authors):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            picks = rng.sample(
                institutions, 1 if rng.random() < 0.8 else min(2, len(institutions))
            )
            domain = picks[0][1]
            footnote = None
            if layout in ("footnote", "icml") and k == n_authors - 1:
                footnote = "Work done during an internship at Google."
            authors.append(
                AuthorSpec(
                    name=f"{first} {last}",
                    affiliations=tuple(p[0] for p in picks),
                    email=f"{last.lower()}.{k}@{domain}".encode(
                        "ascii", "ignore"
                    ).decode(),
                    footnote=footnote,
                    equal_contribution=layout == "footnote" and k < 2,
                )
            )
        if layout == "braces":  # one shared affiliation and one email domain
            shared = institutions[0]
            authors = [
                AuthorSpec(
                    a.name, (shared[0],), f"{a.name.split()[-1].lower()}@{shared[1]}"
                )
                for a in authors
            ]
        mentions = rng.sample(_MENTIONS, 3)
        spec = PaperSpec(
            title=f"{rng.choice(_TOPICS)} for Large Models: A Study ({number + 1})",
            authors=authors,
            layout=layout,
            abstract=f"We revisit {rng.choice(_TOPICS).lower()}. {mentions[0]}",
            body=[_FILLER + " ".join(mentions[1:]), _FILLER],
            references=rng.sample(_REFERENCES, 2),
            appendix=[_FILLER] if number % 3 == 0 else [],
            team="Qwen Team, Alibaba Group" if layout == "team" else None,
            body_pages=1 + number % 3,
        )
        specs.append((f"sample-{number + 1:02d}", spec))
    return specs


def write_sample_corpus(out_dir: Path, count: int = 20) -> list[Path]:
    return [
        write_pdf(spec, out_dir / f"{name}.pdf") for name, spec in sample_specs(count)
    ]


def sample_paperlists(count: int = 20) -> list[dict]:
    """Paperlists-style metadata for the sample corpus, with the cases it must handle.

    - every sample paper, under its file stem as id (matched to the PDF by id);
    - sample-03's first author lists a newer profile affiliation (Peking University
      instead of what the PDF prints): a planted source disagreement;
    - sample-05 under another id and a re-cased title (matched by title);
    - one paper that has no PDF (metadata only);
    - one record with no title and one whose `aff` is short by one field.
    """
    records = []
    for name, spec in sample_specs(count):
        affiliations = ["+".join(a.affiliations) for a in spec.authors]
        domains = [
            "+".join((a.email or "@").split("@")[1] for _ in a.affiliations)
            for a in spec.authors
        ]
        record_id = name
        title = spec.title
        if name == "sample-03":
            affiliations[0] = "Peking University"
            domains[0] = "pku.edu.cn"
        if name == "sample-05":
            record_id, title = "OpenReview5x", spec.title.upper()
        records.append(
            {
                "id": record_id,
                "title": title,
                "abstract": spec.abstract,
                "author": ";".join(a.name for a in spec.authors),
                "aff": ";".join(affiliations),
                "aff_domain": ";".join(domains),
            }
        )
    records.append(
        {
            "id": "metadata-only-1",
            "title": "A Paper We Have No PDF For",
            "abstract": "We fine-tune Qwen2.5 on a new benchmark.",
            "author": "Mei Wang;John Smith",
            "aff": "Fudan University;Massachusetts Institute of Technology",
            "aff_domain": "fudan.edu.cn;mit.edu",
        }
    )
    records.append({"id": "no-title-1", "title": "", "author": "A B", "aff": "X"})
    records.append(
        {
            "id": "misaligned-1",
            "title": "Authors Outnumber Affiliations",
            "author": "A B;C D;E F",
            "aff": "Tsinghua University;Google",
            "aff_domain": "tsinghua.edu.cn;google.com",
        }
    )
    return records


def write_sample_metadata(path: Path, count: int = 20) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(sample_paperlists(count), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return path
