"""Seat arithmetic: one pure function of counts (pretix's QuotaAvailability idea).

Capacity C, citizen share at least one third: ceil(C/3) seats are reserved for
citizens, non-citizens never exceed C - ceil(C/3), nobody beyond C.
"""

from __future__ import annotations

from dataclasses import dataclass

CITIZEN = "citizen"


def one_third_met(confirmed: int, confirmed_citizens: int) -> bool:
    """The list holds someone and citizens are at least one third of the people confirmed."""
    return confirmed > 0 and 3 * confirmed_citizens >= confirmed


def citizen_reserved_for(capacity: int) -> int:
    return -(-capacity // 3)  # ceil without floats


@dataclass(frozen=True)
class Seats:
    capacity: int
    citizen_reserved: int
    confirmed: int
    confirmed_citizens: int
    confirmed_others: int
    citizen_seats_left: int
    other_seats_left: int
    pending: int
    waitlisted: int
    compliant: bool
    finalized: bool

    @property
    def others_limit(self) -> int:
        """At most this many non-citizens (invitees) may be confirmed: ``C - ceil(C/3)``."""
        return self.capacity - self.citizen_reserved

    @property
    def citizens_needed(self) -> int:
        """Confirmed citizens the list needs for one third of the people confirmed now (at least 1)."""
        return max(1, -(-self.confirmed // 3))

    @property
    def citizens_missing(self) -> int:
        """How many more confirmed citizens the list needs to be compliant (0 when it is)."""
        return max(0, self.citizens_needed - self.confirmed_citizens)

    def has_seat_for(self, category: str) -> bool:
        """Whether one more person of ``category`` may be confirmed now."""
        if category == CITIZEN:
            return self.citizen_seats_left > 0
        return self.other_seats_left > 0


def compute_seats(
    capacity: int,
    confirmed_citizens: int,
    confirmed_others: int,
    pending: int = 0,
    waitlisted: int = 0,
    finalized: bool = False,
) -> Seats:
    reserved = citizen_reserved_for(capacity)
    confirmed = confirmed_citizens + confirmed_others
    return Seats(
        capacity=capacity,
        citizen_reserved=reserved,
        confirmed=confirmed,
        confirmed_citizens=confirmed_citizens,
        confirmed_others=confirmed_others,
        citizen_seats_left=capacity - confirmed,
        other_seats_left=max(0, min(capacity - reserved - confirmed_others, capacity - confirmed)),
        pending=pending,
        waitlisted=waitlisted,
        compliant=one_third_met(confirmed, confirmed_citizens),
        finalized=finalized,
    )
