<?php
/**
 * The plugin's three settings: where alerts go and which webhooks are ours.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads, sanitises and stores the settings in one option.
 *
 * One option (not three) so a save is atomic and uninstall has one thing to delete. The webhook
 * secret is deliberately not a setting: it lives only on the WooCommerce webhooks themselves.
 */
final class ML_Connector_Settings {

	public const OPTION = 'ml_connector_webhooks_settings';

	/**
	 * Default values; every key the plugin reads.
	 *
	 * @var array<string, string>
	 */
	private const DEFAULTS = array(
		'ops_email'      => '',
		'alert_url'      => '',
		'delivery_match' => '',
	);

	/**
	 * The stored settings, with defaults for anything missing.
	 *
	 * @return array{ops_email: string, alert_url: string, delivery_match: string}
	 */
	public static function get(): array {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		$merged = array();
		foreach ( self::DEFAULTS as $key => $default ) {
			$merged[ $key ] = isset( $stored[ $key ] ) && is_string( $stored[ $key ] ) ? $stored[ $key ] : $default;
		}
		return $merged;
	}

	/**
	 * Cleans untrusted input (a form post) into the stored shape; unknown keys are dropped.
	 *
	 * An invalid e-mail or a non-http(s) URL becomes empty rather than being stored half-valid.
	 *
	 * @param array<string, mixed> $input Raw values, already unslashed.
	 * @return array{ops_email: string, alert_url: string, delivery_match: string}
	 */
	public static function sanitize( array $input ): array {
		$email = sanitize_email( self::text( $input, 'ops_email' ) );
		$url   = esc_url_raw( self::text( $input, 'alert_url' ), array( 'http', 'https' ) );
		return array(
			'ops_email'      => is_email( $email ) ? $email : '',
			'alert_url'      => $url,
			'delivery_match' => sanitize_text_field( self::text( $input, 'delivery_match' ) ),
		);
	}

	/**
	 * Sanitises and stores settings.
	 *
	 * @param array<string, mixed> $input Raw values, already unslashed.
	 * @return array{ops_email: string, alert_url: string, delivery_match: string} What was stored.
	 */
	public static function save( array $input ): array {
		$clean = self::sanitize( $input );
		update_option( self::OPTION, $clean, false );
		return $clean;
	}

	/**
	 * Remembers the delivery URL as the match string when none is configured, so that the webhooks
	 * `wp ml-connector setup` just created are recognised as ours without a trip to the settings page.
	 *
	 * @param string $delivery_url The URL the setup command used.
	 */
	public static function adopt_delivery_url( string $delivery_url ): void {
		$settings = self::get();
		if ( '' === $settings['delivery_match'] ) {
			$settings['delivery_match'] = $delivery_url;
			update_option( self::OPTION, $settings, false );
		}
	}

	/**
	 * A scalar input value as a string ('' when missing or not scalar).
	 *
	 * @param array<string, mixed> $input Raw values.
	 * @param string               $key   The key to read.
	 */
	private static function text( array $input, string $key ): string {
		return isset( $input[ $key ] ) && is_scalar( $input[ $key ] ) ? trim( (string) $input[ $key ] ) : '';
	}
}
