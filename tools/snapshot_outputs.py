"""Dump what the extractor produces for a set of files, to compare two versions.

    python tools/snapshot_outputs.py --out build/snapshot-before.jsonl
    python tools/snapshot_outputs.py --out build/snapshot-after.jsonl --compare build/snapshot-before.jsonl

By default the files are the seed corpus (corpus/) and the PDFs of ../shared/pdfs.
Every sentence, mention and claim is written as one JSON line; the extractor
version (which is meant to change) is left out. `--compare` prints the first
differences and exits 1 when the two snapshots differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _load_api():
    """The reader and the extractor, wherever this version of the code keeps them."""
    try:
        from litclaims.extract import Extractor
        from litclaims.ingest import read_document
        from litclaims.schemas.config import Settings
    except ImportError:  # the layout before the litclaims package
        sys.path.insert(0, str(REPO))
        from litclaims.extract import Extractor
        from litclaims.ingest import read_document
        from litclaims.schemas.config import Settings
    return read_document, Extractor.from_settings(Settings(base_model=""))


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf", ".html", ".htm"))
        elif path.exists():
            found.append(path)
    return found


def _rows(read_document, extractor, path: Path):
    extraction = extractor.extract(read_document(path))
    name = path.name
    yield {"file": name, "kind": "document", "text_len": len(extraction.document.text),
           "sections": len(extraction.document.sections)}
    for sentence in extraction.sentences:
        yield {"file": name, "kind": "sentence", **dataclasses.asdict(sentence)}
    for mention in extraction.mentions:
        yield {"file": name, "kind": "mention", **dataclasses.asdict(mention)}
    for claim in extraction.claims:
        row = dataclasses.asdict(claim)
        row.pop("rule_version", None)
        yield {"file": name, "kind": "claim", **row}


def snapshot(paths: list[Path], out: Path) -> int:
    read_document, extractor = _load_api()
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for path in _files(paths):
            for row in _rows(read_document, extractor, path):
                handle.write(json.dumps(row, sort_keys=True, default=list) + "\n")
                n += 1
            print(f"{path.name}: done", file=sys.stderr)
    return n


def compare(new: Path, old: Path, show: int = 10) -> int:
    new_rows = new.read_text(encoding="utf-8").splitlines()
    old_rows = old.read_text(encoding="utf-8").splitlines()
    only_new = sorted(set(new_rows) - set(old_rows))
    only_old = sorted(set(old_rows) - set(new_rows))
    print(f"{len(old_rows)} rows before, {len(new_rows)} after; {len(only_old)} only before, {len(only_new)} only after")
    for row in only_old[:show]:
        print("- " + row[:400])
    for row in only_new[:show]:
        print("+ " + row[:400])
    return 1 if only_new or only_old else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path,
                        default=[REPO / "corpus", REPO.parent / "shared" / "pdfs"])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path, default=None, help="an earlier snapshot to compare with")
    args = parser.parse_args(argv)
    n = snapshot(args.paths, args.out)
    print(f"{n} rows written to {args.out}")
    return compare(args.out, args.compare) if args.compare else 0


if __name__ == "__main__":
    raise SystemExit(main())
