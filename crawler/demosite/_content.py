"""The demo portal's posts: the seed article plus generated ones, deterministic.

Post 1 carries the text of a real AFP post (two stories in one post, "- x -"
sub-headings, a repeated caption). The others are generated from word banks with
a fixed random seed so every run serves the same site.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache, lru_cache
from importlib import resources

CATEGORIES = ["News", "Health", "Literature", "Technology", "Economy", "Sports"]
AUTHORS = ["akshada", "Platinum", "Ikeji", "Timothyl", "Merve Kaya", "Daniel Osei"]
POST_COUNT = 64
# Every fifth post draws its body with JavaScript: 12 of 64 (19 %). Half of them fetch
# the body by script; the other half are the live section's app pages (``/live/``).
JS_EVERY = 5

_SUBJECTS = ["The ministry", "Local officials", "A new report", "Researchers", "The council",
             "Analysts", "The company", "Doctors", "Residents", "The committee", "Investors",
             "Teachers", "The federation", "Engineers", "Writers"]
_VERBS = ["announced", "warned", "confirmed", "questioned", "welcomed", "rejected", "reviewed",
          "expanded", "delayed", "outlined", "criticised", "backed", "measured", "revealed"]
_OBJECTS = ["a plan to modernise regional hospitals", "the results of a two-year study",
            "new rules for small businesses", "a programme of public readings",
            "the budget for next season", "changes to the national curriculum",
            "a proposal to expand rail links", "the findings of an independent audit",
            "a partnership with universities", "measures to cut energy bills",
            "the schedule for the spring tournament", "a review of water quality"]
_TAILS = ["on Tuesday", "after months of debate", "despite strong objections",
          "according to people familiar with the matter", "in a statement on Monday",
          "as pressure mounted", "during a press conference", "at a meeting in the capital",
          "following a public consultation", "ahead of the summer"]
_TOPICS = ["Hospital", "Rail", "Budget", "Library", "Energy", "Tournament", "Water", "School",
           "Market", "Harbour", "Festival", "Museum", "Bridge", "Clinic", "Stadium", "Archive"]
_ANGLES = ["plan sparks debate", "reforms move ahead", "study raises questions",
           "officials promise changes", "costs climb again", "project wins support",
           "review finds gaps", "talks resume after delay"]
_SUBHEADINGS = ["What comes next", "Costs and benefits", "A long road", "Mixed reactions"]


@dataclass(frozen=True)
class Post:
    id: int
    title: str
    category: str
    author: str
    published: datetime
    paragraphs: list[str]
    # Indexes of paragraphs shown as AFP-style "- x -" sub-headings.
    subheadings: dict[int, str] = field(default_factory=dict)
    # A second story in the same post: (index before which it starts, its title).
    second_title: tuple[int, str] | None = None
    caption: str | None = None
    views: int = 0
    comments: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:60]

    @property
    def path(self) -> str:
        section = "live" if self.js_mode == "app" else "blogs"
        return f"/{section}/{self.id}/{self.slug}"

    @property
    def js_mode(self) -> str | None:
        """None (static), "fetch" (body fetched by script) or "app" (whole page drawn)."""
        if self.id % JS_EVERY:
            return None
        return "fetch" if (self.id // JS_EVERY) % 2 else "app"

    @property
    def snippet(self) -> str:
        lead = self.paragraphs[0]
        return lead[:95].rsplit(" ", 1)[0] + "..."


def display_count(value: int) -> str:
    """The portal's counter display: 950, 2K, 1.2M."""
    if value >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if value >= 1000:
        return f"{value // 1000}K"
    return str(value)


def category_id(name: str) -> int:
    return CATEGORIES.index(name) + 1


def category_slug(name: str) -> str:
    return name.lower()


_count = POST_COUNT


def set_post_count(count: int) -> None:
    """Serve ``count`` posts instead of 64 (benchmarks; the first 64 stay the same)."""
    global _count
    _count = count
    _all_posts.cache_clear()
    _members.cache_clear()


def posts() -> tuple[Post, ...]:
    """Every post, oldest first (the server itself builds only the posts a page shows)."""
    return _all_posts(_count)


@cache
def _all_posts(count: int) -> tuple[Post, ...]:
    return tuple(_post(i) for i in range(1, count + 1))


def post_by_id(post_id: int) -> Post | None:
    return _post(post_id) if 1 <= post_id <= _count else None


@lru_cache(maxsize=4096)
def _post(post_id: int) -> Post:
    return _seed_post() if post_id == 1 else _generated_post(post_id)


def related(post: Post) -> list[Post]:
    """The five "Read More" teasers of a post: the next five posts, wrapping."""
    return [_post((post.id + k) % _count + 1) for k in range(1, 6)]


Listing = tuple[str, str]  # ("category" | "author" | "tag", name; a tag in lower case)


def newest_first(start: int, stop: int, listing: Listing | None = None) -> tuple[list[Post], int]:
    """Posts ``start:stop`` of a listing, newest first, and the listing's length: every
    post, or those of one category, author or tag. A page costs the same at 64 posts or
    100,000: posts are built when shown, and a listing's members are found from ids."""
    ids = range(_count, 0, -1) if listing is None else _members(listing)
    return [_post(i) for i in ids[start:stop]], len(ids)


@cache
def _members(listing: Listing) -> tuple[int, ...]:
    return tuple(i for i in range(_count, 0, -1) if listing in _listings(i))


def _listings(post_id: int) -> set[Listing]:
    """The listings post ``post_id`` is in (as :func:`_generated_post` and
    :func:`_seed_post` make it)."""
    if post_id == 1:
        return {("category", "News"), ("author", "AFP"),
                *(("tag", t) for t in ("china", "russia", "ukraine"))}
    category = _category(post_id)
    return {("category", category), ("author", _author(post_id)),
            ("tag", category.lower()), ("tag", _topic(post_id).lower())}


def _category(post_id: int) -> str:
    return CATEGORIES[post_id % len(CATEGORIES)]


def _author(post_id: int) -> str:
    return AUTHORS[post_id % len(AUTHORS)]


def _topic(post_id: int) -> str:
    return _TOPICS[post_id % len(_TOPICS)]


def _seed_post() -> Post:
    text = resources.files(__package__).joinpath("seed_article.txt").read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = lines[1]
    # lines: ad, title, comments, views, lead, caption+credit, caption, body...
    caption = lines[6]
    body_end = lines.index("Sponsorluk", 7)
    body = lines[4:5] + lines[7:body_end]
    second = body.index("China, Russia say to strengthen cooperation in Lavrov visit")
    second_title = body.pop(second)
    subheadings = {i: line[2:-2] for i, line in enumerate(body) if re.match(r"^- .+ -$", line)}
    paragraphs = [line for line in body]
    return Post(
        id=1, title=title, category="News", author="AFP",
        published=datetime(2024, 4, 10, 9, 12, 0), paragraphs=paragraphs,
        subheadings=subheadings, second_title=(second, second_title), caption=caption,
        views=2000, comments=0, tags=["China", "Russia", "Ukraine"],
    )


def _generated_post(post_id: int) -> Post:
    rng = random.Random(post_id * 7919)
    category = _category(post_id)
    title = f"{_topic(post_id)} {rng.choice(_ANGLES)} in district {post_id}"
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(6, 10))]
    subheadings: dict[int, str] = {}
    if post_id % 3 == 0:
        at = len(paragraphs) // 2
        paragraphs.insert(at, f"- {rng.choice(_SUBHEADINGS)} -")
        subheadings[at] = paragraphs[at][2:-2]
    return Post(
        id=post_id, title=title, category=category, author=_author(post_id),
        published=datetime(2024, 1, 1, 6, 0) + timedelta(hours=37 * post_id, minutes=post_id),
        paragraphs=paragraphs, subheadings=subheadings,
        caption=f"Photo from district {post_id}: {rng.choice(_OBJECTS)}" if post_id % 2 else None,
        views=rng.choice([0, 12, 640, 1500, 2400, 4100, 12000]), comments=rng.randint(0, 9),
        tags=[category, _topic(post_id)],
    )


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(2, 4)):
        sentences.append(
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"{rng.choice(_TAILS)}."
        )
    return " ".join(sentences)
