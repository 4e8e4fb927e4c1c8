<?php
/**
 * The one place that signs a body, so the alert POST uses exactly WooCommerce's webhook scheme.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Signs bodies the way WC_Webhook::generate_signature() does: base64 of the raw HMAC-SHA256.
 *
 * Using the same scheme and the same webhook secret lets the connector verify our alerts with the
 * code it already uses for webhook deliveries. This file needs nothing from WordPress, so the
 * connector's tests can load it with plain `php -r` and compare against Python's hmac.
 */
final class ML_Connector_Signature {

	/**
	 * The signature header value for a body.
	 *
	 * @param string $body   The exact bytes that will be sent.
	 * @param string $secret The webhook secret as WooCommerce stores it (may hold HTML entities).
	 * @return string Standard (not URL-safe) base64 of the binary HMAC-SHA256.
	 */
	public static function sign( string $body, string $secret ): string {
		// WooCommerce decodes entities in the stored secret before signing (woocommerce#22722); so do we.
		$key = htmlspecialchars_decode( $secret, ENT_QUOTES );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the header format is base64.
		return base64_encode( hash_hmac( 'sha256', $body, $key, true ) );
	}
}
