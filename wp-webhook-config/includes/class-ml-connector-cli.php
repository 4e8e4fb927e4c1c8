<?php
/**
 * `wp ml-connector …`: set up, re-enable and inspect the connector's webhooks from the shell.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Manages the WooCommerce webhooks that feed ml-connector.
 *
 * The commands are thin: they parse arguments, call ML_Connector_Webhook_Setup or the finder, and
 * turn ML_Connector_Exception into one WP_CLI::error() line (exit status 1).
 */
class ML_Connector_CLI {

	/**
	 * Finds webhooks.
	 *
	 * @var ML_Connector_Webhook_Finder
	 */
	private ML_Connector_Webhook_Finder $finder;

	/**
	 * Creates and re-enables webhooks.
	 *
	 * @var ML_Connector_Webhook_Setup
	 */
	private ML_Connector_Webhook_Setup $setup;

	/**
	 * Constructor.
	 *
	 * @param ML_Connector_Webhook_Finder $finder  Finds webhooks.
	 * @param ML_Connector_Alert_Notices  $notices Open alerts.
	 */
	public function __construct( ML_Connector_Webhook_Finder $finder, ML_Connector_Alert_Notices $notices ) {
		$this->finder = $finder;
		$this->setup  = new ML_Connector_Webhook_Setup( $finder, $notices );
	}

	/**
	 * Registers `wp ml-connector` when running under WP-CLI.
	 *
	 * @param ML_Connector_Webhook_Finder $finder  Finds webhooks.
	 * @param ML_Connector_Alert_Notices  $notices Open alerts.
	 */
	public static function register( ML_Connector_Webhook_Finder $finder, ML_Connector_Alert_Notices $notices ): void {
		if ( defined( 'WP_CLI' ) && WP_CLI && class_exists( 'WP_CLI' ) ) {
			WP_CLI::add_command( 'ml-connector', new self( $finder, $notices ) );
		}
	}

	/**
	 * Creates or updates the connector's webhooks (order.created, order.updated, customer.created, customer.updated).
	 *
	 * Idempotent: an existing webhook with the same topic and delivery URL gets the secret, status
	 * active and failure count 0; missing ones are created. New webhooks belong to the current user,
	 * so pass WP-CLI's global --user flag.
	 *
	 * ## OPTIONS
	 *
	 * --delivery-url=<url>
	 * : The connector's webhook receiver, e.g. https://connector.example.com/webhooks/woocommerce
	 *
	 * --secret=<secret>
	 * : The webhook secret (the connector's woocommerce.webhook_secret).
	 *
	 * ## EXAMPLES
	 *
	 *     wp ml-connector setup --delivery-url=https://connector.example.com/webhooks/woocommerce --secret=s3cret --user=1
	 *
	 * @param string[]              $args       Positional arguments (none).
	 * @param array<string, string> $assoc_args Named arguments.
	 */
	public function setup( array $args, array $assoc_args ): void {
		if ( ! $this->finder->woocommerce_active() ) {
			WP_CLI::error( 'WooCommerce is not active: activate it first.' );
			return;
		}
		$user_id = isset( $assoc_args['user'] ) ? absint( $assoc_args['user'] ) : get_current_user_id();
		if ( 0 === $user_id ) {
			WP_CLI::error( 'New webhooks need an owner with rights to read orders: pass --user=<admin id or login>.' );
			return;
		}
		try {
			$rows = $this->setup->setup( (string) ( $assoc_args['delivery-url'] ?? '' ), (string) ( $assoc_args['secret'] ?? '' ), $user_id );
		} catch ( ML_Connector_Exception $e ) {
			WP_CLI::error( $e->getMessage() );
			return;
		}
		foreach ( $rows as $row ) {
			WP_CLI::log( sprintf( '%s webhook #%d (%s)', ucfirst( $row['action'] ), $row['id'], $row['topic'] ) );
		}
		WP_CLI::success( sprintf( '%d webhooks active.', count( $rows ) ) );
	}

	/**
	 * Sets a webhook active again AND resets its failure count (WooCommerce's own re-enable does not).
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The webhook id.
	 *
	 * ## EXAMPLES
	 *
	 *     wp ml-connector reenable 42
	 *
	 * @param string[]              $args       The webhook id.
	 * @param array<string, string> $assoc_args Named arguments (none).
	 */
	public function reenable( array $args, array $assoc_args ): void {
		$id = isset( $args[0] ) ? absint( $args[0] ) : 0;
		try {
			$webhook = $this->setup->reenable( $id );
		} catch ( ML_Connector_Exception $e ) {
			WP_CLI::error( $e->getMessage() );
			return;
		}
		WP_CLI::success( sprintf( 'Webhook #%d (%s) is active; failure count reset to 0.', $id, $webhook->get_topic() ) );
	}

	/**
	 * Lists the connector's webhooks: id, topic, status, failure count.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : table, csv, json or yaml.
	 * ---
	 * default: table
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     wp ml-connector status
	 *
	 * @param string[]              $args       Positional arguments (none).
	 * @param array<string, string> $assoc_args Named arguments.
	 */
	public function status( array $args, array $assoc_args ): void {
		$rows = ML_Connector_Webhook_Finder::summary_rows( $this->finder->ours() );
		if ( ! $rows ) {
			WP_CLI::warning( 'No webhooks match the configured delivery URL; run `wp ml-connector setup`.' );
			return;
		}
		WP_CLI\Utils\format_items( $assoc_args['format'] ?? 'table', $rows, array( 'id', 'topic', 'status', 'failure_count' ) );
	}
}
