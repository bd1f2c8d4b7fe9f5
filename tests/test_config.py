"""The Streamlit settings of a shared intranet server (.streamlit/config.toml, issue 12
item 7): protections on, nothing sent out, uploads as large as the import needs."""

from __future__ import annotations

import tomllib

from kam.ui.targets.bulk import MAX_UPLOAD_MB
from tests.conftest import ROOT


def test_the_server_keeps_its_protections_and_sends_nothing_out() -> None:
    conf = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    server = conf["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["enableStaticServing"] is False and server["headless"] is True
    assert conf["browser"]["gatherUsageStats"] is False
    assert server["maxUploadSize"] >= MAX_UPLOAD_MB
    assert conf["client"]["toolbarMode"] == "viewer"  # no developer menu for users
