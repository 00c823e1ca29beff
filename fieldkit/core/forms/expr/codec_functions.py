"""digest() and base64-decode(), as ODK documents them.

``digest(data, algorithm[, encoding])`` hashes the UTF-8 bytes of ``data`` with MD5,
SHA-1, SHA-256, SHA-384 or SHA-512 and writes the hash in base64 (the default) or hex.
``base64-decode(text)`` reads base64 and returns the bytes as UTF-8 text; text that is
not base64 gives '' (an empty answer), and bytes that are not UTF-8 show as U+FFFD, as
in ODK Collect.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from fieldkit.core.i18n import N_

from .errors import EvaluationError
from .values import check_total, to_string

_ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
               "SHA-512": "sha512"}
_ENCODINGS = ("base64", "hex")


def digest(args, ctx, run):
    data = to_string(args[0])
    name = to_string(args[1]).strip()
    algorithm = _ALGORITHMS.get(name.upper())
    if algorithm is None:
        raise EvaluationError(
            N_("digest() does not know the algorithm '{name}'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
            name=name[:40])
    encoding = to_string(args[2]).strip().lower() if len(args) > 2 else "base64"
    if encoding not in _ENCODINGS:
        raise EvaluationError(N_("digest() does not know the encoding '{name}'; use base64 or hex"),
                              name=encoding[:40])
    run.charge(len(data) // 1000)
    hashed = hashlib.new(algorithm, data.encode("utf-8", "surrogatepass"))
    if encoding == "hex":
        return hashed.hexdigest()
    return base64.b64encode(hashed.digest()).decode("ascii")


def base64_decode(args, ctx, run):
    text = to_string(args[0])
    check_total(len(text))
    run.charge(len(text) // 1000)
    compact = "".join(text.split())
    if len(compact) % 4 in (2, 3):  # padding left off
        compact += "=" * (4 - len(compact) % 4)
    try:
        raw = base64.b64decode(compact.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return ""
    return raw.decode("utf-8", "replace")
