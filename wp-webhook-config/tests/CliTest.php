<?php
/**
 * `wp ml-connector setup | reenable | status`.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * ML_Connector_CLI, called the way WP-CLI calls it.
 */
final class CliTest extends ML_Test_Case {

	private function command(): ML_Connector_CLI {
		return new ML_Connector_CLI( $this->finder, $this->notices );
	}

	/**
	 * The [level, message] lines printed.
	 *
	 * @return array<int, array{0: string, 1: string}>
	 */
	private function output(): array {
		return WP_CLI::$output;
	}

	public function test_loading_the_plugin_registers_the_ml_connector_command(): void {
		$this->assertInstanceOf( ML_Connector_CLI::class, WP_CLI::$commands['ml-connector'] ?? null );
	}

	public function test_status_prints_id_topic_status_and_failure_count_of_our_webhooks(): void {
		$this->configure();
		$a = $this->webhook( array( 'topic' => 'order.created' ) );
		$b = $this->webhook( array( 'status' => 'disabled', 'failure_count' => 6 ) );

		$this->command()->status( array(), array() );

		$this->assertSame( 'table', WP_CLI::$formatted[0]['format'] );
		$this->assertSame( array( 'id', 'topic', 'status', 'failure_count' ), WP_CLI::$formatted[0]['fields'] );
		$this->assertSame(
			array( array( $a, 'order.created', 'active', 0 ), array( $b, 'order.updated', 'disabled', 6 ) ),
			array_map( fn ( $row ) => array( $row['id'], $row['topic'], $row['status'], $row['failure_count'] ), WP_CLI::$formatted[0]['items'] )
		);
	}

	public function test_status_leaves_out_webhooks_that_are_not_ours(): void {
		$this->configure();
		$this->webhook( array( 'delivery_url' => 'https://other.example.net/hook' ) );
		$ours = $this->webhook();

		$this->command()->status( array(), array() );

		$this->assertSame( array( $ours ), array_column( WP_CLI::$formatted[0]['items'], 'id' ) );
	}

	public function test_status_passes_the_requested_format_through(): void {
		$this->configure();
		$this->webhook();

		$this->command()->status( array(), array( 'format' => 'json' ) );

		$this->assertSame( 'json', WP_CLI::$formatted[0]['format'] );
	}

	public function test_status_warns_when_there_are_no_webhooks_of_ours(): void {
		$this->configure();
		$this->command()->status( array(), array() );

		$this->assertSame( 'warning', $this->output()[0][0] );
		$this->assertSame( array(), WP_CLI::$formatted );
	}

	public function test_reenable_command_reports_active_and_count_reset(): void {
		$id = $this->webhook( array( 'status' => 'disabled', 'failure_count' => 6 ) );

		$this->command()->reenable( array( (string) $id ), array() );

		$this->assertSame( array( 'success', "Webhook #$id (order.updated) is active; failure count reset to 0." ), $this->output()[0] );
		$this->assertSame( 0, $this->stored( $id )->get_failure_count() );
	}

	public function test_reenable_command_with_unknown_id_fails_with_one_line(): void {
		$this->expectException( ML_Test_CLI_Error::class );
		$this->expectExceptionMessage( 'There is no webhook with id 404.' );
		$this->command()->reenable( array( '404' ), array() );
	}

	public function test_setup_command_creates_then_updates(): void {
		$args = array( 'delivery-url' => self::CONNECTOR_URL, 'secret' => 's1', 'user' => '1' );
		$this->command()->setup( array(), $args );
		$this->command()->setup( array(), $args );

		$messages = array_column( $this->output(), 1 );
		$this->assertSame( 4, count( preg_grep( '/^Created webhook #\d+ /', $messages ) ) );
		$this->assertSame( 4, count( preg_grep( '/^Updated webhook #\d+ /', $messages ) ) );
		$this->assertCount( 4, ML_Test_Webhook_Table::$rows );
	}

	public function test_setup_command_uses_the_current_user_from_wp_cli_global_user_flag(): void {
		ML_Test_WP::$user_id = 3;
		$this->command()->setup( array(), array( 'delivery-url' => self::CONNECTOR_URL, 'secret' => 's1' ) );

		$this->assertSame( array( 3 ), array_values( array_unique( array_map( fn ( $w ) => $w->get_user_id(), ML_Test_Webhook_Table::$rows ) ) ) );
	}

	public function test_setup_command_without_any_user_fails_and_creates_nothing(): void {
		try {
			$this->command()->setup( array(), array( 'delivery-url' => self::CONNECTOR_URL, 'secret' => 's1' ) );
			$this->fail( 'setup without a user should fail' );
		} catch ( ML_Test_CLI_Error $e ) {
			$this->assertStringContainsString( '--user', $e->getMessage() );
		}
		$this->assertSame( array(), ML_Test_Webhook_Table::$rows );
	}

	public function test_setup_command_with_a_bad_url_fails_with_one_line(): void {
		$this->expectException( ML_Test_CLI_Error::class );
		$this->expectExceptionMessage( 'http://' );
		$this->command()->setup( array(), array( 'delivery-url' => 'connector', 'secret' => 's1', 'user' => '1' ) );
	}

	public function test_setup_command_without_woocommerce_fails_with_one_line(): void {
		$finder = new class() extends ML_Connector_Webhook_Finder {
			public function woocommerce_active(): bool {
				return false;
			}
		};
		$command = new ML_Connector_CLI( $finder, new ML_Connector_Alert_Notices( $finder ) );

		$this->expectException( ML_Test_CLI_Error::class );
		$this->expectExceptionMessage( 'WooCommerce is not active' );
		$command->setup( array(), array( 'delivery-url' => self::CONNECTOR_URL, 'secret' => 's1', 'user' => '1' ) );
	}
}
