import pytest

from fieldkit.core.forms.store import import_form
from fieldkit_testing import build_survey_form


@pytest.fixture
def survey_ws(workspace, tmp_path):
    import_form(workspace, build_survey_form(tmp_path / "needs_survey.xlsx"))
    return workspace
