from core.mapping import customer_vendor_id, fit_vendor_id, guest_vendor_id, order_vendor_id
from core.mapping.customer import vendor_changes, vendor_from_customer, vendor_is_empty
from core.mapping.vendorids import MAX_VENDOR_ID
from tests.mapping.fixtures import settings, woo


def test_customer_25_becomes_vendor_wc_25_named_first_and_last():
    vendor = vendor_from_customer(woo("customer-25.json"), settings().mapping)
    assert vendor.vendor_id == "WC-25"
    assert vendor.name == "John Doe"
    assert vendor.contact is not None and vendor.contact.print_as == "John Doe"
    assert (vendor.contact.first_name, vendor.contact.last_name) == ("John", "Doe")
    assert vendor.contact.email1 == "john.doe@example.com"
    assert vendor.contact.phone1 == "(555) 555-5555"


def test_contact_name_is_left_for_intacct_to_derive():
    vendor = vendor_from_customer(woo("customer-25.json"), settings().mapping)
    assert vendor.contact is not None and vendor.contact.contact_name is None


def test_billing_company_is_preferred_as_name():
    customer = woo("customer-25.json")
    customer["billing"]["company"] = "Doe Widgets"
    assert vendor_from_customer(customer, settings().mapping).name == "Doe Widgets"


def test_email_is_the_name_when_no_company_or_person():
    customer = woo("customer-25.json")
    for key in ("first_name", "last_name", "company"):
        customer["billing"][key] = ""
        customer[key] = ""
    assert vendor_from_customer(customer, settings().mapping).name == "john.doe@example.com"


def test_country_is_sent_as_name_and_code_only_when_configured():
    plain = vendor_from_customer(woo("customer-25.json"), settings().mapping)
    iso = vendor_from_customer(woo("customer-25.json"), settings(iso_country_codes=True).mapping)
    assert plain.contact.mail_address.country == "United States"
    assert plain.contact.mail_address.country_code is None
    assert iso.contact.mail_address.country_code == "US"


def test_empty_address2_is_not_sent():
    vendor = vendor_from_customer(woo("customer-25.json"), settings().mapping)
    assert vendor.contact.mail_address.address2 is None


def test_vendor_changes_without_previous_payload_is_the_full_vendor():
    new = woo("customer-25.json")
    assert vendor_changes(None, new) == vendor_from_customer(new, settings().mapping)


def test_vendor_changes_carries_only_the_changed_phone():
    old, new = woo("customer-25.json"), woo("customer-25.json")
    new["billing"]["phone"] = "(555) 000-0000"
    changes = vendor_changes(old, new)
    assert changes.name is None
    assert changes.contact.phone1 == "(555) 000-0000"
    assert changes.contact.email1 is None and changes.contact.mail_address is None


def test_vendor_changes_sends_the_whole_address_when_the_city_changes():
    old, new = woo("customer-25.json"), woo("customer-25.json")
    new["billing"]["city"] = "Oakland"
    address = vendor_changes(old, new).contact.mail_address
    assert (address.city, address.address1, address.zip) == ("Oakland", "969 Market", "94103")


def test_a_cleared_field_is_sent_empty_to_clear_it():
    old, new = woo("customer-25.json"), woo("customer-25.json")
    new["billing"]["phone"] = ""
    assert vendor_changes(old, new).contact.phone1 == ""


def test_unchanged_customer_gives_an_empty_update():
    assert vendor_is_empty(vendor_changes(woo("customer-25.json"), woo("customer-25.json")))


def test_long_vendor_id_is_cut_to_20_characters_stably():
    long_id = "WOOCOMMERCE-CUSTOMER-123456789"
    assert len(fit_vendor_id(long_id)) == MAX_VENDOR_ID
    assert fit_vendor_id(long_id) == fit_vendor_id(long_id)
    assert fit_vendor_id(long_id) != fit_vendor_id(long_id + "0")


def test_short_vendor_id_is_prefix_plus_id():
    assert customer_vendor_id(26, settings().mapping) == "WC-26"


def test_guest_vendor_id_ignores_case_and_spaces_of_the_email():
    m = settings().mapping
    assert guest_vendor_id(" John.Doe@Example.com ", m) == guest_vendor_id("john.doe@example.com", m)
    assert guest_vendor_id("john.doe@example.com", m).startswith("WC-G")


def test_guest_order_uses_the_catch_all_vendor_when_configured():
    order = woo("order-727.json")
    assert order_vendor_id(order, settings(guest_vendor="WEBGUEST").mapping) == "WEBGUEST"
    assert order_vendor_id(order, settings().mapping) == guest_vendor_id("john.doe@example.com", settings().mapping)
