#!/usr/bin/python3
"""Known answers for CHAP-MD5 (RFC 1994 section 4.1: Response = MD5(Identifier + secret + Challenge)),
computed with Python's hashlib, independently of the Java code. Writes chap-md5.txt next to this script."""
import hashlib
import os

CASES = [
    (1, b"secret", bytes.fromhex("00112233445566778899aabbccddeeff")),
    (0x42, b"correct horse battery staple", bytes(range(1, 33))),
    (255, b"", bytes.fromhex("ff")),
]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "chap-md5.txt"), "w") as f:
    f.write("# identifier secret-hex challenge-hex response-hex\n")
    for ident, secret, challenge in CASES:
        f.write(f"{ident} {secret.hex() or '-'} {challenge.hex()} "
                f"{hashlib.md5(bytes([ident]) + secret + challenge).hexdigest()}\n")
