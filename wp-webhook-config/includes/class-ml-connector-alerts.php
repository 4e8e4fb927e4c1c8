<?php
/**
 * Alerting the moment WooCommerce disables one of our webhooks.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Handles `woocommerce_webhook_disabled_due_delivery_failures`: e-mail, signed POST, admin notice.
 *
 * WooCommerce itself tells no one when it disables a webhook, and events that happen while it is
 * disabled are never queued, so every minute of silence is a minute of orders reaching Intacct only
 * through the connector's poll. The POST is signed like a WooCommerce delivery (same header, same
 * secret) so the connector needs no second secret to trust it.
 */
class ML_Connector_Alerts {

	public const HOOK = 'woocommerce_webhook_disabled_due_delivery_failures';

	/**
	 * Loads the webhook and decides whether it is ours.
	 *
	 * @var ML_Connector_Webhook_Finder
	 */
	private ML_Connector_Webhook_Finder $finder;

	/**
	 * Keeps the admin notice until resolved.
	 *
	 * @var ML_Connector_Alert_Notices
	 */
	private ML_Connector_Alert_Notices $notices;

	/**
	 * Constructor.
	 *
	 * @param ML_Connector_Webhook_Finder $finder  Loads webhooks.
	 * @param ML_Connector_Alert_Notices  $notices Open alerts.
	 */
	public function __construct( ML_Connector_Webhook_Finder $finder, ML_Connector_Alert_Notices $notices ) {
		$this->finder  = $finder;
		$this->notices = $notices;
	}

	/**
	 * Hooks the handler into WooCommerce.
	 */
	public function register(): void {
		add_action( self::HOOK, array( $this, 'on_webhook_disabled' ), 10, 1 );
	}

	/**
	 * The action handler. Never throws: it runs inside WooCommerce's delivery.
	 *
	 * WooCommerce fires the action before it saves the new status, so the stored webhook may still
	 * say active here; the failure count is already the one that tripped the limit.
	 *
	 * @param int|string $webhook_id The disabled webhook's id.
	 */
	public function on_webhook_disabled( $webhook_id ): void {
		$webhook = $this->finder->get( (int) $webhook_id );
		if ( null === $webhook || ! $this->finder->is_ours( $webhook ) ) {
			return;
		}
		$alert = self::payload( $webhook );
		$this->notices->record( $alert );
		// Each channel on its own: a broken mailer must not stop the POST, nor either one WooCommerce.
		self::guarded( fn () => $this->send_mail( $alert ) );
		self::guarded( fn () => $this->post_to_connector( $alert, (string) $webhook->get_secret() ) );
	}

	/**
	 * Runs one alert channel, logging instead of throwing.
	 *
	 * @param callable $channel Sends one alert.
	 */
	private static function guarded( callable $channel ): void {
		try {
			$channel();
		} catch ( Throwable $e ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the only place left to report it.
			error_log( 'ml-connector-webhooks: alert failed: ' . $e->getMessage() );
		}
	}

	/**
	 * The alert as the connector receives it.
	 *
	 * @param WC_Webhook $webhook The disabled webhook.
	 * @return array{event: string, webhook_id: int, topic: string, delivery_url: string, site: string, failure_count: int, occurred_at: string}
	 */
	public static function payload( WC_Webhook $webhook ): array {
		return array(
			'event'         => 'webhook_disabled',
			'webhook_id'    => (int) $webhook->get_id(),
			'topic'         => (string) $webhook->get_topic(),
			'delivery_url'  => (string) $webhook->get_delivery_url(),
			'site'          => home_url(),
			'failure_count' => (int) $webhook->get_failure_count(),
			'occurred_at'   => gmdate( 'Y-m-d\TH:i:s\Z' ),
		);
	}

	/**
	 * The HTTP request for the alert POST: exact body bytes, signature over them, headers.
	 *
	 * @param array<string, mixed> $alert  The payload.
	 * @param string               $secret The webhook secret, as stored by WooCommerce.
	 * @return array{body: string, headers: array<string, string>, timeout: int}
	 */
	public static function request( array $alert, string $secret ): array {
		$body = (string) wp_json_encode( $alert );
		return array(
			'body'    => $body,
			'headers' => array(
				'Content-Type'           => 'application/json',
				'X-WC-Webhook-Source'    => home_url( '/' ),
				'X-WC-Webhook-Signature' => ML_Connector_Signature::sign( $body, $secret ),
			),
			'timeout' => 10,
		);
	}

	/**
	 * E-mails the ops address (the site admin address when none is configured).
	 *
	 * @param array<string, mixed> $alert The payload.
	 */
	private function send_mail( array $alert ): void {
		$to = ML_Connector_Settings::get()['ops_email'];
		$to = '' !== $to ? $to : (string) get_option( 'admin_email', '' );
		if ( '' === $to ) {
			return;
		}
		wp_mail( $to, self::mail_subject( $alert ), self::mail_body( $alert ) );
	}

	/**
	 * Posts the signed alert to the connector when an alert URL is configured.
	 *
	 * @param array<string, mixed> $alert  The payload.
	 * @param string               $secret The webhook secret.
	 */
	private function post_to_connector( array $alert, string $secret ): void {
		$url = ML_Connector_Settings::get()['alert_url'];
		if ( '' !== $url && '' !== $secret ) {
			wp_remote_post( $url, self::request( $alert, $secret ) );
		}
	}

	/**
	 * The e-mail subject: which webhook, on which site.
	 *
	 * @param array<string, mixed> $alert The payload.
	 */
	public static function mail_subject( array $alert ): string {
		/* translators: 1: site URL, 2: webhook id, 3: topic. */
		return sprintf( __( '[%1$s] WooCommerce disabled the ml-connector webhook #%2$d (%3$s)', 'ml-connector-webhooks' ), $alert['site'], $alert['webhook_id'], $alert['topic'] );
	}

	/**
	 * The e-mail body: what happened, what it means, how to re-enable.
	 *
	 * @param array<string, mixed> $alert The payload.
	 */
	public static function mail_body( array $alert ): string {
		$lines = array(
			/* translators: 1: webhook id, 2: topic, 3: failure count, 4: time (UTC). */
			sprintf( __( 'WooCommerce disabled webhook #%1$d (%2$s) after %3$d consecutive failed deliveries, at %4$s.', 'ml-connector-webhooks' ), $alert['webhook_id'], $alert['topic'], $alert['failure_count'], $alert['occurred_at'] ),
			/* translators: %s: delivery URL. */
			sprintf( __( 'Delivery URL: %s', 'ml-connector-webhooks' ), $alert['delivery_url'] ),
			'',
			__( 'WooCommerce does not queue events while a webhook is disabled: until it is re-enabled, changes reach Sage Intacct only through the connector\'s scheduled poll.', 'ml-connector-webhooks' ),
			'',
			__( 'To re-enable it (and reset its failure count, which WooCommerce itself does not do), run on the server:', 'ml-connector-webhooks' ),
			sprintf( '    wp ml-connector reenable %d', $alert['webhook_id'] ),
			__( 'or use the "Re-enable" button in the notice in wp-admin.', 'ml-connector-webhooks' ),
			__( 'Failed deliveries are not retried either, so then catch up with a poll that starts before the first failure:', 'ml-connector-webhooks' ),
			'    ml-connector poll --since <ISO 8601 time before the failures began>',
		);
		return implode( "\n", $lines ) . "\n";
	}
}
