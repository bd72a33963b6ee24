"""Papers in PubTator's text format: title and text lines, one line per entity
mention, one line per claim, a blank line between papers.

    <id>|t|<title>
    <id>|a|<clean text on one line>
    <id>\t<start>\t<end>\t<mention>\t<Type>\t<identifier>
    <id>\t<claim type>\t<subject identifier>\t<object identifier>\t<qualifier>

`<id>` is the paper's PMID where it has one, else its doc_id. Offsets count
from the start of the title line's text, the text line beginning one
character after the title (PubTator's convention); the clean text's line
breaks and tabs become spaces, so its offsets only shift by that. Entity
types are PubTator's names where there is one (Gene, Chemical, Disease,
CellLine); an ungrounded mention's identifier is "-". A claim's identifiers
are its two entity keys (the grounded id, else `text:` and the name, as in
`claim_support`); the qualifier is `asserted`, `hedged`, or with `negated;`
before it, and `;subject_state=T790M` / `;object_state=...` after it where the
sentence states the gene argument's state (several states joined by ",").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb

from litclaims.schemas.document_rows import Paper, papers
from litclaims.schemas.export_files import write_text_atomically
from litclaims.schemas.vocabulary import GENE_STATE_SEPARATOR, entity_key

ENTITY_TYPES = {"gene": "Gene", "drug": "Chemical", "disease": "Disease", "cell_line": "CellLine",
                "therapy": "Therapy"}
UNGROUNDED = "-"
_LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029\x85]")


def _one_line(text: str) -> str:
    """The text on one line, character for character (each break becomes one space)."""
    return _LINE_BREAKS.sub(" ", text)


def pubtator_id(paper: Paper) -> str:
    return str(paper.metadata.get("pmid") or paper.doc_id)


def _qualifier(claim: dict[str, Any]) -> str:
    """"asserted", "negated;hedged", then each gene state the sentence states:
    "asserted;subject_state=L858R,T790M" (a comma joins one argument's states here,
    as ";" separates the qualifier's parts)."""
    parts = ["negated"] if claim["negated"] else []
    parts.append(claim["certainty"])
    for role in ("subject", "object"):
        state = claim.get(f"{role}_state") or ""
        if state:
            parts.append(f"{role}_state={state.replace(GENE_STATE_SEPARATOR, ',')}")
    return ";".join(parts)


def pubtator_lines(paper: Paper) -> list[str]:
    pid = pubtator_id(paper)
    title = _one_line(paper.metadata.get("title") or "")
    shift = len(title) + 1
    lines = [f"{pid}|t|{title}", f"{pid}|a|{_one_line(paper.text)}"]
    for m in paper.mentions:
        lines.append("\t".join((pid, str(m["start"] + shift), str(m["end"] + shift), _one_line(m["text"]),
                                ENTITY_TYPES.get(m["entity_type"], m["entity_type"]), m["entity_id"] or UNGROUNDED)))
    for c in paper.claims:
        lines.append("\t".join((pid, c["claim_type"], _one_line(entity_key(c["subject_id"], c["subject_text"])),
                                _one_line(entity_key(c["object_id"], c["object_text"])), _qualifier(c))))
    return lines


def write_pubtator(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write every paper in PubTator format to `path`; returns the number of papers."""
    blocks = ["\n".join(pubtator_lines(paper)) + "\n" for paper in papers(con)]
    write_text_atomically(path, "\n".join(blocks))
    return len(blocks)
