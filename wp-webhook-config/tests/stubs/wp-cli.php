<?php
/**
 * A fake WP_CLI that records commands and output; error() throws like the real one exits.
 *
 * @package ML_Connector_Webhooks\Tests
 */

namespace {

	define( 'WP_CLI', true );

	/**
	 * Thrown by WP_CLI::error(): the real one prints and exits with status 1.
	 */
	class ML_Test_CLI_Error extends Exception {
	}

	/**
	 * Records add_command() and every line printed.
	 */
	final class WP_CLI {

		/** @var array<string, object> */
		public static array $commands = array();

		/** @var array<int, array{0: string, 1: string}> Level and message. */
		public static array $output = array();

		/** @var array<int, array{format: string, items: array<int, array<string, mixed>>, fields: string[]}> */
		public static array $formatted = array();

		public static function reset(): void {
			self::$output    = array();
			self::$formatted = array();
		}

		public static function add_command( string $name, object $command ): void {
			self::$commands[ $name ] = $command;
		}

		public static function log( string $message ): void {
			self::$output[] = array( 'log', $message );
		}

		public static function success( string $message ): void {
			self::$output[] = array( 'success', $message );
		}

		public static function warning( string $message ): void {
			self::$output[] = array( 'warning', $message );
		}

		public static function error( string $message ): void {
			self::$output[] = array( 'error', $message );
			throw new ML_Test_CLI_Error( $message );
		}
	}
}

namespace WP_CLI\Utils {

	/**
	 * Records the table the command asked for.
	 *
	 * @param string                            $format Output format.
	 * @param array<int, array<string, mixed>> $items  Rows.
	 * @param string[]|string                   $fields Columns.
	 */
	function format_items( string $format, array $items, $fields ): void {
		\WP_CLI::$formatted[] = array(
			'format' => $format,
			'items'  => $items,
			'fields' => is_array( $fields ) ? $fields : explode( ',', $fields ),
		);
	}
}
