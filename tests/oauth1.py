"""An httpx auth for the WooCommerce sandbox over plain http, independent of the product's client."""

from __future__ import annotations

import httpx
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_QUERY, Client


class OAuth1(httpx.Auth):
    """OAuth 1.0a one-legged in the query string, signed by oauthlib (form bodies included, as RFC 5849 says).

    Over plain http this is the only way WooCommerce authenticates, so the sandbox fixtures use it.
    """

    def __init__(self, key: str, secret: str) -> None:
        self.key, self.secret = key, secret

    def auth_flow(self, request):
        form = request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        client = Client(self.key, client_secret=self.secret, signature_method=SIGNATURE_HMAC_SHA1,
                        signature_type=SIGNATURE_TYPE_QUERY)
        signed, _, _ = client.sign(str(request.url), http_method=request.method,
                                   body=request.content.decode() if form else None,
                                   headers={"Content-Type": request.headers["content-type"]} if form else None)
        request.url = httpx.URL(signed)
        yield request
