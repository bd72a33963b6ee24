"""A JATS reference list: the text of each entry, and what a citation names.

A citation's `refs` are the labels the paper prints: the `<label>` of the
`<ref>` it points to ("12", brackets and dots dropped), else the entry's
position in the list (1-based), which is the printed number in numbered styles
without labels and still identifies the entry in author-year styles. This
keeps JATS citations comparable with those read from the PDF of the same paper.
"""

from __future__ import annotations

from lxml import etree

from litclaims.ingest.xml_parse import local_name, text_of

# Parts of an element-citation rendered in this order, each ending with ". ".
_CITATION_FIELDS = ("article-title", "chapter-title", "source", "year", "volume", "fpage", "pub-id")


class ReferenceIndex:
    """The `<ref>`s of an article in order, by id."""

    def __init__(self, refs: list[etree._Element]) -> None:
        self.order: list[str] = []
        self.labels: dict[str, str] = {}
        for position, ref in enumerate(refs, 1):
            rid = ref.get("id") or f"ref-{position}"
            self.order.append(rid)
            label = text_of(ref.find("label")).strip("[]().: ")
            self.labels[rid] = label or str(position)
        self._index = {rid: i for i, rid in enumerate(self.order)}

    def label(self, rid: str) -> str:
        return self.labels.get(rid, rid)

    def between(self, first: str, last: str) -> list[str]:
        """The ids from `first` to `last` inclusive in list order ("[2-4]" cites 2, 3 and 4)."""
        i, j = self._index.get(first), self._index.get(last)
        if i is None or j is None or j < i:
            return [first, last]
        return self.order[i : j + 1]


def reference_text(ref: etree._Element) -> str:
    """One reference-list entry as a line of text, its label first ("12. Smith J, ...")."""
    label = text_of(ref.find("label"))
    bodies = [c for c in ref if local_name(c) in ("mixed-citation", "element-citation", "citation", "nlm-citation")]
    text = " ".join(_citation_text(b) for b in bodies) if bodies else _mixed_text(ref, skip=("label",))
    text = " ".join(text.split())
    if label and not text.startswith(label):
        text = f"{label.rstrip('.')}. {text}" if label[-1:].isalnum() else f"{label} {text}"
    return text


def _citation_text(citation: etree._Element) -> str:
    """Mixed citations carry their own punctuation; element citations (no text
    between the elements) are given "Authors. Title. Source. Year; ..." form."""
    if any((child.tail or "").strip() for child in citation) or (citation.text or "").strip():
        return _mixed_text(citation)
    return _element_text(citation)


def _mixed_text(element: etree._Element, skip: tuple[str, ...] = ()) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name == "name":
            _append_spaced(parts, _name(child))
        elif name not in skip:
            _append_spaced(parts, _mixed_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _append_spaced(parts: list[str], text: str) -> None:
    """Elements written with nothing between them ("<source>Ann Oncol</source><volume>16")
    get a space, so their words do not fuse."""
    before = "".join(parts[-2:])
    if before[-1:].isalnum() and text[:1].isalnum():
        parts.append(" ")
    parts.append(text)


def _element_text(citation: etree._Element) -> str:
    authors: list[str] = []
    fields: dict[str, str] = {}
    for child in citation.iter():
        name = local_name(child)
        if name == "name":
            authors.append(_name(child))
        elif name in ("collab", "string-name"):
            authors.append(text_of(child))
        elif name == "etal":
            authors.append("et al.")
        elif name in _CITATION_FIELDS or name == "lpage":
            fields.setdefault(name, text_of(child))
    pages = "-".join(p for p in (fields.pop("fpage", ""), fields.pop("lpage", "")) if p)
    volume = fields.pop("volume", "")
    if pages:
        volume = f"{volume}:{pages}" if volume else pages
    pieces = [", ".join(authors)] + [fields.get(f, "") for f in ("article-title", "chapter-title", "source", "year")] + [volume, fields.get("pub-id", "")]
    return " ".join(p.rstrip(".") + "." for p in pieces if p)


def _name(name: etree._Element) -> str:
    """"Surname GN" from `<name><surname/><given-names/></name>`."""
    surname = text_of(name.find("surname"))
    given = text_of(name.find("given-names"))
    return f"{surname} {given}".strip()
