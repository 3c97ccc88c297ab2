"""The cases like a case, as a web reader may see them (``/api/cases/{id}/similar``, the page)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from overflight.cases import Case
from overflight.markings import Marking, compute_banner
from overflight.screening import Policy
from overflight.services.accounts import Account
from overflight.services.memory import SimilarCase, similar_cases
from overflight.services.web import visible_case
from overflight.store import Session

__all__ = ["SimilarView", "visible_similar_cases"]


@dataclass(frozen=True, slots=True)
class SimilarView:
    """A case's look-alikes for one reader: older ones (past) and newer ones (new activity)."""

    past: tuple[SimilarCase, ...]
    newer: tuple[SimilarCase, ...]
    markings: Mapping[int, Marking]  # each case's marking, for its portion mark and the banner

    def banner(self, page: Marking) -> Marking:
        """The banner of a page showing these cases beside what marks ``page``."""
        return compute_banner([page, *self.markings.values()])


def visible_similar_cases(
    session: Session, account: Account, case_id: int, policy: Policy, *, seen: Case | None = None
) -> SimilarView:
    """The cases the account may see that resemble case ``case_id`` (which it must see).

    Cases hidden from the account are never compared: no id, title or count of them appears.
    ``seen`` is the case as this request already read it through ``visible_case``: it is not
    read and checked again.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    if seen is None or seen.id != case_id:
        visible_case(session, account, case_id, for_view=True)
    found = similar_cases(session, case_id, policy, account.reader, known=True)
    markings = MappingProxyType(
        {s.case_id: visible_case(session, account, s.case_id, for_view=True).marking for s in found}
    )
    return SimilarView(
        tuple(s for s in found if s.earlier), tuple(s for s in found if not s.earlier), markings
    )
