<?php
/**
 * Removes the plugin's options when it is deleted from Plugins (not on deactivation: settings survive that).
 *
 * The webhooks themselves are left alone: they belong to WooCommerce and the connector still needs them.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'ml_connector_webhooks_settings' );
delete_option( 'ml_connector_webhooks_open_alerts' );
