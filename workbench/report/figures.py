"""The code co-occurrence heatmap (matplotlib, Agg canvas, no pyplot state)."""

from __future__ import annotations

import io
import textwrap


def figure_width_cm(n_codes: int) -> float:
    """Width at which the heatmap is placed in the document (fonts are sized for it)."""
    return min(16.0, 9.0 + 0.9 * n_codes)


def cooccurrence_png(matrix, labels: list[str], dpi: int = 200) -> io.BytesIO:
    """PNG of a co-occurrence matrix; the diagonal (the code itself) is greyed out and shows
    the code's own segment count, so colours compare pairs only."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    m = np.asarray(matrix, dtype=float)
    n = len(labels)
    off = m.copy()
    np.fill_diagonal(off, np.nan)
    vmax = np.nanmax(off) if n > 1 and np.isfinite(np.nanmax(off)) and np.nanmax(off) > 0 else 1.0
    width = figure_width_cm(n) / 2.54  # inches, so 7 pt in the figure is 7 pt on paper
    fig = Figure(figsize=(width, width * 0.86), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    import matplotlib

    cmap = matplotlib.colormaps["Blues"].with_extremes(bad="#e6e6e6")
    im = ax.imshow(np.ma.masked_invalid(off), cmap=cmap, vmin=0, vmax=vmax)
    short = [textwrap.shorten(lab, 40, placeholder="…") for lab in labels]
    wrapped = ["\n".join(textwrap.wrap(lab, 24)) for lab in short]
    fs = 7 if n <= 12 else 5.5
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    if n <= 7:
        ax.set_xticklabels(wrapped, rotation=45, ha="right", rotation_mode="anchor", fontsize=fs)
        ax.set_yticklabels(wrapped, fontsize=fs)
    else:  # many codes: number the columns, name the rows
        ax.set_xticklabels([str(i + 1) for i in range(n)], fontsize=fs)
        ax.set_yticklabels([f"{lab}  {i + 1}" for i, lab in enumerate(wrapped)], fontsize=fs)
        ax.xaxis.tick_top()
    for i in range(n):
        for j in range(n):
            value = int(m[i, j])
            if i == j:
                color = "#555555"
            else:
                color = "white" if value > 0.6 * vmax else "black"
            ax.text(j, i, str(value), ha="center", va="center", fontsize=fs, color=color)
    from matplotlib.ticker import MaxNLocator

    cbar = fig.colorbar(im, ax=ax, shrink=0.8, ticks=MaxNLocator(integer=True))
    cbar.ax.tick_params(labelsize=fs)
    cbar.set_label("fragmenten met beide codes", fontsize=fs)
    ax.tick_params(length=0)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    buf.seek(0)
    return buf
