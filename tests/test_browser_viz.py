"""The viz page in a real browser: Debian's headless Chromium driven by Playwright.

Never skips: without /usr/bin/chromium the tests fail and say how to install it
(`make test` runs tests/setup-test-deps.sh, which does).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from graph_samples import gold_samples
from test_viz import EVIL, big_graph, contract_graph
from test_viz_overview import invented_graph

from kg.graph.assemble import build_graph
from kg.graph.keys import entity_key
from kg.viz import show, write

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_COPY = Path("/tmp/kg-viz.png")
READY = "() => window.kgViz && window.kgViz.ready === true"

NON_BLANK_PIXELS = """() => {
  const canvas = document.querySelector('#kg-network canvas');
  const ctx = canvas.getContext('2d');
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const dark = pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235;
    if (pixels[i + 3] > 0 && dark) painted++;
  }
  return painted;
}"""

NODE_ON_SCREEN = """(id) => {
  const net = window.kgViz.network;
  const p = net.canvasToDOM(net.getPositions([id])[id]);
  const box = document.getElementById('kg-network').getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser test needs Debian's chromium package "
            "(run `bash tests/setup-test-deps.sh`, or `apt-get install chromium`)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


class Page:
    """One opened page plus everything that went wrong on it."""

    def __init__(self, browser: object, path: Path):
        self.problems: list[str] = []
        note = self.problems.append
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore
        self.page.on("console", lambda m: m.type == "error" and note(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: note(f"page error: {e}"))
        self.page.on("dialog", lambda d: (note(f"dialog: {d.message}"), d.dismiss()))
        self.page.on(
            "request",
            lambda r: (
                r.url.startswith("file:")
                or r.url.startswith("data:")
                or note(f"network request: {r.url}")
            ),
        )
        self.page.goto(path.as_uri())
        self.page.wait_for_function(READY, timeout=60_000)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)


def test_page_renders_searches_and_filters(browser: object, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write(contract_graph(), path, limit=0)
    view = Page(browser, path)
    page = view.page
    assert view.js("kgViz.nodeCount()") == 9
    assert view.js("kgViz.visibleNodeCount()") == 9
    assert view.js("kgViz.edgeCount()") == 9
    assert view.js(NON_BLANK_PIXELS) > 2000, "the network canvas is blank"
    legend = page.inner_text("#kg-legend")
    for kind in ("Model", "Method", "Dataset", "Metric", "Task"):
        assert kind in legend

    page.fill("#kg-search", "distilbert")
    page.press("#kg-search", "Enter")
    assert view.js("kgViz.selected()") == ["entity:distilbert"]
    assert "DistilBERT (Model)" in page.inner_text("#kg-search-status")
    page.fill("#kg-search", "KD")
    page.click("#kg-search-form button")
    assert view.js("kgViz.selected()") == ["entity:knowledgedistillation"]
    page.fill("#kg-search", "no such thing")
    page.press("#kg-search", "Enter")
    assert view.js("kgViz.selected()") == []
    assert "no entity matches" in page.inner_text("#kg-search-status")

    page.uncheck('#kg-types input[data-kind="Dataset"]')
    assert view.js("kgViz.visibleNodeCount()") == 8
    assert "entity:glue" not in view.js("kgViz.visibleNodeIds()")
    assert view.js("kgViz.visibleEdgeCount()") == 7
    page.check('#kg-types input[data-kind="Dataset"]')
    assert view.js("kgViz.visibleNodeCount()") == 9

    shot = tmp_path / "kg-viz-small.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    evil_id = "entity:" + entity_key(EVIL)
    assert EVIL in view.js("(id) => kgViz.nodeInfoText(id)", evil_id)
    page.fill("#kg-search", "TinyBERT")
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(600)  # the focus animation
    spot = view.js(NODE_ON_SCREEN, "entity:tinybert")
    page.mouse.move(spot["x"], spot["y"])
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "TinyBERT" in tooltip.inner_text() and "We propose TinyBERT." in tooltip.inner_text()
    assert view.problems == []


def test_corpus_sized_default_view(browser: object, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    chosen = write(big_graph(), path, types=["Model", "Method", "Metric"])
    assert chosen.graph.number_of_nodes() == 150
    view = Page(browser, path)
    assert view.js("kgViz.nodeCount()") == 150
    assert view.js(NON_BLANK_PIXELS) > 5000
    assert "150 of 540 entities" in view.page.inner_text("#kg-description")
    view.page.fill("#kg-search", "Entity 5")
    view.page.press("#kg-search", "Enter")
    assert view.js("kgViz.selected()") == ["entity:entity5"]
    view.js("kgViz.network.unselectAll(); kgViz.network.fit()")
    shot = tmp_path / "kg-viz.png"
    view.page.screenshot(path=str(shot))
    shutil.copyfile(shot, SCREENSHOT_COPY)
    assert view.problems == []


ANCHOR_BOXES = """() => {
  const net = window.kgViz.network;
  return window.kgViz.anchorIds().map((id) => {
    const b = net.getBoundingBox(id);
    const a = net.canvasToDOM({x: b.left, y: b.top});
    const z = net.canvasToDOM({x: b.right, y: b.bottom});
    return {id: id, left: a.x, top: a.y, right: z.x, bottom: z.y};
  });
}"""


def test_overview_shows_anchors_apart_with_a_caption(browser: object, tmp_path: Path) -> None:
    path = tmp_path / "overview.html"
    chosen = write(invented_graph(), path)
    view = Page(browser, path)
    assert view.js("kgViz.nodeCount()") == chosen.graph.number_of_nodes()
    assert sorted(view.js("kgViz.anchorIds()")) == sorted(chosen.anchors)
    assert view.js(NON_BLANK_PIXELS) > 5000
    caption = view.page.inner_text("#kg-caption")
    assert "Left out as generic" in caption and "Frobnicator" in caption
    width, height = view.js(
        "[document.getElementById('kg-network').clientWidth, "
        "document.getElementById('kg-network').clientHeight]"
    )
    boxes = view.js(ANCHOR_BOXES)
    for box in boxes:  # on screen
        assert box["left"] >= -2 and box["top"] >= -2, box
        assert box["right"] <= width + 2 and box["bottom"] <= height + 2, box
    for i, a in enumerate(boxes):  # no anchor drawn over another
        for b in boxes[i + 1 :]:
            apart = (
                a["right"] <= b["left"]
                or b["right"] <= a["left"]
                or a["bottom"] <= b["top"]
                or b["bottom"] <= a["top"]
            )
            assert apart, (a["id"], b["id"])
    view.page.screenshot(path=str(tmp_path / "overview.png"))
    assert view.problems == []


def test_assembled_graph_with_papers(browser: object, tmp_path: Path) -> None:
    samples = gold_samples(40)
    graph = build_graph([e for _, e in samples], [p for p, _ in samples])
    path = tmp_path / "assembled.html"
    chosen = write(graph, path, types=["Model", "Method", "Dataset", "Paper"], limit=80)
    view = Page(browser, path)
    assert view.js("kgViz.nodeCount()") == chosen.graph.number_of_nodes() > 20
    assert "Paper" in view.js("kgViz.kinds()")
    assert view.js(NON_BLANK_PIXELS) > 5000
    view.page.uncheck('#kg-types input[data-kind="Paper"]')
    papers = sum(1 for n in chosen.graph if n.startswith("paper:"))
    assert view.js("kgViz.visibleNodeCount()") == chosen.graph.number_of_nodes() - papers
    assert view.problems == []


def test_notebook_view_renders_in_its_iframe(browser: object, tmp_path: Path) -> None:
    """What Jupyter does with `g.show()`: put `_repr_html_()` into the notebook page."""
    path = tmp_path / "notebook.html"
    cell = show(contract_graph(), focus="GLUE", hops=1)._repr_html_()
    path.write_text(f"<!DOCTYPE html><html><body><h1>Notebook</h1>{cell}</body></html>")
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(path.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("#kg-description").wait_for()
    inner = page.frames[1]
    inner.wait_for_function(READY, timeout=30_000)
    assert inner.evaluate("kgViz.nodeCount()") == 3  # GLUE and the two models evaluated on it
    assert inner.evaluate("kgViz.selected()") == ["entity:glue"]
    assert errors == []
    page.close()
