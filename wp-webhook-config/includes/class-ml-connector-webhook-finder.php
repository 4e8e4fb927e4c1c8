<?php
/**
 * Finding the store's webhooks, and telling ours from everyone else's.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Lists webhooks through WooCommerce's data store and decides which ones belong to the connector.
 *
 * A webhook is ours when its delivery URL contains the configured match string (case-insensitive).
 * An empty match string matches nothing: alerting about another plugin's webhook would be noise.
 */
class ML_Connector_Webhook_Finder {

	/**
	 * Every webhook in the store, whatever its status.
	 *
	 * @return WC_Webhook[]
	 */
	public function all(): array {
		if ( ! $this->woocommerce_active() ) {
			return array();
		}
		$ids      = WC_Data_Store::load( 'webhook' )->search_webhooks( array( 'limit' => -1 ) );
		$webhooks = array();
		foreach ( (array) $ids as $id ) {
			$webhook = wc_get_webhook( (int) $id );
			if ( $webhook ) {
				$webhooks[] = $webhook;
			}
		}
		return $webhooks;
	}

	/**
	 * Whether WooCommerce is loaded; plugins load alphabetically and WooCommerce may be deactivated,
	 * so nothing here may assume its classes exist.
	 */
	public function woocommerce_active(): bool {
		return class_exists( 'WC_Data_Store' ) && function_exists( 'wc_get_webhook' );
	}

	/**
	 * The connector's webhooks.
	 *
	 * @return WC_Webhook[]
	 */
	public function ours(): array {
		return array_values( array_filter( $this->all(), array( $this, 'is_ours' ) ) );
	}

	/**
	 * Loads one webhook by id, or null when it does not exist.
	 *
	 * @param int $id Webhook id.
	 */
	public function get( int $id ): ?WC_Webhook {
		$webhook = $this->woocommerce_active() ? wc_get_webhook( $id ) : null;
		return $webhook ? $webhook : null;
	}

	/**
	 * Whether a webhook delivers to the connector.
	 *
	 * @param WC_Webhook $webhook The webhook.
	 */
	public function is_ours( WC_Webhook $webhook ): bool {
		$match = ML_Connector_Settings::get()['delivery_match'];
		return '' !== $match && false !== stripos( (string) $webhook->get_delivery_url(), $match );
	}

	/**
	 * The webhooks with exactly this topic and delivery URL (normally zero or one).
	 *
	 * @param string $topic        E.g. order.updated.
	 * @param string $delivery_url The full delivery URL.
	 * @return WC_Webhook[]
	 */
	public function by_topic_and_url( string $topic, string $delivery_url ): array {
		$found = array();
		foreach ( $this->all() as $webhook ) {
			if ( $webhook->get_topic() === $topic && (string) $webhook->get_delivery_url() === $delivery_url ) {
				$found[] = $webhook;
			}
		}
		return $found;
	}

	/**
	 * What the status table shows of each webhook; the secret is deliberately not among it.
	 *
	 * @param WC_Webhook[] $webhooks The webhooks.
	 * @return array<int, array{id: int, topic: string, status: string, failure_count: int, delivery_url: string}>
	 */
	public static function summary_rows( array $webhooks ): array {
		$rows = array();
		foreach ( $webhooks as $webhook ) {
			$rows[] = array(
				'id'            => (int) $webhook->get_id(),
				'topic'         => (string) $webhook->get_topic(),
				'status'        => (string) $webhook->get_status(),
				'failure_count' => (int) $webhook->get_failure_count(),
				'delivery_url'  => (string) $webhook->get_delivery_url(),
			);
		}
		return $rows;
	}
}
