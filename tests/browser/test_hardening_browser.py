"""Hostile or unlucky input in a real browser: a file over the upload limit is refused with a message."""
from __future__ import annotations

import pytest

from components import ids
from model.batch import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.browser


def test_a_file_over_the_limit_is_refused_in_the_browser_with_a_message(dashboard, tmp_path):
    page = dashboard.page
    big = tmp_path / "cellar.csv"
    big.write_bytes(b"12.5\n" * (MAX_UPLOAD_BYTES * 3 // 10))  # 1.5 MB
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.post_data or "") if "_dash-update-component" in r.url else None)
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(big)
    page.wait_for_selector(f"#{ids.BATCH_STATUS} .alert-error")
    assert "cellar.csv is 1.5 MB, over the 1 MB limit" in page.locator(f"#{ids.BATCH_STATUS}").inner_text()
    assert not any("base64" in body for body in requests)  # the file itself never left the browser
    assert page.locator(f"#{ids.BATCH_DOWNLOAD_BUTTON}").is_disabled()
    assert dashboard.errors == []
