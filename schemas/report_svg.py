"""The report's pictures as inline SVG, drawn here (no chart library, no script):
claims by type, genes per drug by evidence level, and the claim network.

Every picture is a pure function of its rows, so the same database draws the
same picture: the network's layout puts genes on an inner ring and drugs and
therapies on an outer ring, each ring in order of name.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any, Sequence

from litclaims.schemas.vocabulary import CLAIM_TYPES, SYMMETRIC_CLAIM_TYPES

# One colour per claim type (Okabe-Ito and Tableau tones, readable side by side).
_PALETTE = ("#d55e00", "#009e73", "#0072b2", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#7f7f7f", "#bcbd22")
TYPE_COLOURS = dict(zip(CLAIM_TYPES, _PALETTE))
QUALIFIER_COLOURS = {"asserted": "#2b6cb0", "hedged": "#90cdf4", "negated": "#c53030"}
EVIDENCE_COLOURS = {"in_vitro": "#3182ce", "in_vivo": "#38a169", "clinical": "#d69e2e", "unspecified": "#a0aec0"}
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" {_FONT}>'
            + "".join(body) + "</svg>")


def _legend(items: dict[str, str], x: int, y: int, max_x: int = 10_000) -> list[str]:
    """Colour keys in a row from (x, y), wrapping onto the next row at `max_x`."""
    out, left = [], x
    for name, colour in items.items():
        width = 24 + 7 * len(name)
        if x + width > max_x and x > left:
            x, y = left, y + 18
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + 16}" y="{y}">{escape(name.replace("_", " "))}</text>')
        x += width
    return out


def stacked_bars(rows: Sequence[dict[str, Any]], label_key: str, segments: dict[str, str],
                 label: str, label_width: int = 170, bar_width: int = 420) -> str:
    """Horizontal bars, one per row, split into `segments` (column -> colour), with the total."""
    scale = bar_width / max([sum(r[s] for s in segments) for r in rows] + [1])
    body, y = _legend(segments, label_width, 14), 28
    for row in rows:
        x = label_width
        body.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end">{escape(str(row[label_key]))}</text>')
        for column, colour in segments.items():
            width = row[column] * scale
            if width:
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="16" fill="{colour}">'
                            f'<title>{escape(column.replace("_", " "))}: {row[column]}</title></rect>')
            x += width
        body.append(f'<text x="{x + 5:.1f}" y="{y + 12}">{sum(row[s] for s in segments)}</text>')
        y += 22
    return _svg(label_width + bar_width + 50, y + 6, body, label)


def drug_chart(drug_genes: Sequence[dict[str, Any]], max_drugs: int = 12, max_genes: int = 8) -> str:
    """Per drug, the genes claimed to confer resistance to it (or sensitise to it), their
    claims split by evidence level; the drugs with the most claims first."""
    by_drug: dict[str, list[dict[str, Any]]] = {}
    for row in drug_genes:
        by_drug.setdefault(row["drug"], []).append(row)
    ranked = sorted(by_drug.items(), key=lambda item: (-sum(_claims(r) for r in item[1]), item[0]))
    rows = []
    for drug, genes in ranked[:max_drugs]:
        for gene in genes[:max_genes]:
            arrow = "resists" if gene["claim_type"] == "resistance" else "sensitises"
            rows.append(gene | {"bar_label": f"{drug} ← {gene['gene']} ({arrow})"})
    return stacked_bars(rows, "bar_label", EVIDENCE_COLOURS, "Genes per drug by evidence level", label_width=330)


def _claims(row: dict[str, Any]) -> int:
    return sum(row[level] for level in EVIDENCE_COLOURS)


def _ring(keys: list[str], radius: float, centre: float) -> dict[str, tuple[float, float]]:
    step = 2 * math.pi / max(len(keys), 1)
    return {key: (centre + radius * math.cos(i * step - math.pi / 2), centre + radius * math.sin(i * step - math.pi / 2))
            for i, key in enumerate(keys)}


def network_nodes(edges: Sequence[dict[str, Any]], max_nodes: int) -> dict[str, dict[str, Any]]:
    """The nodes with the most papers behind their edges: key -> label, type, weight."""
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        for role in ("subject", "object"):
            node = nodes.setdefault(edge[f"{role}_key"], {"label": edge[role], "type": edge[f"{role}_type"], "weight": 0})
            node["weight"] += edge["papers"]
    kept = sorted(nodes.items(), key=lambda item: (-item[1]["weight"], item[0]))[:max_nodes]
    return dict(kept)


def network_layout(nodes: dict[str, dict[str, Any]], size: int) -> dict[str, tuple[float, float]]:
    genes = sorted((k for k, n in nodes.items() if n["type"] == "gene"), key=lambda k: (nodes[k]["label"].lower(), k))
    drugs = sorted((k for k, n in nodes.items() if n["type"] != "gene"), key=lambda k: (nodes[k]["label"].lower(), k))
    return _ring(genes, size * 0.27, size / 2) | _ring(drugs, size * 0.43, size / 2)


def _edge(edge: dict[str, Any], start: tuple[float, float], end: tuple[float, float]) -> str:
    colour = TYPE_COLOURS.get(edge["claim_type"], "#555")
    directed = edge["claim_type"] not in SYMMETRIC_CLAIM_TYPES and edge["claim_type"] != "response_association"
    marker = f' marker-end="url(#arrow-{edge["claim_type"]})"' if directed else ""
    width = min(1 + 1.5 * edge["papers"], 8)
    return (f'<line x1="{start[0]:.1f}" y1="{start[1]:.1f}" x2="{end[0]:.1f}" y2="{end[1]:.1f}" stroke="{colour}" '
            f'stroke-width="{width:.1f}" stroke-opacity="0.7"{marker}><title>{escape(edge["subject"])} '
            f'{escape(edge["claim_type"])} {escape(edge["object"])}: {edge["papers"]} paper(s), '
            f'{edge["claims"]} claim(s)</title></line>')


def network_svg(edges: Sequence[dict[str, Any]], max_nodes: int = 40, size: int = 760) -> str:
    """Genes and drugs as nodes, claims as edges coloured by type and as wide as their papers."""
    nodes = network_nodes(edges, max_nodes)
    where = network_layout(nodes, size)
    markers = "".join(
        f'<marker id="arrow-{t}" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="5" markerHeight="5" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for t, c in TYPE_COLOURS.items())
    graph = [_edge(e, where[e["subject_key"]], where[e["object_key"]]) for e in edges
             if e["subject_key"] in where and e["object_key"] in where and e["subject_key"] != e["object_key"]]
    graph += [_node(node, where[key], size) for key, node in nodes.items()]
    legend = _legend(TYPE_COLOURS, 10, size + 20, max_x=size + 210)
    # Room for the labels of the outer ring on both sides.
    return _svg(size + 220, size + 52, [f"<defs>{markers}</defs>", '<g transform="translate(110,0)">', *graph, "</g>",
                                        *legend], "Claim network")


def _node(node: dict[str, Any], at: tuple[float, float], size: int) -> str:
    x, y = at
    fill = "#2b6cb0" if node["type"] == "gene" else "#dd6b20"
    radius = min(4 + 1.5 * node["weight"], 14)
    right = x >= size / 2
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{fill}"><title>{escape(node["label"])} '
            f'({node["type"]})</title></circle><text x="{x + (radius + 3 if right else -radius - 3):.1f}" '
            f'y="{y + 4:.1f}" text-anchor="{"start" if right else "end"}">{escape(node["label"])}</text>')
