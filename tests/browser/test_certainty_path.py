"""Issue 11, point 4: each claim page shows the path from the starting level to the grade.

The expected lines come from the claim's YAML and from the checker's own sum
(assess.certainty over the loaded project), never from the HTML under test: the page
must say, step by step, what the checker added up.
"""

from __future__ import annotations

from evidencekit import assess
from evidencekit.definitions import DOWNGRADE_DOMAIN, GRADE, UPGRADE_DOMAIN
from evidencekit.validate import check_project
from site_facts import ALL_CLAIMS, REPO, claim_path, sentences, text

PATH = """() => [...document.querySelectorAll('article.md-content__inner .ek-certainty__path > li')]
  .map(li => li.textContent.replace(/\\s+/g, ' ').trim())"""
SEARCHES = """() => [...document.querySelectorAll('article.md-content__inner .ek-certainty__search')]
  .map(p => p.textContent.replace(/\\s+/g, ' ').trim())"""


def test_each_claim_page_shows_the_path_from_its_start_to_its_grade(site_url, open_page):
    project = check_project(REPO)
    page, watch = open_page(site_url)
    problems = []
    for topic, cid, claim in ALL_CLAIMS:
        page.goto(site_url + claim_path(topic, cid), wait_until="load")
        lines = page.evaluate(PATH)
        c = assess.certainty(project.claim(f"{topic}/{cid}"), project.library)
        start = f"Starts at {c.start_grade.short.lower()}: {c.why}."
        steps = []
        for kind, domains in (("downgrades", DOWNGRADE_DOMAIN), ("upgrades", UPGRADE_DOMAIN)):
            for s in claim.get(kind) or []:
                n = s.get("levels", 1)
                sign, way = ("+", "up") if kind == "upgrades" else ("−", "down")
                steps.append((f"{sign}{n} level{'s' if n > 1 else ''} {way}: "
                              f"{domains[s['domain']].label}:", sentences(s["reason"])[0]))
        result = f"= {GRADE[claim['grade']].label}."
        if len(lines) != len(steps) + 2 or lines[0] != start or lines[-1] != result:
            problems.append(f"{cid}: path {lines!r}, expected {start!r} ... {result!r}")
            continue
        for line, (head, reason) in zip(lines[1:-1], steps):
            if not (line.startswith(head) and text(reason).replace("’", "'")
                    in line.replace("’", "'")):
                problems.append(f"{cid}: step {line!r}, expected {head!r} … {reason!r}")
        own = claim.get("searched") or []
        shown = page.evaluate(SEARCHES)
        for s in own:
            if not any(f"We searched {text(s['where'])} on" in p and text(s["terms"]) in p
                       for p in shown):
                problems.append(f"{cid}: its search in {s['where']!r} is not shown")
    assert problems == [], "\n".join(problems)
    watch.assert_clean()
