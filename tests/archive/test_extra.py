import sys

import pytest

from overflight.archive import require_scale
from overflight.errors import InputError


def test_a_missing_engine_package_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    require_scale("history", "archive")  # parquet alone needs no Dask
    with pytest.raises(InputError) as caught:
        require_scale("history", "engine")
    assert str(caught.value) == (
        "history: needs distributed, which are not installed: "
        "pip install 'overflight[scale]'  (dask[distributed], pyarrow, pandas)"
    )


def test_the_cli_says_it_in_one_line(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from overflight.cli import app

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = CliRunner().invoke(
        app, ["history", str(tmp_path), "--out", str(tmp_path / "o"), "--all"],
        env={"COLUMNS": "400"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "history: needs pyarrow, which are not installed: pip install 'overflight[scale]'" in (
        result.output
    )
