#!/usr/bin/env python3
"""Prints the PTX held by the gpu.binary ops of an MLIR file (or stdin).

gpu-module-to-binary with format=isa stores the PTX as an escaped string
attribute (`assembly = "..."`); this undoes MLIR's string escapes (\\XX hex
bytes, \\\\, \\") so that FileCheck and ptxas can read the PTX as text.
"""
import re
import sys


def unescape(text):
    return re.sub(r'\\([0-9A-Fa-f]{2}|\\|")',
                  lambda m: m.group(1) if m.group(1) in ('\\', '"')
                  else chr(int(m.group(1), 16)), text)


def main():
    source = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    found = re.findall(r'assembly = "((?:[^"\\]|\\.)*)"', source)
    if not found:
        sys.exit("extract_ptx.py: no gpu.binary with PTX (format=isa/ptx) found")
    for ptx in found:
        sys.stdout.write(unescape(ptx).rstrip('\0'))
        sys.stdout.write('\n')


if __name__ == '__main__':
    main()
