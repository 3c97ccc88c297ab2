"""A case page's banner covers everything it lists, the telegram subjects included."""

from __future__ import annotations

from datetime import UTC, datetime

from overflight.cases import Case, CaseStatus, OpenedBy
from overflight.markings import ClassificationLevel, Marking, parse_portion
from overflight.services.web import CaseView, TelegramSummary

AT = datetime(2026, 5, 28, tzinfo=UTC)
CASE = Case(1, "KOR151", CaseStatus.OPEN, AT, OpenedBy.HAND, "", Marking(ClassificationLevel.U), AT)


def _view(*telegrams: TelegramSummary) -> CaseView:
    return CaseView(CASE, (), (), (), (), telegrams)


def test_a_listed_subject_raises_the_banner_to_its_marking() -> None:
    noforn = parse_portion("(S//NF)")
    listed = TelegramSummary(7, "ANKARA 000780", noforn, True, "Reply", noforn)
    assert _view().banner.banner() == "UNCLASSIFIED"
    assert _view(listed).banner.banner() == "SECRET//NOFORN"


def test_a_telegram_listed_without_its_subject_adds_nothing() -> None:
    hidden = TelegramSummary(7, "ANKARA 000780", parse_portion("(S//NF)"), False, "", None)
    assert _view(hidden).banner.banner() == "UNCLASSIFIED"
