import os
from pathlib import Path

import pytest

# GUIDE_ROOT points the suite at another tree; the harness's own tests use it.
ROOT = Path(os.environ.get("GUIDE_ROOT", Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
