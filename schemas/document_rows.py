"""Stored papers with their text, passages, mentions and claims, one paper at a time:
what the text-bound exports (BioC, PubTator) write.

A paper's passages cover its clean text in order: each section is one passage,
and text between sections that is not blank (a heading line, front matter)
is a passage of its own, so that every mention lies inside a passage and
offsets stay those of the clean text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import duckdb

from litclaims.schemas.export_files import fetch_dicts, view_columns

_METADATA = ("title", "pmid", "pmcid", "doi", "journal", "year", "authors")


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    heading: str
    kind: str  # the section's structural kind: front / body / caption / references, or "heading"
    heading_kind: str | None  # the part of the paper, where the reader knew it


@dataclass(frozen=True)
class Paper:
    doc_id: str
    source_path: str
    text: str
    metadata: dict[str, Any]
    passages: tuple[Passage, ...]
    mentions: tuple[dict[str, Any], ...]
    claims: tuple[dict[str, Any], ...]


def papers(con: duckdb.DuckDBPyConnection) -> Iterator[Paper]:
    """Every stored paper, in doc_id order."""
    present = set(view_columns(con, "documents"))
    metadata = ", ".join(name if name in present else f"NULL AS {name}" for name in _METADATA)
    claim_columns = set(view_columns(con, "claim_records"))
    states = ", ".join(n if n in claim_columns else f"NULL AS {n}" for n in ("subject_state", "object_state"))
    heading_kind = "heading_kind" if "heading_kind" in set(view_columns(con, "sections")) else "NULL AS heading_kind"
    for document in fetch_dicts(con, f"SELECT doc_id, source_path, text, {metadata} FROM documents ORDER BY doc_id"):
        doc_id = document["doc_id"]
        sections = fetch_dicts(con, f'SELECT heading, kind, {heading_kind}, "start", "end" FROM sections '
                                    'WHERE doc_id = ? ORDER BY "start", section_index', [doc_id])
        mentions = fetch_dicts(con, 'SELECT mention_id, "start", "end", text, entity_type, entity_id, entity_name, '
                                    'source FROM entity_mentions WHERE doc_id = ? ORDER BY "start", mention_id',
                               [doc_id])
        claims = fetch_dicts(con, "SELECT claim_id, claim_type, subject_mention_id, object_mention_id, "
                                  "subject_id, subject_text, object_id, object_text, negated, certainty, evidence, "
                                  f"confidence, rule, cell_lines, disease, sentence_id, {states} FROM claim_records "
                                  "WHERE doc_id = ? ORDER BY claim_id", [doc_id])
        yield Paper(doc_id, document["source_path"], document["text"],
                    {name: document[name] for name in _METADATA},
                    passages_of(document["text"], sections), tuple(mentions), tuple(claims))


def passages_of(text: str, sections: list[dict[str, Any]]) -> tuple[Passage, ...]:
    """Sections as passages, with the non-blank text between them as passages too."""
    passages: list[Passage] = []
    cursor = 0
    for section in sections:
        start, end = max(section["start"], cursor), min(section["end"], len(text))
        if start >= end:
            continue
        if text[cursor:start].strip():
            passages.append(Passage(cursor, start, section["heading"], "heading", section["heading_kind"]))
        passages.append(Passage(start, end, section["heading"], section["kind"], section["heading_kind"]))
        cursor = end
    if text[cursor:].strip() or not passages:
        passages.append(Passage(cursor, len(text), "", "front" if not passages else "body", None))
    return tuple(passages)


def passage_of(passages: tuple[Passage, ...], offset: int) -> int:
    """The index of the passage holding `offset` (the last one that starts at or before it)."""
    found = 0
    for index, passage in enumerate(passages):
        if passage.start <= offset:
            found = index
        else:
            break
    return found
