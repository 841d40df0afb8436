"""Mexico's time zones: which IANA zone a state or a border city keeps, from the tz database.

Times are never computed from hand-kept offsets: a zone is an IANA name, and
:mod:`zoneinfo` reads its rules from the system's zone database or, where there is none
(Windows), from the ``tzdata`` package (a dependency for that reason).

The zone of each state follows the comments of the tz database's ``zone1970.tab`` (shipped
in the ``tzdata`` package, ``tzdata/zoneinfo/zone1970.tab``, release 2026.6 when this was
written); each line of :data:`STATE_ZONES` names the comment it follows. Since the 2022 law
(Ley de los Husos Horarios, in force 2022-10-30) Mexico keeps no daylight saving time except
Baja California and the municipalities on the US border, which follow the US rules:
``America/Ciudad_Juarez`` ("Chihuahua (US border - west)"), ``America/Ojinaga`` ("Chihuahua
(US border - east)") and ``America/Matamoros`` ("Coahuila, Nuevo León, Tamaulipas (US
border)"). Bahía de Banderas, in Nayarit, keeps central time (``America/Bahia_Banderas``,
"Bahía de Banderas"), unlike the rest of Nayarit (``America/Mazatlan``): a meeting in Nuevo
Vallarta is an hour later on the clock than one in Tepic.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from mxdesk.core.errors import MxdeskError
from mxdesk.core.i18n import _
from mxdesk.core.text import fold

__all__ = ["BORDER_PLACES", "CITIES", "DEFAULT_ZONE", "STATE_CODES", "STATE_NAMES",
           "STATE_ZONES", "Place", "ZoneError", "check_zone", "guess_zone", "place_of",
           "state_place", "state_zone", "utc_offset", "zone", "zone_names"]

#: Where no state says otherwise: central Mexico ("Central Mexico" in zone1970.tab).
DEFAULT_ZONE = "America/Mexico_City"


class ZoneError(MxdeskError, ValueError):
    """A zone name that is not an IANA time zone (the message names the field and the name)."""


#: The directory's state ids (``states.id`` in clusters.db) and their ISO 3166-2 codes.
STATE_CODES: dict[str, str] = {
    "aguascalientes": "MX-AGU", "baja-california": "MX-BCN", "baja-california-sur": "MX-BCS",
    "campeche": "MX-CAM", "chiapas": "MX-CHP", "chihuahua": "MX-CHH",
    "ciudad-de-mexico": "MX-CMX", "coahuila": "MX-COA", "colima": "MX-COL",
    "durango": "MX-DUR", "estado-de-mexico": "MX-MEX", "guanajuato": "MX-GUA",
    "guerrero": "MX-GRO", "hidalgo": "MX-HID", "jalisco": "MX-JAL", "michoacan": "MX-MIC",
    "morelos": "MX-MOR", "nayarit": "MX-NAY", "nuevo-leon": "MX-NLE", "oaxaca": "MX-OAX",
    "puebla": "MX-PUE", "queretaro": "MX-QUE", "quintana-roo": "MX-ROO",
    "san-luis-potosi": "MX-SLP", "sinaloa": "MX-SIN", "sonora": "MX-SON",
    "tabasco": "MX-TAB", "tamaulipas": "MX-TAM", "tlaxcala": "MX-TLA", "veracruz": "MX-VER",
    "yucatan": "MX-YUC", "zacatecas": "MX-ZAC",
}

#: The zone of most of each state (its border municipalities: :data:`BORDER_PLACES`). States
#: not listed keep :data:`DEFAULT_ZONE`. The comment is zone1970.tab's for that zone.
STATE_ZONES: dict[str, str] = {
    "quintana-roo": "America/Cancun",          # "Quintana Roo"
    "campeche": "America/Merida",              # "Campeche, Yucatán"
    "yucatan": "America/Merida",
    "durango": "America/Monterrey",            # "Durango; Coahuila, Nuevo León, Tamaulipas
    "coahuila": "America/Monterrey",           #  (most areas)"
    "nuevo-leon": "America/Monterrey",
    "tamaulipas": "America/Monterrey",
    "chihuahua": "America/Chihuahua",          # "Chihuahua (most areas)"
    "baja-california-sur": "America/Mazatlan",  # "Baja California Sur, Nayarit (most
    "nayarit": "America/Mazatlan",             #  areas), Sinaloa"
    "sinaloa": "America/Mazatlan",
    "sonora": "America/Hermosillo",            # "Sonora"
    "baja-california": "America/Tijuana",      # "Baja California"
}

#: Places (municipalities, and their main towns) whose zone is not their state's: the US
#: border municipalities that follow US daylight saving time since 2022, and Bahía de
#: Banderas. Keys are folded (:func:`mxdesk.core.text.fold`); each maps to (state id, zone).
_BORDER_LIST: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # Chihuahua, US border west (mountain time with US DST): America/Ciudad_Juarez.
    ("chihuahua", "America/Ciudad_Juarez", (
        "Ciudad Juárez", "Juárez", "Praxedis G. Guerrero", "Guadalupe D.B.", "Janos",
        "Ascensión")),
    # Chihuahua, US border east (central time with US DST): America/Ojinaga.
    ("chihuahua", "America/Ojinaga", ("Ojinaga", "Manuel Benavides", "Coyame del Sotol")),
    # Coahuila, Nuevo León, Tamaulipas, US border (central time with US DST).
    ("coahuila", "America/Matamoros", (
        "Piedras Negras", "Ciudad Acuña", "Acuña", "Nava", "Jiménez", "Guerrero",
        "Hidalgo", "Zaragoza", "Ocampo", "Villa Unión")),
    ("nuevo-leon", "America/Matamoros", ("Anáhuac", "Colombia")),
    ("tamaulipas", "America/Matamoros", (
        "Matamoros", "Heroica Matamoros", "Reynosa", "Nuevo Laredo", "Río Bravo",
        "Valle Hermoso", "Miguel Alemán", "Camargo", "Gustavo Díaz Ordaz", "Mier",
        "Nuevo Guerrero")),
    # Nayarit's Bahía de Banderas (Nuevo Vallarta, Bucerías) keeps central time.
    ("nayarit", "America/Bahia_Banderas", ("Bahía de Banderas", "Nuevo Vallarta", "Bucerías")),
)
BORDER_PLACES: dict[str, tuple[str, str]] = {
    fold(p): (state, name) for state, name, places in _BORDER_LIST for p in places}
#: The border places as written, by their folded names.
_BORDER_NAMES = {fold(p): p for _s, _z, places in _BORDER_LIST for p in places}

#: Place names that are also common words or names of places elsewhere ("Guerrero" is a
#: state, "Hidalgo" and "Jiménez" are towns in several states): they count only when the
#: state is the one given.
_AMBIGUOUS = frozenset(fold(p) for p in (
    "Guerrero", "Hidalgo", "Jiménez", "Zaragoza", "Ocampo", "Nava", "Colombia", "Camargo",
    "Guadalupe D.B.", "Juárez", "Villa Unión", "Mier", "Acuña", "Ascensión", "Janos"))

#: The directory's states by id, as people write them (the name a flag says).
STATE_NAMES: dict[str, str] = {
    "aguascalientes": "Aguascalientes", "baja-california": "Baja California",
    "baja-california-sur": "Baja California Sur", "campeche": "Campeche",
    "chiapas": "Chiapas", "chihuahua": "Chihuahua", "ciudad-de-mexico": "Ciudad de México",
    "coahuila": "Coahuila", "colima": "Colima", "durango": "Durango",
    "estado-de-mexico": "Estado de México", "guanajuato": "Guanajuato",
    "guerrero": "Guerrero", "hidalgo": "Hidalgo", "jalisco": "Jalisco",
    "michoacan": "Michoacán", "morelos": "Morelos", "nayarit": "Nayarit",
    "nuevo-leon": "Nuevo León", "oaxaca": "Oaxaca", "puebla": "Puebla",
    "queretaro": "Querétaro", "quintana-roo": "Quintana Roo",
    "san-luis-potosi": "San Luis Potosí", "sinaloa": "Sinaloa", "sonora": "Sonora",
    "tabasco": "Tabasco", "tamaulipas": "Tamaulipas", "tlaxcala": "Tlaxcala",
    "veracruz": "Veracruz", "yucatan": "Yucatán", "zacatecas": "Zacatecas",
}

#: Other ways a place's text names a state: its common abbreviations and longer names
#: (folded). "Hidalgo", "Morelos" and "Guerrero" alone are street names and surnames in
#: every town, so only "Estado de …" and the abbreviations count for them; likewise "Col."
#: (colonia), "Son", "Sin", "Ver", "Tab" and "Camp" are words, not states, here.
_STATE_ALIASES: dict[str, str] = {
    "b c": "baja-california", "bc": "baja-california", "b cfa": "baja-california",
    "b c s": "baja-california-sur", "bcs": "baja-california-sur",
    "q roo": "quintana-roo", "qroo": "quintana-roo", "q r": "quintana-roo",
    "n l": "nuevo-leon", "nl": "nuevo-leon", "cdmx": "ciudad-de-mexico",
    "d f": "ciudad-de-mexico", "distrito federal": "ciudad-de-mexico",
    "mexico city": "ciudad-de-mexico", "edomex": "estado-de-mexico",
    "edo mex": "estado-de-mexico", "edo de mexico": "estado-de-mexico",
    "estado de mexico": "estado-de-mexico", "s l p": "san-luis-potosi",
    "slp": "san-luis-potosi", "qro": "queretaro", "gto": "guanajuato", "jal": "jalisco",
    "chih": "chihuahua", "coah": "coahuila", "tamps": "tamaulipas", "yuc": "yucatan",
    "ags": "aguascalientes", "zac": "zacatecas", "dgo": "durango", "nay": "nayarit",
    "mich": "michoacan", "hgo": "hidalgo", "estado de hidalgo": "hidalgo",
    "tlax": "tlaxcala", "oax": "oaxaca", "chis": "chiapas", "gro": "guerrero",
    "estado de guerrero": "guerrero", "mor": "morelos", "estado de morelos": "morelos",
    "pue": "puebla", "coahuila de zaragoza": "coahuila",
    "michoacan de ocampo": "michoacan", "veracruz de ignacio de la llave": "veracruz",
}
_STATE_WORDS: dict[str, str] = {
    **{fold(name): sid for sid, name in STATE_NAMES.items()
       if sid not in ("hidalgo", "morelos", "guerrero")},
    **_STATE_ALIASES,
}

#: Cities (and their municipalities) a place's text may name, whatever zone they keep:
#: (name, state id, the city they are part of) - the third is the metropolitan area INEGI
#: and CONAPO delimit (Tecate and Rosarito with Tijuana, Apodaca with Monterrey, Zapopan
#: with Guadalajara, Bahía de Banderas with Puerto Vallarta, Gómez Palacio with Torreón...),
#: which is what decides whether two meetings are in one city (:func:`place_of`). A city
#: named as its state is (Querétaro, Puebla, Chihuahua...) is read as the state.
_CITY_LIST: tuple[tuple[str, str, str], ...] = (
    # Baja California: America/Tijuana.
    ("Tijuana", "baja-california", "Tijuana"), ("Mexicali", "baja-california", "Mexicali"),
    ("Ensenada", "baja-california", "Ensenada"), ("Tecate", "baja-california", "Tijuana"),
    ("Rosarito", "baja-california", "Tijuana"),
    ("Playas de Rosarito", "baja-california", "Tijuana"),
    # Quintana Roo: America/Cancun.
    ("Cancún", "quintana-roo", "Cancún"),
    ("Playa del Carmen", "quintana-roo", "Playa del Carmen"),
    ("Tulum", "quintana-roo", "Tulum"), ("Chetumal", "quintana-roo", "Chetumal"),
    ("Cozumel", "quintana-roo", "Cozumel"),
    # Sonora: America/Hermosillo.
    ("Hermosillo", "sonora", "Hermosillo"), ("Nogales", "sonora", "Nogales"),
    ("Ciudad Obregón", "sonora", "Ciudad Obregón"), ("Guaymas", "sonora", "Guaymas"),
    ("San Luis Río Colorado", "sonora", "San Luis Río Colorado"),
    # Baja California Sur, Sinaloa, Nayarit: America/Mazatlan.
    ("La Paz", "baja-california-sur", "La Paz"),
    ("Los Cabos", "baja-california-sur", "Los Cabos"),
    ("Cabo San Lucas", "baja-california-sur", "Los Cabos"),
    ("San José del Cabo", "baja-california-sur", "Los Cabos"),
    ("Culiacán", "sinaloa", "Culiacán"), ("Mazatlán", "sinaloa", "Mazatlán"),
    ("Los Mochis", "sinaloa", "Los Mochis"), ("Tepic", "nayarit", "Tepic"),
    # Chihuahua (most areas): America/Chihuahua; the border: BORDER_PLACES.
    ("Delicias", "chihuahua", "Delicias"),
    # Nuevo León, Coahuila, Tamaulipas, Durango: America/Monterrey.
    ("Monterrey", "nuevo-leon", "Monterrey"), ("Apodaca", "nuevo-leon", "Monterrey"),
    ("San Nicolás de los Garza", "nuevo-leon", "Monterrey"),
    ("San Pedro Garza García", "nuevo-leon", "Monterrey"),
    ("Santa Catarina", "nuevo-leon", "Monterrey"),
    ("General Escobedo", "nuevo-leon", "Monterrey"),
    ("Saltillo", "coahuila", "Saltillo"), ("Ramos Arizpe", "coahuila", "Saltillo"),
    ("Torreón", "coahuila", "Torreón"), ("Gómez Palacio", "durango", "Torreón"),
    ("Monclova", "coahuila", "Monclova"),
    ("Ciudad Victoria", "tamaulipas", "Ciudad Victoria"),
    ("Tampico", "tamaulipas", "Tampico"), ("Altamira", "tamaulipas", "Tampico"),
    ("Ciudad Madero", "tamaulipas", "Tampico"),
    # Yucatán, Campeche: America/Merida.
    ("Mérida", "yucatan", "Mérida"), ("Ciudad del Carmen", "campeche", "Ciudad del Carmen"),
    # Central time (America/Mexico_City).
    ("Guadalajara", "jalisco", "Guadalajara"), ("Zapopan", "jalisco", "Guadalajara"),
    ("Tlaquepaque", "jalisco", "Guadalajara"), ("Tonalá", "jalisco", "Guadalajara"),
    ("Tlajomulco", "jalisco", "Guadalajara"),
    ("Puerto Vallarta", "jalisco", "Puerto Vallarta"),
    ("El Marqués", "queretaro", "Querétaro"), ("Corregidora", "queretaro", "Querétaro"),
    ("Santa Rosa Jáuregui", "queretaro", "Querétaro"),
    ("Juriquilla", "queretaro", "Querétaro"),
    ("San Juan del Río", "queretaro", "San Juan del Río"),
    ("León", "guanajuato", "León"), ("Silao", "guanajuato", "Silao"),
    ("Irapuato", "guanajuato", "Irapuato"), ("Celaya", "guanajuato", "Celaya"),
    ("Cholula", "puebla", "Puebla"), ("Toluca", "estado-de-mexico", "Toluca"),
    ("Naucalpan", "estado-de-mexico", "Ciudad de México"),
    ("Tlalnepantla", "estado-de-mexico", "Ciudad de México"),
    ("Huixquilucan", "estado-de-mexico", "Ciudad de México"),
    ("Ecatepec", "estado-de-mexico", "Ciudad de México"),
    ("Morelia", "michoacan", "Morelia"), ("Lázaro Cárdenas", "michoacan", "Lázaro Cárdenas"),
    ("Xalapa", "veracruz", "Xalapa"), ("Coatzacoalcos", "veracruz", "Coatzacoalcos"),
    ("Boca del Río", "veracruz", "Veracruz"), ("Villahermosa", "tabasco", "Villahermosa"),
    ("Tuxtla Gutiérrez", "chiapas", "Tuxtla Gutiérrez"),
    ("Cuernavaca", "morelos", "Cuernavaca"), ("Pachuca", "hidalgo", "Pachuca"),
    ("Acapulco", "guerrero", "Acapulco"), ("Manzanillo", "colima", "Manzanillo"),
    ("Fresnillo", "zacatecas", "Fresnillo"),
)
#: The border places' cities (their metropolitan areas), where not the name itself.
_BORDER_CITY = {fold(p): city for p, city in (
    ("Juárez", "Ciudad Juárez"), ("Heroica Matamoros", "Matamoros"), ("Acuña", "Ciudad Acuña"),
    ("Bahía de Banderas", "Puerto Vallarta"), ("Nuevo Vallarta", "Puerto Vallarta"),
    ("Bucerías", "Puerto Vallarta"), ("Praxedis G. Guerrero", "Ciudad Juárez"),
    ("Guadalupe D.B.", "Ciudad Juárez"))}
#: Folded city name -> (name, state id, city it is part of); the border places included.
CITIES: dict[str, tuple[str, str, str]] = {
    **{fold(name): (name, state, city) for name, state, city in _CITY_LIST},
}
#: Two states whose capital and its suburbs are one city: a state alone (a cluster's) says
#: nothing of which side of the line a meeting is.
_ONE_CITY_STATES = frozenset({frozenset({"ciudad-de-mexico", "estado-de-mexico"})})


@dataclass(frozen=True)
class Place:
    """Where a place's text (or a cluster's state) says a meeting is held: *name* as people
    write it ("Apodaca", or a state's name "Querétaro"), *state* its state id, *city* the
    city (metropolitan area) it is part of ("Monterrey"), "" when only the state is known,
    and *zone* the IANA zone kept there."""

    name: str
    state: str
    city: str
    zone: str

    def other_city(self, other: Place | None) -> bool:
        """Whether *other* is surely in another city: both cities known and different, or,
        one of them known only by its state, another state (Mexico City and the Estado de
        México excepted: one city). False when *other* is None (nothing known)."""
        if other is None:
            return False
        if self.city and other.city:
            return self.city != other.city
        return self.state != other.state \
            and frozenset({self.state, other.state}) not in _ONE_CITY_STATES


@functools.cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name zoneinfo can load here (the system's database or ``tzdata``)."""
    return frozenset(available_timezones())


def check_zone(name: str, field: str = "zone") -> str:
    """*name* when it is an IANA zone name ("America/Monterrey"); raises :class:`ZoneError`
    naming *field* and the name otherwise (an offset like "UTC-6" or "CST" is refused: they
    say nothing of daylight saving)."""
    if not isinstance(name, str) or name not in zone_names():
        # Translators: {field} is a field's code name (zone, home_zone, --zone): keep it.
        raise ZoneError(_("{field}: “{name}” is not an IANA time zone name (such as "
                          "America/Mexico_City or Europe/Madrid)").format(field=field,
                                                                          name=name))
    return name


def zone(name: str, field: str = "zone") -> ZoneInfo:
    """The :class:`ZoneInfo` of *name*; raises :class:`ZoneError` as :func:`check_zone`."""
    try:
        return ZoneInfo(check_zone(name, field))
    except ZoneInfoNotFoundError as exc:  # listed but not loadable: a broken database
        raise ZoneError(_("{field}: the time zone “{name}” cannot be read: {reason}").format(
            field=field, name=name, reason=exc)) from exc


def _state_id(state: str | None) -> str | None:
    """The directory's id of *state* (an id, an ISO 3166-2 code or a name), or None."""
    if not state or not state.strip():
        return None
    code = state.strip().upper()
    found = next((sid for sid, c in STATE_CODES.items() if c == code), None)
    state_id = found or fold(state).replace(" ", "-")
    state_id = {"mexico": "estado-de-mexico", "cdmx": "ciudad-de-mexico",
                "distrito-federal": "ciudad-de-mexico",
                "coahuila-de-zaragoza": "coahuila", "michoacan-de-ocampo": "michoacan",
                "veracruz-de-ignacio-de-la-llave": "veracruz"}.get(state_id, state_id)
    return state_id if state_id in STATE_CODES else None


def state_zone(state: str | None) -> str | None:
    """The zone of most of *state* (a directory state id "nuevo-leon", an ISO 3166-2 code
    "MX-NLE", or a name "Nuevo León", accents and case ignored); None when it is not a
    Mexican state."""
    state_id = _state_id(state)
    return None if state_id is None else STATE_ZONES.get(state_id, DEFAULT_ZONE)


def state_place(state: str | None) -> Place | None:
    """*state* (an id, ISO code or name, see :func:`state_zone`) as a :class:`Place` known only
    by its state (no city), or None when it is not a Mexican state."""
    state_id = _state_id(state)
    if state_id is None:
        return None
    return Place(STATE_NAMES[state_id], state_id, "", STATE_ZONES.get(state_id, DEFAULT_ZONE))


def _word_place(name: str, state_id: str | None) -> Place | None:
    """The place the folded run of words *name* names, or None (a name of
    :data:`_AMBIGUOUS` counts only when *state_id* is its state)."""
    border = BORDER_PLACES.get(name)
    if border is not None:
        if name in _AMBIGUOUS and border[0] != state_id:
            return None
        shown = _BORDER_NAMES[name]
        return Place(shown, border[0], _BORDER_CITY.get(name, shown), border[1])
    found = CITIES.get(name)
    if found is not None:
        shown, city_state, city = found
        return Place(shown, city_state, city, STATE_ZONES.get(city_state, DEFAULT_ZONE))
    state = _STATE_WORDS.get(name)
    return state_place(state) if state else None


def place_of(place_text: str, state: str | None = None) -> Place | None:
    """Where *place_text* ("Apodaca, Monterrey", "Tijuana, B.C.", "Hotel Camino Real,
    Reynosa") says a meeting is: the last city, border town or state it names (whole words,
    accents, case and punctuation aside; an address runs from the street to the state), a
    state taken as the city named before it in that state ("Tijuana, B.C." is Tijuana).
    *state* (a cluster's: id, ISO code or name) only lets a name that is also a town
    elsewhere count ("Juárez" is Ciudad Juárez with Chihuahua given). None when the text
    names no place known here."""
    words = fold(place_text or "").split()
    state_id = _state_id(state)
    found: list[Place] = []
    at = 0
    while at < len(words):
        for size in range(min(5, len(words) - at), 0, -1):
            place = _word_place(" ".join(words[at:at + size]), state_id)
            if place is not None:
                found.append(place)
                at += size
                break
        else:
            at += 1
    if not found:
        return None
    last = found[-1]
    if not last.city:
        return next((p for p in reversed(found) if p.city and p.state == last.state), last)
    return last


def guess_zone(state: str | None = None, place_text: str = "",
               fallback: str = DEFAULT_ZONE) -> str:
    """The IANA zone of a meeting place: the zone of the city, border town (or Bahía de
    Banderas) or state named in *place_text* (:func:`place_of`: "Parque industrial,
    Reynosa", "Tijuana, B.C.", "Cancún"), else *state*'s zone (an id, ISO code or name, see
    :func:`state_zone`), else *fallback* (the mission's home zone; checked, so a bad one
    raises :class:`ZoneError`). A name that is also a town elsewhere ("Juárez",
    "Guerrero") counts only with its state given."""
    found = place_of(place_text, state) if place_text else None
    return found.zone if found else state_zone(state) or check_zone(fallback, "fallback zone")


def utc_offset(name: str, when: dt.datetime) -> dt.timedelta:
    """The UTC offset of zone *name* at the aware or naive-local *when* (naive: read as a
    wall time in that zone). Raises :class:`ZoneError` for a bad zone name."""
    tz = zone(name)
    local = when.astimezone(tz) if when.tzinfo else when.replace(tzinfo=tz)
    offset = local.utcoffset()
    assert offset is not None
    return offset
