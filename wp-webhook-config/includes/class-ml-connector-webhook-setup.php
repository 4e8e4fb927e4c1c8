<?php
/**
 * Creating, updating and re-enabling the connector's webhooks.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Makes the store's webhooks match what the connector needs, idempotently.
 *
 * Re-enabling also resets the failure count: WooCommerce core never does, so a webhook re-enabled
 * through the admin screen or REST is disabled again by its very next failed delivery.
 */
class ML_Connector_Webhook_Setup {

	/**
	 * The topics the connector subscribes to.
	 *
	 * @var string[]
	 */
	public const TOPICS = array( 'order.created', 'order.updated', 'customer.created', 'customer.updated' );

	/**
	 * Finds existing webhooks.
	 *
	 * @var ML_Connector_Webhook_Finder
	 */
	private ML_Connector_Webhook_Finder $finder;

	/**
	 * Resolves open alerts once a webhook is active again.
	 *
	 * @var ML_Connector_Alert_Notices
	 */
	private ML_Connector_Alert_Notices $notices;

	/**
	 * Constructor.
	 *
	 * @param ML_Connector_Webhook_Finder $finder  Finds existing webhooks.
	 * @param ML_Connector_Alert_Notices  $notices Open alerts.
	 */
	public function __construct( ML_Connector_Webhook_Finder $finder, ML_Connector_Alert_Notices $notices ) {
		$this->finder  = $finder;
		$this->notices = $notices;
	}

	/**
	 * Creates the missing webhooks and updates the existing ones (secret, status active, count 0).
	 *
	 * An existing webhook is one with the same topic and exactly the same delivery URL, so running
	 * this twice changes nothing the second time and never creates duplicates.
	 *
	 * @param string $delivery_url The connector's receiver URL.
	 * @param string $secret       The webhook secret the connector verifies with.
	 * @param int    $user_id      Owner of new webhooks (WooCommerce builds payloads with this user's rights).
	 * @return array<int, array{id: int, topic: string, action: string}> One row per topic: created or updated.
	 * @throws ML_Connector_Invalid_Input_Exception When the URL is not http(s) or the secret is empty.
	 */
	public function setup( string $delivery_url, string $secret, int $user_id ): array {
		self::check_input( $delivery_url, $secret );
		$rows = array();
		foreach ( self::TOPICS as $topic ) {
			$existing = $this->finder->by_topic_and_url( $topic, $delivery_url );
			$webhook  = $existing ? $existing[0] : self::new_webhook( $topic, $delivery_url, $user_id );
			$action   = $existing ? 'updated' : 'created';
			$webhook->set_secret( $secret );
			$webhook->set_status( 'active' );
			$webhook->set_failure_count( 0 );
			$id = (int) $webhook->save();
			$this->notices->resolve( $id );
			$rows[] = array(
				'id'     => $id,
				'topic'  => $topic,
				'action' => $action,
			);
		}
		ML_Connector_Settings::adopt_delivery_url( $delivery_url );
		return $rows;
	}

	/**
	 * Sets a webhook active again with its failure count at 0, and clears its admin notice.
	 *
	 * @param int $id Webhook id.
	 * @return WC_Webhook The saved webhook.
	 * @throws ML_Connector_Not_Found_Exception When there is no webhook with that id.
	 */
	public function reenable( int $id ): WC_Webhook {
		$webhook = $this->finder->get( $id );
		if ( null === $webhook ) {
			/* translators: %d: webhook id. */
			throw new ML_Connector_Not_Found_Exception( sprintf( __( 'There is no webhook with id %d.', 'ml-connector-webhooks' ), $id ) );
		}
		$webhook->set_status( 'active' );
		$webhook->set_failure_count( 0 );
		$webhook->save();
		$this->notices->resolve( $id );
		return $webhook;
	}

	/**
	 * Rejects input that would create a webhook WooCommerce can never deliver or sign.
	 *
	 * @param string $delivery_url The connector's receiver URL.
	 * @param string $secret       The webhook secret.
	 * @throws ML_Connector_Invalid_Input_Exception On a bad URL or an empty secret.
	 */
	private static function check_input( string $delivery_url, string $secret ): void {
		$scheme = wp_parse_url( $delivery_url, PHP_URL_SCHEME );
		if ( ! in_array( $scheme, array( 'http', 'https' ), true ) || ! wp_parse_url( $delivery_url, PHP_URL_HOST ) ) {
			throw new ML_Connector_Invalid_Input_Exception( __( 'The delivery URL must start with http:// or https://.', 'ml-connector-webhooks' ) );
		}
		if ( '' === trim( $secret ) ) {
			throw new ML_Connector_Invalid_Input_Exception( __( 'The webhook secret must not be empty.', 'ml-connector-webhooks' ) );
		}
	}

	/**
	 * A new, unsaved webhook for one topic.
	 *
	 * @param string $topic        E.g. order.updated.
	 * @param string $delivery_url The connector's receiver URL.
	 * @param int    $user_id      Owner.
	 */
	private static function new_webhook( string $topic, string $delivery_url, int $user_id ): WC_Webhook {
		$webhook = new WC_Webhook();
		/* translators: %s: webhook topic such as order.updated. */
		$webhook->set_name( sprintf( __( 'ml-connector: %s', 'ml-connector-webhooks' ), $topic ) );
		$webhook->set_topic( $topic );
		$webhook->set_delivery_url( $delivery_url );
		$webhook->set_user_id( $user_id );
		$webhook->set_api_version( 'wp_api_v3' );
		return $webhook;
	}
}
