"""Classification markings: levels, controls, portion marks, banners and who may read what."""

from overflight.markings.access import Decision, Reader, may_read, releasable_to
from overflight.markings.authority import (
    REASON_CATEGORIES,
    ClassificationAuthority,
    Reasons,
    parse_classified_by,
    parse_reasons,
)
from overflight.markings.banner import compute_banner, portion_conflict
from overflight.markings.ceiling import SYSTEM_HIGH, UNCLASSIFIED, ceiling
from overflight.markings.countries import (
    FVEY,
    TETRAGRAPHS,
    alpha2_to_trigraph,
    to_trigraph,
    trigraph_to_alpha2,
)
from overflight.markings.declass import (
    DECL_HORIZON_YEARS,
    Declassification,
    DeclassKind,
    parse_declassification,
    validate_declassification,
)
from overflight.markings.dominance import Overreach, dominates, overreaches
from overflight.markings.errors import MarkingError
from overflight.markings.level import ClassificationLevel
from overflight.markings.marking import Control, Marking, canonical_rel_to
from overflight.markings.portion import PORTION_PATTERN, parse_portion, split_portion

__all__ = [
    "DECL_HORIZON_YEARS",
    "FVEY",
    "PORTION_PATTERN",
    "REASON_CATEGORIES",
    "SYSTEM_HIGH",
    "TETRAGRAPHS",
    "UNCLASSIFIED",
    "ClassificationAuthority",
    "ClassificationLevel",
    "Control",
    "Decision",
    "DeclassKind",
    "Declassification",
    "Marking",
    "MarkingError",
    "Overreach",
    "Reader",
    "Reasons",
    "alpha2_to_trigraph",
    "canonical_rel_to",
    "ceiling",
    "compute_banner",
    "dominates",
    "may_read",
    "overreaches",
    "parse_classified_by",
    "parse_declassification",
    "parse_portion",
    "parse_reasons",
    "portion_conflict",
    "releasable_to",
    "split_portion",
    "to_trigraph",
    "trigraph_to_alpha2",
    "validate_declassification",
]
