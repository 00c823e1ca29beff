import pytest

from export_testing import make_export_ws


@pytest.fixture
def export_ws(workspace, tmp_path):
    """Two versions of family_survey and one site; no responses yet."""
    return make_export_ws(workspace, tmp_path)
