"""The HTML report of the seed corpus: its sections, pictures and links, read with
lxml; and the file opened in a real headless Chromium with no network, which must
log no console error (skipped, saying why, where Chromium is not installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from litclaims.flows.cli import main
from litclaims.schemas import store
from tests.test_export_indra import seed_database

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")
_CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, extractor):
    return seed_database(tmp_path_factory, extractor)


@pytest.fixture(scope="module")
def report(seed_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--out", str(out), "--db", str(seed_db)]) == 0
    return out


def test_the_report_has_every_section_picture_and_claim(report, seed_db):
    page = html.fromstring(report.read_bytes())
    assert [s.get("id") for s in page.iter("section")] == ["counts", "drugs", "network", "conflicts", "claims"]
    assert len(page.findall(".//svg")) >= 3  # claims by type, genes per drug, the network
    with store.reader(seed_db) as con:
        claims = con.execute("SELECT claim_id, sentence FROM claims").fetchall()
        conflicts = con.execute("SELECT asserted_sentence, negated_sentence FROM claim_conflicts").fetchall()
        types = [r[0] for r in con.execute("SELECT DISTINCT claim_type FROM claims").fetchall()]
    for claim_id, sentence in claims:
        (entry,) = page.xpath(f'//*[@id="claim-{claim_id}"]')
        assert " ".join(sentence.split()) in " ".join(entry.text_content().split())
    conflict_text = " ".join(page.get_element_by_id("conflicts").text_content().split())
    for asserted, negated in conflicts:
        assert " ".join(asserted.split()) in conflict_text and " ".join(negated.split()) in conflict_text
    counts = page.get_element_by_id("counts").text_content()
    assert all(claim_type in counts for claim_type in types)
    assert page.get_element_by_id("drugs").xpath(".//a[starts-with(@href, '#claim-')]")


def test_every_link_stays_inside_the_report_and_nothing_loads_from_outside(report):
    page = html.fromstring(report.read_bytes())
    ids = {element.get("id") for element in page.iter() if element.get("id")}
    hrefs = [a.get("href") for a in page.iter("a")]
    assert hrefs and all(href.startswith("#") and href[1:] in ids for href in hrefs)
    assert not page.findall(".//script") and not page.findall(".//link") and not page.findall(".//iframe")
    assert not [e for e in page.iter() if e.get("src")]
    assert "url(" not in report.read_text(encoding="utf-8").split("</style>")[0]


def _headless(target: Path, profile: Path, *flags: str) -> subprocess.CompletedProcess:
    """Chromium on `target` with no network at all: every host name resolves to
    nothing and every request goes to a proxy that is not there."""
    return subprocess.run(
        [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--proxy-server=127.0.0.1:9", "--disable-background-networking", *flags, target.as_uri()],
        capture_output=True, text=True, timeout=180)


def console_messages(stderr: str) -> list[str]:
    return [match.group(1) for match in _CONSOLE.finditer(stderr)]


@needs_chromium
def test_the_console_check_sees_a_page_error(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><script>console.error("seen"); missing();</script></body></html>')
    messages = console_messages(_headless(page, tmp_path / "profile", "--dump-dom").stderr)
    assert any("seen" in m for m in messages) and any("missing" in m for m in messages)


@needs_chromium
def test_the_report_opens_in_headless_chromium_offline_without_console_errors(report, tmp_path):
    shown = _headless(report, tmp_path / "profile", "--dump-dom")
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert console_messages(shown.stderr) == []
    dom = html.fromstring(shown.stdout)
    assert dom.findtext(".//h1") == "litclaims report" and len(dom.findall(".//svg")) >= 3
    screenshot = tmp_path / "report.png"
    taken = _headless(report, tmp_path / "profile2", "--window-size=1280,2000", f"--screenshot={screenshot}")
    assert taken.returncode == 0 and console_messages(taken.stderr) == []
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000
