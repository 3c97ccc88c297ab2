from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from overflight.archive import PartitionKind, list_partitions, open_archive
from overflight.archive.errors import PartitionError
from overflight.archive.reader import read_messages, read_positions
from overflight.errors import InputError
from overflight.observed import open_feed


def test_flights_over_midnight_stay_whole_in_the_partition_of_their_first_day(built_archive):
    archive = open_archive(built_archive)
    seen: dict[str, str] = {}
    for partition in list_partitions(archive, PartitionKind.POSITIONS):
        table = read_positions(partition, columns=("flight_id", "lastposupdate"))
        for flight in set(table.column("flight_id").to_pylist()):
            assert flight not in seen, f"{flight} in {seen.get(flight)} and {partition.name}"
            seen[flight] = partition.name
            assert flight.split("-")[1][:8] == partition.day.strftime("%Y%m%d")
    # SWR8 left Zurich at 20:30 on day 1 and landed on day 2, imported in two files
    swr8 = next(f for f in seen if f.startswith("4b1801"))
    assert "day=2025-03-01" in seen[swr8]
    day1 = [p for p in list_partitions(archive, PartitionKind.POSITIONS) if p.day.day == 1]
    assert any(len(p.files()) == 2 for p in day1), "the second import continued day 1's flights"
    assert len(seen) == 9


def test_a_partition_file_is_a_state_vector_file_the_watch_reads(built_archive):
    partition = list_partitions(open_archive(built_archive), PartitionKind.POSITIONS)[0]
    readings = list(open_feed(str(partition.files()[0])))
    assert readings
    assert all(not isinstance(r, Exception) for r in readings)


def test_the_same_files_are_not_imported_twice(built_archive, source_files):
    from overflight.services.archive_import import import_positions

    with pytest.raises(InputError, match="already imported"):
        import_positions(built_archive, [source_files[0]])


def test_messages_are_filed_by_their_aftn_filing_day(built_archive):
    partitions = list_partitions(open_archive(built_archive), PartitionKind.MESSAGES)
    assert [p.day for p in partitions] == [date(2025, 3, 1)]
    table = read_messages(partitions[0])
    assert table.num_rows == 3
    assert table.column("text")[0].as_py().startswith("(FPL-IRM701-IS")


def test_no_archive_is_named(tmp_path):
    with pytest.raises(InputError, match="no archive here"):
        open_archive(tmp_path)


def _first_positions(root: Path):
    return list_partitions(open_archive(root), PartitionKind.POSITIONS)[0]


def test_a_corrupt_file_is_named(archive_copy):
    partition = _first_positions(archive_copy)
    partition.files()[0].write_bytes(b"PAR1 this is not parquet")
    expected = r"day=2025-03-01/bucket=00: part-\w+\.parquet: not a readable"
    with pytest.raises(PartitionError, match=expected):
        read_positions(partition)


def test_a_bad_value_is_named_with_its_row(archive_copy):
    partition = _first_positions(archive_copy)
    path = partition.files()[0]
    table = pq.read_table(path)
    lat = table.column("lat").to_pylist()
    lat[41] = 123.0
    lat_index = table.schema.get_field_index("lat")
    pq.write_table(table.set_column(lat_index, "lat", pa.array(lat)), path)
    with pytest.raises(PartitionError, match=r"row 42: lat 123\.0 is not within ±90°"):
        read_positions(partition)
    # also when only some aircraft are read (the row is counted in the whole file)
    with pytest.raises(PartitionError, match=r"row 42: lat"):
        read_positions(partition, aircraft=[table.column("icao24")[41].as_py()])


def test_a_missing_column_and_a_missing_partition_are_named(archive_copy):
    partition = _first_positions(archive_copy)
    path = partition.files()[0]
    pq.write_table(pq.read_table(path).drop_columns(["lon"]), path)
    with pytest.raises(PartitionError, match="column 'lon' missing"):
        read_positions(partition)
    for file in partition.files():
        file.unlink()
    with pytest.raises(PartitionError, match="missing: no parquet file"):
        read_positions(partition)
