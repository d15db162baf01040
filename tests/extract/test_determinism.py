"""The same page gives the same article every time: a stored article's
``content_hash`` is how a recrawl knows nothing changed, so no rule may hang on the
order a set of elements iterates in (lxml elements hash by address: the order changes
from one parse to the next). Pages whose story is shown from behind a button (its
holder's tag dropped) are the ones whose holder is looked for among several."""

from __future__ import annotations

from lxml import html as lxml_html

from crawler.demosite.varied import page
from crawler.extract import extract
from crawler.extract._tree import holders, innermost


def test_the_holder_of_a_story_whose_tag_was_dropped_is_its_parent_every_time() -> None:
    for _ in range(30):
        root = lxml_html.document_fromstring(
            "<html><body><div id='page'><div id='story'><div id='rest'><p>One.</p>"
            "<p>Two.</p></div></div></div></body></html>")
        keep = holders(root.get_element_by_id("rest"))
        root.get_element_by_id("rest").drop_tag()
        found = innermost(keep)
        assert found is not None and found.get("id") == "story"


def _hidden_rest_seeds(limit: int = 12) -> list[int]:
    seeds = []
    for seed in range(2000):
        _, truth = page(seed)
        if truth.page_type == "article" and "collapsed" in truth.shape.get("later", []):
            seeds.append(seed)
        if len(seeds) == limit:
            break
    return seeds


def test_an_article_whose_rest_is_hidden_is_the_same_on_every_parse() -> None:
    for seed in _hidden_rest_seeds():
        html, _ = page(seed)
        url = f"https://news.example/2021/05/story-{seed}.html"
        hashes = {extract(html, url).content_hash for _ in range(8)}
        assert len(hashes) == 1, seed
