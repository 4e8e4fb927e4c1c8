<?php
/**
 * Creating, updating and re-enabling our webhooks.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * ML_Connector_Webhook_Setup.
 */
final class WebhookSetupTest extends ML_Test_Case {

	private ML_Connector_Webhook_Setup $setup;

	protected function setUp(): void {
		parent::setUp();
		$this->setup = new ML_Connector_Webhook_Setup( $this->finder, $this->notices );
	}

	/**
	 * Topic => [status, secret, failure count] for every stored webhook delivering to $url.
	 *
	 * @return array<string, array{0: string, 1: string, 2: int}>
	 */
	private function stored_for( string $url ): array {
		$found = array();
		foreach ( ML_Test_Webhook_Table::$rows as $webhook ) {
			if ( $webhook->get_delivery_url() === $url ) {
				$found[ $webhook->get_topic() ] = array( $webhook->get_status(), $webhook->get_secret(), $webhook->get_failure_count() );
			}
		}
		ksort( $found );
		return $found;
	}

	public function test_setup_creates_one_active_webhook_per_required_topic(): void {
		$this->setup->setup( self::CONNECTOR_URL, 's1', 1 );

		$this->assertSame(
			array(
				'customer.created' => array( 'active', 's1', 0 ),
				'customer.updated' => array( 'active', 's1', 0 ),
				'order.created'    => array( 'active', 's1', 0 ),
				'order.updated'    => array( 'active', 's1', 0 ),
			),
			$this->stored_for( self::CONNECTOR_URL )
		);
	}

	public function test_setup_run_twice_keeps_the_same_webhooks_without_duplicates(): void {
		$first  = array_column( $this->setup->setup( self::CONNECTOR_URL, 's1', 1 ), 'id' );
		$second = $this->setup->setup( self::CONNECTOR_URL, 's1', 1 );

		$this->assertSame( $first, array_column( $second, 'id' ) );
		$this->assertSame( array( 'updated' ), array_values( array_unique( array_column( $second, 'action' ) ) ) );
		$this->assertCount( 4, ML_Test_Webhook_Table::$rows );
	}

	public function test_setup_updates_secret_status_and_count_of_an_existing_webhook(): void {
		$id = $this->webhook( array( 'status' => 'disabled', 'failure_count' => 6, 'secret' => 'old' ) );

		$this->setup->setup( self::CONNECTOR_URL, 'new', 1 );

		$webhook = $this->stored( $id );
		$this->assertSame( array( 'active', 'new', 0 ), array( $webhook->get_status(), $webhook->get_secret(), $webhook->get_failure_count() ) );
		$this->assertCount( 4, ML_Test_Webhook_Table::$rows );
	}

	public function test_setup_finds_existing_webhooks_beyond_the_data_store_default_page_of_ten(): void {
		for ( $i = 0; $i < 12; $i++ ) {
			$this->webhook( array( 'delivery_url' => "https://other.example.net/$i" ) );
		}
		$this->setup->setup( self::CONNECTOR_URL, 's1', 1 );
		$this->setup->setup( self::CONNECTOR_URL, 's1', 1 );

		$this->assertCount( 16, ML_Test_Webhook_Table::$rows );
	}

	public function test_setup_leaves_webhooks_for_other_urls_untouched(): void {
		$other = $this->webhook( array( 'delivery_url' => 'https://other.example.net/hook', 'secret' => 'theirs', 'status' => 'paused' ) );

		$this->setup->setup( self::CONNECTOR_URL, 's1', 1 );

		$this->assertSame( array( 'paused', 'theirs' ), array( $this->stored( $other )->get_status(), $this->stored( $other )->get_secret() ) );
	}

	public function test_new_webhooks_are_owned_by_the_given_user_and_use_api_v3(): void {
		$rows    = $this->setup->setup( self::CONNECTOR_URL, 's1', 7 );
		$webhook = $this->stored( $rows[0]['id'] );

		$this->assertSame( array( 7, 'wp_api_v3' ), array( $webhook->get_user_id(), $webhook->get_api_version() ) );
	}

	public function test_setup_adopts_the_delivery_url_as_match_string_when_none_is_set(): void {
		$this->setup->setup( self::CONNECTOR_URL, 's1', 1 );

		$this->assertSame( self::CONNECTOR_URL, ML_Connector_Settings::get()['delivery_match'] );
	}

	public function test_setup_keeps_a_configured_match_string(): void {
		$this->configure( array( 'delivery_match' => 'connector.example.com' ) );
		$this->setup->setup( self::CONNECTOR_URL, 's1', 1 );

		$this->assertSame( 'connector.example.com', ML_Connector_Settings::get()['delivery_match'] );
	}

	public function test_setup_rejects_a_delivery_url_that_is_not_http(): void {
		$this->expectException( ML_Connector_Invalid_Input_Exception::class );
		$this->setup->setup( 'ftp://connector.example.com/hook', 's1', 1 );
	}

	public function test_setup_rejects_an_empty_secret(): void {
		$this->expectException( ML_Connector_Invalid_Input_Exception::class );
		$this->setup->setup( self::CONNECTOR_URL, '  ', 1 );
	}

	public function test_reenable_sets_active_and_resets_failure_count(): void {
		$id = $this->webhook( array( 'status' => 'disabled', 'failure_count' => 6 ) );

		$this->setup->reenable( $id );

		$this->assertSame( array( 'active', 0 ), array( $this->stored( $id )->get_status(), $this->stored( $id )->get_failure_count() ) );
	}

	public function test_reenable_resolves_the_open_alert(): void {
		$this->configure();
		$id = $this->webhook( array( 'status' => 'disabled', 'failure_count' => 6 ) );
		$this->do_action( 'woocommerce_webhook_disabled_due_delivery_failures', $id );

		$this->setup->reenable( $id );

		$this->assertSame( array(), $this->notices->open() );
	}

	public function test_reenable_of_an_unknown_id_throws_not_found(): void {
		$this->expectException( ML_Connector_Not_Found_Exception::class );
		$this->setup->reenable( 404 );
	}
}
