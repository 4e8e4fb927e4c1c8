"""The WordPress companion plugin (wp-webhook-config/) is part of the product: `make test` lints it, runs its
PHPUnit suite, and checks that its alert signature is the one the connector verifies in Python.

php and phpunit are required, not optional: CI installs them (`apt-get install php-cli phpunit`), so a
missing binary is a failure here, never a skip.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import shutil
import subprocess

import pytest

from tests.shared import REPO

PLUGIN = REPO / "wp-webhook-config"
SIGNATURE_PHP = PLUGIN / "includes" / "class-ml-connector-signature.php"


def _require(binary: str) -> str:
    path = shutil.which(binary)
    assert path, f"{binary} is not installed; install it with: apt-get install php-cli phpunit"
    return path


def _php_sign(body: bytes, secret: str) -> str:
    """The plugin's own signing function, run by PHP on the exact bytes (passed through a file, not argv)."""
    code = (
        "define('ABSPATH', '/');"
        f"require {str(SIGNATURE_PHP)!r};"
        "echo ML_Connector_Signature::sign(file_get_contents('php://stdin'), $argv[1]);"
    )
    out = subprocess.run(
        [_require("php"), "-r", code, "--", secret], input=body, capture_output=True, timeout=30, check=True
    )
    return out.stdout.decode("ascii")


def _python_sign(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def test_every_plugin_php_file_passes_php_lint():
    php = _require("php")
    files = sorted(PLUGIN.rglob("*.php"))
    assert len(files) >= 10, f"expected the plugin's PHP files under {PLUGIN}"
    failures = []
    for path in files:
        result = subprocess.run([php, "-l", str(path)], capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            failures.append(f"{path.relative_to(REPO)}: {result.stdout.strip()} {result.stderr.strip()}")
    assert failures == []


def test_plugin_phpunit_suite_passes():
    result = subprocess.run(
        [_require("phpunit"), "-c", str(PLUGIN / "phpunit.xml.dist")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "OK (" in result.stdout


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        (b'{"event":"webhook_disabled","webhook_id":7}', "plain-secret"),
        ('{"site":"https:\\/\\/shop.example.com","name":"Zoë"}'.encode(), "s3cr3t with spaces and ünïcode"),
        (b"", "x"),
    ],
)
def test_plugin_alert_signature_equals_python_hmac_sha256_base64(body: bytes, secret: str):
    assert _php_sign(body, secret) == _python_sign(body, secret)


def test_plugin_signature_decodes_html_entities_in_the_stored_secret_like_woocommerce():
    body = b'{"id":25}'
    assert _php_sign(body, "a&amp;b&quot;c") == _python_sign(body, 'a&b"c')
