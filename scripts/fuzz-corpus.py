#!/usr/bin/env python3
"""Writes the seed corpus of mha-fuzz: every MLIR snippet of test/ and
examples/, split on `// -----` (-split-input-file) and `//--- NAME`
(split-file) markers, with full-line `//` comments (RUN, CHECK,
expected-error, ...) removed. One file per distinct snippet, named by its
SHA-1 like libFuzzer's own corpus entries.

Usage: scripts/fuzz-corpus.py OUT_DIR [SOURCE_DIR...]
(default sources: test/ and examples/ of this checkout)
"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPLIT = re.compile(r"^// -----\s*$|^//--- .*$", re.MULTILINE)


def snippets(text):
    for part in SPLIT.split(text):
        lines = [l for l in part.splitlines() if not l.lstrip().startswith("//")]
        body = "\n".join(lines).strip()
        if body:
            yield body + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    sources = sys.argv[2:] or [os.path.join(ROOT, "test"), os.path.join(ROOT, "examples")]
    os.makedirs(out, exist_ok=True)
    written = 0
    for source in sources:
        for dirpath, _, files in sorted(os.walk(source)):
            for name in sorted(files):
                if not name.endswith(".mlir"):
                    continue
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    text = f.read()
                for body in snippets(text):
                    data = body.encode()
                    path = os.path.join(out, hashlib.sha1(data).hexdigest())
                    if not os.path.exists(path):
                        with open(path, "wb") as f:
                            f.write(data)
                        written += 1
    print(f"fuzz-corpus: {written} new seeds in {out} ({len(os.listdir(out))} in all)")


if __name__ == "__main__":
    main()
