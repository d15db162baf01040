"""Seen-set backends: which request fingerprints a job has queued already.

Both keep their state in Redis and are checked-and-set inside the frontier's push
script, so a URL is queued once across every process of the job.

- :class:`ExactSeen`: 64 bits of Scrapy's request fingerprint (a collision among a
  billion URLs has odds of about 1 in 40) as an integer member of one of many small
  sets. Redis stores a set of at most ``set-max-intset-entries`` (512) integers as a
  packed intset, 8 bytes a member, where scrapy-redis's set of 40-character hex strings
  costs about 100 bytes a URL. Shards are sized for about 256 members at the expected
  URL count; past twice that a shard turns into a hash table: still exact, bigger.
- :class:`BloomSeen`: a Bloom filter on one Redis bitmap sized from the expected URL
  count and the false-positive rate (0.001 costs 15.1 bits, 1.9 bytes, a URL). A
  false positive drops a URL that was never queued; the rate is the price of the size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import redis

# Members per exact shard at the expected URL count: half of Redis's intset limit.
_SHARD_FILL = 256
_HEADROOM = 1.05
# Shards sampled with MEMORY USAGE to estimate the exact set's size.
_MEMORY_SAMPLE = 64


class SeenSet(Protocol):
    mode: str

    def args(self, fingerprint: bytes) -> tuple[str, str, str]:
        """(shard, member, bloom bit offsets) for the push script."""

    def memory_bytes(self, client: redis.Redis, prefix: str) -> int:
        """Bytes the job's seen-set takes in Redis."""


@dataclass(frozen=True)
class ExactSeen:
    shards: int
    mode: str = "exact"

    @classmethod
    def sized(cls, expected_urls: int) -> ExactSeen:
        return cls(shards=1 << max(0, math.ceil(math.log2(max(1, expected_urls / _SHARD_FILL)))))

    def args(self, fingerprint: bytes) -> tuple[str, str, str]:
        member = int.from_bytes(fingerprint[:8], "big", signed=True)
        shard = int.from_bytes(fingerprint[8:12], "big") % self.shards
        return str(shard), str(member), ""

    def memory_bytes(self, client: redis.Redis, prefix: str) -> int:
        step = max(1, self.shards // _MEMORY_SAMPLE)
        sampled = range(0, self.shards, step)
        with client.pipeline(transaction=False) as pipe:
            for shard in sampled:
                pipe.memory_usage(f"{prefix}:seen:{shard}")
            sizes = pipe.execute()
        return int(sum(size or 0 for size in sizes) * self.shards / len(sampled))

    def contains(self, client: redis.Redis, prefix: str, fingerprints: list[bytes]) -> list[bool]:
        """Which fingerprints the set holds."""
        with client.pipeline(transaction=False) as pipe:
            for fp in fingerprints:
                shard, member, _ = self.args(fp)
                pipe.sismember(f"{prefix}:seen:{shard}", member)
            return [bool(found) for found in pipe.execute()]


@dataclass(frozen=True)
class BloomSeen:
    bits: int
    hashes: int
    mode: str = "bloom"

    @classmethod
    def sized(cls, expected_urls: int, fp_rate: float) -> BloomSeen:
        # 5 % above the textbook size: double hashing runs a little above the ideal rate,
        # and the rate is a promise at the expected count, not an average.
        bits = math.ceil(-expected_urls * math.log(fp_rate) / math.log(2) ** 2 * _HEADROOM)
        return cls(bits=bits, hashes=max(1, round(bits / expected_urls * math.log(2))))

    def offsets(self, fingerprint: bytes) -> list[int]:
        # Kirsch-Mitzenmacher: k offsets from two independent 64-bit halves.
        h1 = int.from_bytes(fingerprint[:8], "big")
        h2 = int.from_bytes(fingerprint[8:16], "big") | 1
        return [(h1 + i * h2) % self.bits for i in range(self.hashes)]

    def args(self, fingerprint: bytes) -> tuple[str, str, str]:
        return "", "", ",".join(map(str, self.offsets(fingerprint)))

    def memory_bytes(self, client: redis.Redis, prefix: str) -> int:
        return int(client.memory_usage(f"{prefix}:bloom") or 0)

    def contains(self, client: redis.Redis, prefix: str, fingerprints: list[bytes]) -> list[bool]:
        """Which fingerprints the filter reports as seen (false positives included)."""
        with client.pipeline(transaction=False) as pipe:
            for fp in fingerprints:
                fields: list[str | int] = []
                for offset in self.offsets(fp):
                    fields += ["GET", "u1", offset]
                pipe.execute_command(  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
                    "BITFIELD", f"{prefix}:bloom", *fields)
            return [all(bits) for bits in pipe.execute()]

    def allocate(self, client: redis.Redis, prefix: str) -> None:
        """Create the whole bitmap up front, so its size is known and fixed."""
        client.setbit(f"{prefix}:bloom", self.bits - 1, 0)


def seen_set(mode: str, expected_urls: int, fp_rate: float) -> ExactSeen | BloomSeen:
    if mode == "bloom":
        return BloomSeen.sized(expected_urls, fp_rate)
    return ExactSeen.sized(expected_urls)
