"""The relation-corpus readers on small hand-written fixtures, the hash split, and the
scorer's matching of claims to annotated pairs."""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest

from litclaims.evaluation.relation_corpora import (
    parse_chemprot_line,
    read_biored,
    read_chemprot,
    read_civic,
    read_civicmine,
    read_corpus,
    read_drug_combo,
    split_of,
)
from litclaims.evaluation.relation_scoring import NEGATIVE, score_window, window_units
from litclaims.schemas.records import Claim, Mention


def test_chemprot_markers_are_removed_and_spans_kept(tmp_path: Path):
    text, a, b = parse_chemprot_line("<< Gefitinib >> blocks [[ EGFR ]] >> 2-fold.")
    assert text == "Gefitinib blocks EGFR >> 2-fold."
    assert text[a[0]:a[1]] == "Gefitinib" and text[b[0]:b[1]] == "EGFR"
    path = tmp_path / "train.jsonl"
    rows = [{"text": "<< Gefitinib >> blocks [[ EGFR ]] and HER2.", "label": "INHIBITOR"},
            {"text": "<< Gefitinib >> blocks EGFR and [[ HER2 ]].", "label": "AGONIST"},
            {"text": "[[ CYP3A4 ]] metabolises << it >>.", "label": "SUBSTRATE"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first, second = read_chemprot(path)
    assert [e.text for e in first.entities] == ["Gefitinib", "EGFR", "HER2"]
    assert [(r.label, r.claim_types[0]) for r in first.relations] == [("INHIBITOR", "inhibition"), ("AGONIST", "activation")]
    assert second.relations[0].claim_types == ()


BIORED = """123|t|Aspirin lowers COX2.
123|a|COX2 binds PTGES in cells.
123\t0\t7\tAspirin\tChemicalEntity\tD001241
123\t15\t19\tCOX2\tGeneOrGeneProduct\t5743
123\t21\t25\tCOX2\tGeneOrGeneProduct\t5743
123\t32\t37\tPTGES\tGeneOrGeneProduct\t9536
123\tNegative_Correlation\tD001241\t5743\tNovel
123\tBind\t5743\t9536\tNovel
"""


def test_biored_offsets_relations_and_negatives(tmp_path: Path):
    path = tmp_path / "Train.PubTator"
    path.write_text(BIORED + "\n" + BIORED.replace("123", "124").replace("Bind", "Association"), encoding="utf-8")
    first, second = read_biored(path)
    assert all(first.text[e.start:e.end] == e.text for e in first.entities)
    assert [r.claim_types for r in first.relations] == [("inhibition", "expression_down"), ("interaction",)]
    assert second.relations[1].claim_types == ()  # Association: no claim type
    assert not first.sentence_level
    units = window_units(second, (0, len(second.text)))
    assert units[frozenset(("D001241", "9536"))][0] == NEGATIVE  # same text, never related


def _civicmine_archive(path: Path) -> None:
    files = {
        "training/1.1.txt": "KRAS mutations confer resistance to cetuximab and erlotinib .",
        "training/1.1.a1": "T1\tgene 0 4\tKRAS\nT2\tdrug 36 45\tcetuximab\nT3\tdrug 50 59\terlotinib\n",
        "training/1.1.a2": "R1\tPredictive gene:T1 drug:T2\n",
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_civicmine_brat_and_negative_pairs(tmp_path: Path):
    path = tmp_path / "training.tar.gz"
    _civicmine_archive(path)
    (example,) = read_civicmine(path)
    assert [e.text for e in example.entities] == ["KRAS", "cetuximab", "erlotinib"]
    assert example.relations[0].directed and example.relations[0].a == "T1"
    units = window_units(example, (0, len(example.text)))
    assert units[frozenset(("T1", "T3"))][0] == NEGATIVE


def test_drug_combo_pairs_have_no_claim_type(tmp_path: Path):
    path = tmp_path / "final_train_set.jsonl.gz"
    row = {"doc_id": "d1", "sentence": "A plus B plus C.", "paragraph": "",
           "spans": [{"span_id": i, "text": t, "start": s, "end": s + 1} for i, (t, s) in enumerate((("A", 0), ("B", 7), ("C", 14)))],
           "rels": [{"class": "POS", "spans": [0, 1, 2]}]}
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    (example,) = read_drug_combo(path)
    assert len(example.relations) == 3 and all(r.claim_types == () for r in example.relations)


def test_civic_rows_and_the_hash_split(tmp_path: Path):
    path = tmp_path / "civic.tsv"
    columns = ["gene", "variant", "drugs", "evidence_type", "evidence_direction", "clinical_significance",
               "evidence_statement", "evidence_id"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, delimiter="\t")
        writer.writeheader()
        writer.writerow(dict(zip(columns, ["EGFR", "T790M", "Gefitinib", "Predictive", "Supports",
                                           "Resistance or Non-Response", "T790M confers resistance to gefitinib.", "7"])))
        writer.writerow(dict(zip(columns, ["BRAF", "V600E", "Vemurafenib", "Diagnostic", "Supports", "Positive", "x", "8"])))
    (example,) = read_civic(path)
    assert (example.gene, example.drugs, example.relations[0].claim_types) == ("EGFR", ("Gefitinib",), ("resistance",))
    assert example.variant == "T790M"
    assert split_of("civic", "7") == split_of("civic", "7")
    dev = sum(split_of("civic", str(i)) == "dev" for i in range(2000))
    assert 500 < dev < 700  # about 30%
    with pytest.raises(ValueError):
        read_corpus("civic", "test", tmp_path)


def _mention(text: str, sentence: str, entity_type: str) -> Mention:
    start = sentence.index(text)
    return Mention(f"m{start}", "d", "s", start, start + len(text), text, entity_type, None, None, "test")


def test_a_claim_lands_on_its_pair_in_the_right_direction(tmp_path: Path):
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps({"text": "<< Gefitinib >> blocks [[ EGFR ]].", "label": "INHIBITOR"}) + "\n", encoding="utf-8")
    (example,) = read_chemprot(path)
    drug, gene = _mention("Gefitinib", example.text, "drug"), _mention("EGFR", example.text, "gene")

    def claim(claim_type, subject, obj):
        return Claim("c", "d", "s", claim_type, subject, obj, False, "asserted", "unspecified", (), None, (), "r", "1")

    (unit,), _ = score_window(example, (0, len(example.text)), [claim("inhibition", drug, gene)], [drug, gene])
    assert unit.hit and unit.entities_found
    (unit,), _ = score_window(example, (0, len(example.text)), [claim("activation", drug, gene)], [drug, gene])
    assert not unit.hit and unit.found == {"activation"}
    (unit,), _ = score_window(example, (0, len(example.text)), [], [gene])
    assert not unit.entities_found


def test_a_claim_on_the_abbreviation_lands_on_the_long_forms_pair_only_as_a_partner(tmp_path: Path):
    path = tmp_path / "train.jsonl"
    rows = [{"text": "<< Rolipram >> inhibits [[ phosphodiesterase ]] (PDE) in cells.", "label": "INHIBITOR"},
            {"text": "<< Rolipram >> inhibits phosphodiesterase ([[ PDE ]]) in cells.", "label": "INHIBITOR"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (example,) = read_chemprot(path)
    drug, abbreviation = _mention("Rolipram", example.text, "drug"), _mention("PDE", example.text, "gene")
    claim = Claim("c", "d", "s", "inhibition", drug, abbreviation, False, "asserted", "unspecified", (), None, (), "r", "1")
    units, _ = score_window(example, (0, len(example.text)), [claim], [drug, abbreviation])
    by_span = {u.hit: u for u in units}
    assert set(by_span) == {True, False}  # the abbreviation's pair is stated, the long form's is not
    assert by_span[False].partner_hit and by_span[True].partner_hit


def test_every_name_a_bracket_lists_after_a_drug_is_its_partner(tmp_path: Path):
    path = tmp_path / "train.jsonl"
    text = "{0}SR 141716A{1} ({2}rimonabant{3}; {4}SR1{5}), a [[ CB1 ]] antagonist, binds (see {6}AM251{7})."
    marks = [("<< ", " >>"), ("", ""), ("", ""), ("", "")]
    rows = []
    for k in range(4):
        fill = [m for n in range(4) for m in (marks[0] if n == k else ("", ""))]
        rows.append({"text": text.format(*fill), "label": "ANTAGONIST"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (example,) = read_chemprot(path)
    head, gene = _mention("SR 141716A", example.text, "drug"), _mention("CB1", example.text, "gene")
    claim = Claim("c", "d", "s", "inhibition", head, gene, False, "asserted", "unspecified", (), None, (), "r", "1")
    units, _ = score_window(example, (0, len(example.text)), [claim], [head, gene])
    assert sum(u.hit for u in units) == 1
    # rimonabant and SR1 are listed in the bracket: partners; AM251, in another bracket, is not
    assert sum(u.partner_hit for u in units) == 3


def test_the_eval_command_on_a_small_corpus(tmp_path: Path, capsys):
    from litclaims.evaluation.relations_cli import main

    folder = tmp_path / "relations" / "chemprot"
    folder.mkdir(parents=True)
    rows = [{"text": "<< Gefitinib >> inhibits [[ EGFR ]] in cells.", "label": "INHIBITOR"},
            {"text": "<< Tamoxifen >> is an [[ estrogen receptor ]] agonist in bone.", "label": "AGONIST"}]
    (folder / "dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["--corpus", "chemprot", "--split", "dev", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 scored pairs" in out and "polarity errors" in out and "INHIBITOR" in out
    assert main(["--corpus", "chemprot", "--split", "dev", "--data", str(tmp_path), "--show", "5"]) == 2  # dev: rates only
    assert main(["--corpus", "chemprot"]) == 2  # no data folder by default


def test_the_civic_report_bounds_recall_by_the_rows_stated_in_one_sentence(tmp_path: Path, capsys):
    """Two dev Supports rows through the real pipeline: one names gene and drug in one
    sentence and yields its claim; the other never does, so no sentence-level claim can."""
    from litclaims.evaluation.relation_corpora import CIVIC_TSV
    from litclaims.evaluation.relations_cli import main

    path = tmp_path / CIVIC_TSV
    path.parent.mkdir(parents=True)
    columns = ["gene", "variant", "drugs", "evidence_type", "evidence_direction", "clinical_significance",
               "evidence_statement", "evidence_id"]
    rows = [
        ["EGFR", "T790M", "Gefitinib", "Predictive", "Supports", "Resistance or Non-Response",
         "The EGFR T790M mutation confers resistance to gefitinib in lung cancer cells.", "1"],
        ["KRAS", "G12D", "Cetuximab", "Predictive", "Supports", "Resistance or Non-Response",
         "KRAS G12D was found in 12 tumours. Cetuximab was given to all patients.", "6"],
    ]
    assert all(split_of("civic", r[-1]) == "dev" for r in rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns, delimiter="\t")
        writer.writeheader()
        for r in rows:
            writer.writerow(dict(zip(columns, r)))
    assert main(["--corpus", "civic", "--split", "dev", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Supports all            recall     1/2      50.0%" in out
    assert "naming the gene and a drug in one sentence     1/2      50.0%; recall within them     1/1     100.0%" in out
