"""The token splitter makes all of a doc's splits in one rebuilt Doc (`split_tokens`),
linear in the doc's length, and gives what spaCy's retokenizer gave one split at a
time (`retokenize_splits`, the old path, kept for docs that carry annotation):
the same tokens, whitespace, offsets and token attributes, on text with what the
splitter exists for (slashes, hyphens, brackets, signs, ions, units); and a long
chunk gets the tokens its paragraphs get one by one."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import IDS
from spacy.tokens import Doc, Span

from litclaims.extract.components import token_splitter
from litclaims.extract.components.token_splitter import merge_ions, retokenize_splits, split_plan, split_tokens
from litclaims.extract.pipeline import TOKEN_SPLITTER, build_pipeline
from litclaims.schemas.config import Settings

TRICKY = [
    "PI3K/Akt signalling rose; HER2/neu, ERK1/2 and Akt/PKB stayed whole at 10 ng/ml and 5/6 doses.",
    "MCF-7/HER-2 and TAM/TKI-R cells resisted anti-IGF-IR-mediated growth arrest and p-Akt loss.",
    "The EML4-ALK and BCR-ABL1 fusions, FLT3-ITD, ERBB2-V777L and BRAF(V600E) were found in ER+ and HER2- tumours.",
    "Ca2+ and Ca(2+) influx, Na(+) and ZnSO(4) did not change IGF-I.",
    "F4/80(+) macrophages from VIP(-/-) mice and LKB1(endo-/- mice, Bcl6(low cells.",
    "IL1B-511CC and CCR5-Delta32 carriers had CD4+CD25+FoxP3+ and CD4(+)CD25(+)FoxP3(+ T cells.",
    "Vascular endothelial growth factor (VEGF)-induced and (NF-kappaB)-dependent signalling (PKC)/mitogen-activated.",
    "We don't know whether PI3K/Akt-dependent, IL-10-GFP and Ltf-Cre mice were dosed at 5 mg/kg i.p.",
    "anti-EGFR",
    "  leading spaces, then CD3+CD4+LAG-3+CD49b+CD25-Foxp3- cells and trailing ones   ",
]

_ATTRS = [(name, attr) for name, attr in IDS.items() if not name.startswith("FLAG")]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings(), use_models=False)


@pytest.fixture(scope="module")
def splitter(nlp):
    return nlp.get_pipe(TOKEN_SPLITTER)


def _plans(doc: Doc, lexicon) -> list[tuple[int, list[str]]]:
    plans = []
    for token in doc:
        pieces = split_plan(token.text, lexicon)
        if pieces and len(pieces) > 1:
            plans.append((token.i, pieces))
    return plans


def _attribute_arrays(doc: Doc) -> dict[str, list[int]]:
    arrays = {}
    for name, attr in _ATTRS:
        try:
            arrays[name] = doc.to_array([attr]).tolist()
        except (ValueError, KeyError, TypeError):
            continue
    return arrays


def _old_and_new(nlp, splitter, text: str) -> tuple[Doc, Doc]:
    old, new = nlp.make_doc(text), nlp.make_doc(text)
    for doc in (old, new):
        doc._.paper_id = "paper-1"
        merge_ions(doc)
    plans = _plans(old, splitter.lexicon)
    assert plans == _plans(new, splitter.lexicon)
    return retokenize_splits(old, plans), (split_tokens(new, plans) if plans else new)


@pytest.mark.parametrize("text", TRICKY)
def test_one_rebuilt_doc_equals_the_retokenizer_split_by_split(nlp, splitter, text):
    old, new = _old_and_new(nlp, splitter, text)
    assert new.text == old.text == text
    assert [(t.text, t.whitespace_, t.idx) for t in new] == [(t.text, t.whitespace_, t.idx) for t in old]
    old_arrays, new_arrays = _attribute_arrays(old), _attribute_arrays(new)
    assert new_arrays.keys() == old_arrays.keys() and "HEAD" in new_arrays and "NORM" in new_arrays
    assert {name for name in old_arrays if new_arrays[name] != old_arrays[name]} == set()
    for attr in ("TAG", "POS", "LEMMA", "DEP", "HEAD", "ENT_IOB", "SENT_START"):
        assert new.has_annotation(attr) == old.has_annotation(attr)
    assert new.user_data == old.user_data and new._.paper_id == "paper-1"


def test_the_splits_are_the_ones_the_splitter_exists_for(nlp, splitter):
    doc = splitter(nlp.make_doc(TRICKY[0] + " " + TRICKY[2] + " " + TRICKY[3]))
    texts = [t.text for t in doc]
    for pieces in (["PI3K", "/", "Akt"], ["EML4", "-", "ALK"], ["BRAF", "(", "V600E", ")"], ["ER", "+"],
                   ["HER2", "-"], ["IGF-I", "."]):
        assert any(texts[i:i + len(pieces)] == pieces for i in range(len(texts))), pieces
    for whole in ("HER2/neu", "ERK1/2", "Akt/PKB", "5/6", "Ca2+", "Ca(2+)"):  # ("ng/ml": the tokenizer splits it)
        assert whole in texts
    first = texts.index("PI3K")
    assert [t.whitespace_ for t in doc[first:first + 3]] == ["", "", " "]


def test_the_splitter_rebuilds_a_tokenizer_doc_without_the_retokenizer(nlp, splitter, monkeypatch):
    doc = nlp.make_doc(" ".join(TRICKY))
    doc._.paper_id = "paper-2"

    def one_by_one(doc, plans):
        raise AssertionError("split one by one")

    monkeypatch.setattr(token_splitter, "retokenize_splits", one_by_one)
    out = splitter(doc)
    assert out is not doc and out.text == doc.text and len(out) > len(doc)
    assert out._.paper_id == "paper-2"


def test_a_doc_with_annotation_is_split_in_place_and_keeps_it(nlp, splitter):
    doc = nlp.make_doc("Tumours with EML4-ALK fusions resisted PI3K/Akt inhibition.")
    doc.ents = [Span(doc, 2, 3, label="gene")]
    out = splitter(doc)
    assert out is doc
    assert [t.text for t in out][2:5] == ["EML4", "-", "ALK"]
    assert [(e.text, e.label_) for e in out.ents] == [("EML4-ALK", "gene")]


def test_a_long_chunk_gets_the_tokens_of_its_paragraphs_one_by_one(nlp, splitter):
    paragraphs = [text.strip() for text in TRICKY] * 30
    chunk = "\n\n".join(paragraphs)
    whole = splitter(nlp.make_doc(chunk))
    expected: list[tuple[str, str, int]] = []
    offset = 0
    for paragraph in paragraphs:
        expected += [(t.text, t.whitespace_, offset + t.idx) for t in splitter(nlp.make_doc(paragraph))]
        offset += len(paragraph) + 2
    got = [(t.text, t.whitespace_, t.idx) for t in whole if not t.is_space]
    # the last token of a paragraph has no whitespace of its own alone, "\n\n" follows it in the chunk
    assert [(text, idx) for text, _, idx in got] == [(text, idx) for text, _, idx in expected]
    assert whole.text == chunk
