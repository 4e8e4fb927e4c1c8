<?php
/**
 * What happens when WooCommerce disables a webhook.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * The woocommerce_webhook_disabled_due_delivery_failures handler.
 */
final class AlertsTest extends ML_Test_Case {

	private function disable( int $id ): void {
		$this->do_action( 'woocommerce_webhook_disabled_due_delivery_failures', $id );
	}

	public function test_our_disabled_webhook_sends_exactly_one_mail_and_one_post(): void {
		$this->configure();
		$this->disable( $this->webhook( array( 'failure_count' => 6 ) ) );

		$this->assertCount( 1, ML_Test_WP::$mails );
		$this->assertCount( 1, ML_Test_WP::$posts );
		$this->assertSame( 'ops@example.com', ML_Test_WP::$mails[0]['to'] );
		$this->assertSame( self::ALERT_URL, ML_Test_WP::$posts[0]['url'] );
	}

	public function test_alert_post_signature_verifies_with_the_webhook_secret(): void {
		$this->configure();
		$this->disable( $this->webhook() );

		$args     = ML_Test_WP::$posts[0]['args'];
		$expected = base64_encode( hash_hmac( 'sha256', $args['body'], html_entity_decode( self::SECRET, ENT_QUOTES ), true ) );
		$this->assertTrue( hash_equals( $expected, $args['headers']['X-WC-Webhook-Signature'] ) );
	}

	public function test_signature_key_is_the_entity_decoded_secret_like_woocommerce(): void {
		$this->assertSame(
			ML_Connector_Signature::sign( '{"id":1}', 'a&b' ),
			ML_Connector_Signature::sign( '{"id":1}', 'a&amp;b' )
		);
	}

	public function test_alert_post_body_carries_the_documented_fields(): void {
		$this->configure();
		$id = $this->webhook( array( 'failure_count' => 6 ) );
		$this->disable( $id );

		$body = json_decode( ML_Test_WP::$posts[0]['args']['body'], true );
		$this->assertSame( array( 'event', 'webhook_id', 'topic', 'delivery_url', 'site', 'failure_count', 'occurred_at' ), array_keys( $body ) );
		$this->assertSame( 'webhook_disabled', $body['event'] );
		$this->assertSame( $id, $body['webhook_id'] );
		$this->assertSame( 'order.updated', $body['topic'] );
		$this->assertSame( self::CONNECTOR_URL, $body['delivery_url'] );
		$this->assertSame( 'https://shop.example.com', $body['site'] );
		$this->assertSame( 6, $body['failure_count'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $body['occurred_at'] );
	}

	public function test_alert_post_headers_are_json_and_source_with_trailing_slash(): void {
		$this->configure();
		$this->disable( $this->webhook() );

		$headers = ML_Test_WP::$posts[0]['args']['headers'];
		$this->assertSame( 'application/json', $headers['Content-Type'] );
		$this->assertSame( 'https://shop.example.com/', $headers['X-WC-Webhook-Source'] );
	}

	public function test_webhook_of_another_service_is_ignored(): void {
		$this->configure();
		$this->disable( $this->webhook( array( 'delivery_url' => 'https://zapier.example.net/hooks/1' ) ) );

		$this->assertSame( array(), ML_Test_WP::$mails );
		$this->assertSame( array(), ML_Test_WP::$posts );
		$this->assertSame( array(), $this->notices->open() );
	}

	public function test_nothing_is_ours_while_no_match_string_is_configured(): void {
		$this->configure( array( 'delivery_match' => '' ) );
		$this->disable( $this->webhook() );

		$this->assertSame( array(), ML_Test_WP::$mails );
	}

	public function test_unknown_webhook_id_is_ignored(): void {
		$this->configure();
		$this->disable( 999 );

		$this->assertSame( array(), ML_Test_WP::$mails );
		$this->assertSame( array(), ML_Test_WP::$posts );
	}

	public function test_without_alert_url_only_the_mail_is_sent(): void {
		$this->configure( array( 'alert_url' => '' ) );
		$this->disable( $this->webhook() );

		$this->assertCount( 1, ML_Test_WP::$mails );
		$this->assertSame( array(), ML_Test_WP::$posts );
	}

	public function test_mail_goes_to_site_admin_when_no_ops_address_is_set(): void {
		$this->configure( array( 'ops_email' => '' ) );
		ML_Test_WP::$options['admin_email'] = 'owner@example.com';
		$this->disable( $this->webhook() );

		$this->assertSame( 'owner@example.com', ML_Test_WP::$mails[0]['to'] );
	}

	public function test_mail_says_which_webhook_and_how_to_reenable_it(): void {
		$this->configure();
		$id = $this->webhook( array( 'topic' => 'customer.created' ) );
		$this->disable( $id );

		$mail = ML_Test_WP::$mails[0];
		$this->assertStringContainsString( "#$id (customer.created)", $mail['subject'] );
		$this->assertStringContainsString( "wp ml-connector reenable $id", $mail['message'] );
		$this->assertStringNotContainsString( self::SECRET, $mail['message'] );
	}

	public function test_disabled_webhook_is_recorded_for_the_admin_notice(): void {
		$this->configure();
		$id = $this->webhook();
		$this->disable( $id );

		$this->assertSame( array( $id ), array_keys( $this->notices->open() ) );
	}

	public function test_a_broken_mailer_neither_stops_the_post_nor_reaches_woocommerce(): void {
		$this->configure();
		ML_Test_WP::$mail_throws = new RuntimeException( 'SMTP down' );
		$log                     = ini_set( 'error_log', '/dev/null' );
		try {
			$this->disable( $this->webhook() );
		} finally {
			ini_set( 'error_log', (string) $log );
		}

		$this->assertCount( 1, ML_Test_WP::$posts );
	}
}
