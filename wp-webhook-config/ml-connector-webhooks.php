<?php
/**
 * Plugin Name:       ML Connector Webhooks
 * Description:       Companion to the ml-connector service: sets up the WooCommerce webhooks it needs, alerts at once when WooCommerce disables one, and re-enables them with the failure count reset.
 * Version:           0.1.0
 * Requires at least: 6.0
 * Requires PHP:      8.1
 * Requires Plugins:  woocommerce
 * Author:            ml-connector
 * License:           Proprietary
 * Text Domain:       ml-connector-webhooks
 *
 * WooCommerce silently disables a webhook after repeated delivery failures and never tells anyone;
 * this plugin turns that into an e-mail, a signed POST to the connector and an admin notice.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

define( 'ML_CONNECTOR_WEBHOOKS_VERSION', '0.1.0' );
define( 'ML_CONNECTOR_WEBHOOKS_DIR', __DIR__ . '/includes/' );

require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-exceptions.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-signature.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-settings.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-webhook-finder.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-webhook-setup.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-alert-notices.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-alerts.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-settings-page.php';
require_once ML_CONNECTOR_WEBHOOKS_DIR . 'class-ml-connector-cli.php';

/**
 * Wires every part to its WordPress hooks. Kept in one function so tests can call it against stubs.
 */
function ml_connector_webhooks_boot(): void {
	$finder  = new ML_Connector_Webhook_Finder();
	$notices = new ML_Connector_Alert_Notices( $finder );
	( new ML_Connector_Alerts( $finder, $notices ) )->register();
	( new ML_Connector_Settings_Page( $finder, $notices ) )->register();
	$notices->register();
	ML_Connector_CLI::register( $finder, $notices );
}

ml_connector_webhooks_boot();
