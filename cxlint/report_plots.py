"""The audit report's plots: matplotlib on the Agg backend, returned as inline SVG.

Text is drawn as paths (no font is needed to open the file) and element ids are prefixed per
figure, so several plots live in one HTML page; the XML prolog and the DOCTYPE (an external DTD)
are dropped, since inline SVG in HTML needs neither.
"""

from __future__ import annotations

import datetime as dt
import io
import re

CATEGORY_NAMES = {
    "timeline": "Сроки",
    "negative": "Негатив",
    "pricing": "Цены",
    "refusal": "Отказ без выхода",
    "blame": "Обвинение клиента",
    "bureaucratese": "Канцелярит",
    "template": "Шаблоны",
}
COLORS = {
    "timeline": "#d95f02",
    "negative": "#7570b3",
    "pricing": "#1b9e77",
    "refusal": "#e7298a",
    "blame": "#1971c2",
    "bureaucratese": "#666666",
    "template": "#e6ab02",
}
INK, GRID = "#1f2933", "#d9dee3"


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "path",
            "svg.hashsalt": "cxlint",  # the same summary draws the same bytes
            "font.family": "DejaVu Sans",  # ships with matplotlib and has Cyrillic
            "font.size": 10,
            "axes.edgecolor": GRID,
            "axes.labelcolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _svg(fig, prefix: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    _plt().close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)  # RDF namespaces: URLs, and no use here
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg, count=2)
    p = f"{prefix}-"  # one prefix per plot of the page, so ids never clash and a render is reproducible
    svg = re.sub(r'\bid="', f'id="{p}', svg)
    svg = re.sub(r'(href="#|url\(#)', rf"\1{p}", svg)
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 class="plot"', svg, count=1)


def _percent(ax) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f} %"))
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def weekly(weeks: dict, categories: list[str]) -> str:
    """Share of replies with findings, all and per category, week by week (line plot)."""
    plt = _plt()
    keys = sorted(k for k in weeks if k)
    x = [dt.date.fromisoformat(k) for k in keys]
    fig, ax = plt.subplots(figsize=(10, 4.2))
    total = [100 * weeks[k]["with_findings"] / max(1, weeks[k]["replies"]) for k in keys]
    ax.plot(x, total, color=INK, linewidth=2.6, marker="o", markersize=3.5, label="Любое замечание")
    for c in categories:
        share = [100 * weeks[k]["categories"].get(c, 0) / max(1, weeks[k]["replies"]) for k in keys]
        ax.plot(x, share, color=COLORS.get(c, "#999999"), linewidth=1.6, label=CATEGORY_NAMES.get(c, c))
    _percent(ax)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("доля ответов")
    months = "янв фев мар апр май июн июл авг сен окт ноя дек".split()
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _day(v, months)))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return _svg(fig, "weekly")


def _day(v: float, months: list[str]) -> str:
    from matplotlib.dates import num2date

    d = num2date(v)
    return f"{d.day} {months[d.month - 1]}"


def scores(counts: list[int]) -> str:
    """Histogram of the scores of replies with findings (below 10), in half-point bins."""
    plt = _plt()
    bins = [sum(counts[i * 5 : i * 5 + 5]) for i in range(20)]
    fig, ax = plt.subplots(figsize=(10, 3.2))
    cmap = plt.get_cmap("RdYlGn")
    ax.bar([i * 0.5 + 0.25 for i in range(20)], bins, width=0.45, color=[cmap(0.05 + i / 24) for i in range(20)])
    ax.set_xlim(0, 10)
    ax.set_xticks(range(11))
    ax.set_xlabel("оценка ответа")
    ax.set_ylabel("ответов")
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    return _svg(fig, "scores")
