"""MinHash signatures of word shingles, and the LSH band keys made from them.

Why our own few lines and not `datasketch`: measured on the 2,095 BBC bodies
(tests/bench/RESULTS.md, "Near-duplicate copies"), `datasketch` 2.0 takes 2.7 s
to sketch them with `update_batch` (it SHA-1s every shingle in Python) and
0.4–1.1 s just to import (its LSH imports `scipy.integrate`), while this module
takes 0.3 s and imports only numpy; and `datasketch` persists its LSH only by pickling, which an
index folder (untrusted data) must never be loaded with. The method is the
textbook one, so nothing is lost by owning it:

- a text is lowercased and cut into `\\w+` words; each word is hashed with
  CRC-32 (stable across processes and machines, unlike `hash()`), and each run
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

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Signature = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]

_WORD = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1
# Bounded memory for one huge text: the (permutations x shingles) product is built in slices,
# small enough to stay in the processor's cache (measured: tests/bench/RESULTS.md, issue 20).
_CHUNK = 1024
# A signature position no shingle set reaches: an empty text agrees with nothing.
EMPTY = np.uint32(0xFFFFFFFF)
# Word -> CRC-32, so that a word is encoded and hashed once per process, not once per use:
# that was 40 % of sketching. Bounded (cleared when full): ~25 MB at most.
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 1 << 18


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


def words(text: str) -> list[str]:
    """The lowercased `\\w+` words of `text`: what shingles are made of."""
    return _WORD.findall(text.lower())


def _mix(x: U64) -> U64:
    """splitmix64's finaliser, in place: every input bit reaches every output bit."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def shingle_hashes(tokens: list[str], params: CopyParams) -> U64:
    """One 64-bit hash per run of `params.shingle` words (one for a shorter text; none if empty)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    try:
        h = np.fromiter(map(_WORD_HASHES.__getitem__, tokens), np.uint64, len(tokens))
    except KeyError:
        if len(_WORD_HASHES) > _WORD_HASHES_MAX:
            _WORD_HASHES.clear()
        for w in tokens:
            if w not in _WORD_HASHES:
                _WORD_HASHES[w] = zlib.crc32(w.encode("utf-8", "surrogatepass"))
        h = np.fromiter(map(_WORD_HASHES.__getitem__, tokens), np.uint64, len(tokens))
    k = min(params.shingle, len(tokens))
    weights = _keys(params.num_perm, params.shingle, params.rows, params.seed).shingle
    n = len(h) - k + 1
    s = h[:n] * weights[0]
    for j in range(1, k):
        s += h[j : j + n] * weights[j]
    return _mix(s)


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
    tokens = words(text)
    hashes = shingle_hashes(tokens, params)
    return Sketch(signature_of_hashes(hashes, params), len(tokens), len(np.unique(hashes)))


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
