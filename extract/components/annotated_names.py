"""Names the training corpora annotate reliably that the lexicon does not know.

`extract/data/annotated_names.tsv` (written by `python -m tools.lexicon.annotated_names`
from the training corpora's annotations, issue 14 round 11) lists spellings such as a
drug code or an enzyme's name with their type. This component matches them, as listed
(or with a capital first letter where listed in lower case), on tokens no lexicon
match covers, into `doc.spans["annotated_names"]`; the resolver takes them where no
head's span nor lexicon match stands (no id). They do not go into
`doc.spans["lexicon"]`, so the trained heads' lexicon features are unchanged.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.components.token_arrays import sentence_start_flags, token_texts, whitespace_flags
from litclaims.extract.lexicon.compiled import DATA_DIR, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.matcher import match_tokens

ANNOTATED_NAMES_FILE = "annotated_names.tsv"
ANNOTATED_NAMES_PATH = DATA_DIR / ANNOTATED_NAMES_FILE
SPAN_KEY = "annotated_names"
FACTORY = "litclaims_annotated_names"
LEXICON_KEY = "lexicon"


def read_table(path: Path) -> Lexicon:
    """The table as a small Lexicon: every key matches only its listed spellings."""
    by_key: dict[tuple[str, str], set[str]] = {}
    starts: dict[str, int] = {}
    multiword: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        surface, kind, n_tokens, first = line.split("\t")[:4]
        key = norm_key(surface)
        by_key.setdefault((key, kind), set()).add(surface)
        if int(n_tokens) > 1 and first:
            starts[first] = max(starts.get(first, 0), int(n_tokens))
        if " " in surface:
            multiword.add(key)
    entity_lines: list[str] = []
    index: dict[str, int] = {}
    keys: dict[str, list] = {}
    for (key, kind), spellings in sorted(by_key.items()):
        if kind not in index:
            index[kind] = len(entity_lines)
            entity_lines.append(f"{kind}\t\t\tsource")
        keys.setdefault(key, []).append([index[kind], *sorted(spellings)])
    packed = {key: ("w" if key in multiword else "") + "\t" + json.dumps(cands) for key, cands in keys.items()}
    return Lexicon(entity_lines, packed, starts, "")


@lru_cache(maxsize=2)
def load_table(path: str = str(ANNOTATED_NAMES_PATH)) -> Lexicon:
    return read_table(Path(path))


class AnnotatedNames:
    def __init__(self, nlp: Language, name: str, path: str) -> None:
        self.name = name
        self.table = load_table(path or str(ANNOTATED_NAMES_PATH))

    def __call__(self, doc: Doc) -> Doc:
        covered = [False] * len(doc)
        for span in doc.spans.get(LEXICON_KEY, []):
            for k in range(span.start, span.end):
                covered[k] = True
        sent_starts = sentence_start_flags(doc) if doc.has_annotation("SENT_START") else None
        spans = []
        for match in match_tokens(self.table, token_texts(doc), whitespace_flags(doc), sent_starts):
            if any(covered[match.start : match.end]):
                continue
            spans.append(Span(doc, match.start, match.end, label=match.entities[0].entity_type))
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(FACTORY, default_config={"path": ""})
def make_annotated_names(nlp: Language, name: str, path: str) -> AnnotatedNames:
    return AnnotatedNames(nlp, name, path)
