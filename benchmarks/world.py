"""``python -m benchmarks.world [--families a,b] [--render auto]``: crawl sites of many
CMS families (``crawler.demosite.world``), the trap site and the demo portal, each with
``python -m crawler crawl`` on shared embedded servers, and score what was stored
against each site's ground truth.

Per family and overall: ``coverage`` (truth articles stored ÷ articles), ``js_coverage``
(the same for articles drawn by script), ``non_article_docs`` (stored documents that are
no article), field accuracy (``title``, ``authors`` as a set, ``published_at`` to the
minute in UTC, ``category``, ``tags`` as a set, ``captions``, ``related`` links; each
where the family's pages give it without a browser; overall: the lowest family),
``boilerplate_leaks`` (stored texts holding an ad label, the sidebar, a caption or a
related story's title), ``fetches_per_article`` and ``ended_by_itself``; for the trap
site, ``trap_fetches`` per trap. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from w3lib.url import canonicalize_url

from crawler.config import CrawlerConfig
from crawler.demosite import DemoServer, posts
from crawler.demosite.traps import ARTICLES as TRAP_ARTICLES
from crawler.demosite.traps import TrapSite
from crawler.demosite.world import AD_LABEL, FAMILIES, SIDEBAR_TEASER, FamilySite, Story
from crawler.services import Endpoints, resolve, stop_embedded
from crawler.storage import ArticleStore

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("title", "authors", "published_at", "category", "tags", "captions", "related")


def crawl(url: str, endpoints: Endpoints, database: str, render: str,
          timeout: float) -> tuple[str, bool, float]:
    """Crawl ``url`` to the end; (job id, ended by itself, seconds)."""
    job = f"world-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
           "MONGO_DATABASE": database, "FRONTIER_SITE_RPS": "50",
           "FRONTIER_SITE_CONCURRENCY": "8"}
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", url, "--allow-private", "--render",
             render, "--job", job], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=timeout, check=False)
        ended = result.returncode == 0
    except subprocess.TimeoutExpired:
        ended = False
    return job, ended, time.monotonic() - started


def _field_ok(name: str, story: Story, doc: dict[str, Any], origin: str) -> bool:
    if name == "title":
        return bool(doc.get("title") == story.title)
    if name == "authors":
        return {a.lower() for a in doc.get("authors") or []} == {a.lower() for a in story.authors}
    if name == "published_at":
        got = doc.get("published_at")
        return got is not None and abs((got - story.published).total_seconds()) < 60
    if name == "category":
        return str(doc.get("category") or "").lower() == story.category.lower()
    if name == "tags":
        return {t.lower() for t in doc.get("tags") or []} == set(story.tags)
    if name == "captions":
        return any(i.get("caption") == story.caption for i in doc.get("images") or [])
    related = {r["url"] for r in doc.get("related") or []}
    return {canonicalize_url(origin + p) for p in story.related} <= related


def _leaks(story: Story, doc: dict[str, Any], titles: dict[str, str]) -> bool:
    text = doc.get("text") or ""
    others = [titles[p] for p in story.related]
    return any(s in text for s in (AD_LABEL, SIDEBAR_TEASER, "Most read", story.caption,
                                   *others))


def score_family(site: FamilySite, store: ArticleStore, job: str) -> dict[str, Any]:
    origin = site.url.rstrip("/")
    docs = {d["url"]: d for d in store.articles.find({"crawl.job_id": job}, {"_id": 0})}
    # Stored URLs are canonical (w3lib): a non-ASCII path is stored percent-encoded.
    truth = {canonicalize_url(origin + s.path): s for s in site.stories}
    titles = {s.path: s.title for s in site.stories}
    stored = [u for u in truth if u in docs]
    out: dict[str, Any] = {
        "articles": len(truth), "coverage": round(len(stored) / len(truth), 3),
        "non_article_docs": len(set(docs) - set(truth)),
        "boilerplate_leaks": sum(_leaks(truth[u], docs[u], titles) for u in stored),
        "fetches_per_article": round(sum(site.hits.values()) / len(truth), 2),
    }
    js = [u for u, s in truth.items() if s.js]
    if js:
        out["js_coverage"] = round(sum(u in docs for u in js) / len(js), 3)
    for name in site.family.fields:
        out[name] = round(sum(_field_ok(name, truth[u], docs[u], origin) for u in stored)
                          / max(1, len(stored)), 3)
    return out


def run(families: list[str], render: str, timeout: float) -> dict[str, Any]:
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as data_dir:
        endpoints = resolve(CrawlerConfig.load(redis_url=None, mongo_uri=None,
                                               crawler_data_dir=Path(data_dir)))
        try:
            for family in [f for f in FAMILIES if f.name in families]:
                site = FamilySite(family).start()
                database = f"world_{family.name}"
                job, ended, seconds = crawl(site.url, endpoints, database, render, timeout)
                store = ArticleStore(endpoints.mongo_uri, database)
                report[family.name] = {**score_family(site, store, job),
                                       "ended_by_itself": ended, "crawl_s": round(seconds, 1)}
                store.close()
                site.stop()
            if "traps" in families:
                report["traps"] = _traps(endpoints, render, timeout)
            if "sngine" in families:
                report["sngine"] = _sngine(endpoints, render, timeout)
        finally:
            stop_embedded()
    return report


def _traps(endpoints: Endpoints, render: str, timeout: float) -> dict[str, Any]:
    site = TrapSite(0).start()
    job, ended, seconds = crawl(site.url, endpoints, "world_traps", render, timeout)
    store = ArticleStore(endpoints.mongo_uri, "world_traps")
    urls = {d["url"] for d in store.articles.find({"crawl.job_id": job}, {"url": 1})}
    truth = {site.url.rstrip("/") + p for p in TRAP_ARTICLES}
    fetches = site.fetches()
    store.close()
    site.stop()
    return {"articles": len(truth), "coverage": round(len(urls & truth) / len(truth), 3),
            "non_article_docs": len(urls - truth), "ended_by_itself": ended,
            "trap_fetches": {k: v for k, v in fetches.items() if k not in ("articles", "other")},
            "crawl_s": round(seconds, 1)}


def _sngine(endpoints: Endpoints, render: str, timeout: float) -> dict[str, Any]:
    site = DemoServer(0).start()
    job, ended, seconds = crawl(site.url, endpoints, "world_sngine", render, timeout)
    store = ArticleStore(endpoints.mongo_uri, "world_sngine")
    urls = {d["url"] for d in store.articles.find({"crawl.job_id": job}, {"url": 1})}
    truth = {site.url.rstrip("/") + p.path for p in posts()}
    js = {site.url.rstrip("/") + p.path for p in posts() if p.js_mode}
    store.close()
    site.stop()
    return {"articles": len(truth), "coverage": round(len(urls & truth) / len(truth), 3),
            "js_coverage": round(len(urls & js) / len(js), 3),
            "non_article_docs": len(urls - truth), "ended_by_itself": ended,
            "crawl_s": round(seconds, 1)}


def overall(report: dict[str, Any]) -> dict[str, Any]:
    families = [r for r in report.values() if "title" in r]
    total = sum(r["articles"] for r in report.values())
    out: dict[str, Any] = {
        "coverage": round(sum(r["coverage"] * r["articles"] for r in report.values()) / total, 3),
        "non_article_docs": sum(r["non_article_docs"] for r in report.values()),
        "boilerplate_leaks": sum(r.get("boilerplate_leaks", 0) for r in report.values()),
        "every_crawl_ended": all(r["ended_by_itself"] for r in report.values()),
    }
    js = [r for r in report.values() if "js_coverage" in r]
    if js:
        out["js_coverage"] = round(min(r["js_coverage"] for r in js), 3)
    for name in FIELDS:
        scored = [r[name] for r in families if name in r]
        if scored:
            out[name] = round(min(scored), 3)
    return out


def main() -> None:
    names = [f.name for f in FAMILIES] + ["traps", "sngine"]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.world")
    parser.add_argument("--families", default=",".join(names),
                        help=f"comma-separated, of {', '.join(names)} (default: all)")
    parser.add_argument("--render", choices=["auto", "always", "never"], default="auto")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds a crawl may take before it counts as not ending")
    args = parser.parse_args()
    chosen = [n.strip() for n in args.families.split(",") if n.strip()]
    unknown = set(chosen) - set(names)
    if unknown:
        raise SystemExit(f"error: unknown families {sorted(unknown)}; choose from {names}")
    report = run(chosen, args.render, args.timeout)
    for name, figures in report.items():
        print(name, json.dumps(figures, default=str))
    print(json.dumps({"families": report, "overall": overall(report)}, default=str))


if __name__ == "__main__":
    main()
