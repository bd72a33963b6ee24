"""tools.relations.folds: examples of one source never straddle two folds."""

from tools.relations.folds import CHEMPROT_BLOCK, fold_of, source_of


def test_consecutive_chemprot_sentences_share_a_fold_within_a_block():
    sources = {source_of("chemprot", f"chemprot-{n:05d}", {}) for n in range(CHEMPROT_BLOCK)}
    assert len(sources) == 1
    assert source_of("chemprot", f"chemprot-{CHEMPROT_BLOCK:05d}", {}) not in sources


def test_civic_rows_of_one_paper_share_a_fold_and_unknown_rows_stand_alone():
    papers = {"101": "12345", "102": "12345", "103": "999"}
    assert source_of("civic", "101", papers) == source_of("civic", "102", papers)
    assert source_of("civic", "101", papers) != source_of("civic", "103", papers)
    assert source_of("civic", "104", papers) == "pmid:104"


def test_without_papers_every_example_is_its_own_source():
    assert source_of("chemprot", "chemprot-00001", None) != source_of("chemprot", "chemprot-00002", None)
    assert source_of("civic", "101", None) == "civic:101"


def test_folds_spread_sources_over_all_folds():
    folds = {fold_of(f"pmid:{n}", 5) for n in range(200)}
    assert folds == set(range(5))
