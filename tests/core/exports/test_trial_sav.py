"""An SPSS export refused for a text too long (“Nothing was written”) writes nothing: not
even the repeat's file, which used to be written first and left behind."""

import pytest

from export_testing import add
from fieldkit.core.exports.errors import ExportError
from fieldkit.core.exports.run import ExportOptions, export_responses
from fieldkit.core.responses.query import ResponseFilter


def test_a_refused_spss_export_leaves_no_file(export_ws, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    add(export_ws, "2", {"notes": "长" * 11_000, "family": [{"member": "儿子"}]})
    with pytest.raises(ExportError) as caught:
        export_responses(export_ws, ResponseFilter("family_survey"), out / "l.sav",
                         ExportOptions(format="sav"))
    assert "Nothing was written" in caught.value.message()
    assert list(out.iterdir()) == []
