"""Who shops in the demo's store: named customers (with the awkward names real stores get) and a guest.

Deterministic from the seed: the seed shuffles who buys what, never whether the awkward cases occur.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

ADDRESSES = {
    "US": {"address_1": "969 Market", "city": "San Francisco", "state": "CA", "postcode": "94103"},
    "DE": {"address_1": "Unter den Linden 5", "city": "Berlin", "state": "", "postcode": "10117"},
    "FR": {"address_1": "8 Rue de Rivoli", "city": "Paris", "state": "", "postcode": "75001"},
    "GB": {"address_1": "221B Baker Street", "city": "London", "state": "", "postcode": "NW1 6XE"},
    "JP": {"address_1": "1-1 Chiyoda", "city": "Tōkyō", "state": "JP13", "postcode": "100-0001"},
    "CA": {"address_1": "12 Queen St W", "city": "Toronto", "state": "ON", "postcode": "M5H 2N2"},
}
CURRENCIES = {"US": "USD", "DE": "EUR", "FR": "EUR", "GB": "GBP", "JP": "JPY", "CA": "CAD"}


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    country: str
    company: str = ""
    email_name: str = ""

    @property
    def email(self) -> str:
        return f"{self.email_name}@example.com"

    @property
    def currency(self) -> str:
        return CURRENCIES[self.country]

    def billing(self, phone: str) -> dict[str, Any]:
        return {"first_name": self.first, "last_name": self.last, "company": self.company, "email": self.email,
                "phone": phone, "address_2": "", "country": self.country, **ADDRESSES[self.country]}


REGULARS = (
    Person("Zoë", "Åberg", "DE", email_name="zoe.aberg"),
    Person("Björn", "Müller", "DE", "Nordlicht GmbH", "bjoern.mueller"),
    Person("Amélie", "Dubois", "FR", "Café Crème SARL", "amelie.dubois"),
    Person("John\x07", "Smith", "US", email_name="john.smith"),  # a control character pasted into a form
    Person("Hana", "Tanaka", "JP", email_name="hana.tanaka"),
    Person("Liam", "O'Brien", "GB", email_name="liam.obrien"),
    Person("Chen", "Nguyễn", "CA", "Acme Parts LLC", "chen.nguyen"),
)
GUEST = Person("Noémie", "Silva", "US", email_name="Noemie.Silva+shop")
LATE_CUSTOMER = Person("Olga", "Kowalski", "US", email_name="olga.kowalski")
"""Signs up while the connector is unreachable: her ``customer.created`` delivery is lost."""


def cast(seed: int) -> list[Person]:
    """The regular customers in the order they sign up (shuffled by the seed)."""
    people = list(REGULARS)
    random.Random(seed).shuffle(people)
    return people


def phone(rng: random.Random) -> str:
    return f"+1 555 {rng.randrange(1000, 9999)}"
