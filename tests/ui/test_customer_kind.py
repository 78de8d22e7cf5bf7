"""The customer kind says once what the screens show today: the table's columns, the sorts, the filters, the form."""

from __future__ import annotations

from tui.core.kinds import FieldSpec
from tui.emporix.kinds import CUSTOMER, customer_specs
from tui.ui.search_options import SORTS, QuickFilters
from tui.ui.widgets.customer_table import COLUMNS


def test_the_kinds_columns_are_the_tables_columns_in_order_and_width() -> None:
    described = [(c.name, c.label, c.width, c.min_terminal) for c in CUSTOMER.columns]
    assert described == [(c.key, c.label, c.width, c.min_terminal) for c in COLUMNS]
    assert [c.max_width for c in CUSTOMER.columns] == [c.max_width for c in COLUMNS]


def test_the_kinds_sorts_are_the_ones_the_search_screen_cycles() -> None:
    assert [(s.value, s.label) for s in CUSTOMER.sorts] == list(SORTS)


def test_each_quick_filter_sends_the_fragment_the_search_screen_sends() -> None:
    by_name = {f.name: f for f in CUSTOMER.quick_filters}
    assert [by_name["on_hold"].query("")] == QuickFilters(on_hold=True).fragments()
    assert [by_name["inactive"].query("")] == QuickFilters(inactive=True).fragments()
    assert [by_name["b2b"].query("")] == QuickFilters(model="B2B").fragments()
    assert [by_name["b2c"].query("")] == QuickFilters(model="B2C").fragments()
    for value in by_name["restriction"].choices:
        assert [by_name["restriction"].query(value)] == QuickFilters(restriction=value).fragments()


def test_the_kinds_form_is_the_edit_screens_form() -> None:
    def shape(specs: tuple[FieldSpec, ...]) -> list[tuple[object, ...]]:
        return [(s.name, s.wire, s.label, s.kind, s.choices, s.check is None) for s in specs]

    assert shape(CUSTOMER.fields) == shape(customer_specs())
    assert CUSTOMER.field("contact_email").check is not None


def test_applying_form_values_keeps_every_other_field_as_loaded() -> None:
    from tui.emporix.models import Customer

    loaded = Customer.model_validate(
        {
            "customerNumber": "1",
            "firstName": "A",
            "b2b": {"legalEntities": [{"id": "E1"}]},
            "someFutureField": {"x": 1},
        }
    )
    after = CUSTOMER.apply(loaded, {"first_name": "B", "b2b.company_registration_id": "R-1"})
    wire = after.to_wire()
    assert wire["firstName"] == "B" and wire["someFutureField"] == {"x": 1}
    assert wire["b2b"]["legalEntities"] == [{"id": "E1"}]
    assert wire["b2b"]["companyRegistrationId"] == "R-1"
