"""Where the real ADS-B samples are: the ``traffic`` wheel (the ``navdata`` extra) ships them."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest


def sample(relative: str) -> Path:
    """A file under ``traffic/data/samples``, or a skip saying how to get it."""
    spec = importlib.util.find_spec("traffic")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("traffic is not installed: pip install 'traffic==2.13' (the navdata extra)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "samples" / relative
    if not path.exists():
        pytest.skip(f"{path} is not in this traffic wheel")
    return path


def write_frame_csv(pandas_json_gz: Path, out: Path) -> Path:
    """Turn one of traffic's pandas-JSON flights into a state-vector CSV in traffic's columns."""
    columns = json.loads(gzip.decompress(pandas_json_gz.read_bytes()))
    keys = sorted(columns["timestamp"], key=int)
    names = [n for n in columns if n != "vertical_rate"]
    rows = [",".join(names)]
    for key in keys:
        values = [columns[n][key] for n in names]
        rows.append(",".join("" if v is None else str(v) for v in values))
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return out
