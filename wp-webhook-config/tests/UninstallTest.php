<?php
/**
 * Deleting the plugin.
 *
 * @package ML_Connector_Webhooks\Tests
 */

/**
 * uninstall.php.
 */
final class UninstallTest extends ML_Test_Case {

	/**
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_uninstall_removes_both_options_and_keeps_the_webhooks(): void {
		ML_Test_WP::reset();
		ML_Test_Webhook_Table::reset();
		ML_Test_WP::$options = array(
			ML_Connector_Settings::OPTION      => array( 'ops_email' => 'ops@example.com' ),
			ML_Connector_Alert_Notices::OPTION => array( 7 => array() ),
			'blogname'                         => 'Shop',
		);
		$id = ML_Test_Webhook_Table::insert( array( 'topic' => 'order.updated' ) );

		define( 'WP_UNINSTALL_PLUGIN', 'ml-connector-webhooks/ml-connector-webhooks.php' );
		require dirname( __DIR__ ) . '/uninstall.php';

		$this->assertSame( array( 'blogname' ), array_keys( ML_Test_WP::$options ) );
		$this->assertNotNull( wc_get_webhook( $id ) );
	}
}
