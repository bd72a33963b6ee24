"""Page content streams read faster than pdfminer.six reads them, to the same objects.

pdfminer tokenizes a content stream with a state machine that takes a Python call
or more per byte run and a debug-log call per token. On pages of vector figures
(hundreds of thousands of path operators) that is most of the page's parse: in the
PDFs of the test corpus the tokenizer was more than half of pdfminer's time.

`content_objects` reads the objects pdfminer's `PDFContentParser.nextobject` yields
(numbers, names, strings, arrays, dictionaries, operators) with one compiled regular
expression per token; `ContentStreamInterpreter` runs them through pdfminer's own
operator methods, looked up once per operator instead of once per occurrence. The
layout that comes out is the same (tests compare the objects with pdfminer's on
hand-written streams and on the pages of real PDFs). A stream with what this reader
does not mirror (inline images, a malformed dictionary) goes to pdfminer's own parser.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from pdfminer import settings as pdfminer_settings
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, literal_name

# The common tokens, after whitespace (NUL counts as whitespace, as in pdfminer):
# 1 a number, 2 an operator (a keyword), 3 a name without #-escapes,
# 4 a string without parentheses or backslashes inside, 5 an array or dictionary bracket.
# Anything else (comments, escaped strings, hex strings, stray characters) is read
# by `_read_rare` at the position the match fails.
_DELIMITERS = rb"#/%\[\]()<>{}\s"
_COMMON_TOKEN = re.compile(
    rb"[\s\x00]*+(?:"
    rb"([-+]?[0-9]+(?:\.[0-9]*)?|[-+]?\.[0-9]+)"
    rb"|([A-Za-z][^" + _DELIMITERS + rb"]*+)"
    rb"|/([^" + _DELIMITERS + rb"]*+)(?!#)"
    rb"|\(([^()\\]*)\)"
    rb"|(\[|\]|<<|>>)"
    rb")"
)
_WHITESPACE = re.compile(rb"[\s\x00]*+")
_END_OF_LINE = re.compile(rb"[\r\n]")
_NAME_PART = re.compile(rb"[^" + _DELIMITERS + rb"]*+")
_HEX_DIGITS = re.compile(rb"[0-9a-fA-F]{1,2}")
_HEX_BODY = re.compile(rb"[0-9a-fA-F\s]*+")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_SPACE = re.compile(rb"\s")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_STRING_ESCAPES = {b"b": 8, b"t": 9, b"n": 10, b"f": 12, b"r": 13, b"(": 40, b")": 41, b"\\": 92}

_TRUE, _FALSE = b"true", b"false"
_BRACKETS = {b"[": KWD(b"["), b"]": KWD(b"]"), b"<<": KWD(b"<<"), b">>": KWD(b">>")}
_OPENERS = {KWD(b"["): "a", KWD(b"<<"): "d", KWD(b"{"): "p"}
_CLOSERS = {KWD(b"]"): "a", KWD(b">>"): "d", KWD(b"}"): "p"}
# Inline images (BI ... ID data EI) carry raw bytes that only pdfminer's parser reads.
_HANDED_TO_PDFMINER = {KWD(b"BI"), KWD(b"ID")}


class UnmirroredContent(Exception):
    """The stream has a construct `content_objects` leaves to pdfminer's parser."""


def content_objects(data: bytes) -> list[Any]:
    """The objects pdfminer's PDFContentParser yields for `data`, in order; raises
    UnmirroredContent where pdfminer's own parser must read the stream."""
    return list(_structured(_tokens(data)))


def _tokens(data: bytes):
    """Tokens as pdfminer's PSBaseParser makes them: numbers, bools, bytes (strings),
    PSLiteral (names) and PSKeyword (operators and brackets)."""
    match_at = _COMMON_TOKEN.match
    end = len(data)
    pos = 0
    while pos < end:
        m = match_at(data, pos)
        if m is None or m.lastindex is None:
            start = _WHITESPACE.match(data, pos).end()
            if start >= end:
                return
            token, pos = _read_rare(data, start)
            if token is not None:
                yield token
            continue
        pos = m.end()
        kind = m.lastindex
        if kind == 1:
            text = m.group(1)
            yield float(text) if b"." in text else int(text)
        elif kind == 2:
            word = m.group(2)
            yield True if word == _TRUE else False if word == _FALSE else KWD(word)
        elif kind == 3:
            yield _literal(m.group(3))
        elif kind == 4:
            yield m.group(4)
        else:
            yield _BRACKETS[m.group(5)]


def _literal(name: bytes):
    try:
        return LIT(str(name, "utf-8"))
    except UnicodeDecodeError:
        return LIT(name)


def _read_rare(data: bytes, pos: int) -> tuple[Any, int]:
    """The token at `pos` that the common pattern does not read, and where the next
    one starts; None for what pdfminer drops (comments, a lone sign, a stray '>')."""
    c = data[pos:pos + 1]
    if c == b"%":
        eol = _END_OF_LINE.search(data, pos)
        return None, eol.start() if eol else len(data)
    if c == b"/":
        return _read_escaped_name(data, pos + 1)
    if c == b"(":
        return _read_string(data, pos + 1)
    if c == b"<":
        return _read_hex_string(data, pos + 1)
    if c == b">":
        return None, pos + 1
    if c in b"+-.":
        return _read_broken_number(data, pos)
    return KWD(c), pos + 1


def _read_escaped_name(data: bytes, pos: int) -> tuple[Any, int]:
    """A name with #xx escapes: pdfminer takes up to two hex digits after each '#'
    (none: the '#' is dropped)."""
    name = b""
    while True:
        part = _NAME_PART.match(data, pos)
        name += part.group()
        pos = part.end()
        if data[pos:pos + 1] != b"#":
            return _literal(name), pos
        digits = _HEX_DIGITS.match(data, pos + 1)
        if digits:
            name += bytes((int(digits.group(), 16),))
            pos = digits.end()
        else:
            pos += 1


def _read_string(data: bytes, pos: int) -> tuple[Any, int]:
    """A literal string with nested parentheses or backslash escapes (PDF Reference
    3.2.3, as pdfminer reads it: an unknown escape drops the escaped character, an
    octal escape takes up to three digits). Unterminated: dropped, like pdfminer."""
    out = bytearray()
    depth = 1
    end = len(data)
    while True:
        stop = _STRING_STOP.search(data, pos)
        if stop is None:
            return None, end
        out += data[pos:stop.start()]
        c = data[stop.start():stop.start() + 1]
        pos = stop.end()
        if c == b"(":
            depth += 1
            out += c
        elif c == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out += c
        else:
            pos = _read_escape(data, pos, out)


def _read_escape(data: bytes, pos: int, out: bytearray) -> int:
    """The escape after a backslash at `pos - 1`, appended to `out`; where reading goes on."""
    octal = _OCTAL.match(data, pos)
    if octal:
        code = int(octal.group(), 8)
        if code >= 256:
            raise UnmirroredContent("octal escape past 255")  # pdfminer asserts here
        out.append(code)
        return octal.end()
    c = data[pos:pos + 1]
    if c in _STRING_ESCAPES:
        out.append(_STRING_ESCAPES[c])
    elif c == b"\r" and data[pos + 1:pos + 2] == b"\n":
        pos += 1
    return pos + 1


def _read_hex_string(data: bytes, pos: int) -> tuple[Any, int]:
    """'<' not followed by '<': hex digits and spaces up to the first other byte (left
    for the next token, as pdfminer leaves it); an odd last digit is its own value."""
    if data[pos:pos + 1] == b"<":
        return _BRACKETS[b"<<"], pos + 1
    body = _HEX_BODY.match(data, pos)
    if body.end() >= len(data):
        return None, len(data)  # unterminated at the end of the stream: dropped
    digits = _SPACE.sub(b"", body.group())
    return _HEX_PAIR.sub(lambda m: bytes((int(m.group(), 16),)), digits), body.end()


def _read_broken_number(data: bytes, pos: int) -> tuple[Any, int]:
    """A sign or a dot the common pattern did not read as a number ("-", "-.", "."):
    pdfminer's int() or float() of it fails and the token is dropped."""
    pos += 1
    if data[pos - 1:pos] in b"+-" and data[pos:pos + 1] == b".":
        pos += 1
    return None, pos


def _structured(tokens) -> Any:
    """pdfminer's PSStackParser.nextobject over the tokens: brackets build lists and
    dicts; at the top level every token is an object of its own."""
    context: list[tuple[str | None, list]] = []
    kind: str | None = None
    stack: list = []
    for token in tokens:
        if token.__class__ is PSKeyword:
            if token in _OPENERS:
                context.append((kind, stack))
                kind, stack = _OPENERS[token], []
                continue
            if token in _CLOSERS:
                if kind != _CLOSERS[token]:
                    continue  # a closer that closes nothing: pdfminer drops it
                closed = _closed(kind, stack)
                kind, stack = context.pop()
                token = closed
            elif token in _HANDED_TO_PDFMINER:
                raise UnmirroredContent(f"inline image operator {token.name!r}")
        if context:
            stack.append(token)
        else:
            yield token


def _closed(kind: str, items: list) -> Any:
    if kind != "d":
        return items
    if len(items) % 2:
        raise UnmirroredContent("a dictionary with an odd number of items")
    return {literal_name(key): value for key, value in zip(items[0::2], items[1::2]) if value is not None}


class ContentStreamInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter reading content streams with `content_objects`;
    Form XObjects get the same (pdfminer makes them with `self.__class__`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._operators: dict[PSKeyword, Any] = {}  # keyword -> (method, operand count) or _UNKNOWN

    def execute(self, streams: Sequence[object]) -> None:
        try:
            data = _joined_data(self._streams_to_run(streams))
        except Exception:
            # A stream pdfminer cannot decode either: let it fail (or not) its own way.
            return super().execute(streams)
        try:
            objects = content_objects(data)
        except UnmirroredContent:
            return super().execute(streams)
        operators = self._operators
        argstack_push = self.push
        for obj in objects:
            if obj.__class__ is not PSKeyword:
                argstack_push(obj)
                continue
            operator = operators.get(obj)
            if operator is None:
                operator = operators[obj] = _operator(type(self), obj)
            if operator is _UNKNOWN:
                if pdfminer_settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {obj.name!r}")
                continue
            method, nargs = operator
            if nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    method(self, *args)
            else:
                method(self)

    def _streams_to_run(self, streams: Sequence[object]) -> list:
        """pdfminer's guard against circular Form XObjects: the streams not already
        running in a parent interpreter, recorded as running in this one."""
        runnable = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue
            runnable.append(stream)
            self.stream_ids.add(stream.objid)
        return runnable


_UNKNOWN = object()


def _operator(cls: type, keyword: PSKeyword) -> Any:
    """The interpreter's method for an operator and how many operands it takes,
    named as pdfminer names them (T* -> do_T_a, ' -> do__q, \" -> do__w)."""
    name = str(keyword.name, "utf-8", "ignore")
    method: Callable | None = getattr(cls, "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q"), None)
    if method is None:
        return _UNKNOWN
    return method, method.__code__.co_argcount - 1


def _joined_data(streams: list) -> bytes:
    # pdfminer reads the streams as one token sequence, ending a token cut at a stream's
    # end as if a newline followed it.
    return b"\n".join(stream.get_data() for stream in streams)
