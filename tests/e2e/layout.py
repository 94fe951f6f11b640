"""What a person sees of a chart or a slide, measured in the browser: elements inside the screen,
nothing cut, nothing printed over something else. Each check returns a list of problems, in
words, so a failing test says what a user would have seen."""

from __future__ import annotations

# Every Plotly chart inside ``root``: legend entries, annotations, bar labels and tick labels lie
# inside the figure; legend entries are not clipped by the legend box; the legend does not cover
# a plot area; no two annotations print over each other; no bar label runs over the axis labels.
CHART_PROBLEMS_JS = """
(root) => {
  const problems = [];
  const tol = 1.5;
  const inside = (r, b) => r.left >= b.left - tol && r.right <= b.right + tol && r.top >= b.top - tol && r.bottom <= b.bottom + tol;
  const overlap = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
                            Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
  const text = (el) => (el.textContent || "").trim().slice(0, 60);
  const plots = [...(root || document).querySelectorAll(".js-plotly-plot")];
  plots.forEach((plot, index) => {
    const figure = plot.querySelector(".main-svg").getBoundingClientRect();
    const where = `chart ${index + 1}`;
    const areas = [...plot.querySelectorAll(".nsewdrag")].map((d) => d.getBoundingClientRect()).filter((r) => r.width > 0);
    const legend = plot.querySelector(".legend");
    if (legend) {
      const box = legend.querySelector(".bg").getBoundingClientRect();
      for (const entry of legend.querySelectorAll(".legendtext")) {
        const r = entry.getBoundingClientRect();
        if (!inside(r, figure) || r.right > box.right + tol) problems.push(`${where}: legend entry cut: "${text(entry)}"`);
      }
      for (const area of areas) {
        if (overlap(box, area) > 4) problems.push(`${where}: the legend covers the plot`);
      }
    }
    const annotations = [...plot.querySelectorAll(".annotation")]
      .map((a) => ({ label: text(a), r: (a.querySelector(".annotation-text") || a).getBoundingClientRect() }))
      .filter((a) => a.label && a.r.width > 0);
    annotations.forEach((a, i) => {
      if (!inside(a.r, figure)) problems.push(`${where}: label outside the chart: "${a.label}"`);
      annotations.slice(i + 1).forEach((b) => {
        if (overlap(a.r, b.r) > 4) problems.push(`${where}: labels print over each other: "${a.label}" / "${b.label}"`);
      });
    });
    const left = areas.length ? Math.min(...areas.map((r) => r.left)) : figure.left;
    for (const label of plot.querySelectorAll(".bartext")) {
      const r = label.getBoundingClientRect();
      if (r.width === 0) continue;
      if (!inside(r, figure) || r.left < left - tol) problems.push(`${where}: bar label cut: "${text(label)}"`);
    }
    for (const tick of plot.querySelectorAll(".xtick text, .ytick text")) {
      const r = tick.getBoundingClientRect();
      if (r.width > 0 && !inside(r, figure)) problems.push(`${where}: axis label cut: "${text(tick)}"`);
    }
  });
  return problems;
}
"""

# The slide on screen: the page does not scroll, the slide does not overflow, and its title,
# chart (or map), chart title, source line, talking point and Previous/Next lie inside the
# viewport, with no text cut at the side; the chart keeps a readable height.
SLIDE_PROBLEMS_JS = """
(minChartPx) => {
  const problems = [];
  const vw = window.innerWidth, vh = window.innerHeight;
  const main = document.querySelector("[data-testid='stMain']");
  if (main.scrollHeight > main.clientHeight + 1) problems.push(`the page scrolls (${main.scrollHeight} px of ${main.clientHeight})`);
  const slide = document.querySelector(".st-key-slide");
  if (!slide) return ["no slide on the page"];
  const frame = slide.getBoundingClientRect();
  // The slide clips what does not fit (a projector cannot scroll), so any text or picture drawn
  // past its edges would be lost: every line of text and every picture in it lies inside it.
  const outside = (r) => r.width > 0 && r.height > 0 && (r.bottom > frame.bottom + 1 || r.top < frame.top - 1 || r.right > vw + 1);
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some(outside)) { problems.push(`text cut at the slide's edge: "${node.textContent.trim().slice(0, 40)}"`); break; }
  }
  for (const picture of slide.querySelectorAll("canvas, img, .main-svg")) {
    if (outside(picture.getBoundingClientRect())) { problems.push(`a picture is cut at the slide's edge`); break; }
  }
  const captions = [...slide.querySelectorAll("[data-testid='stCaptionContainer']")];
  const source = captions.find((c) => /^Sources?:|Facilities:/.test(c.innerText.trim()) || c.innerText.includes("Facilities:"));
  const parts = {
    "slide title": slide.querySelector(".st-key-slide_title h1"),
    "chart": slide.querySelector(".js-plotly-plot, [data-testid='stDeckGlJsonChart']"),
    "chart title": slide.querySelector("h3"),
    "source line": source,
    "talking point": slide.querySelector(".st-key-talking_point p"),
    "Previous": slide.querySelector(".st-key-present_previous button"),
    "Next": slide.querySelector(".st-key-present_next button"),
  };
  for (const [name, el] of Object.entries(parts)) {
    if (!el) { if (name !== "talking point") problems.push(`no ${name}`); continue; }
    const r = el.getBoundingClientRect();
    if (r.top < -1 || r.left < -1 || r.bottom > Math.min(vh, frame.bottom) + 1 || r.right > vw + 1)
      problems.push(`${name} is off the screen (${Math.round(r.top)}-${Math.round(r.bottom)} of ${vh} px)`);
    if (el.scrollWidth > el.clientWidth + 1 && name !== "chart") problems.push(`${name} is cut at the side`);
  }
  if (parts.chart && parts.chart.getBoundingClientRect().height < minChartPx)
    problems.push(`the chart is squeezed to ${Math.round(parts.chart.getBoundingClientRect().height)} px`);
  return problems;
}
"""


def chart_problems(page, root_selector: str | None = None) -> list[str]:
    root = page.locator(root_selector).first.element_handle() if root_selector else None
    return page.evaluate(CHART_PROBLEMS_JS, root)


def slide_problems(page, min_chart_px: int = 260) -> list[str]:
    return page.evaluate(SLIDE_PROBLEMS_JS, min_chart_px)
