"""A realistic mission for the papers' tests: three days in Querétaro and Monterrey, twelve
meetings (one cancelled, two overlapping, one too close to the next in another place, one
proposed and never confirmed), a call with Tijuana, contacts with accents, next steps due
before and after the report's day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from mxdesk.core.mission import Meeting, MeetingStatus, Mission
from mxdesk.core.notes import Contact, NotesStore, points

QRO = "America/Mexico_City"
MTY = "America/Monterrey"
TIJ = "America/Tijuana"
#: The day the report is written: after the trip.
REPORT_DAY = dt.date(2026, 7, 24)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, minute)


def make_mission(store: NotesStore) -> Mission:
    """The mission "Querétaro + Monterrey, July 2026" with its meetings, stored."""
    trip = store.create_mission(Mission(
        "Querétaro + Monterrey, July 2026", dt.date(2026, 7, 13), dt.date(2026, 7, 15),
        "Europe/Madrid", clusters=("aerocluster-queretaro", "cluster-automotriz-queretaro",
                                   "claut", "monterrey-aerocluster", "csoftmty")))
    alvaro = store.save_contact(Contact("Álvaro Ibáñez", role="Director de Innovación",
                                        organisation="Aerocluster de Querétaro",
                                        cluster_id="aerocluster-queretaro"))
    nuria = store.save_contact(Contact("Nuria Peña Muñoz", role="Gerente de Proyectos",
                                       organisation="Cluster Automotriz de Querétaro",
                                       cluster_id="cluster-automotriz-queretaro"))
    jose = store.save_contact(Contact("José Ángel Garza", role="Director General",
                                      organisation="CLAUT", cluster_id="claut",
                                      emails=points("jose.garza@claut.example"),
                                      phones=points("+52 81 5555 0101")))
    monica = store.save_contact(Contact("Mónica Treviño", role="Coordinadora",
                                        organisation="Monterrey Aerocluster",
                                        cluster_id="monterrey-aerocluster"))
    done, conf, prop = MeetingStatus.DONE, MeetingStatus.CONFIRMED, MeetingStatus.PROPOSED
    meetings = [
        Meeting("Welcome at the Aerocluster", at(13, 9), QRO, 60, "Aeropuerto Intercontinental "
                "de Querétaro, Colón", done, clusters=("aerocluster-queretaro",),
                contacts=(alvaro.uid,), outcome="Two members want a joint MRO pilot.",
                next_step="Send the MRO pilot outline", next_due=dt.date(2026, 7, 20)),
        Meeting("Plant visit: aerostructures", at(13, 10, 30), QRO, 90, "Parque Aeroespacial "
                "de Querétaro", done, clusters=("aerocluster-queretaro",),
                contacts=(alvaro.uid,), outcome="Visit done; supplier list promised.",
                next_step="Ask for the supplier list", next_due=dt.date(2026, 7, 31)),
        Meeting("Lunch with the automotive cluster", at(13, 12, 10), QRO, 90,
                "Centro Histórico, Querétaro", done, clusters=("cluster-automotriz-queretaro",),
                contacts=(nuria.uid,), outcome="Interest in battery recycling.",
                next_step="Introduce our recycling SME", next_due=dt.date(2026, 7, 17)),
        Meeting("Call with Tijuana medical devices", at(13, 14), TIJ, 45, "Video call",
                done, outcome="Call held; follow-up in September."),
        Meeting("Matchmaking round (proposed)", at(13, 17), QRO, 60, "Hotel, Querétaro", prop,
                clusters=("cluster-automotriz-queretaro",)),
        Meeting("Breakfast with Nuria Peña", at(14, 8), QRO, 45, "Hotel, Querétaro", done,
                clusters=("cluster-automotriz-queretaro",), contacts=(nuria.uid,),
                outcome="Agreed a webinar in October."),
        Meeting("Flight to Monterrey", at(14, 11), QRO, 100, "Aeropuerto de Querétaro", conf),
        Meeting("CLAUT board", at(14, 15), MTY, 90, "Parque Fundidora, Monterrey", done,
                clusters=("claut",), contacts=(jose.uid,),
                outcome="Board open to a European delegation in 2027.",
                next_step="Draft the 2027 delegation letter", next_due=dt.date(2026, 7, 22),
                comment="From the B2B platform: board room, 2nd floor; bring the deck."),
        Meeting("Software cluster, quick coffee", at(14, 16), MTY, 30, "Torre Csoftmty, "
                "San Pedro Garza García", MeetingStatus.CANCELLED, clusters=("csoftmty",)),
        Meeting("Aerocluster tour", at(15, 9), MTY, 120, "Apodaca, Nuevo León", done,
                clusters=("monterrey-aerocluster",), contacts=(monica.uid,),
                outcome="Tour done.", next_step="Share the tour photos",
                next_due=dt.date(2026, 8, 5)),
        Meeting("Supplier speed meetings", at(15, 10, 30), MTY, 60, "Apodaca, Nuevo León", done,
                clusters=("monterrey-aerocluster", "claut"), contacts=(monica.uid, jose.uid),
                outcome="Six suppliers met."),
        Meeting("Debrief with the delegation", at(15, 11, 40), MTY, 60,
                "Hotel, San Pedro Garza García", conf),
    ]
    for meeting in meetings:
        store.save_meeting(replace(meeting, mission_id=trip.id))
    return trip
