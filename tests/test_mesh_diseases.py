"""MeSH disease names for the lexicon: which descriptors and surfaces are kept."""

from __future__ import annotations

from pathlib import Path

from tools.lexicon.mesh_diseases import disease_surfaces, read_mesh_descriptors

SAMPLE = (
    "D063806\tMyalgia\tMuscle Pain|Pain, Muscle|Muscle Soreness\tC05.651.542|C10.668.491.525\t\n"
    "D016171\tTorsades de Pointes\tTorsade de Pointes|Pointes, Torsades de\tC14.280.067.845.940.700\t\n"
    "D000001\tCalcimycin\tA-23187\tD02.355.291.933.125\t\n"
    "D004194\tDisease\tDiseases\tC23.550.288\t\n"
    "D003863\tDepression\tDepressive Symptoms\tF01.145.126.350\t\n"
    "D003866\tDepressive Disorder\tDepressive Neurosis\tF03.600.300\t\n"
)


def test_keeps_disease_and_mental_disorder_descriptors_without_inverted_or_generic_terms(tmp_path: Path):
    source = tmp_path / "mesh.tsv"
    source.write_text(SAMPLE, encoding="utf-8")
    got = {(surface, mesh_id) for surface, mesh_id, _, _ in disease_surfaces(read_mesh_descriptors(source))}
    written = {
        ("Myalgia", "MESH:D063806"), ("Muscle Pain", "MESH:D063806"), ("Muscle Soreness", "MESH:D063806"),
        ("Torsades de Pointes", "MESH:D016171"), ("Torsade de Pointes", "MESH:D016171"),
        ("Depressive Disorder", "MESH:D003866"), ("Depressive Neurosis", "MESH:D003866"),
    }
    # Each also in lower case, as running text writes it; "Pain, Muscle" turned round.
    assert got == written | {(surface.lower(), mesh_id) for surface, mesh_id in written}


def test_inverted_entry_terms_are_turned_round():
    from tools.lexicon.mesh_diseases import uninvert

    assert uninvert("Renal Failure, Acute") == "Acute Renal Failure"
    assert uninvert("Leukemia, Myeloid, Acute") is None
    assert uninvert("Myalgia") == "Myalgia"


def test_the_compiled_lexicon_grounds_disease_names(tmp_path: Path):
    from litclaims.extract.lexicon.keys import norm_key
    from litclaims.extract.lexicon.compiled import Lexicon
    from litclaims.extract.pipeline import LEXICON_PATH

    lexicon = Lexicon.load(LEXICON_PATH)
    entity = lexicon.lookup_type(norm_key("torsade de pointes"), "torsade de pointes", "disease")
    assert entity is not None and entity.entity_id == "MESH:D016171"
