#!/usr/bin/python3
"""Known answers for RFC 2661 AVP hiding (section 4.3) and tunnel authentication (section 5.1.1),
computed with Python's hashlib, independently of the Java code under test.
Writes hidden-avp.txt and tunnel-auth.txt next to this script."""
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def hide(attr_type, value, padding, secret, vector):
    plain = len(value).to_bytes(2, "big") + value + padding
    out = b""
    key = hashlib.md5(attr_type.to_bytes(2, "big") + secret + vector).digest()
    for i in range(0, len(plain), 16):
        block = bytes(p ^ k for p, k in zip(plain[i:i + 16], key))
        out += block
        key = hashlib.md5(secret + block).digest()
    return out


CASES = [
    # attribute type, value, padding, secret, random vector
    (9, bytes.fromhex("1234"), b"", b"tunnel-secret", bytes.fromhex("00112233445566778899aabbccddeeff")),
    (14, bytes.fromhex("beef"), bytes.fromhex("a5a5a5"), b"s", bytes.fromhex("0f")),
    (30, b"alice@example.net with a name long enough for three MD5 blocks", bytes.fromhex("01020304"),
     b"a longer shared secret", bytes.fromhex("5ca1ab1e" * 4)),
    (11, bytes(range(16)), b"", b"secret", bytes.fromhex("cafebabe")),
]

with open(os.path.join(HERE, "hidden-avp.txt"), "w") as f:
    f.write("# type value-hex padding-hex secret-hex random-vector-hex hidden-hex (RFC 2661 section 4.3)\n")
    for t, v, p, s, rv in CASES:
        f.write(f"{t} {v.hex()} {p.hex() or '-'} {s.hex()} {rv.hex()} {hide(t, v, p, s, rv).hex()}\n")

AUTH = [
    # message type carrying the response, secret, challenge
    (2, b"tunnel-secret", bytes.fromhex("0123456789abcdef0123456789abcdef")),
    (3, b"tunnel-secret", bytes.fromhex("fedcba98")),
]
with open(os.path.join(HERE, "tunnel-auth.txt"), "w") as f:
    f.write("# message-type secret-hex challenge-hex response-hex: MD5(type octet + secret + challenge)\n")
    for t, s, c in AUTH:
        f.write(f"{t} {s.hex()} {c.hex()} {hashlib.md5(bytes([t]) + s + c).hexdigest()}\n")
