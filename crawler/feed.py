"""The change feed of ``articles``: every write that changes an article takes the next
number of one counter (``crawl.seq``), and a reader resuming after cursor C reads the
changes after C in order, never skipping one and never reading one twice.

Numbers are taken in blocks from the ``counters`` collection (an atomic ``$inc``; it
survives restarts and is shared by every writer). A reader must not pass a number a
writer has taken and not yet written, or that write would land behind its cursor.
So a writer first notes, in ``feed_pending``, the counter as it stood (its *floor*:
every number it takes is above it), takes its block, writes, and removes its note; a
reader reads the counter *then* the notes, and reads no further than the lowest floor
(or the counter, with no notes). Any number at or below that was taken by a writer that
had noted its floor before the reader looked, and whose note is gone: its write is
done. A note older than ``STALE_S`` is a writer that died; readers stop waiting for it.

An article written again with nothing changed keeps its number (see
:func:`change_key`): the feed carries changes, not crawls.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.database import Database

# Fields whose change is not a change of the article: bookkeeping, how it was fetched
# and extracted, and the counters a page shows (views, comments), which move every visit.
UNCHANGING = frozenset({"_id", "crawl", "fetch", "extraction", "views", "comments",
                        "schema_version"})
COUNTER_ID = "articles"
# A writer's note older than this is a writer that died between taking its numbers and
# writing them; readers wait for it no longer. Far above a bulk write's longest wait for
# the server (10 s), so a live writer is never passed.
STALE_S = 120.0


def change_key(doc: Mapping[str, Any]) -> str:
    """What the feed compares: a hash of every field of the article but ``UNCHANGING``."""
    fields = {k: v for k, v in doc.items() if k not in UNCHANGING}
    raw = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(raw.encode(), digest_size=12).hexdigest()


class Feed:
    """The counter and the writers' notes of one database."""

    def __init__(self, db: Database[Any]) -> None:
        self.counters = db["counters"]
        self.pending = db["feed_pending"]

    def counter(self) -> int:
        doc = self.counters.find_one({"_id": COUNTER_ID})
        return int(doc["seq"]) if doc else 0

    @contextlib.contextmanager
    def numbers(self, count: int) -> Iterator[list[int]]:
        """``count`` new numbers, in order; readers do not pass them until the block
        inside the ``with`` has ended (written, or failed)."""
        note = uuid.uuid4().hex
        self.pending.insert_one({"_id": note, "floor": self.counter(), "at": time.time()})
        try:
            taken = self.counters.find_one_and_update(
                {"_id": COUNTER_ID}, {"$inc": {"seq": count}}, upsert=True,
                return_document=ReturnDocument.AFTER)
            assert taken is not None  # an upsert returning the document after it
            last = int(taken["seq"])
            yield list(range(last - count + 1, last + 1))
        finally:
            self.pending.delete_one({"_id": note})

    def watermark(self) -> int:
        """The highest number a reader may read up to now: every change at or below it
        is written."""
        top = self.counter()  # first the counter, then the notes (see the module's doc)
        now = time.time()
        floors = []
        for note in self.pending.find({}):
            if now - float(note.get("at", 0)) < STALE_S:
                floors.append(int(note["floor"]))
            else:
                self.pending.delete_one({"_id": note["_id"]})
        return min([top, *floors])


def read_changes(db: Database[Any], since: int, limit: int = 0
                 ) -> tuple[list[dict[str, Any]], int]:
    """The articles changed after cursor ``since``, in feed order (at most ``limit``;
    0: all there are), and the cursor to resume from."""
    upto = Feed(db).watermark()
    if upto <= since:
        return [], since
    found = db["articles"].find({"crawl.seq": {"$gt": since, "$lte": upto}}, {"_id": 0}
                                ).sort("crawl.seq", ASCENDING)
    if limit:
        found = found.limit(limit)
    docs = list(found)
    # All of (since, upto] was read unless the limit cut it short.
    cursor = int(docs[-1]["crawl"]["seq"]) if limit and len(docs) == limit else upto
    return docs, cursor
