"""Whether a page must be rendered in a browser, learned per site and URL pattern.

After a static fetch (``--render auto``) a page is rendered when its article is not in
the static HTML: an app shell (a ``<noscript>`` "enable JavaScript" notice and next to
no text) or a body too thin for an article. What the renders show is counted in Redis,
for the whole job, per site and per URL pattern (the path with numbers and slugs made
generic: ``/blogs/{n}/{slug}``):

- a pattern whose pages needed JavaScript ``MIN_EVIDENCE`` times and the static fetch
  (nearly) never is sent straight to the render queue, with no static fetch;
- a site whose articles were complete in the static HTML ``MIN_STATIC_SITE`` times and
  never needed JavaScript is static: its thin pages are stored as fetched, not rendered.

One page in ``EXPLORE_EVERY`` of a learned pattern or site is still checked the long
way, so what was learned keeps being tested. Both decisions are stored with the
article (``fetch.rendered``, ``fetch.render_reason``).
"""

from __future__ import annotations

import time
import zlib
from collections import Counter

import redis

from crawler.config import RenderMode
from crawler.extract import Article
from crawler.frontier.core import JOB_TTL_S, job_prefix
from crawler.urls import site_of, url_pattern

# An article page whose static HTML carries fewer words than this has its body drawn
# by script (every static demo post has over 150; JS posts carry under 20).
MIN_STATIC_WORDS = 80
MIN_EVIDENCE = 3
MIN_STATIC_SITE = 20
EXPLORE_EVERY = 20
_CACHE_S = 1.0

def needed_js(rendered_words: int, static_words: int | None) -> bool:
    """Whether a render found an article the static fetch did not have."""
    return rendered_words >= MIN_STATIC_WORDS and rendered_words > 2 * (static_words or 0)


def _explores(url: str) -> bool:
    return zlib.crc32(url.encode()) % EXPLORE_EVERY == 0


class RenderLearner:
    """A job's per-site and per-pattern render evidence, shared through Redis.

    With ``batch`` (a spider, which records every page it fetches), evidence is written
    every ``FLUSH_EVERY_S`` in one round trip instead of one per page; what this process
    has not written yet still counts in its own decisions. Call ``flush`` at the end.
    """

    FLUSH_EVERY_S = 0.5

    def __init__(self, client: redis.Redis, job_id: str, batch: bool = False) -> None:
        self.client = client
        self.key = f"{job_prefix(job_id)}:render:learned"
        self.batch = batch
        self._cache: dict[str, tuple[float, tuple[int, int]]] = {}
        self._pending: Counter[str] = Counter()
        self._pending_since = 0.0

    def record(self, url: str, js: bool) -> None:
        kind = "js" if js else "static"
        if not self._pending:
            self._pending_since = time.monotonic()
        self._pending.update((f"{url_pattern(url)}|{kind}", f"{site_of(url)}|{kind}"))
        if not self.batch:
            self.flush()
        else:
            self.flush_due()

    def flush_due(self) -> None:
        """Write the evidence gathered if the oldest has waited ``FLUSH_EVERY_S``."""
        if self._pending and time.monotonic() - self._pending_since >= self.FLUSH_EVERY_S:
            self.flush()

    def flush(self) -> None:
        """Write the evidence not yet in Redis."""
        if not self._pending:
            return
        pending, self._pending = self._pending, Counter()
        with self.client.pipeline(transaction=False) as pipe:
            for field, count in pending.items():
                pipe.hincrby(self.key, field, count)
            pipe.expire(self.key, JOB_TTL_S)
            pipe.execute()
        for field in pending:  # read afresh next time, with what was just written
            self._cache.pop(field.rpartition("|")[0], None)

    def _counts(self, name: str) -> tuple[int, int]:
        """(js, static) for a pattern or site, cached for a second, plus this process's
        evidence not written yet."""
        now = time.monotonic()
        hit = self._cache.get(name)
        if hit is not None and now - hit[0] < _CACHE_S:
            counts = hit[1]
        else:
            js, static = self.client.hmget(self.key, [f"{name}|js", f"{name}|static"])
            counts = (int(js or 0), int(static or 0))
            self._cache[name] = (now, counts)
        return (counts[0] + self._pending[f"{name}|js"],
                counts[1] + self._pending[f"{name}|static"])

    def render_directly(self, url: str) -> bool:
        """The URL's pattern needs JavaScript: skip the static fetch."""
        js, static = self._counts(url_pattern(url))
        return js >= MIN_EVIDENCE and static * 10 < js and not _explores(url)

    def static_site(self, url: str) -> bool:
        """The URL's site serves its articles in the static HTML."""
        js, static = self._counts(site_of(url))
        return js == 0 and static >= MIN_STATIC_SITE and not _explores(url)

    def patterns(self) -> dict[str, dict[str, int]]:
        """Everything learned so far: {pattern or site: {js, static}}."""
        learned: dict[str, dict[str, int]] = {}
        for field, value in self.client.hgetall(self.key).items():
            text = field.decode() if isinstance(field, bytes) else field
            name, _, kind = text.rpartition("|")
            learned.setdefault(name, {"js": 0, "static": 0})[kind] = int(value)
        return learned


def render_reason(article: Article, mode: RenderMode, url: str = "",
                  learner: RenderLearner | None = None) -> str | None:
    """Why the statically fetched ``article`` needs the browser, or None when it does not.

    With a ``learner`` (``auto``), what the page shows is recorded: an app shell needed
    JavaScript, a full static article did not; thin pages are judged by their render.
    """
    if mode == "never":
        return None
    if article.js_shell:
        if learner is not None:
            learner.record(url, js=True)
        return "js-shell"
    if article.page_type != "article":
        return None
    if mode == "always":
        return "always"
    if article.word_count >= MIN_STATIC_WORDS:
        if learner is not None:
            learner.record(url, js=False)
        return None
    if learner is not None and learner.static_site(url):
        return None
    return "thin-body"
