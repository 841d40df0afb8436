"""Mexico's time zones from the tz database: real dates, real offsets, no hand-kept tables of
offsets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tzdata

from mxdesk.core.zones import (
    BORDER_PLACES,
    CITIES,
    STATE_CODES,
    STATE_ZONES,
    ZoneError,
    check_zone,
    guess_zone,
    place_of,
    state_zone,
    utc_offset,
)


def hours(zone: str, when: dt.datetime) -> float:
    return utc_offset(zone, when).total_seconds() / 3600


JULY_10AM = dt.datetime(2026, 7, 14, 10, 0)
JANUARY_10AM = dt.datetime(2027, 1, 19, 10, 0)


@pytest.mark.parametrize(("state", "place", "july", "january"), [
    ("baja-california", "Tijuana", -7, -8),        # Baja California keeps US DST
    ("nuevo-leon", "Monterrey", -6, -6),          # no DST since 2022
    ("quintana-roo", "Cancún", -5, -5),
    ("queretaro", "Querétaro", -6, -6),
    ("sonora", "Hermosillo", -7, -7),
    ("sinaloa", "Mazatlán", -7, -7),
    ("chihuahua", "Chihuahua", -6, -6),
    ("chihuahua", "Ciudad Juárez", -6, -7),        # US mountain time with its DST
    ("chihuahua", "Ojinaga", -5, -6),              # US central time with its DST
    ("tamaulipas", "Reynosa", -5, -6),             # US border: America/Matamoros
    ("coahuila", "Piedras Negras", -5, -6),
    ("tamaulipas", "Ciudad Victoria", -6, -6),     # Tamaulipas away from the border
    ("nayarit", "Tepic", -7, -7),
    ("nayarit", "Nuevo Vallarta, Bahía de Banderas", -6, -6),  # central time, not Nayarit's
])
def test_a_meeting_at_ten_has_the_offset_of_its_place(state: str, place: str, july: int,
                                                       january: int) -> None:
    zone = guess_zone(state, place)
    assert hours(zone, JULY_10AM) == july, zone
    assert hours(zone, JANUARY_10AM) == january, zone


def test_home_zone_beside_it() -> None:
    """10:00 in Monterrey on 14 July 2026 is 18:00 in Madrid (CEST, UTC+2)."""
    monterrey = JULY_10AM.replace(tzinfo=ZoneInfo(guess_zone("MX-NLE")))
    madrid = monterrey.astimezone(ZoneInfo("Europe/Madrid"))
    assert madrid.strftime("%H:%M %Z") == "18:00 CEST"


def test_state_ids_codes_and_names_give_one_zone() -> None:
    assert state_zone("nuevo-leon") == state_zone("MX-NLE") == state_zone("Nuevo León") \
        == state_zone("NUEVO LEON") == "America/Monterrey"
    assert state_zone("ciudad-de-mexico") == state_zone("CDMX") == "America/Mexico_City"
    assert state_zone("Bavaria") is None
    assert state_zone(None) is None


def test_every_state_of_the_directory_has_a_code_and_a_zone_tzdata_knows() -> None:
    import sqlite3

    db = Path(__file__).resolve().parents[2] / "data" / "clusters.db"
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    ids = {row[0] for row in conn.execute("SELECT id FROM states")}
    conn.close()
    assert ids == set(STATE_CODES)
    for state in ids:
        check_zone(state_zone(state) or "")


def test_the_zones_are_those_zone1970_tab_gives_mexico() -> None:
    """Cited, not guessed: every zone used is one of Mexico's lines in tzdata's zone1970.tab."""
    tab = Path(tzdata.__file__).parent / "zoneinfo" / "zone1970.tab"
    mexico = {line.split("\t")[2] for line in tab.read_text(encoding="utf-8").splitlines()
              if line.startswith("MX\t")}
    used = {*STATE_ZONES.values(), "America/Mexico_City", "America/Ciudad_Juarez",
            "America/Ojinaga", "America/Matamoros", "America/Bahia_Banderas"}
    assert used <= mexico
    for name in [*CITIES, *BORDER_PLACES]:
        place = place_of(name, CITIES.get(name, BORDER_PLACES.get(name, ("",)))[0])
        assert place is not None, name
        assert place.zone in mexico, name


def test_a_border_name_that_is_a_town_elsewhere_needs_its_state() -> None:
    # Juárez is also in Nuevo León (Monterrey's metro), on central time without DST.
    assert guess_zone("nuevo-leon", "Juárez") == "America/Monterrey"
    assert guess_zone("chihuahua", "Juárez") == "America/Ciudad_Juarez"
    assert guess_zone(None, "Juárez") == "America/Mexico_City"
    assert guess_zone(None, "Hotel Camino Real, Reynosa") == "America/Matamoros"


def test_no_state_and_no_known_place_falls_back_to_the_home_zone() -> None:
    assert guess_zone(None, "Hotel lobby", fallback="Europe/Madrid") == "Europe/Madrid"
    assert guess_zone() == "America/Mexico_City"


@pytest.mark.parametrize("bad", ["CST", "UTC-6", "America/Gotham", "", "mexico city"])
def test_a_name_that_is_not_iana_is_refused_naming_the_field(bad: str) -> None:
    with pytest.raises(ZoneError, match=r"home_zone: .* is not an IANA time zone"):
        check_zone(bad, "home_zone")
    with pytest.raises(ZoneError, match="fallback zone"):
        guess_zone(None, "", fallback=bad)


# 16 March 2027, the trial's day: Baja California is on US daylight time already (PDT), the
# rest of Mexico keeps no daylight saving time since 2022.
MARCH_16_10AM = dt.datetime(2027, 3, 16, 10, 0)


@pytest.mark.parametrize(("place", "zone", "offset"), [
    ("Tijuana", "America/Tijuana", -7), ("Tijuana, B.C.", "America/Tijuana", -7),
    ("Mexicali", "America/Tijuana", -7), ("Ensenada", "America/Tijuana", -7),
    ("Tecate", "America/Tijuana", -7), ("Rosarito", "America/Tijuana", -7),
    ("Hotel Real del Río, Baja California", "America/Tijuana", -7),
    ("CANCUN", "America/Cancun", -5), ("Playa del Carmen", "America/Cancun", -5),
    ("Tulum, Q. Roo", "America/Cancun", -5), ("Chetumal", "America/Cancun", -5),
    ("Cozumel", "America/Cancun", -5),
    ("Hermosillo", "America/Hermosillo", -7), ("Nogales, Son.", "America/Hermosillo", -7),
    ("Ciudad Obregón", "America/Hermosillo", -7), ("Guaymas", "America/Hermosillo", -7),
    ("San Luis Río Colorado", "America/Hermosillo", -7),
    ("La Paz, BCS", "America/Mazatlan", -7), ("Los Cabos", "America/Mazatlan", -7),
    ("Cabo San Lucas", "America/Mazatlan", -7), ("San José del Cabo", "America/Mazatlan", -7),
    ("Culiacán", "America/Mazatlan", -7), ("Mazatlán", "America/Mazatlan", -7),
    ("Los Mochis", "America/Mazatlan", -7), ("Tepic", "America/Mazatlan", -7),
    ("Chihuahua", "America/Chihuahua", -6),
    ("Ciudad Juárez", "America/Ciudad_Juarez", -6), ("Reynosa", "America/Matamoros", -5),
    ("Apodaca, Monterrey", "America/Monterrey", -6), ("Torre Ciudadana, N.L.",
                                                      "America/Monterrey", -6),
    ("Saltillo", "America/Monterrey", -6), ("Mérida", "America/Merida", -6),
    ("Parque Industrial Querétaro, Santa Rosa Jáuregui", "America/Mexico_City", -6),
    ("Guadalajara", "America/Mexico_City", -6), ("León, Gto.", "America/Mexico_City", -6),
])
def test_a_city_named_in_the_place_sets_the_zone_with_no_cluster(place: str, zone: str,
                                                                 offset: int) -> None:
    """Trial 18 §1: "Tijuana" with no cluster was left on Mexico City time."""
    assert guess_zone(None, place) == zone
    assert hours(zone, MARCH_16_10AM) == offset


def test_the_text_s_city_wins_over_a_cluster_s_state_and_juarez_still_needs_chihuahua(
        ) -> None:
    assert guess_zone("nuevo-leon", "Videollamada con Tijuana") == "America/Tijuana"
    assert guess_zone("nuevo-leon", "Av. Juárez 100") == "America/Monterrey"
    assert guess_zone(None, "Av. Juárez 100, Querétaro") == "America/Mexico_City"
    # Street names that are states (Calle Durango in Mexico City) give way to the city.
    assert guess_zone(None, "Calle Durango 200, Roma Norte, CDMX") == "America/Mexico_City"
    assert guess_zone(None, "Col. Centro") == "America/Mexico_City"  # no state "Col."


@pytest.mark.parametrize(("one", "other", "apart"), [
    ("Parque Industrial Querétaro, Santa Rosa Jáuregui", "Apodaca, Monterrey", True),
    ("PIIT Apodaca", "Santa Catarina", False),             # one city: Monterrey's
    ("Tijuana", "Rosarito", False), ("Tijuana", "Mexicali", True),
    ("Querétaro", "Querétaro, Centro de Congresos", False),
    ("Querétaro", "San Juan del Río, Qro.", False),        # a state alone: not known
    ("Naucalpan", "CDMX", False),                         # one city across two states
    ("Nuevo Vallarta", "Puerto Vallarta", False),
])
def test_two_places_in_another_city_or_not(one: str, other: str, apart: bool) -> None:
    here, there = place_of(one), place_of(other)
    assert here is not None
    assert there is not None
    assert here.other_city(there) is apart
    assert there.other_city(here) is apart
