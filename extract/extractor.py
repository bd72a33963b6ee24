"""Document -> Extraction: run the spaCy pipeline over the document's sections
(`nlp.pipe`, one doc per section, all marked as this paper's), build sentence and
mention records, and hand them to the claim engine.

This module only glues: the pipeline (extract.pipeline) decides what the
entities are, the claim engine (extract.claims) decides what the claims are.
"""

from __future__ import annotations

import warnings
from bisect import bisect_left
from itertools import islice
from typing import Iterable, Iterator, Sequence

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.analyzed import AnalyzedSentence, TokenVectors
from litclaims.extract.claimable import is_claimable
from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.relation_dense import encoder_fingerprint
from litclaims.extract.pipeline import SENTENCE_SPLITTER, build_pipeline, paper_docs, pipeline_fingerprint
from litclaims.extract.version import code_fingerprint, compute_extractor_version
from litclaims.schemas.config import Settings
from litclaims.schemas.records import Document, Extraction, Mention, Section, Sentence, stable_id

# spaCy's default max_length is 1,000,000 characters; a section longer than this
# is split at paragraph breaks before it goes through the pipeline.
MAX_CHUNK_CHARS = 200_000
# Docs per model call, for a batch of documents and for one document's chunks alike: the
# heads' activations grow with the docs they see at once (all 64 CIViC statements of a
# batch in one call raised a worker's peak RSS by over 100 MB; one 118,000-word paper's
# 272 chunks in spaCy's default batch of 1,000 peaked at 2.2 GB, against 0.5 GB in batches
# of 16: docs/reliability.md), while past about 16 the CPU per word hardly falls.
PIPE_BATCH_DOCS = 16

# A piece of a section the pipeline reads: (its section, its offset in the clean text, its text).
Chunk = tuple[Section | None, int, str]


class Extractor:
    """Holds the loaded pipeline and rules; `extract` is a pure function of the document."""

    def __init__(self, nlp: Language, engine: ClaimEngine, extractor_version: str,
                 token_vectors: bool | None = None, pipe_batch_docs: int = PIPE_BATCH_DOCS) -> None:
        """`token_vectors`: carry the encoder's token vectors on the analyzed sentences
        (AnalyzedSentence.vectors). None: exactly when the engine's relation model reads
        them and this pipeline has the encoder it was trained with; True: whenever the
        pipeline has an encoder (training the model). `pipe_batch_docs`: chunks per model
        call (PIPE_BATCH_DOCS); the output does not depend on it."""
        self.nlp = nlp
        self.pipe_batch_docs = pipe_batch_docs
        self.engine = engine
        self.extractor_version = extractor_version
        self.vector_encoder = _vector_encoder(nlp, engine, token_vectors)

    @classmethod
    def from_settings(cls, settings: Settings) -> "Extractor":
        nlp = build_pipeline(settings)
        engine = ClaimEngine.load(relation_model=settings.relation_model, cache_dir=settings.cache_dir)
        version = compute_extractor_version(pipeline_fingerprint(settings), engine.fingerprint,
                                            code_fingerprint())
        return cls(nlp, engine, version)

    def extract(self, document: Document) -> Extraction:
        return self._extraction(document, list(self.analyze(document)))

    def extract_many(self, documents: Sequence[Document]) -> list[Extraction]:
        """What `extract` gives for each document, with the sections of all of them through
        one `nlp.pipe` call: on short texts much of a call per document is fixed cost
        (docs/benchmarks.md: about 1.3x the words per CPU second on CIViC statements,
        in batches of 64). The abbreviation pool still keeps each document's definitions to
        itself (paper ids)."""
        chunks = [_chunks_to_analyze(document) for document in documents]
        docs = self._pipe_in_order([(document.doc_id, part) for document, parts in zip(documents, chunks)
                                    for part in parts])
        return [self._extraction(document, list(self._sentences(document, parts, islice(docs, len(parts)))))
                for document, parts in zip(documents, chunks)]

    def _extraction(self, document: Document, analyzed: list[AnalyzedSentence]) -> Extraction:
        sentences = tuple(a.sentence for a in analyzed)
        mentions = tuple(m for a in analyzed for m in a.mentions)
        claimable = [a for a in analyzed if is_claimable(a.sentence)]
        claims = tuple(self.engine.extract(claimable))
        return Extraction(
            document=document,
            sentences=sentences,
            mentions=mentions,
            claims=claims,
            extractor_version=self.extractor_version,
        )

    def analyze(self, document: Document) -> Iterator[AnalyzedSentence]:
        """Sentences and mentions of every section, in document order."""
        chunks = _chunks_to_analyze(document)
        yield from self._sentences(document, chunks, self._pipe_in_order([(document.doc_id, c) for c in chunks]))

    def _pipe_in_order(self, chunks: Sequence[tuple[str, Chunk]]) -> Iterator[Doc]:
        """The analysed doc of each (paper id, chunk), in order, through two `nlp.pipe`
        streams read in step: the whole pipeline for the chunks whose mentions are kept,
        the components up to the sentence splitter for the others (see `wants_mentions`).
        A paper's chunks of the first kind share their abbreviation definitions."""
        segmenting = self._components_after_sentences()
        if segmenting is None:
            wanted = [True] * len(chunks)
        else:
            wanted = [wants_mentions(section) for _, (section, _, _) in chunks]
        analysed = self.nlp.pipe(
            (doc for (paper_id, (_, _, text)), keep in zip(chunks, wanted) if keep
             for doc in paper_docs(self.nlp, [text], paper_id)),
            batch_size=self.pipe_batch_docs)
        segmented = self.nlp.pipe((text for (_, (_, _, text)), keep in zip(chunks, wanted) if not keep),
                                  batch_size=self.pipe_batch_docs, disable=segmenting or [])
        for keep in wanted:
            yield next(analysed) if keep else next(segmented)

    def _components_after_sentences(self) -> list[str] | None:
        """The components a chunk without mentions can skip: those after this project's
        sentence splitter. None when a base model sets the sentences (its parser needs
        its own encoder): every chunk then goes through the whole pipeline."""
        names = self.nlp.pipe_names
        if SENTENCE_SPLITTER not in names:
            return None
        return names[names.index(SENTENCE_SPLITTER) + 1:]

    def _sentences(self, document: Document, chunks: Sequence[Chunk],
                   docs: Iterable[Doc]) -> Iterator[AnalyzedSentence]:
        """The sentences of the document's chunks, from their analysed docs (in order)."""
        index = 0
        for (section, base, _), doc in zip(chunks, docs):
            keep_mentions = wants_mentions(section)
            entities = EntitiesBySentence(doc) if keep_mentions else None
            for sent in doc.sents:
                raw = sent.text
                text = raw.strip()
                if not text:
                    continue
                lead = len(raw) - len(raw.lstrip())
                start = base + sent.start_char + lead
                end = start + len(text)
                sentence = Sentence(
                    sentence_id=f"{document.doc_id[:16]}-s{index:05d}",
                    doc_id=document.doc_id,
                    index=index,
                    start=start,
                    end=end,
                    text=text,
                    section=section.heading if section else None,
                    section_kind=section.kind if section else "body",
                    page=document.page_at(start),
                    citations=document.citations_between(start, end),
                    heading_kind=section.heading_kind if section else None,
                )
                index += 1
                mentions = tuple(_mentions_in(entities.within(sent), base, sentence)) if entities else ()
                vectors = _token_vectors(sent, sentence.start - base, self.vector_encoder) \
                    if self.vector_encoder and mentions else None
                yield AnalyzedSentence(sentence=sentence, span=sent, mentions=mentions, vectors=vectors)


def _vector_encoder(nlp: Language, engine: ClaimEngine, wanted: bool | None) -> str | None:
    """The encoder fingerprint whose token vectors the analyzed sentences carry, or None.
    A relation model trained on another encoder's vectors (a scispaCy base model has its
    own, or none) runs with its dense inputs at their training mean, and says so."""
    if wanted is not None:
        encoder = encoder_fingerprint(nlp) if wanted else None
        return encoder[0] if encoder else None
    model = engine.relation_model
    needed = model.dense if model is not None else None
    if needed is None:  # the default path: no encoder hash, no vectors
        return None
    encoder = encoder_fingerprint(nlp)
    if encoder is None or encoder != (needed.encoder, needed.width):
        warnings.warn(f"the relation model {model.name} reads the token vectors of the encoder it was "  # type: ignore[union-attr]
                      f"trained with ({needed.encoder}, width {needed.width}); this pipeline has "
                      f"{encoder[0] + ', width ' + str(encoder[1]) if encoder else 'no such encoder'}: it runs "
                      "on its word features with the dense inputs at their training mean (rates not measured; "
                      "docs/relation-model.md)", RuntimeWarning, stacklevel=3)
        return None
    return needed.encoder


def _token_vectors(sent: Span, sentence_offset: int, encoder: str) -> TokenVectors | None:
    """The encoder's vectors of the sentence's tokens (doc.tensor, which the encoder set),
    their offsets made relative to the sentence's text (which starts at `sentence_offset`
    in the doc); None when the doc has none (a chunk that skipped the encoder)."""
    tensor = sent.doc.tensor
    if tensor is None or tensor.ndim != 2 or tensor.shape[0] != len(sent.doc):
        return None
    starts = np.fromiter((t.idx for t in sent), dtype=np.int32, count=len(sent)) - sentence_offset
    ends = starts + np.fromiter((len(t.text) for t in sent), dtype=np.int32, count=len(sent))
    return TokenVectors(starts, ends, tensor[sent.start:sent.end].astype(np.float16), encoder)


def wants_mentions(section: Section | None) -> bool:
    """Reference lists and front matter are kept as sentences (provenance), but their
    author names, affiliations and journal titles only add noise to the mentions table
    (surnames read as genes, postcodes as cell lines), and no claim is read there
    (extract.claimable): they need their sentences only. In the PDFs of ../shared the
    reference lists hold a quarter of the words (docs/benchmarks.md)."""
    if section is None:
        return True
    return not (section.kind == "references" or section.heading_kind == "front_matter")


def _chunks_to_analyze(document: Document) -> list[Chunk]:
    """The chunks of a document the pipeline reads; none of an unreadable one."""
    if document.quality.verdict == "unreadable":
        return []
    return list(_section_chunks(document))


class EntitiesBySentence:
    """The doc's entities, read once (`doc.ents` builds its spans on every read, and
    `Span.ents` reads it for each sentence: quadratic in a chunk's entities), handed out
    per sentence as `Span.ents` does: those wholly inside it, in order."""

    def __init__(self, doc: Doc) -> None:
        self.entities = doc.ents
        self.starts = [ent.start for ent in self.entities]

    def within(self, sent: Span) -> list[Span]:
        found = []
        for index in range(bisect_left(self.starts, sent.start), len(self.entities)):
            ent = self.entities[index]
            if ent.end > sent.end:
                break
            found.append(ent)
        return found


def _mentions_in(entities: Iterable[Span], base: int, sentence: Sentence) -> Iterator[Mention]:
    for ent in entities:
        start = base + ent.start_char
        end = base + ent.end_char
        yield Mention(
            mention_id=stable_id(sentence.doc_id, start, end, ent.label_),
            doc_id=sentence.doc_id,
            sentence_id=sentence.sentence_id,
            start=start,
            end=end,
            text=ent.text,
            entity_type=ent.label_,
            entity_id=ent.kb_id_ or None,
            entity_name=ent._.entity_name if ent.has_extension("entity_name") else None,
            source=ent._.mention_source if ent.has_extension("mention_source") else "ner",
        )


def _section_chunks(document: Document) -> Iterator[Chunk]:
    """(section, offset of chunk in the clean text, chunk text). Sections are processed
    separately so that no sentence crosses a heading; text outside every section
    (a document without headings) is one untitled chunk."""
    text = document.text
    spans: Sequence[tuple[Section | None, int, int]]
    if document.sections:
        spans = [(s, s.start, s.end) for s in document.sections]
    else:
        spans = [(None, 0, len(text))]
    for section, start, end in spans:
        for chunk_start, chunk_end in _split_long(text, start, end):
            chunk = text[chunk_start:chunk_end]
            if chunk.strip():
                yield section, chunk_start, chunk


def _split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_CHUNK_CHARS:
        cut = text.rfind("\n", start, start + MAX_CHUNK_CHARS)
        if cut <= start:
            cut = text.rfind(". ", start, start + MAX_CHUNK_CHARS)
            cut = cut + 1 if cut > start else start + MAX_CHUNK_CHARS
        yield start, cut
        start = cut
    yield start, end
