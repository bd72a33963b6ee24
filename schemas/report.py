"""The HTML report (`litclaims report`, and an artifact of every run): one file with
its styles and pictures inline and no script, so it opens anywhere, offline.

Sections: claims by type; genes claimed to confer resistance or sensitivity to
each drug, by evidence level; the claim network; conflicts; and every claim
with the sentences around it. Each claim anywhere in the report links to its
entry in the last section (`#claim-<claim_id>`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from litclaims import __version__
from litclaims.schemas.claim_details import argument_span, paper_label
from litclaims.schemas.export_files import write_text_atomically
from litclaims.schemas.report_data import EVIDENCE_LEVELS, ReportData, report_data
from litclaims.schemas.report_svg import QUALIFIER_COLOURS, drug_chart, network_svg, stacked_bars

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1180px;padding:0 18px 60px;color:#1a202c}
h1{margin:18px 0 4px}h2{border-bottom:2px solid #e2e8f0;padding-bottom:4px;margin-top:34px}
nav a{margin-right:14px}table{border-collapse:collapse;margin:10px 0}
td,th{border:1px solid #e2e8f0;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f7fafc}
td.n{text-align:right}.muted{color:#718096}.figure{overflow-x:auto}
.claim{border-left:4px solid #cbd5e0;margin:10px 0;padding:4px 10px}.claim:target{background:#fefcbf;border-color:#d69e2e}
.claim.rejected{opacity:.55}.claim.rejected .what{text-decoration:line-through}
.context .this{background:#ebf8ff}.subj{background:#bee3f8;font-weight:600}.obj{background:#fed7aa;font-weight:600}
.conflict{display:grid;grid-template-columns:1fr 1fr;gap:12px;margin:12px 0}
.conflict div{border:1px solid #e2e8f0;padding:6px 10px}.tag{font-size:12px;padding:0 5px;border-radius:3px;background:#edf2f7}
.neg{background:#fed7d7}.hedge{background:#e9d8fd}
"""


def _anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def _claim_links(claim_ids: list[str], numbers: dict[str, int]) -> str:
    return " ".join(f'<a href="#{_anchor(c)}">[{numbers.get(c, "?")}]</a>' for c in claim_ids)


def _counts_section(data: ReportData) -> str:
    t = data.totals
    rows = "".join(f"<tr><td>{escape(r['claim_type'])}</td><td class=n>{r['asserted']}</td><td class=n>{r['hedged']}"
                   f"</td><td class=n>{r['negated']}</td><td class=n>{r['papers']}</td></tr>" for r in data.by_type)
    chart = stacked_bars(data.by_type, "claim_type", QUALIFIER_COLOURS, "Claims by type") if data.by_type else ""
    return (f'<section id="counts"><h2>Claims by type</h2><p>{t["papers"]} papers, {t["sentences"]} sentences, '
            f'{t["mentions"]} entity mentions, {t["claims"]} claims; {t["reviewed"]} reviewed by a curator, '
            f'{t["rejected"]} of them rejected (left out of every count and picture here).</p>'
            f'<div class=figure>{chart}</div><table><tr><th>claim type</th><th>asserted</th><th>hedged</th>'
            f"<th>negated</th><th>papers</th></tr>{rows}</table></section>")


def _drugs_section(data: ReportData, numbers: dict[str, int]) -> str:
    if not data.drug_genes:
        return '<section id="drugs"><h2>Genes and drug response</h2><p>No gene is claimed to change the response to a drug.</p></section>'
    rows = "".join(
        f"<tr><td>{escape(r['drug'])}</td><td>{escape(r['gene'])}</td><td>{escape(r['claim_type'])}</td>"
        + "".join(f"<td class=n>{r[level]}</td>" for level in EVIDENCE_LEVELS)
        + f"<td class=n>{r['papers']}</td><td>{_claim_links(r['claim_ids'], numbers)}</td></tr>"
        for r in data.drug_genes)
    levels = "".join(f"<th>{level.replace('_', ' ')}</th>" for level in EVIDENCE_LEVELS)
    return (f'<section id="drugs"><h2>Genes and drug response</h2><p>Genes claimed to confer resistance to a drug '
            f'or therapy, or to sensitise to it, with their claims by evidence level (negated claims are under '
            f'conflicts and in the list of claims).</p><div class=figure>{drug_chart(data.drug_genes)}</div>'
            f"<table><tr><th>drug</th><th>gene</th><th>claim</th>{levels}<th>papers</th><th>claims</th></tr>"
            f"{rows}</table></section>")


def _network_section(data: ReportData) -> str:
    if not data.edges:
        return '<section id="network"><h2>Claim network</h2><p>No claims between genes and drugs.</p></section>'
    return ('<section id="network"><h2>Claim network</h2><p>Genes (blue, inner ring) and drugs and therapies '
            '(orange, outer ring); an edge is a claim type between two of them, as wide as the papers that '
            'make the claim (hover for counts). The 40 best-supported nodes are drawn.</p>'
            f"<div class=figure>{network_svg(data.edges)}</div></section>")


def _conflict(conflict: dict[str, Any], numbers: dict[str, int]) -> str:
    head = (f"<p><b>{escape(conflict['subject'])}</b> {escape(conflict['claim_type'])} "
            f"<b>{escape(conflict['object'])}</b> {'<span class=tag>across papers</span>' if conflict['across_papers'] else '<span class=tag>within one paper</span>'}</p>")
    sides = "".join(
        f"<div><span class='tag {'neg' if side == 'negated' else ''}'>{side}</span> "
        f"<i>{escape(_file_or_title(conflict[f'{side}_paper']))}</i>, {escape(conflict[f'{side}_section'] or '')} "
        f"{_claim_links([conflict[f'{side}_claim_id']], numbers)}<br>{escape(conflict[f'{side}_sentence'])}</div>"
        for side in ("asserted", "negated"))
    return f"{head}<div class=conflict>{sides}</div>"


def _file_or_title(value: str) -> str:
    return value.replace("\\", "/").rsplit("/", 1)[-1]


def _conflicts_section(data: ReportData, numbers: dict[str, int]) -> str:
    body = "".join(_conflict(c, numbers) for c in data.conflicts) or "<p>No conflicts: no claim is both affirmed and negated.</p>"
    return (f'<section id="conflicts"><h2>Conflicts</h2><p>{len(data.conflicts)} pairs of claims with the same '
            f"subject, type and object, one affirmed and one negated.</p>{body}</section>")


def _highlighted(claim: dict[str, Any]) -> str:
    sentence, spans = claim["sentence"], []
    for role, css in (("subject", "subj"), ("object", "obj")):
        span = argument_span(claim, role)
        if span and not any(span[0] < e and s < span[1] for s, e, _ in spans):
            spans.append((span[0], span[1], css))
    out, cursor = [], 0
    for start, end, css in sorted(spans):
        out += [escape(sentence[cursor:start]), f"<span class={css}>{escape(sentence[start:end])}</span>"]
        cursor = end
    return "".join(out) + escape(sentence[cursor:])


def _claim_entry(claim: dict[str, Any], number: int) -> str:
    tags = "".join(f" <span class='tag {css}'>{text}</span>" for text, css, on in (
        ("negated", "neg", claim["negated"]), ("hedged", "hedge", claim["certainty"] == "hedged"),
        (f"reviewed: {claim['review_verdict']}", "", claim["review_verdict"])) if on)
    where = ", ".join(p for p in (claim["section"], f"p. {claim['page']}" if claim["page"] else None,
                                  claim["evidence"].replace("_", " "),
                                  f"confidence {claim['confidence']:.2f}" if claim["confidence"] is not None else None,
                                  f"rule {claim['rule']}") if p)
    rejected = " rejected" if claim["review_verdict"] and claim["review_verdict"] != "accept" else ""
    return (f'<div class="claim{rejected}" id="{_anchor(claim["claim_id"])}"><div class=what>[{number}] '
            f"<b>{escape(claim['subject_text'])}</b> {escape(claim['claim_type'])} <b>{escape(claim['object_text'])}"
            f"</b>{tags} <span class=muted>{escape(where)}</span></div><p class=context><span class=muted>"
            f"{escape(claim['previous_sentence'])}</span> <span class=this>{_highlighted(claim)}</span> "
            f"<span class=muted>{escape(claim['next_sentence'])}</span></p></div>")


def _claims_section(data: ReportData, numbers: dict[str, int]) -> str:
    parts, paper = [], None
    for claim in data.claims:
        if claim["doc_id"] != paper:
            paper = claim["doc_id"]
            ids = " ".join(f"{k.upper()} {escape(str(claim[k]))}" for k in ("pmid", "doi") if claim.get(k))
            parts.append(f"<h3>{escape(paper_label(claim))} <span class=muted>{ids}</span></h3>")
        parts.append(_claim_entry(claim, numbers[claim["claim_id"]]))
    return (f'<section id="claims"><h2>All claims, in context</h2><p>Each claim with the sentence before and after '
            f"it; the subject is blue, the object orange.</p>{''.join(parts)}</section>")


def report_html(data: ReportData, database_name: str) -> str:
    numbers = {claim["claim_id"]: i for i, claim in enumerate(data.claims, start=1)}
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(f'<a href="#{a}">{t}</a>' for a, t in (("counts", "Claims by type"), ("drugs", "Genes and drugs"),
                                                          ("network", "Network"), ("conflicts", "Conflicts"),
                                                          ("claims", "All claims")))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>litclaims report: {escape(database_name)}</title>'
            f"<style>{_STYLE}</style></head><body><h1>litclaims report</h1><p class=muted>{escape(database_name)}, "
            f"generated {generated} by litclaims {escape(__version__)}</p><nav>{nav}</nav>"
            f"{_counts_section(data)}{_drugs_section(data, numbers)}{_network_section(data)}"
            f"{_conflicts_section(data, numbers)}{_claims_section(data, numbers)}</body></html>\n")


def write_report(con: duckdb.DuckDBPyConnection, path: Path, database_name: str = "") -> int:
    """Write the report to `path`; returns the number of claims in it."""
    data = report_data(con)
    write_text_atomically(path, report_html(data, database_name or "litclaims database"))
    return len(data.claims)


def report_path_for(db_path: Path) -> Path:
    """Where a run leaves its report: beside the database, `<database name>-report.html`."""
    return db_path.with_name(f"{db_path.stem}-report.html")
