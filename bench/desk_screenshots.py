"""SVG screenshots of the desk (`workbench open`) for the README, at 200×50 and 80×24.

    python bench/desk_screenshots.py PROJECT [--coder anna] [--out docs/img]

PROJECT is any coded project, e.g. one made by `workbench demo DIR`. Textual writes the SVGs
itself (``App.save_screenshot``), so they show exactly what the terminal shows.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path


def shoot(project_dir: Path, coder: str, out: Path) -> list[Path]:
    from workbench.desk.app import DeskApp
    from workbench.desk.state import DeskState
    from workbench.store.project import Project

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size, keys, name in (((200, 50), ("j", "j", "j"), "desk-200x50.svg"),
                             ((80, 24), ("j",), "desk-80x24.svg"),
                             ((200, 50), ("F",), "desk-search-200x50.svg")):
        project = Project.open(project_dir)
        app = DeskApp(DeskState(project, coder))

        async def go(app=app, size=size, keys=keys, name=name):
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                await pilot.press(*keys)
                if name.startswith("desk-search"):
                    await pilot.press(*"werk", "enter")
                await pilot.pause(0.5)
                app.save_screenshot(filename=name, path=str(out))

        asyncio.run(go())
        project.close()
        written.append(out / name)
    return written


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--coder", default="anna")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "img")
    args = ap.parse_args()
    for path in shoot(args.project, args.coder, args.out):
        print(path)
