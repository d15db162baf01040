"""Site families we did not write as the demo: each crawled end to end, scored against
its ground truth by ``benchmarks.world``."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

FAMILIES = "wordpress,drupal,ghost,jsonld,nextjs,amp,loadmore,turkish"


def test_every_family_is_stored_whole_and_right() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.world", "--families", FAMILIES, "--timeout", "240"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report["families"]) == set(FAMILIES.split(","))
    for name, family in report["families"].items():
        assert family["ended_by_itself"], name
        assert family["coverage"] == 1.0, (name, family)
        assert family["non_article_docs"] == 0, (name, family)
        assert family["boilerplate_leaks"] == 0, (name, family)
        for field in ("title", "authors", "published_at", "category", "tags", "captions",
                      "related"):
            assert family.get(field, 1.0) >= 0.97, (name, field, family)
    assert report["families"]["nextjs"]["js_coverage"] == 1.0
