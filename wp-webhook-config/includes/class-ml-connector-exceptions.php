<?php
/**
 * The plugin's exception tree.
 *
 * ML_Connector_Exception                  everything this plugin throws on purpose
 * ├── ML_Connector_Invalid_Input_Exception  a caller passed a bad URL, secret or id: fix the command
 * └── ML_Connector_Not_Found_Exception      the named webhook does not exist
 *
 * The CLI turns each into one WP_CLI::error() line; nothing here is thrown from a WordPress hook,
 * because an exception escaping the disabled-webhook action would break WooCommerce's delivery run.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * Base of every exception the plugin throws on purpose.
 */
class ML_Connector_Exception extends RuntimeException {
}

/**
 * Input a caller can fix: a delivery URL that is not http(s), an empty secret.
 */
class ML_Connector_Invalid_Input_Exception extends ML_Connector_Exception {
}

/**
 * A webhook id that does not exist in the store.
 */
class ML_Connector_Not_Found_Exception extends ML_Connector_Exception {
}
