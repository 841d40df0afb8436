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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from mxdesk.core.errors import MxdeskError
from mxdesk.core.text import fold

__all__ = ["BORDER_PLACES", "DEFAULT_ZONE", "STATE_CODES", "STATE_ZONES", "ZoneError",
           "check_zone", "guess_zone", "state_zone", "utc_offset", "zone",
           "zone_names"]

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
BORDER_PLACES: dict[str, tuple[str, str]] = {
    # Chihuahua, US border west (mountain time with US DST): America/Ciudad_Juarez.
    **{fold(p): ("chihuahua", "America/Ciudad_Juarez") for p in (
        "Ciudad Juárez", "Juárez", "Praxedis G. Guerrero", "Guadalupe D.B.", "Janos",
        "Ascensión")},
    # Chihuahua, US border east (central time with US DST): America/Ojinaga.
    **{fold(p): ("chihuahua", "America/Ojinaga") for p in (
        "Ojinaga", "Manuel Benavides", "Coyame del Sotol")},
    # Coahuila, Nuevo León, Tamaulipas, US border (central time with US DST).
    **{fold(p): ("coahuila", "America/Matamoros") for p in (
        "Piedras Negras", "Ciudad Acuña", "Acuña", "Nava", "Jiménez", "Guerrero",
        "Hidalgo", "Zaragoza", "Ocampo", "Villa Unión")},
    **{fold(p): ("nuevo-leon", "America/Matamoros") for p in ("Anáhuac", "Colombia")},
    **{fold(p): ("tamaulipas", "America/Matamoros") for p in (
        "Matamoros", "Heroica Matamoros", "Reynosa", "Nuevo Laredo", "Río Bravo",
        "Valle Hermoso", "Miguel Alemán", "Camargo", "Gustavo Díaz Ordaz", "Mier",
        "Nuevo Guerrero")},
    # Nayarit's Bahía de Banderas (Nuevo Vallarta, Bucerías) keeps central time.
    **{fold(p): ("nayarit", "America/Bahia_Banderas") for p in (
        "Bahía de Banderas", "Nuevo Vallarta", "Bucerías")},
}

#: Place names that are also common words or names of places elsewhere ("Guerrero" is a
#: state, "Hidalgo" and "Jiménez" are towns in several states): they count only when the
#: state is the one given.
_AMBIGUOUS = frozenset(fold(p) for p in (
    "Guerrero", "Hidalgo", "Jiménez", "Zaragoza", "Ocampo", "Nava", "Colombia", "Camargo",
    "Guadalupe D.B.", "Juárez", "Villa Unión", "Mier", "Acuña", "Ascensión", "Janos"))


@functools.cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name zoneinfo can load here (the system's database or ``tzdata``)."""
    return frozenset(available_timezones())


def check_zone(name: str, field: str = "zone") -> str:
    """*name* when it is an IANA zone name ("America/Monterrey"); raises :class:`ZoneError`
    naming *field* and the name otherwise (an offset like "UTC-6" or "CST" is refused: they
    say nothing of daylight saving)."""
    if not isinstance(name, str) or name not in zone_names():
        raise ZoneError(f"{field}: “{name}” is not an IANA time zone name "
                        "(such as America/Mexico_City or Europe/Madrid)")
    return name


def zone(name: str, field: str = "zone") -> ZoneInfo:
    """The :class:`ZoneInfo` of *name*; raises :class:`ZoneError` as :func:`check_zone`."""
    try:
        return ZoneInfo(check_zone(name, field))
    except ZoneInfoNotFoundError as exc:  # listed but not loadable: a broken database
        raise ZoneError(f"{field}: the time zone “{name}” cannot be read: {exc}") from exc


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


def _border_place(place_text: str, state_id: str | None) -> str | None:
    """The zone of a border place named in *place_text* (a run of whole words, folded), or
    None. A place of another state than *state_id* is skipped, and so is a name listed in
    :data:`_AMBIGUOUS` when no state is given."""
    words = fold(place_text).split()
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start:start + size])
            found = BORDER_PLACES.get(name)
            if found is None:
                continue
            if (state_id is not None and found[0] != state_id) or (
                    state_id is None and name in _AMBIGUOUS):
                continue
            return found[1]
    return None


def guess_zone(state: str | None = None, place_text: str = "",
               fallback: str = DEFAULT_ZONE) -> str:
    """The IANA zone of a meeting place: a known border city (or Bahía de Banderas) named in
    *place_text* ("Parque industrial, Reynosa"), else *state*'s zone (an id, ISO code or
    name, see :func:`state_zone`), else *fallback* (the mission's home zone; checked, so a
    bad one raises :class:`ZoneError`). A name that is also a town elsewhere ("Juárez",
    "Guerrero") counts only with its state given."""
    found = _border_place(place_text, _state_id(state)) if place_text else None
    return found or state_zone(state) or check_zone(fallback, "fallback zone")


def utc_offset(name: str, when: dt.datetime) -> dt.timedelta:
    """The UTC offset of zone *name* at the aware or naive-local *when* (naive: read as a
    wall time in that zone). Raises :class:`ZoneError` for a bad zone name."""
    tz = zone(name)
    local = when.astimezone(tz) if when.tzinfo else when.replace(tzinfo=tz)
    offset = local.utcoffset()
    assert offset is not None
    return offset
