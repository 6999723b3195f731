"""MinHash signatures of word shingles, and the LSH band keys made from them.

Why our own few lines and not `datasketch`: measured on the 2,095 BBC bodies
(tests/bench/RESULTS.md, "Near-duplicate copies"), `datasketch` 2.0 takes 2.7 s
to sketch them with `update_batch` (it SHA-1s every shingle in Python) and
0.4–1.1 s just to import (its LSH imports `scipy.integrate`), while this module
takes 0.3 s and imports only numpy; and `datasketch` persists its LSH only by pickling, which an
index folder (untrusted data) must never be loaded with. The method is the
textbook one, so nothing is lost by owning it:

- a text is lowercased and cut into `\\w+` words; each word is hashed from its
  code points, all words of a slice of text at once in numpy (a polynomial
  hash from prefix sums: stable across processes and machines, unlike
  `hash()`, and 2-3 times faster than a regex and a CRC-32 per word), and each run
  of `shingle` consecutive words is one 64-bit shingle hash (a keyed sum of its
  word hashes, then the splitmix64 finaliser so nearby shingles scatter);
- permutation p maps a shingle hash x to `(a_p * x) mod 2**64` with a random
  odd `a_p` (multiply-shift hashing, Dietzfelbinger et al.); the signature keeps
  the top 32 bits of the minimum over the shingles. Taking the shift after the
  minimum is exact (the shift is monotonic) and halves the work;
- two signatures agree at a position with probability ≈ the Jaccard similarity
  of the two shingle sets, so the fraction of equal positions estimates it;
- LSH: the signature is cut into `bands` bands of `rows` values; two texts that
  agree on a whole band are candidates. Each band is folded into one 64-bit key.

Everything random derives from `CopyParams.seed`, so a signature written by one
process is comparable with one computed by another.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Signature = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]

_MASK64 = (1 << 64) - 1
# Bounded memory for one huge text: the (permutations x shingles) product is built in slices,
# small enough to stay in the processor's cache (measured: tests/bench/RESULTS.md, issue 20).
_CHUNK = 1024
# A signature position no shingle set reaches: an empty text agrees with nothing.
EMPTY = np.uint32(0xFFFFFFFF)
# Words are hashed from code points in slices of this many characters (bounded memory).
_SLICE = 1 << 18
_P = np.uint64(0x9E3779B97F4A7C15)  # odd, so invertible modulo 2**64
_P_INVERSE = np.uint64(pow(int(_P), -1, 1 << 64))
# How words are hashed; stored with the parameters, so a copy index sketched another way
# (1: CRC-32 of each word, before December 2026) is regrouped on its next update, not mixed.
HASHING = 2


@dataclass(frozen=True)
class CopyParams:
    """How texts are sketched and when two of them count as copies.

    Every default was chosen on the Reuters pairs judged by reading in
    tests/data/gold/copies/ (README.md there has the figures):

    - `shingle`: 5-word shingles. 4-word ones group 20 more pairs, 6 of them
      different stories (template pairs); 5 keep precision above 95 %.
    - `threshold` on the estimated Jaccard similarity of the shingle sets.
    - `short_words`, `short_threshold`: when either text has fewer words (a
      headline-only flash, a dividend notice), the pair needs this much more:
      such texts are templates whose only difference is a name or a figure.
    - `containment`, `containment_floor`: a pair whose smaller text lies at
      least this much inside the larger one (estimated from the Jaccard and the
      two set sizes) is linked from `containment_floor` up: a shortened or
      extended version of one story has a low Jaccard only because the sizes
      differ. Half of the same-story pairs missed below 0.5 were of this kind.
    - `min_words`: shorter texts are never grouped (too few shingles to estimate).
    - `window_hours`: two dated texts further apart are never copies (None: no
      limit). Routine wire stories (the Fed's daily repurchases, weekly price
      tables) repeat their text word for word on other days; every re-run of
      one story in the set was within 55 hours.
    - `hashing`: how words are hashed (`HASHING`; 1 in copy indexes written before
      it existed, which can be read but not added to).
    - `num_perm`, `bands`: 120 permutations in 60 bands of 2 rows. A pair of
      similarity s shares a band with probability 1 - (1 - s**2)**60: 99.6 %
      at 0.3, so the LSH finds nearly every pair the rules above would link.
    """

    shingle: int = 5
    num_perm: int = 120
    bands: int = 60
    threshold: float = 0.5
    short_words: int = 30
    short_threshold: float = 0.85
    containment: float = 0.8
    containment_floor: float = 0.3
    min_words: int = 10
    window_hours: float | None = 60.0
    seed: int = 20
    hashing: int = HASHING

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    def check(self) -> None:
        """Raise ValueError unless the parameters make sense (they may come from a file)."""
        if not 1 <= self.shingle <= 16:
            raise ValueError(f"shingle must be 1..16, not {self.shingle}")
        if not 8 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be 8..1024, not {self.num_perm}")
        if not 1 <= self.bands <= self.num_perm or self.num_perm % self.bands:
            raise ValueError(f"bands ({self.bands}) must divide num_perm ({self.num_perm})")
        for name in ("threshold", "short_threshold", "containment", "containment_floor"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], not {value}")
        if not 0 <= self.short_words <= 1_000_000:
            raise ValueError(f"short_words must be 0..1000000, not {self.short_words}")
        if not 0 <= self.min_words <= 1_000_000:
            raise ValueError(f"min_words must be 0..1000000, not {self.min_words}")
        if self.window_hours is not None and not 0.0 < self.window_hours < 1e9:
            raise ValueError(f"window_hours must be positive or None, not {self.window_hours}")
        if not 0 <= self.seed < 2**63:
            raise ValueError(f"seed must be 0..2**63-1, not {self.seed}")
        if self.hashing not in (1, HASHING):
            raise ValueError(f"hashing must be 1 or {HASHING}, not {self.hashing}")

    def candidate_chance(self, similarity: float) -> float:
        """The chance that a pair of this Jaccard similarity shares at least one band."""
        return float(1.0 - (1.0 - similarity**self.rows) ** self.bands)


@dataclass(frozen=True)
class _Keys:
    """The random constants of one parameter set (odd multipliers, as uint64)."""

    perm: U64  # (num_perm,) the permutations' multipliers
    shingle: U64  # (shingle,) the word-position weights of a shingle hash
    band: U64  # (rows,) the weights that fold a band into one key


@lru_cache(maxsize=8)
def _keys(num_perm: int, shingle: int, rows: int, seed: int) -> _Keys:
    rng = np.random.default_rng(seed)

    def odd(n: int) -> U64:
        return rng.integers(1, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)

    return _Keys(perm=odd(num_perm), shingle=odd(shingle), band=odd(rows))


def _mix(x: U64) -> U64:
    """splitmix64's finaliser, in place: every input bit reaches every output bit."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def word_hashes(low: str) -> tuple[U64, npt.NDArray[np.intp]]:
    """One 64-bit hash per `\\w+` word of `low` (a lowercased text), in order, and where each starts.

    A word's hash depends on its characters alone, not on where it is, so the
    words of texts joined by a newline hash as they do apart (`index.copies.batch`).

    The text is taken as code points in slices of at most `_SLICE`, each cut
    after its last non-word character, so no word spans two slices (but for a
    single word longer than a slice, which is cut: the same way every time) and
    memory stays bounded on a huge text. A word's hash is the polynomial
    sum(c_i * P**i) of its code points, taken from prefix sums (P is odd, so
    P**-s exists modulo 2**64), plus its length, then mixed.
    """
    parts: list[U64] = []
    places: list[npt.NDArray[np.intp]] = []
    start = 0
    while start < len(low):
        cp = np.frombuffer(low[start : start + _SLICE].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        is_word = _word_chars()[np.minimum(cp, 0xFFFF)]
        wide = np.flatnonzero(cp > 0xFFFF)  # outside the table: rare (emoji, old scripts)
        if len(wide):
            is_word[wide] = [chr(c).isalnum() for c in cp[wide].tolist()]
        if start + len(cp) < len(low):
            gaps = np.flatnonzero(~is_word)
            if len(gaps):
                cp, is_word = cp[: gaps[-1] + 1], is_word[: gaps[-1] + 1]
        edges = np.flatnonzero(np.diff(is_word.view(np.int8), prepend=np.int8(0), append=np.int8(0)))
        first, end = edges[0::2], edges[1::2]
        power, inverse = _powers()
        prefix = np.zeros(len(cp) + 1, dtype=np.uint64)
        np.cumsum(cp.astype(np.uint64) * power[: len(cp)], out=prefix[1:])
        parts.append(_mix((prefix[end] - prefix[first]) * inverse[first] + (end - first).astype(np.uint64)))
        places.append(first + start)
        start += len(cp)
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.intp)
    return np.concatenate(parts), np.concatenate(places)


@lru_cache(maxsize=1)
def _word_chars() -> npt.NDArray[np.bool_]:
    """Which code points of the Basic Multilingual Plane `\\w` matches (`str.isalnum()` or "_")."""
    return np.fromiter((chr(c).isalnum() or c == 0x5F for c in range(0x10000)), dtype=bool, count=0x10000)


@lru_cache(maxsize=1)
def _powers() -> tuple[U64, U64]:
    """P**i and P**-i modulo 2**64 for i up to a slice's length."""
    up = np.full(_SLICE + 1, _P, dtype=np.uint64)
    down = np.full(_SLICE + 1, _P_INVERSE, dtype=np.uint64)
    up[0] = down[0] = 1
    return np.cumprod(up), np.cumprod(down)


def shingle_hashes_of(word_hashes: U64, params: CopyParams) -> U64:
    """One 64-bit hash per run of `params.shingle` words (one for a shorter text; none if empty)."""
    h = word_hashes
    if not len(h):
        return np.zeros(0, dtype=np.uint64)
    k = min(params.shingle, len(h))
    weights = _keys(params.num_perm, params.shingle, params.rows, params.seed).shingle
    n = len(h) - k + 1
    s = h[:n] * weights[0]
    for j in range(1, k):
        s += h[j : j + n] * weights[j]
    return _mix(s)


def shingle_hashes(text: str, params: CopyParams) -> U64:
    """The shingle hashes of `text`: what its signature is the minimum of."""
    return shingle_hashes_of(word_hashes(text.lower())[0], params)


def signature_of_hashes(hashes: U64, params: CopyParams) -> Signature:
    """The MinHash signature of a set of shingle hashes (all `EMPTY` for no shingles)."""
    perm = _keys(params.num_perm, params.shingle, params.rows, params.seed).perm
    if not len(hashes):
        return np.full(params.num_perm, EMPTY, dtype=np.uint32)
    low = np.full(params.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(hashes), _CHUNK):  # (permutations x shingles): each minimum is over a row
        np.minimum(low, np.multiply.outer(perm, hashes[start : start + _CHUNK]).min(axis=1), out=low)
    return (low >> np.uint64(32)).astype(np.uint32)


@dataclass(frozen=True)
class Sketch:
    """What the copy index keeps of a text: its signature, its words and distinct shingles.

    Made by `sketch()`, which is pure, so a build can sketch in worker processes
    and hand only these to the index in the main one.
    """

    signature: Signature
    words: int
    shingles: int

    def groupable(self, params: CopyParams) -> bool:
        return self.words >= max(params.min_words, 1)


def sketch(text: str, params: CopyParams) -> Sketch:
    """The MinHash sketch of `text` under `params`."""
    if params.hashing != HASHING:
        raise ValueError(f"this Morgue sketches with word hashing {HASHING}, not {params.hashing}")
    words = word_hashes(text.lower())[0]
    hashes = shingle_hashes_of(words, params)
    return Sketch(signature_of_hashes(hashes, params), len(words), distinct_count(hashes))


def distinct_count(hashes: U64) -> int:
    """How many different values `hashes` holds (what `len(np.unique(...))` says, for less)."""
    if not len(hashes):
        return 0
    ordered = np.sort(hashes)
    return 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1]))


def band_keys(signatures: Signature, params: CopyParams) -> U64:
    """(n, bands) LSH keys of (n, num_perm) signatures: band i folded to one uint64.

    The key also depends on the band's number, so equal values in different bands
    never collide. A rare collision of two different bands only adds a candidate,
    which the similarity check then turns down.
    """
    sig = np.atleast_2d(signatures)
    weights = _keys(params.num_perm, params.shingle, params.rows, params.seed).band
    # Row j of every band is the column slice j::rows; summing r slices beats a 3-D sum.
    folded = sig[:, 0 :: params.rows].astype(np.uint64) * weights[0]
    for j in range(1, params.rows):
        folded += sig[:, j :: params.rows].astype(np.uint64) * weights[j]
    folded += np.arange(params.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return _mix(folded)


def similarity(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity: the fraction of equal signature positions."""
    if a.shape != b.shape or not len(a):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)
