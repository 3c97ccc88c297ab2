from datetime import date

from overflight.interdiction import Stance, default_stance_table, find_chokepoints
from overflight.interdiction.chokepoints import verify_blocking_set
from overflight.interdiction.graph_world import GraphRouteOracle, GraphWorld, WorldEdge, WorldNode
from overflight.interdiction.stance import StanceTable

DAY = date(2026, 11, 29)


def _two_corridors() -> GraphRouteOracle:
    # Departure in RU, destination in SY; north corridor BG then TR, south corridor IR then IQ.
    world = GraphWorld(
        [
            WorldNode("UUEE", "RU"),
            WorldNode("LBSF", "BG"),
            WorldNode("LTBA", "TR"),
            WorldNode("OIII", "IR"),
            WorldNode("ORBI", "IQ"),
            WorldNode("OSDI", "SY"),
        ],
        [
            WorldEdge("UUEE", "LBSF", 1_800),
            WorldEdge("LBSF", "LTBA", 500),
            WorldEdge("LTBA", "OSDI", 900),
            WorldEdge("UUEE", "OIII", 2_500),
            WorldEdge("OIII", "ORBI", 700),
            WorldEdge("ORBI", "OSDI", 800),
        ],
    )
    return GraphRouteOracle(world, "UUEE", "OSDI", 5_000)


def test_permissive_and_end_states_are_never_asked() -> None:
    stances = default_stance_table().as_of(DAY)  # IR and SY permissive, RU unknown (suspended)
    analysis = find_chokepoints(
        _two_corridors(), stances, departure_state="RU", destination_state="SY"
    )
    assert analysis.feasible
    # IR is permissive so only IQ can close the south corridor; BG or TR the north. Both
    # endorse the PSI (the roster), so the tie breaks on the codes.
    assert [answer.states for answer in analysis.answers] == [("BG", "IQ"), ("IQ", "TR")]
    assert analysis.answers[0].cooperating == ("BG", "IQ")
    assert analysis.answers[1].cooperating == ("IQ", "TR")
    assert analysis.unavoidable_states == ()


def test_ranking_prefers_sets_of_cooperating_states() -> None:
    stances = (
        StanceTable()
        .override("TR", Stance.COOPERATING, "case view")
        .override("IR", Stance.COOPERATING, "hypothetical")
        .as_of(DAY)
    )
    analysis = find_chokepoints(
        _two_corridors(), stances, departure_state="RU", destination_state="SY"
    )
    ranked = [answer.states for answer in analysis.answers]
    assert ranked[0] == ("IR", "TR")
    assert set(ranked[-1]) == {"BG", "IQ"}
    assert len(ranked) == 4
    assert all(verify_blocking_set(_two_corridors(), a.blocking) for a in analysis.answers)


def test_a_denying_state_is_closed_from_the_start_and_leaves_a_single_chokepoint() -> None:
    # Sept 2015: Bulgaria denies; the only corridor left runs over Iran and Iraq.
    stances = (
        default_stance_table()
        .override("BG", Stance.DENYING, "refused the airlift", date(2015, 9, 8))
        .as_of(date(2015, 9, 10))
    )
    analysis = find_chokepoints(
        _two_corridors(), stances, departure_state="RU", destination_state="SY"
    )
    assert analysis.denying == {"BG"}
    assert analysis.route is not None
    assert analysis.route.stops == ("UUEE", "OSDI")
    assert analysis.route.overflown_states == {"IR", "IQ"}
    assert analysis.unavoidable_states == ("IQ",)
    assert "BG" in analysis.answers[0].blocking.denied


def test_include_brings_back_a_permissive_state_and_exclude_drops_one() -> None:
    stances = default_stance_table().as_of(DAY)
    analysis = find_chokepoints(
        _two_corridors(),
        stances,
        departure_state="RU",
        destination_state="SY",
        include=["ir"],
        exclude=["BG"],
    )
    assert {answer.states for answer in analysis.answers} == {("IQ", "TR"), ("IR", "TR")}


def test_no_route_at_all_is_reported_with_its_reason() -> None:
    stances = (
        StanceTable()
        .override("BG", Stance.DENYING, "x")
        .override("IQ", Stance.DENYING, "y")
        .as_of(DAY)
    )
    analysis = find_chokepoints(
        _two_corridors(), stances, departure_state="RU", destination_state="SY"
    )
    assert not analysis.feasible
    assert analysis.answers == ()
    assert "BG" in analysis.no_route_reason
    assert "IQ" in analysis.no_route_reason
