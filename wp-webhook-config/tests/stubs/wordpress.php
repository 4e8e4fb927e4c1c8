<?php
/**
 * The few WordPress functions the plugin calls, recording what it did so tests can assert it.
 *
 * Behaviour follows WordPress closely enough for the plugin's contract (nonces are per action,
 * wp_die stops the request, options round-trip); the sanitisers are simplified versions.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * Thrown by the wp_die() stub: WordPress would stop the request here.
 */
class ML_Test_WP_Die extends Exception {
}

/**
 * Everything the stubs recorded during one test, reset by ML_Test_Case::setUp().
 */
final class ML_Test_WP {

	/** @var array<int, array{hook: string, callback: mixed, priority: int, args: int}> */
	public static array $actions = array();

	/** @var array<string, mixed> */
	public static array $options = array();

	/** @var array<int, array{to: string, subject: string, message: string}> */
	public static array $mails = array();

	/** @var array<int, array{url: string, args: array<string, mixed>}> */
	public static array $posts = array();

	/** @var array<int, array{url: string}> */
	public static array $redirects = array();

	/** @var string[] Capabilities the current user has. */
	public static array $caps = array();

	public static int $user_id = 0;

	public static string $home = 'https://shop.example.com';

	/** @var ?Throwable What wp_mail() throws, to test a broken mailer. */
	public static ?Throwable $mail_throws = null;

	/**
	 * Back to an empty site with no user.
	 */
	public static function reset(): void {
		self::$actions     = array();
		self::$options     = array();
		self::$mails       = array();
		self::$posts       = array();
		self::$redirects   = array();
		self::$caps        = array();
		self::$user_id     = 0;
		self::$mail_throws = null;
	}

	/**
	 * The callbacks registered for a hook.
	 *
	 * @param string $hook Hook name.
	 * @return array<int, mixed>
	 */
	public static function callbacks( string $hook ): array {
		$found = array();
		foreach ( self::$actions as $action ) {
			if ( $action['hook'] === $hook ) {
				$found[] = $action['callback'];
			}
		}
		return $found;
	}
}

function add_action( string $hook, $callback, int $priority = 10, int $args = 1 ): bool {
	ML_Test_WP::$actions[] = compact( 'hook', 'callback', 'priority', 'args' );
	return true;
}

function delete_option( string $name ): bool {
	unset( ML_Test_WP::$options[ $name ] );
	return true;
}

function get_option( string $name, $default = false ) {
	return array_key_exists( $name, ML_Test_WP::$options ) ? ML_Test_WP::$options[ $name ] : $default;
}

function update_option( string $name, $value, $autoload = null ): bool {
	ML_Test_WP::$options[ $name ] = $value;
	return true;
}

function wp_mail( $to, string $subject, string $message, $headers = '', $attachments = array() ): bool {
	if ( ML_Test_WP::$mail_throws ) {
		throw ML_Test_WP::$mail_throws;
	}
	ML_Test_WP::$mails[] = compact( 'to', 'subject', 'message' );
	return true;
}

function wp_remote_post( string $url, array $args = array() ): array {
	ML_Test_WP::$posts[] = compact( 'url', 'args' );
	return array( 'response' => array( 'code' => 200 ) );
}

function home_url( string $path = '' ): string {
	return ML_Test_WP::$home . ( '' === $path ? '' : '/' . ltrim( $path, '/' ) );
}

function admin_url( string $path = '' ): string {
	return ML_Test_WP::$home . '/wp-admin/' . ltrim( $path, '/' );
}

function add_query_arg( string $key, string $value, string $url ): string {
	return $url . ( str_contains( $url, '?' ) ? '&' : '?' ) . rawurlencode( $key ) . '=' . rawurlencode( $value );
}

function wp_safe_redirect( string $url ): bool {
	ML_Test_WP::$redirects[] = compact( 'url' );
	return true;
}

function __( string $text, string $domain = 'default' ): string {
	return $text;
}

function esc_html( $text ): string {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function esc_attr( $text ): string {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function esc_html__( string $text, string $domain = 'default' ): string {
	return esc_html( $text );
}

function esc_url( string $url ): string {
	return esc_attr( esc_url_raw( $url ) );
}

function esc_url_raw( string $url, ?array $protocols = null ): string {
	$url    = trim( $url );
	$scheme = strtolower( (string) parse_url( $url, PHP_URL_SCHEME ) );
	return in_array( $scheme, $protocols ?? array( 'http', 'https' ), true ) ? str_replace( array( '"', "'", '<', '>', ' ' ), '', $url ) : '';
}

function sanitize_email( string $email ): string {
	return preg_replace( '/[^a-z0-9+_.@-]/i', '', $email );
}

function is_email( string $email ) {
	return false !== filter_var( $email, FILTER_VALIDATE_EMAIL ) ? $email : false;
}

function sanitize_text_field( string $text ): string {
	// Like wp_strip_all_tags(): script and style elements go with their content.
	$text = preg_replace( '@<(script|style)[^>]*?>.*?</\\1>@si', '', $text );
	return trim( preg_replace( '/[\r\n\t ]+/', ' ', strip_tags( $text ) ) );
}

function sanitize_key( string $key ): string {
	return preg_replace( '/[^a-z0-9_\-]/', '', strtolower( $key ) );
}

function wp_unslash( $value ) {
	return is_array( $value ) ? array_map( 'wp_unslash', $value ) : ( is_string( $value ) ? stripslashes( $value ) : $value );
}

function absint( $value ): int {
	return abs( (int) $value );
}

function wp_parse_url( string $url, int $component = -1 ) {
	return parse_url( $url, $component );
}

function wp_json_encode( $data, int $flags = 0 ) {
	return json_encode( $data, $flags );
}

function current_user_can( string $capability ): bool {
	return in_array( $capability, ML_Test_WP::$caps, true );
}

function get_current_user_id(): int {
	return ML_Test_WP::$user_id;
}

function wp_die( $message = '', $title = '', $args = array() ): void {
	throw new ML_Test_WP_Die( (string) $message, (int) ( $args['response'] ?? 500 ) );
}

function wp_create_nonce( string $action ): string {
	return substr( hash( 'sha256', 'nonce|' . ML_Test_WP::$user_id . '|' . $action ), 0, 10 );
}

function wp_verify_nonce( string $nonce, string $action ) {
	return '' !== $nonce && hash_equals( wp_create_nonce( $action ), $nonce ) ? 1 : false;
}

function wp_nonce_field( string $action ): string {
	$field = '<input type="hidden" name="_wpnonce" value="' . esc_attr( wp_create_nonce( $action ) ) . '" />';
	echo $field; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
	return $field;
}

function add_options_page( string $page_title, string $menu_title, string $capability, string $slug, $callback ): string {
	ML_Test_WP::$actions[] = array(
		'hook'     => 'options_page:' . $slug,
		'callback' => $callback,
		'priority' => 10,
		'args'     => 0,
		'cap'      => $capability,
	);
	return 'settings_page_' . $slug;
}

function submit_button(): void {
	echo '<input type="submit" class="button button-primary" value="Save Changes" />';
}
