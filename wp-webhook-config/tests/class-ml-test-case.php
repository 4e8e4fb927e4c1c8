<?php
/**
 * Shared set-up: an empty store, the plugin's own objects, and helpers that read like the tests.
 *
 * @package ML_Connector_Webhooks\Tests
 */

use PHPUnit\Framework\TestCase;

/**
 * Base class for the plugin's tests.
 */
abstract class ML_Test_Case extends TestCase {

	protected const CONNECTOR_URL = 'https://connector.example.com/webhooks/woocommerce';

	protected const ALERT_URL = 'https://connector.example.com/alerts/woocommerce';

	protected const SECRET = 'wh-secret-&-"quoted"';

	protected ML_Connector_Webhook_Finder $finder;

	protected ML_Connector_Alert_Notices $notices;

	protected function setUp(): void {
		ML_Test_WP::reset();
		ML_Test_Webhook_Table::reset();
		WP_CLI::reset();
		$this->finder  = new ML_Connector_Webhook_Finder();
		$this->notices = new ML_Connector_Alert_Notices( $this->finder );
	}

	/**
	 * Stores the plugin settings as if saved on the settings page.
	 *
	 * @param array<string, string> $settings Values.
	 */
	protected function configure( array $settings = array() ): void {
		ML_Test_WP::$options[ ML_Connector_Settings::OPTION ] = array_merge(
			array(
				'ops_email'      => 'ops@example.com',
				'alert_url'      => self::ALERT_URL,
				'delivery_match' => 'connector.example.com/webhooks',
			),
			$settings
		);
	}

	/**
	 * Stores a webhook, returning its id.
	 *
	 * @param array<string, mixed> $data Overrides.
	 */
	protected function webhook( array $data = array() ): int {
		return ML_Test_Webhook_Table::insert(
			array_merge(
				array(
					'topic'         => 'order.updated',
					'delivery_url'  => self::CONNECTOR_URL,
					'secret'        => self::SECRET,
					'status'        => 'active',
					'failure_count' => 0,
				),
				$data
			)
		);
	}

	/**
	 * Runs the callbacks the plugin registered for a hook when it was loaded, like do_action().
	 *
	 * @param string $hook Hook name.
	 * @param mixed  ...$args Arguments.
	 */
	protected function do_action( string $hook, ...$args ): void {
		foreach ( ML_TEST_BOOT_ACTIONS as $action ) {
			if ( $action['hook'] === $hook ) {
				call_user_func_array( $action['callback'], array_slice( $args, 0, $action['args'] ) );
			}
		}
	}

	/**
	 * What a callable printed.
	 *
	 * @param callable $callback Prints HTML.
	 */
	protected function output_of( callable $callback ): string {
		ob_start();
		try {
			$callback();
		} finally {
			$output = (string) ob_get_clean();
		}
		return $output;
	}

	/**
	 * The stored copy of a webhook.
	 *
	 * @param int $id Webhook id.
	 */
	protected function stored( int $id ): WC_Webhook {
		$webhook = wc_get_webhook( $id );
		$this->assertNotNull( $webhook, "webhook #$id should exist" );
		return $webhook;
	}
}
