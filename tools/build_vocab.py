"""Build `ingest/data/vocab.tsv.gz`, the word list of the hyphen and ligature repairs.

Sources (all read at build time only; the result is shipped in the package):
- the token files of the NER corpora in `../shared/ner/` (biomedical words, and
  the hyphenated compounds that biomedical writing keeps, e.g. "down-regulation");
- the single-word surfaces of the lexicons in `../shared/lexicons/` (drug names);
- an English dictionary: Debian's `wamerican` list (`/usr/share/dict/american-english`);
- English word frequencies from the `wordfreq` package (a build-time dependency).

Each missing source is reported and skipped, so the list can still be built.

    python -m tools.build_vocab [--shared DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import re
import sys
from pathlib import Path

from litclaims.ingest.vocab import VOCAB_PATH

from tools.shared import shared_dir

DEFAULT_SHARED = shared_dir()
DICTIONARY_FILES = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/words"))
ALPHA = re.compile(r"^[a-z]+$")
COMPOUND = re.compile(r"^[a-z]+(?:-[a-z]+)+$")
# wordfreq's long tail is mostly misspellings and fragments; below this it is noise.
MIN_ZIPF = 1.5


def corpus_counts(ner_dir: Path) -> collections.Counter[str]:
    """Lower-case alphabetic tokens and hyphenated compounds of the NER corpora.

    Most of these corpora split "down-regulation" into "down", "-", "regulation";
    the three are put back together (the original text had no spaces there)."""
    counts: collections.Counter[str] = collections.Counter()
    for path in sorted(ner_dir.glob("*/*.tsv")):
        tokens: list[str] = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line:
                    _count_sentence(tokens, counts)
                    tokens = []
                    continue
                tokens.append(line.split("\t", 1)[0])
        _count_sentence(tokens, counts)
    return counts


def _count_sentence(tokens: list[str], counts: collections.Counter[str]) -> None:
    i = 0
    while i < len(tokens):
        tok = tokens[i].lower()
        if i + 2 < len(tokens) and tokens[i + 1] == "-" and ALPHA.match(tok) and ALPHA.match(tokens[i + 2].lower()):
            counts[f"{tok}-{tokens[i + 2].lower()}"] += 1
            counts[tok] += 1
            counts[tokens[i + 2].lower()] += 1
            i += 3
            continue
        if ALPHA.match(tok) or COMPOUND.match(tok):
            counts[tok] += 1
        i += 1


def lexicon_words(lexicon_dir: Path) -> set[str]:
    """Drug and gene-name surfaces that are one alphabetic word of 4+ letters."""
    words: set[str] = set()
    for name in ("drugs.tsv.gz", "genes.tsv.gz", "cell_lines.tsv.gz"):
        path = lexicon_dir / name
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                surface = row["surface"].lower()
                if len(surface) >= 4 and ALPHA.match(surface):
                    words.add(surface)
    return words


def dictionary_words() -> set[str]:
    for path in DICTIONARY_FILES:
        if path.exists():
            words = set()
            for line in path.read_text(encoding="utf-8", errors="ignore").splitlines():
                w = line.strip().lower()
                if ALPHA.match(w):
                    words.add(w)
            return words
    return set()


def frequency_words() -> dict[str, float]:
    try:
        import wordfreq
    except ImportError:
        return {}
    out: dict[str, float] = {}
    for word in wordfreq.iter_wordlist("en", "large"):
        if ALPHA.match(word):
            z = wordfreq.zipf_frequency(word, "en", wordlist="large")
            if z >= MIN_ZIPF:
                out[word] = z
    return out


def build(shared: Path, out: Path) -> dict[str, int]:
    counts = corpus_counts(shared / "ner") if (shared / "ner").is_dir() else collections.Counter()
    lexicon = lexicon_words(shared / "lexicons") if (shared / "lexicons").is_dir() else set()
    dictionary = dictionary_words()
    freq = frequency_words()
    forms: dict[str, tuple[int, str]] = {}
    for form, n in counts.items():
        forms[form] = (n, "-")
    for word in lexicon:
        n, _ = forms.get(word, (0, "-"))
        # A lexicon name counts as seen in biomedical text.
        forms[word] = (max(n, 2), "-")
    for word in dictionary:
        n, _ = forms.get(word, (0, "-"))
        forms[word] = (n, "1.0")
    for word, z in freq.items():
        n, _ = forms.get(word, (0, "-"))
        forms[word] = (n, f"{z:.1f}")
    out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across rebuilds.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for form in sorted(forms):
            n, z = forms[form]
            gz.write(f"{form}\t{n}\t{z}\n".encode("utf-8"))
    return {
        "forms": len(forms),
        "corpus_forms": len(counts),
        "lexicon_words": len(lexicon),
        "dictionary_words": len(dictionary),
        "frequency_words": len(freq),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared data folder (default: ../shared beside the project)")
    parser.add_argument("--out", type=Path, default=VOCAB_PATH)


def run(args: argparse.Namespace) -> int:
    if not args.shared.is_dir():
        print(f"shared data folder not found: {args.shared} (pass --shared DIR)", file=sys.stderr)
        return 2
    stats = build(args.shared, args.out)
    for key, value in stats.items():
        print(f"{key}\t{value}")
    if not stats["dictionary_words"]:
        print("warning: no English dictionary found (apt-get install wamerican)", file=sys.stderr)
    if not stats["frequency_words"]:
        print("warning: wordfreq not installed; no English frequencies (pip install wordfreq)", file=sys.stderr)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    raise SystemExit(run(parser.parse_args()))
