"""An inactive GL account or dimension value is refused before posting, the message naming it as inactive.

Before: ``validate`` checked only that the id existed, so a line on an inactive account went to Intacct and
came back "Invalid GL Account".
"""

from core.mapping import ReferenceData, order_to_bill, validate
from tests.mapping.fixtures import settings, woo

ACTIVE = frozenset({"2200", "6000", "6100"})


def test_line_on_an_inactive_account_is_a_problem_naming_the_account_as_inactive():
    bill = order_to_bill(woo("order-727.json"), settings(shipping_account="6900"))
    ref = ReferenceData(accounts=ACTIVE | {"6900"}, inactive_accounts=frozenset({"6900"}))
    (problem,) = validate([bill], ref)
    assert (problem.field, problem.value, problem.line_index) == ("ACCOUNTNO", "6900", 2)
    assert "GL account 6900 is inactive" in str(problem)


def test_line_with_an_inactive_dimension_is_a_problem_naming_the_dimension():
    bill = order_to_bill(woo("order-727.json"), settings(dimensions={"LOCATIONID": "120"}))
    ref = ReferenceData(accounts=ACTIVE, dimensions={"LOCATIONID": frozenset({"100", "120"})},
                        inactive_dimensions={"LOCATIONID": frozenset({"120"})})
    problems = validate([bill], ref)
    assert len(problems) == len(bill.lines)
    assert all("LOCATIONID 120 is inactive" in str(p) for p in problems)


def test_active_references_pass():
    bill = order_to_bill(woo("order-727.json"), settings(dimensions={"LOCATIONID": "100"}))
    ref = ReferenceData(accounts=ACTIVE | {"6900"}, dimensions={"LOCATIONID": frozenset({"100", "120"})},
                        inactive_accounts=frozenset({"6900"}), inactive_dimensions={"LOCATIONID": frozenset({"120"})})
    assert validate([bill], ref) == []
