"""The one link policy: what the spider and the render workers queue from a page."""

from __future__ import annotations

from protego import Protego

from crawler.urls import LinkPolicy, as_fetched, host_of, site_of

PAGE = "https://www.news.example/2024/story"


class Rules:
    """robots.txt rules known for one site, as the job's shared rules give them."""

    def __init__(self, site: str, body: str) -> None:
        self.site, self.rules = site, Protego.parse(body)

    def known(self, site: str) -> bool:
        return site == self.site

    def allowed(self, url: str) -> bool:
        return bool(self.rules.can_fetch(url, "newscrawler"))


def test_hosts_and_sites() -> None:
    assert host_of("https://WWW.News.example:8443/a") == "news.example"
    assert site_of("https://user@WWW.News.example:8443/a") == "news.example:8443"


def test_a_page_keeps_its_own_sites_pages_only() -> None:
    links = ["https://news.example/a", "https://www.news.example/b", "https://other.example/c",
             "https://news.example/report.pdf", "https://news.example/photo.JPG",
             "https://news.example/private/x", "https://news.example:99999/d",
             "https://news.example/e"]
    policy = LinkPolicy(Rules("news.example", "User-agent: *\nDisallow: /private/\n"))
    decision = policy.follow(PAGE, links)
    assert decision.links == ["https://news.example/a", "https://www.news.example/b",
                              "https://news.example/e"]
    assert decision.disallowed == ["https://news.example/private/x"]
    assert decision.refused == {"other-site": 1, "extension": 2, "malformed": 1, "robots": 1}


def test_unknown_robots_rules_are_left_to_fetch_time() -> None:
    policy = LinkPolicy(Rules("elsewhere.example", "User-agent: *\nDisallow: /\n"))
    assert policy.follow(PAGE, ["https://news.example/private/x"]).links == [
        "https://news.example/private/x"]
    assert LinkPolicy().follow(PAGE, ["https://news.example/x"]).links == [
        "https://news.example/x"]


def test_malformed_urls_are_not_requests() -> None:
    assert as_fetched("http://127.0.0.1:99999/x") is None
    assert as_fetched("http://[::1]x/") is None
    assert as_fetched("http://127.0.0.1:8080/a b?q=ü") == "http://127.0.0.1:8080/a%20b?q=%C3%BC"


def test_scope_is_judged_on_the_url_as_it_will_be_fetched() -> None:
    """``a\\@b`` is host b to urllib but host a to w3lib, Scrapy and browsers: the link
    goes where they would go, so it is judged there."""
    escape = "https://evil.example\\@news.example/x"
    stay = "https://news.example\\@evil.example/y"
    decision = LinkPolicy().follow(PAGE, [escape, stay])
    assert decision.links == ["https://news.example/@evil.example/y"]
    assert decision.refused == {"other-site": 1}


def test_a_page_of_many_links_is_judged_up_to_its_cap() -> None:
    links = [f"https://news.example/p/{n}" for n in range(50)]
    decision = LinkPolicy().follow(PAGE, links, cap=10)
    assert decision.links == links[:10]
    assert decision.refused == {"cap": 40}
    assert len(LinkPolicy().follow(PAGE, links).links) == 50
