"""Where the vendors' fixtures live: ``../shared`` beside the checkout, read in place, never copied."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ML_CONNECTOR_SHARED", REPO.parent / "shared")).resolve()
FIXTURES = SHARED / "fixtures"
INTACCT_FIXTURES = FIXTURES / "intacct"
WOO_FIXTURES = FIXTURES / "woocommerce"
API_XSD = INTACCT_FIXTURES / "schema" / "api.xsd"
