"""The spaCy pipeline: tokens, sentences, abbreviations and grounded entities."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

from litclaims.extract.pipeline import build_pipeline, paper_docs, pipeline_fingerprint, running_text_config
from litclaims.schemas.config import Settings
from litclaims.schemas.vocabulary import ENTITY_TYPES, MENTIONS_SPANS, MODEL_SPANS_PREFIX

SEED = Path(__file__).resolve().parent.parent / "corpus" / "004_32e9bb3871b250ca.txt"


@pytest.fixture(scope="module")
def nlp():
    """The production pipeline, as `litclaims run` builds it."""
    return build_pipeline(Settings())


@pytest.fixture(scope="module")
def tagging_nlp():
    """The production pipeline plus the recognised-extent view (doc.spans["mentions"]),
    as `litclaims tag` / `eval ner` build it."""
    return build_pipeline(Settings(), mention_extents=True)


def analyze(nlp, text: str):
    """One text through `nlp.pipe`, the path the extractor takes: a paper of one doc."""
    return next(nlp.pipe([text]))


def ents(doc) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for e in doc.ents]


def find(doc, surface: str):
    """The entity that is `surface`, or `surface` followed by "cells"/"cell line"
    (cell-line mentions include those words, as the JNLPBA corpus does)."""
    for ent in doc.ents:
        if ent.text == surface or (ent.label_ == "cell_line" and ent.text.startswith(surface + " ")):
            return ent
    return None


def test_slash_pairs_split_but_cell_line_derivatives_stay(nlp):
    doc = analyze(nlp, "PI3K/Akt signaling in MCF-7/HER-2 cells and ERK1/2 and HER2/neu.")
    found = ents(doc)
    assert ("PI3K", "gene", "FPLX:PI3K") in found
    assert ("Akt", "gene", "FPLX:AKT") in found
    derivative = find(doc, "MCF-7/HER-2")
    assert derivative is not None and derivative.label_ == "cell_line"
    assert ("ERK1/2", "gene", "FPLX:ERK") in found
    assert ("HER2/neu", "gene", "HGNC:3430") in found


def test_hyphen_affixes_are_split_off_names(nlp):
    doc = analyze(nlp, "An anti-IGF-IR antibody blocked IGF-IR-mediated growth of ER+ tamoxifen-resistant cells.")
    tokens = [t.text for t in doc]
    assert "IGF-IR" in tokens and "mediated" in tokens and "ER" in tokens
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("IGF-IR", "gene") in labels and ("tamoxifen", "drug") in labels


def test_hard_drug_codes_and_receptor_versus_ligand(nlp):
    doc = analyze(nlp, "CP-751,871 and alpha-IR3 block IGF-IR, not IGF-I; NF-κB and p27Kip1 respond.")
    found = ents(doc)
    assert ("CP-751,871", "drug", "UNII:VE267FC2UB") in found
    assert ("alpha-IR3", "drug", "") in found  # no registry id: no project-internal one either
    assert ("IGF-IR", "gene", "HGNC:5465") in found
    assert ("IGF-I", "gene", "HGNC:5464") in found
    assert ("NF-κB", "gene", "FPLX:NFkappaB") in found
    assert ("p27Kip1", "gene", "HGNC:1785") in found


def test_named_derivative_lines_and_therapies(nlp):
    doc = analyze(nlp, "TAM-R cells and R- cells resisted ionizing radiation and chemotherapy.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("TAM-R", "cell_line"), ("R-", "cell_line")} <= found
    assert {("ionizing radiation", "therapy"), ("chemotherapy", "therapy")} <= found


def test_model_spans_are_cut_back_to_the_name(nlp):
    doc = analyze(nlp, "Patients with the EGFR T790M mutation did not respond, and IGF-IR kinase activity in MCF-7 cells rose.")
    found = {(e.text, e.kb_id_) for e in doc.ents}
    assert {("EGFR", "HGNC:3236"), ("IGF-IR", "HGNC:5465"), ("MCF-7", "CVCL_0031")} <= found
    assert "T790M" in [t.text for t in doc]  # a protein variant is one token


def test_abbreviation_defined_as_something_else_is_not_the_gene(nlp):
    doc = analyze(nlp, "Stress of the endoplasmic reticulum (ER) rose. The ER swelled.")
    assert not [e for e in doc.ents if e.text == "ER"]
    doc = analyze(nlp, "Estrogen receptor alpha (ER) binds DNA. The ER is phosphorylated.")
    assert [e.kb_id_ for e in doc.ents if e.text == "ER"] == ["HGNC:3467", "HGNC:3467"]


def test_abbreviations_resolve_across_sections(nlp):
    sections = [
        "Phosphorylation of insulin receptor substrate 1 (InRS1) was measured.",
        "In resistant cells, InRS1 levels fell.",
    ]
    first, second = nlp.pipe(paper_docs(nlp, sections, "paper"))
    assert [e.kb_id_ for e in first.ents if e.text == "InRS1"] == ["HGNC:6125"]
    assert [e.kb_id_ for e in second.ents if e.text == "InRS1"] == ["HGNC:6125"]
    # Processed on its own, the second section has no definition to ground it with.
    alone = analyze(nlp, sections[1])
    assert "HGNC:6125" not in [e.kb_id_ for e in alone.ents]


def test_sentences_respect_abbreviations(nlp):
    text = (
        "Smith et al. (2005) showed growth (Fig. 1A), e.g. in MCF-7 cells vs. controls at approx. 5 nM. "
        "Resistance rose. mTOR inhibitors failed. Jones et al. The end."
    )
    sents = [s.text for s in analyze(nlp, text).sents]
    assert sents == [
        "Smith et al. (2005) showed growth (Fig. 1A), e.g. in MCF-7 cells vs. controls at approx. 5 nM.",
        "Resistance rose.",
        "mTOR inhibitors failed.",
        "Jones et al.",
        "The end.",
    ]


def test_entities_are_typed_sourced_and_non_overlapping(nlp):
    doc = analyze(nlp, SEED.read_text(encoding="utf-8")[:6000])
    assert doc.ents
    last_end = -1
    for ent in doc.ents:
        assert ent.label_ in ENTITY_TYPES
        assert ent._.mention_source in {"lexicon", "abbreviation"} or ent._.mention_source.startswith(MODEL_SPANS_PREFIX)
        assert ent.start >= last_end
        last_end = ent.end


def _clean(text: str) -> str:
    """Line joining and hyphen repair, as the ingest does, for this test's input."""
    text = re.sub(r"-\n\s*(?=[a-z])", "", text)
    return re.sub(r"\s*\n\s*", " ", text)


def test_seed_review_key_entities_are_grounded(nlp):
    doc = analyze(nlp, _clean(SEED.read_text(encoding="utf-8")))
    expected = {
        "IGF-IR": "HGNC:5465",
        "HER-2": "HGNC:3430",
        "ER": "HGNC:3467",
        "tamoxifen": "UNII:094ZI81Y45",
        "gefitinib": "UNII:S65743JHBS",
        "trastuzumab": "UNII:P188ANX8CK",
        "MCF-7": "CVCL_0031",
        "SKBR3": "CVCL_0033",
        "PI3K": "FPLX:PI3K",
        "Akt": "FPLX:AKT",
    }
    for surface, entity_id in expected.items():
        found = [e for e in doc.ents if e.text == surface or (e.label_ == "cell_line" and e.text.startswith(surface + " "))]
        assert found, surface
        assert {e.kb_id_ for e in found} == {entity_id}, (surface, {e.kb_id_ for e in found})
    # The review spells the receptor IGF-IR throughout; the other spellings ground the same.
    for spelling in ("IGF-1R", "IGF1R", "type I insulin-like growth factor receptor"):
        ent = find(analyze(nlp, f"Cells expressing {spelling} grew."), spelling)
        assert ent is not None and ent.kb_id_ == "HGNC:5465", spelling


def test_base_model_by_path_keeps_its_components_and_adds_grounding(tmp_path: Path):
    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    ner = base.add_pipe("ner")
    ner.add_label("GENE")
    base.initialize()
    base.to_disk(tmp_path / "base")
    settings = Settings().with_overrides(base_model=str(tmp_path / "base"))
    nlp = build_pipeline(settings)
    assert nlp.pipe_names[:1] == ["litclaims_token_splitter"]
    assert "sentencizer" in nlp.pipe_names and "ner" in nlp.pipe_names
    assert "litclaims_sentences" not in nlp.pipe_names
    doc = analyze(nlp, "Tamoxifen resistance in MCF-7 cells.")
    assert ("MCF-7", "cell_line", "CVCL_0031") in ents(doc)
    assert pipeline_fingerprint(settings) != pipeline_fingerprint(Settings())


def test_cell_line_extents_follow_the_corpus_convention_and_names_stay_bare(tagging_nlp):
    doc = analyze(tagging_nlp, "Levels of c-jun RNA rose in TPA-treated HL-60 cells and in human U-937 and "
                               "THP-1 monocytic leukemia cells.")
    extents = {(s.text, s.label_) for s in doc.spans[MENTIONS_SPANS]}
    assert ("TPA-treated HL-60 cells", "cell_line") in extents
    assert ("TPA", "drug") in extents  # nested in the line's extent, still a mention
    names = {(e.text, e.label_, e.kb_id_) for e in doc.ents}
    assert ("HL-60", "cell_line", "CVCL_0002") in names
    assert ("TPA", "drug") in {(e.text, e.label_) for e in doc.ents}


def test_a_three_letter_cell_line_name_needs_cells_after_it(nlp):
    doc = analyze(nlp, "Values are mean ± SEM of three experiments. SEM cells were treated with imatinib.")
    cell_lines = [e for e in doc.ents if e.label_ == "cell_line"]
    assert [(e.text, e.start_char > 40) for e in cell_lines] == [("SEM", True)]


def test_lexicon_cell_line_names_followed_by_a_molecule_word_are_not_lines(nlp):
    doc = analyze(nlp, "Binding required the SH3 domain of Fyn and the Jak3 JH2 domain.")
    assert not [e for e in doc.ents if e.label_ == "cell_line"]


def test_a_short_form_takes_its_long_forms_type_across_sentences(nlp):
    texts = [
        "Ten patients developed neuroleptic malignant syndrome ( NMS ) after haloperidol .",
        "NMS resolved after the drug was stopped .",
    ]
    first, second = nlp.pipe(paper_docs(nlp, texts, "abstract"), component_cfg=running_text_config(5))
    long_form = [e for e in first.ents if e.text == "neuroleptic malignant syndrome"]
    assert [e.label_ for e in long_form] == ["disease"]  # the head's "malignant syndrome", grown to the definition
    # Not the gene NMS (neuromedin S), which the lexicon alone would say.
    assert [(e.text, e.label_) for e in second.ents] == [("NMS", "disease")]
    alone = analyze(nlp, texts[1])
    assert [e.label_ for e in alone.ents] == ["gene"]  # without the definition in reach


def test_a_fusion_names_both_genes_and_generic_words_are_trimmed_from_names(nlp):
    doc = analyze(nlp, "Cells expressing EML4-ALK were resistant to crizotinib, and ROS1 fusions and BRCA1 loss were not.")
    genes = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "gene"]
    assert genes == [("EML4", "HGNC:1316"), ("ALK", "HGNC:427"), ("ROS1", "HGNC:10261"), ("BRCA1", "HGNC:1100")]
    doc = analyze(nlp, "HER-2 and IGF-IR and Bcl-2 stay whole.")
    assert [e.text for e in doc.ents] == ["HER-2", "IGF-IR", "Bcl-2"]


def test_a_short_form_the_lexicon_cannot_ground_takes_the_heads_type(nlp):
    texts = ["Rats with levodopa - induced dyskinesia ( LID ) received amantadine .", "LID was reduced ."]
    first, second = nlp.pipe(paper_docs(nlp, texts, "abstract"), component_cfg=running_text_config(5))
    assert ("LID", "disease", "", "levodopa - induced dyskinesia") in {
        (e.text, e.label_, e.kb_id_, e._.entity_name) for e in second.ents
    }


def test_gene_states_are_not_mentions_and_a_gene_with_its_change_is_split(nlp):
    doc = analyze(nlp, "ERBB2-V777L and BRAF(V600E) cells and the D842I mutation and FLT3-ITD; T47D cells were used.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("ERBB2", "gene"), ("BRAF", "gene"), ("FLT3", "gene"), ("T47D", "cell_line")]


def test_disease_names_are_meshs_and_junk_disease_spans_are_not_names(nlp):
    doc = analyze(nlp, "Tamoxifen did not shrink tumors in patients with hepatocellular carcinoma, despite DNA damage.")
    diseases = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "disease"]
    assert ("hepatocellular carcinoma", "MESH:D006528") in diseases
    assert all(text != "DNA damage" for text, _ in diseases)
    assert all(kb_id.startswith("MESH:") and text.split()[0] != "shrink" for text, kb_id in diseases)


def test_a_coded_name_before_cells_is_a_line_without_an_id(nlp):
    doc = analyze(nlp, "TNF-alpha RNA was detected in U9-IIIB cells but not in T790M cells.")
    lines = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "cell_line"]
    assert lines == [("U9-IIIB", "")]


def test_phrases_about_cell_lines_are_mentions_but_not_names_or_drugs(tagging_nlp):
    doc = analyze(tagging_nlp, "Id3 was expressed in T-cell leukemias and T-cell lines, in CD4 positive T cell lines "
              "and in EBV-negative B-lymphoma cell lines, but not in MCF-7 cells.")
    mentions = {(s.text, s.label_) for s in doc.spans[MENTIONS_SPANS]}
    assert {("T-cell lines", "cell_line"), ("CD4 positive T cell lines", "cell_line"),
            ("EBV-negative B-lymphoma cell lines", "cell_line")} <= mentions
    assert ("CD4", "gene") in mentions  # the marker stays a gene mention, nested
    assert not [s for s in doc.spans[MENTIONS_SPANS] if s.label_ == "drug"]
    names = [(e.text, e.label_) for e in doc.ents if e.label_ in ("cell_line", "drug")]
    assert names == [("MCF-7", "cell_line")]


def test_a_bare_cell_lines_after_a_determiner_is_left_to_the_model(nlp):
    from litclaims.extract.components.cell_line_extent import generic_line_phrases

    doc = nlp.make_doc("Results in all cell lines and in human lymphoblastoid cell lines agreed.")
    phrases = [doc[s:e].text for s, e in generic_line_phrases(doc, [None] * len(doc))]
    assert phrases == ["human lymphoblastoid cell lines"]


def test_a_name_that_is_a_gene_alias_and_a_line_is_the_line_where_the_text_says_so(tagging_nlp):
    lines = lambda doc: [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "cell_line"]
    # THP-1 is also an alias of GLI2, MT-2 of TMPRSS6 in HGNC.
    doc = analyze(tagging_nlp, "We used the human monocytic cell line, THP-1, and HTLV-I-infected T cell lines "
                               "(ATL-1k, MT-2, S-LB1).")
    assert ("THP-1", "CVCL_0006") in lines(doc) and ("MT-2", "CVCL_2631") in lines(doc)
    assert not [s for s in doc.spans[MENTIONS_SPANS] if s.label_ == "gene"]
    doc = analyze(tagging_nlp, "Proteins containing the Fyn SH2, SH3 and kinase domains bind GLI2 (THP-1).")
    assert lines(doc) == []


def test_what_an_unnamed_line_phrase_is_made_of_stays_a_name(tagging_nlp):
    doc = analyze(tagging_nlp, "IGF-IR was high in human glioblastoma and neuroblastoma cell lines and in "
              "tamoxifen-resistant human breast cancer cell lines.")
    mentions = {(s.text, s.label_) for s in doc.spans[MENTIONS_SPANS]}
    assert ("human glioblastoma and neuroblastoma cell lines", "cell_line") in mentions
    names = {(e.text, e.label_) for e in doc.ents}
    assert {("glioblastoma", "disease"), ("neuroblastoma", "disease"), ("breast cancer", "disease"),
            ("tamoxifen", "drug"), ("IGF-IR", "gene")} <= names
    assert not [e for e in doc.ents if e.label_ == "cell_line"]


def test_cells_are_no_gene_drug_or_disease(tagging_nlp):
    doc = analyze(tagging_nlp, "The same event occurs in mitogen-activated mature T lymphocytes and in mature and "
                               "immature T-cell lines.")
    assert not [s for s in doc.spans[MENTIONS_SPANS] if s.label_ in ("gene", "drug", "disease")]


def test_a_gene_with_its_state_glued_on_is_still_the_gene(nlp):
    doc = analyze(nlp, "In EGFR-mutant NSCLC cell lines, KRAS-mutated tumours, ALK-rearranged and HER2-amplified tumours responded.")
    genes = {(e.text, e.kb_id_) for e in doc.ents if e.label_ == "gene"}
    assert {("EGFR", "HGNC:3236"), ("KRAS", "HGNC:6407"), ("ALK", "HGNC:427"), ("HER2", "HGNC:3430")} <= genes


def test_resistant_derivatives_and_coordinated_short_line_names_are_lines(nlp):
    doc = analyze(nlp, "Gefitinib-resistant HCC827 GR cells and lapatinib-resistant SKBR3 LapR cells grew; "
              "LCC2 and LCC9 cells are resistant to fulvestrant.")
    lines = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "cell_line"]
    assert lines == [("HCC827 GR", ""), ("SKBR3 LapR", ""), ("LCC2", "CVCL_DP51"), ("LCC9", "CVCL_DP52")]
    assert not [e for e in doc.ents if e.label_ == "gene"]  # GR is not the glucocorticoid receptor here


def test_a_short_form_whose_long_form_names_its_kind_keeps_the_lexicons_reading(nlp):
    doc = analyze(nlp, "Tamoxifen-resistant MCF-7 cells (TamR) showed increased IGF-IR signalling. TamR cells grew.")
    assert [e.text for e in doc.ents if e.label_ == "cell_line"] == ["MCF-7", "TamR", "TamR"]
    doc = analyze(nlp, "Stress in the endoplasmic reticulum (ER) rose, and ER levels fell.")
    assert not [e for e in doc.ents if e.label_ == "gene"]


def test_a_drug_name_never_carries_a_protein_change(nlp):
    doc = analyze(nlp, "Osimertinib overcomes T790M-mediated resistance in H1975 cells.")
    assert ("Osimertinib", "drug") in {(e.text, e.label_) for e in doc.ents}


def test_signalling_names_the_sources_lack_are_grounded_and_compounds_is_no_drug(nlp):
    doc = analyze(nlp, "IGF-I and insulin bind IGF-IR; Grb-2/Sos activates Ras via focal adhesion kinase (FAK). "
              "All three compounds effectively inhibit the enzyme aromatase.")
    ids = {e.text: e.kb_id_ for e in doc.ents}
    assert ids["insulin"] == "HGNC:6081" and ids["Sos"] == "FPLX:SOS"
    assert ids["focal adhesion kinase"] == ids["FAK"] == "HGNC:9611"
    assert "compounds" not in ids


def test_a_construct_is_no_cell_line_and_its_gene_is_the_name(nlp):
    doc = analyze(nlp, "Expression of a dominant-negative IGF-IR construct in gastric cancer cells increased apoptosis.")
    names = {(e.text, e.label_, e.kb_id_) for e in doc.ents}
    assert ("IGF-IR", "gene", "HGNC:5465") in names
    assert not [e for e in doc.ents if e.label_ == "cell_line"]


def test_derivatives_named_in_a_sentence_with_authors(nlp):
    doc = analyze(nlp, "Using tamoxifen-resistant breast cancer cells (TAM-R), Jones et al. generated a "
              "gefitinib-resistant subline (TAM/TKI-R cells) that grew.")
    names = [(e.text, e.label_) for e in doc.ents]
    assert ("TAM-R", "cell_line") in names and ("TAM/TKI-R", "cell_line") in names
    assert ("Jones", "drug") not in names and ("subline", "drug") not in names


def test_reference_and_author_lines_give_no_lexicon_or_line_junk(nlp):
    doc = analyze(nlp, "Bonanni, R., and Cafazzo, S. (2014). Haaland P, McVey E (2011). Fluorescence rose at 12.5 and 15 µM.")
    assert not [e for e in doc.ents if e.label_ == "drug"]
    doc = analyze(nlp, "Aquat Mamm 29:181–201. Friederike Range ¹,²* and Zsófia Virányi ¹,²*")
    assert not [e for e in doc.ents if e.label_ == "cell_line"]


def test_the_components_take_the_registered_lexicon_and_the_heads_types_from_their_config(nlp):
    from litclaims.extract.lexicon.shipped import compiled_lexicon

    config = nlp.config["components"]
    for name in ("litclaims_token_splitter", "litclaims_lexicon_ner", "litclaims_entity_resolver"):
        assert config[name]["lexicon"] == {"@misc": "litclaims.lexicon.v1", "path": None}  # the shipped one
        assert nlp.get_pipe(name).lexicon is compiled_lexicon()  # one copy, shared
    assert config["litclaims_entity_resolver"]["model_types"] == ["cell_line", "disease", "drug", "gene"]
    # A bare pipeline gets the same components from the factories' defaults.
    bare = spacy.blank("en")
    bare.add_pipe("litclaims_lexicon_ner")
    doc = bare("Tamoxifen and MCF-7")
    assert [(s.text, s.label_) for s in doc.spans["lexicon"]] == [("Tamoxifen", "drug"), ("MCF-7", "cell_line")]


def test_a_text_alone_is_a_paper_of_one_doc_and_papers_do_not_share_definitions(nlp):
    text = "In resistant cells, InRS1 levels fell."
    definition = "Phosphorylation of insulin receptor substrate 1 (InRS1) was measured."
    assert ents(nlp(text)) == ents(analyze(nlp, text))
    docs = paper_docs(nlp, [definition, text], "first") + paper_docs(nlp, [text], "second")
    _, same_paper, other_paper = nlp.pipe(docs)
    assert "HGNC:6125" in [e.kb_id_ for e in same_paper.ents]
    assert "HGNC:6125" not in [e.kb_id_ for e in other_paper.ents]


def test_running_text_reaches_back_only_over_its_window_and_keeps_the_corpus_sentences(nlp):
    texts = ["Levels of insulin receptor substrate 1 ( InRS1 ) were measured .", "Nothing changed .",
             "InRS1 levels fell in factor PU . 1 cells ."]
    within = list(nlp.pipe(paper_docs(nlp, texts, "abstract"), component_cfg=running_text_config(2, True)))
    beyond = list(nlp.pipe(paper_docs(nlp, texts, "abstract"), component_cfg=running_text_config(1, True)))
    assert "HGNC:6125" in [e.kb_id_ for e in within[2].ents]
    assert "HGNC:6125" not in [e.kb_id_ for e in beyond[2].ents]
    assert [len(list(doc.sents)) for doc in within] == [1, 1, 1]
    assert len(list(analyze(nlp, texts[2]).sents)) == 2  # the splitter's own reading


def test_the_extents_view_is_left_to_tagging_and_leaves_the_names_as_they_are(nlp, tagging_nlp):
    text = "Levels of c-jun RNA rose in TPA-treated HL-60 cells, and IGF-IR kinase activity in MCF-7 cells rose."
    production, tagged = analyze(nlp, text), analyze(tagging_nlp, text)
    assert "mentions" not in production.spans and "litclaims_mention_extents" not in nlp.pipe_names
    assert ("TPA-treated HL-60 cells", "cell_line") in {(s.text, s.label_) for s in tagged.spans["mentions"]}

    def names(doc):
        return [(e.text, e.label_, e.kb_id_, e._.entity_name, e._.mention_source) for e in doc.ents]

    assert names(tagged) == names(production)


def test_a_line_span_across_a_bracket_is_no_line(nlp):
    # the cell-line head read "IRS-1 (29" (a gene and its reference number) as a line
    doc = analyze(nlp, "ER can increase expression of several IGF signaling components, including IGF-II (27), "
                       "IGF-IR (28), and IRS-1 (29).")
    names = [(e.text, e.label_) for e in doc.ents]
    assert ("IRS-1", "gene") in names and not [n for n in names if n[1] == "cell_line"]


def test_a_lower_case_enzyme_class_is_no_gene_name(nlp):
    doc = analyze(nlp, "AG1024, an inhibitor of IGF-IR tyrosine kinase activity, can inhibit growth of MCF-7 cells.")
    names = [(e.text, e.label_) for e in doc.ents]
    assert ("IGF-IR", "gene") in names and not [n for n in names if n[0].startswith("tyrosine")]


def test_the_tokenizer_is_built_without_a_warning_and_keeps_names_whole():
    import warnings

    from litclaims.extract.components.tokenizer import build_tokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tokenizer = build_tokenizer(spacy.blank("en"))
    assert [t.text for t in tokenizer("IGF-IR (T790M) in MCF-7 cells [12].")] == [
        "IGF-IR", "(", "T790M", ")", "in", "MCF-7", "cells", "[", "12", "]", "."]
