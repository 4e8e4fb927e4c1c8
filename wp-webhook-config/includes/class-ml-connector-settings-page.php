<?php
/**
 * Settings → ML Connector: the three settings, our webhooks at a glance, and the form handlers.
 *
 * @package ML_Connector_Webhooks
 */

defined( 'ABSPATH' ) || exit;

/**
 * The admin page and its two admin-post handlers (save settings, re-enable a webhook).
 *
 * Every handler checks `manage_woocommerce` and a nonce before it changes anything; the page shows
 * our webhooks without their secrets. Handlers are split into a `process_*` method that returns the
 * redirect URL (tested) and a thin `handle_*` wrapper that redirects and exits (not testable).
 */
class ML_Connector_Settings_Page {

	public const SLUG = 'ml-connector-webhooks';

	public const SAVE_ACTION = 'ml_connector_save_settings';

	public const CAPABILITY = 'manage_woocommerce';

	/**
	 * Lists our webhooks for the status table.
	 *
	 * @var ML_Connector_Webhook_Finder
	 */
	private ML_Connector_Webhook_Finder $finder;

	/**
	 * Re-enables webhooks.
	 *
	 * @var ML_Connector_Webhook_Setup
	 */
	private ML_Connector_Webhook_Setup $setup;

	/**
	 * Constructor.
	 *
	 * @param ML_Connector_Webhook_Finder $finder  Finds webhooks.
	 * @param ML_Connector_Alert_Notices  $notices Open alerts.
	 */
	public function __construct( ML_Connector_Webhook_Finder $finder, ML_Connector_Alert_Notices $notices ) {
		$this->finder = $finder;
		$this->setup  = new ML_Connector_Webhook_Setup( $finder, $notices );
	}

	/**
	 * Hooks the page and the handlers into wp-admin.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_action( 'admin_post_' . self::SAVE_ACTION, array( $this, 'handle_save' ) );
		add_action( 'admin_post_' . ML_Connector_Alert_Notices::REENABLE_ACTION, array( $this, 'handle_reenable' ) );
	}

	/**
	 * Adds Settings → ML Connector.
	 */
	public function add_page(): void {
		add_options_page( __( 'ML Connector', 'ml-connector-webhooks' ), __( 'ML Connector', 'ml-connector-webhooks' ), self::CAPABILITY, self::SLUG, array( $this, 'render' ) );
	}

	/**
	 * The admin-post entry for the settings form.
	 */
	public function handle_save(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- process_save() verifies the nonce.
		wp_safe_redirect( $this->process_save( wp_unslash( $_POST ) ) );
		exit;
	}

	/**
	 * The admin-post entry for the notice's re-enable button.
	 */
	public function handle_reenable(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- process_reenable() verifies the nonce.
		wp_safe_redirect( $this->process_reenable( wp_unslash( $_POST ) ) );
		exit;
	}

	/**
	 * Checks capability and nonce, then stores the sanitised settings.
	 *
	 * @param array<string, mixed> $post The unslashed form post.
	 * @return string Where to send the browser next.
	 */
	public function process_save( array $post ): string {
		self::authorize( $post, self::SAVE_ACTION );
		ML_Connector_Settings::save( $post );
		return self::page_url( 'saved' );
	}

	/**
	 * Checks capability and the per-webhook nonce, then re-enables with the failure count reset.
	 *
	 * @param array<string, mixed> $post The unslashed form post.
	 * @return string Where to send the browser next.
	 */
	public function process_reenable( array $post ): string {
		$id = isset( $post['webhook_id'] ) && is_scalar( $post['webhook_id'] ) ? absint( $post['webhook_id'] ) : 0;
		self::authorize( $post, ML_Connector_Alert_Notices::REENABLE_ACTION . '_' . $id );
		try {
			$this->setup->reenable( $id );
		} catch ( ML_Connector_Not_Found_Exception $e ) {
			return self::page_url( 'not_found' );
		}
		return self::page_url( 'reenabled' );
	}

	/**
	 * Stops the request unless the user manages WooCommerce and the nonce is valid for this action.
	 *
	 * @param array<string, mixed> $post   The unslashed form post.
	 * @param string               $action The nonce action.
	 */
	private static function authorize( array $post, string $action ): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'You are not allowed to change the ML Connector settings.', 'ml-connector-webhooks' ), '', array( 'response' => 403 ) );
		}
		$nonce = isset( $post['_wpnonce'] ) && is_string( $post['_wpnonce'] ) ? sanitize_text_field( $post['_wpnonce'] ) : '';
		if ( ! wp_verify_nonce( $nonce, $action ) ) {
			wp_die( esc_html__( 'The link you followed has expired. Please reload the page and try again.', 'ml-connector-webhooks' ), '', array( 'response' => 403 ) );
		}
	}

	/**
	 * The settings page URL, with the outcome of the last action.
	 *
	 * @param string $outcome One of saved, reenabled, not_found.
	 */
	private static function page_url( string $outcome ): string {
		return add_query_arg( 'ml_connector_notice', $outcome, admin_url( 'options-general.php?page=' . self::SLUG ) );
	}

	/**
	 * Prints the page: the outcome message, the settings form, and our webhooks (never their secrets).
	 */
	public function render(): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'You are not allowed to view this page.', 'ml-connector-webhooks' ), '', array( 'response' => 403 ) );
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'ML Connector', 'ml-connector-webhooks' ) . '</h1>';
		self::render_outcome();
		self::render_form( ML_Connector_Settings::get() );
		$this->render_webhooks();
		echo '</div>';
	}

	/**
	 * The message for the outcome in the query string, if any.
	 */
	private static function render_outcome(): void {
		$messages = array(
			'saved'     => __( 'Settings saved.', 'ml-connector-webhooks' ),
			'reenabled' => __( 'Webhook re-enabled and its failure count reset.', 'ml-connector-webhooks' ),
			'not_found' => __( 'That webhook no longer exists.', 'ml-connector-webhooks' ),
		);
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only, a fixed set of keys.
		$outcome = isset( $_GET['ml_connector_notice'] ) ? sanitize_key( wp_unslash( $_GET['ml_connector_notice'] ) ) : '';
		if ( isset( $messages[ $outcome ] ) ) {
			echo '<div class="notice notice-success"><p>' . esc_html( $messages[ $outcome ] ) . '</p></div>';
		}
	}

	/**
	 * The settings form.
	 *
	 * @param array{ops_email: string, alert_url: string, delivery_match: string} $settings Current values.
	 */
	private static function render_form( array $settings ): void {
		$fields = array(
			'ops_email'      => array( 'email', __( 'Ops e-mail (alerts; the site admin address when empty)', 'ml-connector-webhooks' ) ),
			'alert_url'      => array( 'url', __( 'Connector alert URL (signed POST when a webhook is disabled)', 'ml-connector-webhooks' ) ),
			'delivery_match' => array( 'text', __( 'Delivery URL match (webhooks whose delivery URL contains this are ours)', 'ml-connector-webhooks' ) ),
		);
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		echo '<input type="hidden" name="action" value="' . esc_attr( self::SAVE_ACTION ) . '" />';
		wp_nonce_field( self::SAVE_ACTION );
		echo '<table class="form-table" role="presentation">';
		foreach ( $fields as $key => $field ) {
			echo '<tr><th scope="row"><label for="' . esc_attr( 'mlc-' . $key ) . '">' . esc_html( $field[1] ) . '</label></th>';
			echo '<td><input class="regular-text" type="' . esc_attr( $field[0] ) . '" id="' . esc_attr( 'mlc-' . $key ) . '" name="' . esc_attr( $key ) . '" value="' . esc_attr( $settings[ $key ] ) . '" /></td></tr>';
		}
		echo '</table>';
		submit_button();
		echo '</form>';
	}

	/**
	 * Our webhooks: id, topic, status, failure count. Secrets are never printed.
	 */
	private function render_webhooks(): void {
		echo '<h2>' . esc_html__( 'Connector webhooks', 'ml-connector-webhooks' ) . '</h2>';
		echo '<table class="widefat striped"><thead><tr>';
		foreach ( array( __( 'ID', 'ml-connector-webhooks' ), __( 'Topic', 'ml-connector-webhooks' ), __( 'Status', 'ml-connector-webhooks' ), __( 'Failure count', 'ml-connector-webhooks' ) ) as $heading ) {
			echo '<th>' . esc_html( $heading ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( ML_Connector_Webhook_Finder::summary_rows( $this->finder->ours() ) as $row ) {
			echo '<tr><td>' . esc_html( (string) $row['id'] ) . '</td><td>' . esc_html( $row['topic'] ) . '</td><td>' . esc_html( $row['status'] ) . '</td><td>' . esc_html( (string) $row['failure_count'] ) . '</td></tr>';
		}
		echo '</tbody></table>';
	}
}
