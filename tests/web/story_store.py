"""The demo's story (examples/story) replayed into a store, with the four personas added."""

from __future__ import annotations

from pathlib import Path

from web_personas import add_personas

from overflight import services
from overflight.store import open_store

STORY = Path(__file__).resolve().parents[2] / "examples" / "story" / "story.yaml"


def play_demo_story(folder: Path) -> str:
    """Replay the story (without chokepoint analyses) into ``folder``; the database's path."""
    database = str(folder / "story.db")
    story = services.read_story(STORY)
    reference = services.load_reference([], None)
    with open_store(database) as store:
        for _step, report in services.play_story(store, story, reference, folder / "drafts"):
            assert report.problems == [], report.problems
        with store.session() as session:
            add_personas(session)
    return database
