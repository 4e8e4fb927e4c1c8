"""WooCommerce: the webhook receiver and signature check (intake), the REST client and the poller."""
