<?php
/**
 * A fake WC_Webhook and webhook data store: just the getters, setters and listing the plugin uses.
 *
 * Saved webhooks are stored as copies, so an object loaded with wc_get_webhook() is independent of
 * the one that was saved, as with the real database.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * In-memory replacement for WooCommerce's webhook table.
 */
final class ML_Test_Webhook_Table {

	/** @var array<int, WC_Webhook> */
	public static array $rows = array();

	public static int $next_id = 1;

	/**
	 * Empties the table.
	 */
	public static function reset(): void {
		self::$rows    = array();
		self::$next_id = 1;
	}

	/**
	 * Stores a webhook directly (test set-up), returning its id.
	 *
	 * @param array<string, mixed> $data Property values.
	 */
	public static function insert( array $data ): int {
		$webhook = new WC_Webhook();
		foreach ( $data as $key => $value ) {
			$webhook->{'set_' . $key}( $value );
		}
		return $webhook->save();
	}
}

/**
 * The subset of WooCommerce's WC_Webhook the plugin touches.
 */
class WC_Webhook {

	/** @var array<string, mixed> Defaults as in WooCommerce (a new webhook is disabled). */
	private array $data = array(
		'id'            => 0,
		'name'          => '',
		'status'        => 'disabled',
		'topic'         => '',
		'delivery_url'  => '',
		'secret'        => '',
		'user_id'       => 0,
		'api_version'   => 'wp_api_v3',
		'failure_count' => 0,
	);

	/**
	 * Like WooCommerce: an unknown status becomes disabled.
	 *
	 * @param string $status Status.
	 */
	public function set_status( string $status ): void {
		$this->data['status'] = in_array( $status, array( 'active', 'paused', 'disabled' ), true ) ? $status : 'disabled';
	}

	/**
	 * get_<prop>() and set_<prop>() for the properties above; anything else is an error, so the
	 * plugin cannot call a method the real WC_Webhook lacks without a test noticing.
	 *
	 * @param string       $name Method name.
	 * @param array<mixed> $args Arguments.
	 * @return mixed
	 */
	public function __call( string $name, array $args ) {
		$prop = substr( $name, 4 );
		if ( ! array_key_exists( $prop, $this->data ) || ! in_array( substr( $name, 0, 4 ), array( 'get_', 'set_' ), true ) ) {
			throw new BadMethodCallException( "The fake WC_Webhook has no $name()." );
		}
		if ( 'get_' === substr( $name, 0, 4 ) ) {
			return $this->data[ $prop ];
		}
		$this->data[ $prop ] = is_int( $this->data[ $prop ] ) ? (int) $args[0] : (string) $args[0];
		return null;
	}

	/**
	 * Stores a copy in the fake table; a new webhook gets the next id.
	 */
	public function save(): int {
		if ( 0 === $this->data['id'] ) {
			$this->data['id'] = ML_Test_Webhook_Table::$next_id++;
		}
		ML_Test_Webhook_Table::$rows[ $this->data['id'] ] = clone $this;
		return $this->data['id'];
	}
}

/**
 * WooCommerce's webhook data store: only search_webhooks(), with its default limit of 10.
 */
final class ML_Test_Webhook_Data_Store {

	/**
	 * Ids of stored webhooks.
	 *
	 * @param array<string, mixed> $args Only 'limit' is honoured (-1 = all), default 10 as in WooCommerce.
	 * @return int[]
	 */
	public function search_webhooks( array $args = array() ): array {
		$ids   = array_keys( ML_Test_Webhook_Table::$rows );
		$limit = (int) ( $args['limit'] ?? 10 );
		return $limit < 0 ? $ids : array_slice( $ids, 0, $limit );
	}
}

/**
 * WC_Data_Store::load() for the one store the plugin uses.
 */
final class WC_Data_Store {

	/**
	 * The data store for an object type.
	 *
	 * @param string $type Only 'webhook'.
	 */
	public static function load( string $type ): ML_Test_Webhook_Data_Store {
		if ( 'webhook' !== $type ) {
			throw new InvalidArgumentException( 'The fake only has the webhook data store.' );
		}
		return new ML_Test_Webhook_Data_Store();
	}
}

/**
 * A fresh copy of a stored webhook, or null.
 *
 * @param int $id Webhook id.
 */
function wc_get_webhook( $id ): ?WC_Webhook {
	$id = (int) $id;
	return isset( ML_Test_Webhook_Table::$rows[ $id ] ) ? clone ML_Test_Webhook_Table::$rows[ $id ] : null;
}
