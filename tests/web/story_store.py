"""The demo's story (src/overflight/story) replayed into a store, with the four personas added.

Beside the story's case (closed in May 2008) the store holds one open case opened by hand in
2007, with no flight: it was updated before the closed one, yet the board lists it first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from web_personas import add_personas

from overflight import services
from overflight.cases import open_case
from overflight.markings import ClassificationLevel, Marking
from overflight.store import open_store

HAND_CASE_TITLE = "Il-76 seen at Baku, no plan filed"
STORY = Path(__file__).resolve().parents[2] / "src" / "overflight" / "story" / "story.yaml"


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
            open_case(
                session,
                HAND_CASE_TITLE,
                reason="a post's report",
                marking=Marking(ClassificationLevel.U),
                at=datetime(2007, 1, 1, tzinfo=UTC),
            )
            session.commit()
    return database
