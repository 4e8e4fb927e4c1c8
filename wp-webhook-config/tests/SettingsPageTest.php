<?php
/**
 * Settings → ML Connector: who may save, what is stored, what is shown.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * ML_Connector_Settings_Page and ML_Connector_Settings.
 */
final class SettingsPageTest extends ML_Test_Case {

	private function page(): ML_Connector_Settings_Page {
		return new ML_Connector_Settings_Page( $this->finder, $this->notices );
	}

	/**
	 * A settings form post as the browser sends it.
	 *
	 * @param array<string, string> $fields Field values.
	 * @return array<string, string>
	 */
	private function form( array $fields, ?string $nonce = null ): array {
		return array_merge(
			array(
				'action'         => ML_Connector_Settings_Page::SAVE_ACTION,
				'_wpnonce'       => $nonce ?? wp_create_nonce( ML_Connector_Settings_Page::SAVE_ACTION ),
				'ops_email'      => 'ops@example.com',
				'alert_url'      => self::ALERT_URL,
				'delivery_match' => 'connector.example.com',
			),
			$fields
		);
	}

	private function as_store_manager(): void {
		ML_Test_WP::$user_id = 1;
		ML_Test_WP::$caps    = array( 'manage_woocommerce' );
	}

	public function test_save_with_capability_and_valid_nonce_stores_the_settings(): void {
		$this->as_store_manager();

		$redirect = $this->page()->process_save( $this->form( array() ) );

		$this->assertSame( array( 'ops_email' => 'ops@example.com', 'alert_url' => self::ALERT_URL, 'delivery_match' => 'connector.example.com' ), ML_Connector_Settings::get() );
		$this->assertStringContainsString( 'ml_connector_notice=saved', $redirect );
	}

	public function test_save_without_manage_woocommerce_is_refused_and_stores_nothing(): void {
		ML_Test_WP::$user_id = 2;
		ML_Test_WP::$caps    = array( 'edit_posts' );

		try {
			$this->page()->process_save( $this->form( array() ) );
			$this->fail( 'save without capability should die' );
		} catch ( ML_Test_WP_Die $e ) {
			$this->assertSame( 403, $e->getCode() );
		}
		$this->assertArrayNotHasKey( ML_Connector_Settings::OPTION, ML_Test_WP::$options );
	}

	public function test_save_with_a_forged_nonce_is_refused_and_stores_nothing(): void {
		$this->as_store_manager();

		$this->expectException( ML_Test_WP_Die::class );
		try {
			$this->page()->process_save( $this->form( array(), 'forged' ) );
		} finally {
			$this->assertArrayNotHasKey( ML_Connector_Settings::OPTION, ML_Test_WP::$options );
		}
	}

	public function test_save_with_a_nonce_for_another_action_is_refused(): void {
		$this->as_store_manager();

		$this->expectException( ML_Test_WP_Die::class );
		$this->page()->process_save( $this->form( array(), wp_create_nonce( 'some_other_action' ) ) );
	}

	public function test_save_without_a_nonce_is_refused(): void {
		$this->as_store_manager();
		$form = $this->form( array() );
		unset( $form['_wpnonce'] );

		$this->expectException( ML_Test_WP_Die::class );
		$this->page()->process_save( $form );
	}

	public function test_save_strips_markup_and_drops_invalid_email_and_non_http_url(): void {
		$this->as_store_manager();

		$this->page()->process_save(
			$this->form(
				array(
					'ops_email'      => 'not an email',
					'alert_url'      => 'javascript:alert(1)',
					'delivery_match' => "<script>x</script>connector\n.example.com",
				)
			)
		);

		$this->assertSame( array( 'ops_email' => '', 'alert_url' => '', 'delivery_match' => 'connector .example.com' ), ML_Connector_Settings::get() );
	}

	public function test_save_ignores_fields_that_are_not_settings(): void {
		$this->as_store_manager();

		$this->page()->process_save( $this->form( array( 'webhook_secret' => 'should-not-be-stored' ) ) );

		$this->assertSame( array( 'ops_email', 'alert_url', 'delivery_match' ), array_keys( ML_Test_WP::$options[ ML_Connector_Settings::OPTION ] ) );
	}

	public function test_settings_page_is_registered_for_store_managers_only(): void {
		$this->page()->add_page();

		$registered = array_values( array_filter( ML_Test_WP::$actions, fn ( $a ) => 'options_page:ml-connector-webhooks' === $a['hook'] ) );
		$this->assertSame( 'manage_woocommerce', $registered[0]['cap'] );
	}

	public function test_page_never_prints_a_webhook_secret(): void {
		$this->as_store_manager();
		$this->configure();
		$this->webhook( array( 'secret' => 'top-secret-value' ) );

		$html = $this->output_of( array( $this->page(), 'render' ) );

		$this->assertStringContainsString( 'order.updated', $html );
		$this->assertStringNotContainsString( 'top-secret-value', $html );
	}

	public function test_page_escapes_stored_values(): void {
		$this->as_store_manager();
		$this->configure( array( 'delivery_match' => '"><img src=x onerror=alert(1)>' ) );

		$html = $this->output_of( array( $this->page(), 'render' ) );

		$this->assertStringNotContainsString( '<img', $html );
		$this->assertStringContainsString( '&quot;&gt;&lt;img', $html );
	}

	public function test_page_carries_a_nonce_for_the_save_action(): void {
		$this->as_store_manager();

		$html = $this->output_of( array( $this->page(), 'render' ) );

		$this->assertStringContainsString( 'value="' . wp_create_nonce( ML_Connector_Settings_Page::SAVE_ACTION ) . '"', $html );
	}

	public function test_page_refuses_users_without_manage_woocommerce(): void {
		$this->expectException( ML_Test_WP_Die::class );
		$this->output_of( array( $this->page(), 'render' ) );
	}
}
