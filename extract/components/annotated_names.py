"""Names the training corpora annotate reliably that the lexicon does not know.

`extract/data/annotated_names.tsv` (written by `python -m tools.lexicon.annotated_names`
from the training corpora's annotations, issue 14 round 11) lists spellings such as a
drug code or an enzyme's name with their type. This component matches them, as listed
(or with a capital first letter where listed in lower case), on tokens no lexicon
match covers, into `doc.spans["annotated_names"]`; the resolver takes them where no
head's span nor lexicon match stands (no id). They do not go into
`doc.spans["lexicon"]`, so the trained heads' lexicon features are unchanged.

The MeSH protein names the training corpora annotate as genes (the rows of
extract/data/mesh_protein_names.tsv marked so, issue 14 round 17) are matched the same
way, in any spelling of their norm key, as genes: "neural cell adhesion molecule",
"stromal cell-derived factor-1"; the resolver grounds them to the gene MeSH names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.components.token_arrays import token_texts
from litclaims.extract.lexicon.compiled import DATA_DIR, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.components.grounding import glued_mesh_word
from litclaims.extract.lexicon.matcher import norm_keys, unbalanced_brackets

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


def first_keys(table: Lexicon) -> frozenset[str]:
    """The keys a match can start with: every one-token key and every first token of a longer one."""
    return frozenset(table._keys) | frozenset(table._starts)


@lru_cache(maxsize=2)
def mesh_gene_table(tokenizer) -> Lexicon:
    """The MeSH protein names to match in running text as a small Lexicon: genes, any
    spelling of the key; `starts` from the pipeline's tokenizer (the compile step's)."""
    from litclaims.extract.components.grounding import mesh_protein_rows

    keys: dict[str, str] = {}
    starts: dict[str, int] = {}
    for key, _, _, surface, in_text in mesh_protein_rows():
        if not in_text:
            continue
        keys[key] = ("w" if " " in surface else "") + "\t" + json.dumps([[0]])
        tokens = [t.text for t in tokenizer(surface)]
        first = next((norm_key(t) for t in tokens if norm_key(t)), "")
        if len(tokens) > 1 and first:
            starts[first] = max(starts.get(first, 0), len(tokens))
    return Lexicon(["gene\t\t\tsource"], keys, starts, "")


@lru_cache(maxsize=2)
def load_table(path: str = str(ANNOTATED_NAMES_PATH)) -> Lexicon:
    return read_table(Path(path))


class AnnotatedNames:
    def __init__(self, nlp: Language, name: str, path: str) -> None:
        self.name = name
        self.table = load_table(path or str(ANNOTATED_NAMES_PATH))
        self.mesh = mesh_gene_table(nlp.tokenizer)
        self.first_keys = first_keys(self.table) | first_keys(self.mesh)
        self.norms: dict[str, str] = {}  # token text -> norm key, over the docs of this process

    def __call__(self, doc: Doc) -> Doc:
        """Greedy, left to right, longest first, as the lexicon matcher; only at tokens
        a listed name starts with (norm keys cached across docs: most docs hold none)."""
        texts = token_texts(doc)
        norms = self.norms
        if len(norms) > 200_000:
            norms.clear()
        keys = norm_keys(texts, norms)
        spans = []
        table, first = self.table, self.first_keys
        i, n = 0, len(keys)
        covered = None
        while i < n:
            if keys[i] not in first:
                i += 1
                continue
            if covered is None:
                covered = lexicon_covered(doc)
            found = self._match_at(doc, texts, keys, i) or self._match_mesh(doc, texts, keys, i)
            if found is None or any(covered[i : found[0]]):
                i += 1
                continue
            end, kind = found
            spans.append(Span(doc, i, end, label=kind))
            i = end
        doc.spans[SPAN_KEY] = spans
        return doc

    def _match_mesh(self, doc: Doc, texts: list[str], keys: list[str], i: int) -> tuple[int, str] | None:
        """A MeSH protein name, not across an unbalanced bracket ("LDL) receptor"), nor a
        lower-case word only a name of several words gives the key ("proteins")."""
        found = self._match_at(doc, texts, keys, i, self.mesh)
        if found is None:
            return None
        text = doc[i : found[0]].text
        if unbalanced_brackets(text) or glued_mesh_word(text, "".join(keys[i : found[0]])):
            return None
        return found

    def _match_at(self, doc: Doc, texts: list[str], keys: list[str], i: int,
                  table: Lexicon | None = None) -> tuple[int, str] | None:
        table = table or self.table
        stop = min(len(keys), i + max(table.max_tokens(keys[i]), 1))
        for end in range(stop, i, -1):
            if not keys[end - 1]:
                continue  # never end on punctuation or whitespace
            key = "".join(keys[i:end])
            if not table.has_key(key) or any(doc[k].is_sent_start for k in range(i + 1, end)):
                continue
            text = doc[i:end].text
            text = " ".join(text.split()) if end - i > 1 else text
            found = table.lookup(key, text)
            if found:
                return end, found[0].entity_type
        return None


def lexicon_covered(doc: Doc) -> list[bool]:
    covered = [False] * len(doc)
    for span in doc.spans.get(LEXICON_KEY, []):
        for k in range(span.start, span.end):
            covered[k] = True
    return covered


@Language.factory(FACTORY, default_config={"path": ""})
def make_annotated_names(nlp: Language, name: str, path: str) -> AnnotatedNames:
    return AnnotatedNames(nlp, name, path)
