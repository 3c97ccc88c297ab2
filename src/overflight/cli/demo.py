"""``overflight demo``: the seed's story replayed end to end on a fresh embedded SQLite store."""

from __future__ import annotations

from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from overflight import cases, services
from overflight.cables import parse_telegram, render_non_paper
from overflight.cli import app, console
from overflight.cli.case import case_board, timeline_table
from overflight.cli.route import transit_table
from overflight.cli.run import print_run
from overflight.errors import InputError
from overflight.geo import MapLayer, check_maps_installed, draw_route_map, load_airspace
from overflight.store import open_store
from overflight.textfile import make_folder


def _bundled_story() -> Path:
    """The story shipped inside the package (``overflight/story``), installed or checked out."""
    folder = resources.files("overflight").joinpath("story")
    # installed from a wheel or checked out alike, the package is a folder on disk
    return Path(str(folder)) / "story.yaml"


@app.command()
def demo(
    examples: Annotated[
        Path | None,
        typer.Option(help="Folder holding story/story.yaml (default: the bundled story)."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the store, drafts and map.")] = Path(
        "out/demo"
    ),
    lists: Annotated[
        list[Path] | None,
        typer.Option("--lists", help="Sanctions list files to screen against (repeat)."),
    ] = None,
) -> None:
    """Replay the bundled story: a charter filed and delayed, screened, states asked, cancelled."""
    story_path = _bundled_story() if examples is None else examples / "story" / "story.yaml"
    if not story_path.is_file():
        raise InputError("--examples", f"no story/story.yaml in {examples}")
    story = services.read_story(story_path)
    make_folder(out, "--out")
    database = out / "overflight.db"
    database.unlink(missing_ok=True)  # a replay starts from an empty store
    console.rule(Text(story.title, style="bold"))
    reference = services.load_reference(list(lists or ()), None)
    with open_store(database) as store:
        steps = services.play_story(store, story, reference, out / "drafts", chokepoints=True)
        for step, report in steps:
            print_run(report, title=step.note)
        end = story.steps[-1].at + timedelta(days=14)
        with store.session() as session:
            board = cases.list_cases(session, end)
            console.print(case_board(board))
            for summary in board:
                console.print(
                    timeline_table(summary.case.id, cases.case_timeline(session, summary.case.id))
                )
    filed, _ = services.filed_routes(story.steps[0].files[0])
    for plan in filed:
        console.print(transit_table(plan.result))
        try:
            check_maps_installed("map")
        except InputError as no_maps:  # the map is a by-product: the story stands without it
            console.print(f"no map of the filed route: {no_maps.message}")
            continue
        path = draw_route_map(
            [MapLayer(plan.result.route, plan.result.transits, "as filed")],
            load_airspace(),
            out / "zkpy-osdi.svg",
        )
        console.print(f"map of the filed route: {path}")
    drafts = sorted((out / "drafts").glob("*.txt"))
    if drafts:
        last = parse_telegram(drafts[-1].read_text(encoding="utf-8"))
        paper = out / "non-paper-TUR.txt"
        paper.write_text(render_non_paper(last, "TUR"), encoding="utf-8")
        console.print(f"non-paper for Turkey (releasable portions only): {paper}")
    console.print(f"store: {database}  (try: overflight case list --db {database})")
    console.print(f"in a browser: overflight serve --db {database}  (prints the admin's login)")
    console.print("to log in as each reader (U.S. analyst, Turkish SECRET, Turkish U): README.md")
