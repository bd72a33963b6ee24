"""The curation loop through the CLI on a real database: export a review sheet, edit it
as a curator would (some rows rejected), import it, see claim_support change, keep
the verdicts when the papers are stored again, and score them with `eval reviews`."""

from __future__ import annotations

import csv

import pytest

from litclaims.flows.cli import main
from litclaims.schemas import store
from litclaims.schemas.export_review import REVIEW_COLUMNS
from litclaims.schemas.reviews import normalise_verdict
from tests.conftest import SEED_DIR
from tests.test_export_indra import copy_of, seed_database


@pytest.fixture()
def seed_db(tmp_path_factory, extractor, tmp_path):
    return copy_of(seed_database(tmp_path_factory, extractor), tmp_path)


def _read_sheet(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, dialect="excel-tab"))


def _write_sheet(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REVIEW_COLUMNS, dialect="excel-tab", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _support(db):
    with store.reader(db) as con:
        return {(r[0], r[1], r[2]): r[3:] for r in con.execute(
            "SELECT subject_key, claim_type, object_key, sentences, reviewed, accepted, rejected FROM claim_support"
        ).fetchall()}


def _triples(db):
    """claim_id -> its triple, and the triples' claims."""
    with store.reader(db) as con:
        rows = con.execute("SELECT claim_id, subject_key, claim_type, object_key, sentence_id FROM claim_keys "
                           "ORDER BY claim_id").fetchall()
    of_claim = {r[0]: r[1:4] for r in rows}
    claims_of: dict[tuple, list[str]] = {}
    for claim_id, triple in of_claim.items():
        claims_of.setdefault(triple, []).append(claim_id)
    return of_claim, claims_of


def _curate(rows, db):
    """Reject one claim of a triple several sentences support and the only claim of another;
    accept, retype and reverse a few more. Returns the two triples."""
    of_claim, claims_of = _triples(db)
    many = next(t for t, ids in sorted(claims_of.items()) if len(ids) >= 3)
    single = next(t for t, ids in sorted(claims_of.items()) if len(ids) == 1 and t != many)
    verdicts = {claims_of[many][0]: "Reject", claims_of[many][1]: "accept", claims_of[single][0]: "reject"}
    others = [r["claim_id"] for r in rows if of_claim[r["claim_id"]] not in (many, single)]
    verdicts |= {others[0]: "ok", others[1]: "Wrong type", others[2]: "wrong-direction"}
    for row in rows:
        if row["claim_id"] in verdicts:
            row["verdict"], row["note"] = verdicts[row["claim_id"]], "checked against the figure"
    return many, single


def test_review_sheet_round_trip_changes_claim_support_and_survives_a_rerun(seed_db, tmp_path, capsys, extractor):
    before = _support(seed_db)
    assert main(["export", "--format", "review", "--out", str(tmp_path), "--db", str(seed_db)]) == 0
    sheet = tmp_path / "review.tsv"
    rows = _read_sheet(sheet)
    assert list(rows[0]) == list(REVIEW_COLUMNS) and all(r["verdict"] == "" for r in rows)
    assert all("[[" in r["sentence"] and "{{" in r["sentence"] for r in rows)
    many, single = _curate(rows, seed_db)
    _write_sheet(sheet, rows)
    capsys.readouterr()
    assert main(["review", "import", str(sheet), "--db", str(seed_db), "--reviewer", "ann"]) == 0
    assert "stored 6 verdicts" in capsys.readouterr().out

    after = _support(seed_db)
    assert single in before and single not in after  # its only claim was rejected
    assert after[many] == (before[many][0] - 1, 2, 1, 1)  # one sentence fewer; 2 reviewed, 1 accepted, 1 rejected
    with store.reader(seed_db) as con:
        stored = dict(con.execute("SELECT verdict, count(*) FROM claim_reviews GROUP BY 1").fetchall())
        assert con.execute("SELECT DISTINCT reviewer FROM claim_reviews").fetchall() == [("ann",)]
    assert stored == {"reject": 2, "accept": 2, "wrong_type": 1, "wrong_direction": 1}

    _store_seed_papers_again(seed_db, extractor)
    assert _support(seed_db) == after
    assert main(["export", "--format", "review", "--out", str(tmp_path / "again"), "--db", str(seed_db)]) == 0
    again = {r["claim_id"]: r["verdict"] for r in _read_sheet(tmp_path / "again" / "review.tsv")}
    assert sorted(v for v in again.values() if v) == sorted(["reject", "reject", "accept", "accept", "wrong_type",
                                                             "wrong_direction"])


def _store_seed_papers_again(db, extractor):
    """What a run does with a changed file: its rows replaced in one transaction, claim
    ids the same for the same extractor output."""
    from litclaims.ingest import read_document

    with store.writer(db) as con:
        for path in sorted(SEED_DIR.glob("*.txt")):
            store.store_extraction(con, extractor.extract(read_document(path)), "run-again")


def test_eval_reviews_prints_precision_per_rule_and_band(seed_db, tmp_path, capsys):
    assert main(["export", "--format", "review", "--out", str(tmp_path), "--db", str(seed_db)]) == 0
    rows = _read_sheet(tmp_path / "review.tsv")
    for i, row in enumerate(rows[:8]):
        row["verdict"] = "accept" if i % 2 else "reject"
    _write_sheet(tmp_path / "review.tsv", rows)
    assert main(["review", "import", str(tmp_path / "review.tsv"), "--db", str(seed_db)]) == 0
    capsys.readouterr()
    assert main(["eval", "reviews", "--db", str(seed_db)]) == 0
    out = capsys.readouterr().out
    assert "8 reviewed claims, precision 0.500" in out
    per_rule: dict[str, list[int]] = {}
    for row in rows[:8]:
        per_rule.setdefault(row["rule"], []).append(row["verdict"] == "accept")
    for rule, verdicts in per_rule.items():
        line = next(line for line in out.splitlines() if line.startswith(rule + " "))
        assert line.split()[1] == str(len(verdicts)) and line.split()[-1] == f"{sum(verdicts) / len(verdicts):.3f}"
    assert "confidence" in out and "claim type" in out


def test_a_sheet_with_verdicts_not_understood_is_refused_whole(seed_db, tmp_path, capsys):
    assert main(["export", "--format", "review", "--out", str(tmp_path), "--db", str(seed_db)]) == 0
    rows = _read_sheet(tmp_path / "review.tsv")
    rows[0]["verdict"], rows[1]["verdict"] = "accept", "maybe"
    _write_sheet(tmp_path / "review.tsv", rows)
    assert main(["review", "import", str(tmp_path / "review.tsv"), "--db", str(seed_db)]) == 1
    assert "line 3: verdict 'maybe'" in capsys.readouterr().err
    with store.reader(seed_db) as con:
        assert con.execute("SELECT count(*) FROM claim_reviews").fetchone()[0] == 0


def test_verdicts_are_normalised():
    assert normalise_verdict(" Wrong type ") == "wrong_type"
    assert normalise_verdict("WRONG-DIRECTION") == "wrong_direction"
    assert normalise_verdict("ok") == "accept" and normalise_verdict("no") == "reject"
    assert normalise_verdict("perhaps") is None


def test_the_sheet_marks_both_arguments(db, tmp_path):
    assert main(["export", "--format", "review", "--out", str(tmp_path), "--db", str(db)]) == 0
    rows = {r["claim_type"]: r for r in _read_sheet(tmp_path / "review.tsv")}
    assert rows["resistance"]["sentence"].startswith("[[IGF-IR]] confers resistance to {{tamoxifen}} in MCF-7")
    assert rows["inhibition"]["sentence"] == "[[Gefitinib]] inhibits {{EGFR}}."
    assert rows["resistance"]["paper"] == "paper.pdf" and rows["resistance"]["negated"] == "no"
