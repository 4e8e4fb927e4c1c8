<?php
/**
 * The wp-admin notice for a disabled webhook, and its re-enable button.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * ML_Connector_Alert_Notices and the re-enable handler.
 */
final class AlertNoticesTest extends ML_Test_Case {

	private int $id;

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		ML_Test_WP::$user_id = 1;
		ML_Test_WP::$caps    = array( 'manage_woocommerce' );
		$this->id            = $this->webhook( array( 'failure_count' => 6 ) );
		$this->do_action( 'woocommerce_webhook_disabled_due_delivery_failures', $this->id );
		// WooCommerce saves the disabled status right after the action.
		$webhook = $this->stored( $this->id );
		$webhook->set_status( 'disabled' );
		$webhook->save();
	}

	private function notice_html(): string {
		return $this->output_of( fn () => $this->do_action( 'admin_notices' ) );
	}

	private function reenable_form( string $nonce ): array {
		return array(
			'action'     => ML_Connector_Alert_Notices::REENABLE_ACTION,
			'webhook_id' => (string) $this->id,
			'_wpnonce'   => $nonce,
		);
	}

	public function test_notice_shows_while_the_webhook_is_disabled(): void {
		$html = $this->notice_html();

		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( "#{$this->id} (order.updated)", $html );
	}

	public function test_notice_shows_again_on_the_next_page_load(): void {
		$this->notice_html();

		$this->assertStringContainsString( 'notice-error', $this->notice_html() );
	}

	public function test_notice_disappears_once_the_webhook_is_active_again_by_any_means(): void {
		$webhook = $this->stored( $this->id );
		$webhook->set_status( 'active' );
		$webhook->save();

		$this->assertSame( '', $this->notice_html() );
		$this->assertSame( array(), $this->notices->open() );
	}

	public function test_notice_is_hidden_from_users_who_cannot_manage_woocommerce(): void {
		ML_Test_WP::$caps = array();

		$this->assertSame( '', $this->notice_html() );
		$this->assertCount( 1, $this->notices->open() );
	}

	public function test_notice_button_carries_a_nonce_for_this_webhook(): void {
		$nonce = wp_create_nonce( ML_Connector_Alert_Notices::REENABLE_ACTION . '_' . $this->id );

		$this->assertStringContainsString( 'value="' . $nonce . '"', $this->notice_html() );
	}

	public function test_reenable_button_sets_active_and_resets_the_count(): void {
		$page = new ML_Connector_Settings_Page( $this->finder, $this->notices );

		$redirect = $page->process_reenable( $this->reenable_form( wp_create_nonce( ML_Connector_Alert_Notices::REENABLE_ACTION . '_' . $this->id ) ) );

		$this->assertSame( array( 'active', 0 ), array( $this->stored( $this->id )->get_status(), $this->stored( $this->id )->get_failure_count() ) );
		$this->assertStringContainsString( 'ml_connector_notice=reenabled', $redirect );
	}

	public function test_reenable_button_with_a_nonce_for_another_webhook_changes_nothing(): void {
		$page = new ML_Connector_Settings_Page( $this->finder, $this->notices );

		try {
			$page->process_reenable( $this->reenable_form( wp_create_nonce( ML_Connector_Alert_Notices::REENABLE_ACTION . '_999' ) ) );
			$this->fail( 'a nonce for another webhook should be refused' );
		} catch ( ML_Test_WP_Die $e ) {
			$this->assertSame( 403, $e->getCode() );
		}
		$this->assertSame( 'disabled', $this->stored( $this->id )->get_status() );
	}
}
