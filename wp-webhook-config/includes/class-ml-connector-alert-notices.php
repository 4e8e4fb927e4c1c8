<?php
/**
 * The admin notice that stays until a disabled webhook is active again.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Keeps the open alerts in an option and shows them on every wp-admin screen.
 *
 * The notice resolves itself: each time it is rendered, alerts whose webhook is active again (or was
 * deleted) are dropped, so it disappears however the webhook was re-enabled.
 */
class ML_Connector_Alert_Notices {

	public const OPTION = 'ml_connector_webhooks_open_alerts';

	public const REENABLE_ACTION = 'ml_connector_reenable';

	/**
	 * Loads webhooks to see whether they are active again.
	 *
	 * @var ML_Connector_Webhook_Finder
	 */
	private ML_Connector_Webhook_Finder $finder;

	/**
	 * Constructor.
	 *
	 * @param ML_Connector_Webhook_Finder $finder Loads webhooks.
	 */
	public function __construct( ML_Connector_Webhook_Finder $finder ) {
		$this->finder = $finder;
	}

	/**
	 * Hooks the notice into wp-admin.
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
	}

	/**
	 * Remembers an alert until its webhook is active again.
	 *
	 * @param array{webhook_id: int, topic: string, delivery_url: string, failure_count: int, occurred_at: string} $alert The alert payload.
	 */
	public function record( array $alert ): void {
		$open                         = $this->open();
		$open[ $alert['webhook_id'] ] = $alert;
		update_option( self::OPTION, $open, false );
	}

	/**
	 * Forgets the alert for one webhook.
	 *
	 * @param int $webhook_id Webhook id.
	 */
	public function resolve( int $webhook_id ): void {
		$open = $this->open();
		if ( isset( $open[ $webhook_id ] ) ) {
			unset( $open[ $webhook_id ] );
			update_option( self::OPTION, $open, false );
		}
	}

	/**
	 * The open alerts, keyed by webhook id.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function open(): array {
		$open = get_option( self::OPTION, array() );
		return is_array( $open ) ? $open : array();
	}

	/**
	 * Drops the alerts whose webhook is active again or gone; returns what is still open.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function prune(): array {
		foreach ( array_keys( $this->open() ) as $id ) {
			$webhook = $this->finder->get( (int) $id );
			if ( null === $webhook || 'active' === $webhook->get_status() ) {
				$this->resolve( (int) $id );
			}
		}
		return $this->open();
	}

	/**
	 * Prints one error notice per disabled webhook, with a re-enable button, to store managers only.
	 */
	public function render(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		foreach ( $this->prune() as $id => $alert ) {
			$this->render_one( (int) $id, $alert );
		}
	}

	/**
	 * Prints the notice for one webhook.
	 *
	 * @param int                  $id    Webhook id.
	 * @param array<string, mixed> $alert The recorded alert.
	 */
	private function render_one( int $id, array $alert ): void {
		$message = sprintf(
			/* translators: 1: webhook id, 2: topic, 3: failure count, 4: time (UTC). */
			__( 'WooCommerce disabled the ml-connector webhook #%1$d (%2$s) after %3$d failed deliveries at %4$s. Orders and customers changed since then reach Sage Intacct only through the connector\'s poll until it is re-enabled.', 'ml-connector-webhooks' ),
			$id,
			(string) ( $alert['topic'] ?? '' ),
			(int) ( $alert['failure_count'] ?? 0 ),
			(string) ( $alert['occurred_at'] ?? '' )
		);
		echo '<div class="notice notice-error"><p>' . esc_html( $message ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::REENABLE_ACTION ) . '" />';
		echo '<input type="hidden" name="webhook_id" value="' . esc_attr( (string) $id ) . '" />';
		wp_nonce_field( self::REENABLE_ACTION . '_' . $id );
		echo '<p><button type="submit" class="button button-primary">' . esc_html__( 'Re-enable and reset the failure count', 'ml-connector-webhooks' ) . '</button></p>';
		echo '</form></div>';
	}
}
