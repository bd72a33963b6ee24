"""Issue 14 round 18: a lexicon line name that no head tagged, four characters or fewer
("B11", "18C", "M65", "RT2": Cellosaurus has thousands of such codes) or a derivative
"X/Y" built from a parent line's name, is no name in a sentence without a word for
cells, unless the same doc speaks of that name's cells elsewhere. Sentences from the
BioRED training part and the JATS papers of ../shared/nxml."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def lines(nlp, text):
    (doc,) = nlp.pipe(paper_docs(nlp, [text], "p"))
    return {e.text for e in doc.ents if e.label_ == "cell_line"}


@pytest.mark.parametrize("text, word", [
    ("Identities, frequencies and origins of TMC1 mutations causing DFNB7/B11 deafness in Pakistan.", "B11"),
    ("This mutation was linked to a novel single nucleotide polymorphism (SNP) in intron 3 (IVS3 + 18C > T).", "18C"),
    ("Serum concentrations of CRP, neopterin and IL-6 as markers of inflammation and thrombopoietin (TPO), GCSF, "
     "FGF basic and VEGF, HMGB1, CK-18 (M65) and CK18 fragment (M30) and a panel of proinflammatory chemokines "
     "(CCL2, CCL3, CCL4, CCL5, CXCL5 and IL-8) were measured.", "M65"),
    ("A mouse inflammatory cytokine and receptor RT2 profiler array was used to determine regulated transcripts "
     "in the urinary bladder of wild type (WT) and VIP(-/-) mice.", "RT2"),
    ("The reactions were terminated as described [12] and analyzed by chromatography on a C18 column or resolved "
     "on SDS-PAGE gels and visualized by autoradiography.", "C18"),
    # longer codes (C-344 kept its name while the rule was for four characters or fewer)
    ("All patients were genotyped for rs1799998 (C-344 T), intron 2 conversion, rs4539 (A2718G) within CYP11B2 "
     "and rs6410 (G22 5A), rs6387 (A2803G) within CYP11B1.", "C-344"),
    ("Total MAPK levels were quantified using the ERK-1 antibody (C-16 epitope; 1:5,000 dilution in blocking "
     "solution), which was also obtained from Santa Cruz Biotechnology.", "C-16"),
])
def test_a_code_without_cells_is_no_line(nlp, text, word):
    assert word not in lines(nlp, text)


def test_a_short_line_in_a_sentence_about_cells_stays(nlp):
    found = lines(nlp, "In this study, 10 to 25 micromol/L curcumin inhibited 253JB-V and KU7 bladder cancer cell "
                       "growth, and this was accompanied by induction of apoptosis.")
    assert {"253JB-V", "KU7"} <= found
    assert "H446" in lines(nlp, "Overexpression of TIPE2 significantly inhibited the growth of lung cancer cell H446 "
                                "in vitro and even suppressed tumor formation in vivo.")


def test_a_short_line_the_doc_calls_cells_elsewhere_stays(nlp):
    text = ("The P-Y701-STAT1 signal in HeLa cells was quantified by densitometry and graphed. "
            "Other FGFR3 mutants caused weak (HeLa) or no activation (293T and RCS).")
    assert "HeLa" in lines(nlp, text)


def test_a_line_beside_a_tumour_word_stays(nlp):
    found = lines(nlp, "Liver metastasis was developed by intrasplenic injection of mouse colon cancer (CMT-93) "
                       "into AT1a knockout mice.")
    assert "CMT-93" in found
