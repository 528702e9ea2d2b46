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
    letter or digit."""
    if not text:
        return []
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


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
