"""Content fingerprints (exact duplicates) and MinHash/LSH signatures (near duplicates).

Text normalisation, shared by both: Unicode NFKC, casefold, every run of characters
that are not letters or digits (punctuation, quotes, dashes, whitespace) folded to one
space. So ``„Merz: Neue Regeln“`` and ``Merz - neue Regeln`` normalise alike.

- Content fingerprint: 64-bit BLAKE2b of ``normalised headline + "\\n" + normalised body``.
  Equal fingerprints mean the same story text, whatever URL or section it appeared at.
- Near duplicates: the body's 3-word shingles, each hashed to 64 bits; a MinHash of
  ``NUM_PERM`` = 32 hash functions; LSH with ``BANDS`` = 8 bands of ``ROWS`` = 4 values.
  Two bodies become candidates when any band matches; a candidate is accepted when the
  *exact* Jaccard similarity of the two shingle sets is at least ``JACCARD_THRESHOLD``
  = 0.7. Candidate probability ``1 - (1 - J**4)**8``: 0.89 at J = 0.7, 0.985 at 0.8,
  0.9998 at 0.9; one changed word in a 300-word body gives J ~ 0.98. Bodies with fewer
  than ``MIN_WORDS`` words get no signature (too short to call anything a near copy).
  Candidates whose signatures agree in fewer than ``ESTIMATE_FLOOR`` of their positions are
  dropped before the exact check (see there for what that costs in recall).

Everything is a pure function of the text (no per-process hash seeds), so signatures
stored in the item store stay valid across runs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from typing import NamedTuple

import numpy as np

SHINGLE = 3
NUM_PERM = 32
BANDS = 8
ROWS = NUM_PERM // BANDS
JACCARD_THRESHOLD = 0.7
MIN_WORDS = 8

_WORD = re.compile(r"[^\W_]+")
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
# Fixed seeds of the MinHash functions and of the band keys (derived, not random).
_PERM_SEEDS = np.array(
    [int.from_bytes(hashlib.blake2b(b"perm%d" % i, digest_size=8).digest()) for i in range(32)],
    dtype=np.uint64,
)[:NUM_PERM]
_PERSON = [b"nsa-band%d" % i for i in range(BANDS)]

_word_cache: dict[str, int] = {}
_WORD_CACHE_MAX = 100_000  # ~12 MB; frequent words stay, the rest are re-hashed


def words(text: str | None) -> list[str]:
    """The text's normalised words: NFKC, casefolded, split at everything that is not a
    letter or digit.

    Why not one ``findall``: the regex costs ~0.8 us per character, most of an ingest's
    text work. Whitespace is never a letter or digit, so no word spans two whitespace
    tokens, and a token that ``isalnum()`` (the regex's own class, ``[^\\W_]``) is one word:
    only tokens with punctuation go through the regex. Same words, 4-5x faster."""
    if not text:
        return []
    out: list[str] = []
    add, more, find = out.append, out.extend, _WORD.findall
    for token in unicodedata.normalize("NFKC", text).casefold().split():
        if token.isalnum():
            add(token)
        else:
            more(find(token))
    return out


def normalize_text(text: str | None) -> str:
    """NFKC + casefold + punctuation/whitespace folded to single spaces."""
    return " ".join(words(text))


def content_fingerprint(
    headline: str | None, body: str | None, body_words: list[str] | None = None
) -> int | None:
    """Signed 64-bit fingerprint of the normalised headline and body; None if both empty.
    ``body_words`` (from ``words(body)``) saves normalising the body twice."""
    h = normalize_text(headline)
    b = " ".join(words(body) if body_words is None else body_words)
    if not h and not b:
        return None
    digest = hashlib.blake2b(f"{h}\n{b}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 arithmetic wraps)."""
    x = x ^ (x >> _S30)
    x = x * _M1
    x = x ^ (x >> _S27)
    x = x * _M2
    return x ^ (x >> _S31)


def _mix_in_place(x: np.ndarray) -> np.ndarray:
    """:func:`_mix` overwriting ``x`` (no temporaries the size of a whole MinHash block)."""
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


def _word_hashes(ws: list[str]) -> np.ndarray:
    cache = _word_cache
    if len(cache) > _WORD_CACHE_MAX:
        cache.clear()
    out = list(map(cache.get, ws))
    if None in out:
        for i, h in enumerate(out):
            if h is None:
                w = ws[i]
                out[i] = cache[w] = zlib.crc32(w.encode()) | (len(w) << 32)
    return np.array(out, dtype=np.uint64)


def shingles(body_words: list[str]) -> np.ndarray | None:
    """64-bit hashes of the 3-word shingles (repeats kept); None if too few words."""
    if len(body_words) < MIN_WORDS:
        return None
    wh = _mix(_word_hashes(body_words))
    return _mix(wh[:-2] ^ (wh[1:-1] * _K1) ^ (wh[2:] * _K2))


def minhash(shingle_set: np.ndarray) -> np.ndarray:
    """``NUM_PERM`` minimum hash values of the shingle set (uint64)."""
    return _mix(shingle_set[:, None] ^ _PERM_SEEDS[None, :]).min(axis=0)


class NearKeys(NamedTuple):
    """What linking a body into the near-duplicate index needs: its shingles (for the
    exact check), MinHash signature and LSH band keys."""

    shingles: np.ndarray
    signature: np.ndarray
    keys: list[int]


#: Shingles hashed by one numpy pass of :func:`near_keys_many` (x ``NUM_PERM`` x 8 bytes).
MINHASH_BLOCK = 1 << 15


def near_keys(body_words: list[str]) -> NearKeys | None:
    """Shingles, signature and band keys of one body; None if too short."""
    return near_keys_many([body_words])[0]


def near_keys_many(bodies: list[list[str]]) -> list[NearKeys | None]:
    """:func:`near_keys` of many bodies at once, with the same values: why batch is that
    numpy's cost per call, not per value, dominates a 300-word body, so the word hashes,
    shingles and minimums of a whole batch are computed in a few array operations."""
    out: list[NearKeys | None] = [None] * len(bodies)
    todo = [i for i, ws in enumerate(bodies) if len(ws) >= MIN_WORDS]
    if not todo:
        return out
    wh = _mix(_word_hashes([w for i in todo for w in bodies[i]]))
    joined = _mix(wh[:-2] ^ (wh[1:-1] * _K1) ^ (wh[2:] * _K2))  # shingles across bodies too
    spans, start = [], 0
    for i in todo:
        spans.append((start, start + len(bodies[i]) - 2))  # this body's own shingles
        start += len(bodies[i])
    first = 0
    while first < len(todo):
        last, size = first, 0
        while last < len(todo) and (last == first or size + _span(spans[last]) <= MINHASH_BLOCK):
            size += _span(spans[last])
            last += 1
        block = np.concatenate([joined[a:b] for a, b in spans[first:last]])
        offsets = np.cumsum([0] + [_span(s) for s in spans[first : last - 1]])
        mixed = _mix_in_place(block[:, None] ^ _PERM_SEEDS[None, :])
        mins = np.minimum.reduceat(mixed, offsets, axis=0)
        for k in range(first, last):
            own = block[offsets[k - first] : offsets[k - first] + _span(spans[k])]
            out[todo[k]] = NearKeys(own, mins[k - first], band_keys(mins[k - first]))
        first = last
    return out


def _span(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 64-bit LSH key per band: BLAKE2b of the band's values, personalised with
    the band's index so equal values in different bands never give the same key."""
    raw = signature.astype("<u8").tobytes()
    width = ROWS * 8
    return [
        int.from_bytes(
            hashlib.blake2b(
                raw[b * width : (b + 1) * width], digest_size=8, person=_PERSON[b]
            ).digest(),
            "big",
            signed=True,
        )
        for b in range(BANDS)
    ]


#: Candidates whose MinHash signatures agree in fewer than this share of positions are not
#: verified: with 32 positions a pair at the threshold J = 0.7 falls below it with
#: probability 0.0018 (0.0002 at J = 0.75, ~0 at 0.8), while bodies that merely share
#: boilerplate (J ~ 0.3-0.4: agency lines, templated reports) are dropped without reading.
ESTIMATE_FLOOR = 0.45


def signature_bytes(signature: np.ndarray) -> bytes:
    """A MinHash signature as stored (little-endian uint64s)."""
    return signature.astype("<u8").tobytes()


def estimated_jaccard(signature: np.ndarray, stored: bytes) -> float:
    """Share of equal MinHash values: an unbiased estimate of the Jaccard similarity."""
    other = np.frombuffer(stored, dtype="<u8")
    if other.size != signature.size:
        return 1.0  # made with other parameters: cannot estimate, let exact Jaccard decide
    return float(np.count_nonzero(signature == other)) / signature.size


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two shingle sets."""
    a, b = np.unique(a), np.unique(b)
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    return inter / union if union else 0.0
