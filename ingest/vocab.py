"""The compiled word list the hyphen and ligature repairs consult.

`ingest/data/vocab.tsv.gz` (built by `python -m tools.build_vocab` from an
English dictionary, word frequencies and the project's biomedical corpora and
lexicons) holds one lower-case form a line: `form<TAB>corpus_count<TAB>zipf`.
`corpus_count` is how often the form occurs in the biomedical training text
(hyphenated compounds such as "down-regulation" included), `zipf` the general
English frequency (0 when unknown). Shipped in the package: nothing at run
time reads `../shared`.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

COMMON_ZIPF = 3.6
COMMON_COUNT = 20

VOCAB_PATH = Path(__file__).resolve().parent / "data" / "vocab.tsv.gz"


@dataclass(frozen=True)
class Vocabulary:
    corpus_counts: dict[str, int]
    zipf: dict[str, float]

    def __contains__(self, word: str) -> bool:
        w = word.lower()
        return w in self.zipf or w in self.corpus_counts

    def is_word(self, word: str, *, min_zipf: float = 2.0) -> bool:
        """A known word (lenient): seen at least twice in the biomedical corpora,
        or in the English list at or above `min_zipf`."""
        w = word.lower()
        if self.corpus_counts.get(w, 0) >= 2:
            return True
        z = self.zipf.get(w)
        return z is not None and z >= min_zipf

    def is_common(self, word: str) -> bool:
        """A word that stands on its own (strict): frequent in English or in the
        corpora. Word fragments such as "ect", "ling" or "tion" occur in both
        lists (as tokenisation debris) but rarely enough to fall below this."""
        w = word.lower()
        return self.zipf.get(w, 0.0) >= COMMON_ZIPF or self.corpus_counts.get(w, 0) >= COMMON_COUNT

    def count(self, form: str) -> int:
        return self.corpus_counts.get(form.lower(), 0)

    def frequency(self, word: str) -> float:
        return self.zipf.get(word.lower(), 0.0)


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCAB_PATH) -> Vocabulary:
    counts: dict[str, int] = {}
    zipf: dict[str, float] = {}
    if not path.exists():
        # The repairs that need a word list degrade to their rule-only form.
        return Vocabulary(counts, zipf)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            form, count, freq = line.rstrip("\n").split("\t")
            if count != "0":
                counts[form] = int(count)
            if freq != "-":
                zipf[form] = float(freq)
    return Vocabulary(counts, zipf)
