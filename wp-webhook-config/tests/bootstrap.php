<?php
/**
 * Loads WordPress/WooCommerce/WP-CLI stubs, then the plugin exactly as WordPress would.
 *
 * @package ML_Connector_Webhooks\Tests
 */

define( 'ABSPATH', __DIR__ . '/' );

require_once __DIR__ . '/stubs/wordpress.php';
require_once __DIR__ . '/stubs/woocommerce.php';
require_once __DIR__ . '/stubs/wp-cli.php';

// Loading the plugin registers its hooks and command; tests read what it registered, then reset.
require_once dirname( __DIR__ ) . '/ml-connector-webhooks.php';
define( 'ML_TEST_BOOT_ACTIONS', ML_Test_WP::$actions );

require_once __DIR__ . '/class-ml-test-case.php';
