"""CoNLL reading, conlleval-style scoring, and the tag / eval ner commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from litclaims.evaluation.ner_cli import add_eval_arguments, add_tag_arguments, run_eval, run_tag
from litclaims.evaluation.conll import chunks, map_tags, read_conll, score, spans_to_tags


def test_chunks_follow_conlleval():
    tags = ["B-gene", "I-gene", "O", "I-drug", "I-drug", "B-drug", "I-gene", "O"]
    assert chunks(tags) == [(0, 2, "gene"), (3, 5, "drug"), (5, 6, "drug"), (6, 7, "gene")]


def test_score_counts_exact_matches_per_type_and_ignores_unscored_types():
    gold = ["B-gene", "I-gene", "O", "B-drug", "O"]
    pred = ["B-gene", "O", "O", "B-drug", "B-cell_line"]
    scores = score([(gold, pred)], {"gene", "drug"})
    assert (scores["gene"].correct, scores["gene"].predicted, scores["gene"].gold) == (0, 1, 1)
    assert (scores["drug"].correct, scores["drug"].predicted, scores["drug"].gold) == (1, 1, 1)
    assert scores["ALL"].predicted == 2  # the cell_line prediction is not scored
    assert round(scores["ALL"].f1, 1) == 50.0


def test_map_tags_renames_and_drops():
    assert map_tags(["B-GENE", "I-GENE", "B-protein", "O"], {"GENE": "gene"}) == ["B-gene", "I-gene", "O", "O"]


def test_spans_to_tags_aligns_character_spans_to_input_tokens():
    tokens = ["PI3K/Akt", "in", "MCF", "-", "7", "cells"]
    # "PI3K/Akt" is one input token but two entities: the first one keeps the token.
    spans = [(0, 4, "gene"), (5, 8, "gene"), (12, 19, "cell_line")]
    assert spans_to_tags(tokens, spans) == ["B-gene", "O", "B-cell_line", "I-cell_line", "I-cell_line", "O"]


def test_flat_mentions_picks_outer_spans_unless_only_the_inner_type_is_asked_for():
    import spacy
    from spacy.tokens import Span

    from litclaims.evaluation.ner_cli import flat_mentions

    doc = spacy.blank("en")("the serotonin receptor and cisplatin")
    mentions = [Span(doc, 1, 3, label="gene"), Span(doc, 1, 2, label="drug"), Span(doc, 4, 5, label="drug")]
    as_text = lambda spans: [(s.text, s.label_) for s in spans]  # noqa: E731
    assert as_text(flat_mentions(mentions)) == [("serotonin receptor", "gene"), ("cisplatin", "drug")]
    assert as_text(flat_mentions(mentions, frozenset({"drug"}))) == [("serotonin", "drug"), ("cisplatin", "drug")]
    assert as_text(flat_mentions(mentions, frozenset({"gene"}))) == [("serotonin receptor", "gene")]


def _args(adder, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    adder(parser)
    return parser.parse_args(argv)


def test_tag_then_eval_on_a_small_corpus(tmp_path: Path, capsys):
    corpus = tmp_path / "mini.tsv"
    corpus.write_text(
        "-DOCSTART-\tO\n\n"
        "Tamoxifen\tB-Chemical\nresistance\tO\nin\tO\nMCF\tO\n-\tO\n7\tO\ncells\tO\n.\tO\n\n"
        "Gefitinib\tB-Chemical\nand\tO\nwater\tB-Chemical\n.\tO\n\n",
        encoding="utf-8",
    )
    out = tmp_path / "tagged.tsv"
    assert run_tag(_args(add_tag_arguments, ["--conll", str(corpus), "--out", str(out)])) == 0
    tagged = read_conll(out)
    assert [s.tokens for s in tagged] == [
        ["Tamoxifen", "resistance", "in", "MCF", "-", "7", "cells", "."],
        ["Gefitinib", "and", "water", "."],
    ]
    predicted = [cols[0] for cols in tagged[0].extra]
    assert predicted[0] == "B-drug"
    # "MCF - 7": the cell line, aligned to the three input tokens it spans.
    # "MCF - 7 cells": the cell line as recognised, "cells" included as JNLPBA writes
    # it, aligned to the four input tokens it spans.
    assert predicted[3:8] == ["B-cell_line", "I-cell_line", "I-cell_line", "I-cell_line", "O"]
    # --names: the grounded name only, as the claims use it.
    names_out = tmp_path / "names.tsv"
    assert run_tag(_args(add_tag_arguments, ["--conll", str(corpus), "--out", str(names_out), "--names"])) == 0
    named = [cols[0] for cols in read_conll(names_out)[0].extra]
    assert named[3:7] == ["B-cell_line", "I-cell_line", "I-cell_line", "O"]
    capsys.readouterr()
    assert run_eval(_args(add_eval_arguments, ["--data", str(out), "--map", "Chemical=drug"])) == 0
    report = capsys.readouterr().out
    assert "predictions read from the file" in report
    drug_row = next(line for line in report.splitlines() if line.startswith("drug"))
    # Tamoxifen and Gefitinib are found; whether "water" is counts against recall only.
    gold_count = int(drug_row.split()[4])
    assert gold_count == 3


def test_tag_rejects_unknown_types(tmp_path: Path, capsys):
    corpus = tmp_path / "mini.tsv"
    corpus.write_text("Tamoxifen\tB-Chemical\n\n", encoding="utf-8")
    argv = ["--conll", str(corpus), "--out", str(tmp_path / "out.tsv"), "--types", "genes"]
    assert run_tag(_args(add_tag_arguments, argv)) == 2
    assert "unknown type(s) genes" in capsys.readouterr().err
    assert not (tmp_path / "out.tsv").exists()


def test_eval_rejects_a_missing_map(tmp_path: Path, capsys):
    corpus = tmp_path / "mini.tsv"
    corpus.write_text("Tamoxifen\tB-Chemical\n\n", encoding="utf-8")
    assert run_eval(_args(add_eval_arguments, ["--data", str(corpus)])) == 2
    assert "--map" in capsys.readouterr().err
