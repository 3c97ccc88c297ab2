"""Classification markings: levels, controls, portion marks, banners and who may read what."""

from overflight.markings.access import Reader, may_read, releasable_to
from overflight.markings.authority import (
    ClassificationAuthority,
    parse_classified_by,
    parse_reasons,
)
from overflight.markings.banner import compute_banner, portion_conflict
from overflight.markings.ceilings import SYSTEM_HIGH, UNCLASSIFIED, ceiling
from overflight.markings.countries import alpha2_to_trigraph, to_trigraph
from overflight.markings.declass import (
    Declassification,
    DeclassKind,
    parse_declassification,
    validate_declassification,
)
from overflight.markings.dominance import Overreach, overreaches
from overflight.markings.errors import MarkingError
from overflight.markings.level import ClassificationLevel
from overflight.markings.marking import Control, Marking, canonical_rel_to
from overflight.markings.portion import parse_portion, split_portion

__all__ = [
    "SYSTEM_HIGH",
    "UNCLASSIFIED",
    "ClassificationAuthority",
    "ClassificationLevel",
    "Control",
    "DeclassKind",
    "Declassification",
    "Marking",
    "MarkingError",
    "Overreach",
    "Reader",
    "alpha2_to_trigraph",
    "canonical_rel_to",
    "ceiling",
    "compute_banner",
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
    "validate_declassification",
]
