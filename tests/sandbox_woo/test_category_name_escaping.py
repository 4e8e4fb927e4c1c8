"""Category names come back from REST the way WordPress stores term names: ``&``, ``<`` and ``>`` as entities
(``_wp_specialchars`` in the ``pre_term_name`` filters; woocommerce#40029, #16250), in ``/products`` and in
``/products/categories`` alike. Before: the sandbox returned them as typed, hiding the connector's bug.
"""

from core.sandbox.woo.store import term_name


def test_ampersand_in_a_category_name_is_escaped_in_both_routes(sandbox, api):
    cat = sandbox.add_category("Parts & Tools")
    pid = sandbox.add_product("Wrench", "9.00", (cat,))["id"]
    assert api.get(f"/products/{pid}").json()["categories"] == [
        {"id": cat, "name": "Parts &amp; Tools", "slug": "parts-tools"}]
    assert api.get(f"/products/categories/{cat}").json()["name"] == "Parts &amp; Tools"
    assert [c["name"] for c in api.get("/products/categories").json()] == ["Parts &amp; Tools"]


def test_term_names_are_escaped_once_and_quotes_are_kept():
    assert term_name('Tom\'s "Best" <b>') == 'Tom\'s "Best" &lt;b&gt;'
    assert term_name("Fish &amp; Chips & Co") == "Fish &amp; Chips &amp; Co"
    assert term_name("R&#038;D") == "R&#038;D"
