"""The security tests drive the same pages as the app tests: reuse their fixtures."""

from tests.forms.conftest import (  # noqa: F401
    demo_forms,
    form_index,
    make_form,
    school_user,
    test_handoff,
)
from tests.kennisbank.conftest import kennisbank  # noqa: F401
from tests.newsletters.conftest import archive, lists  # noqa: F401
