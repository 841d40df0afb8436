"""Contact files as people really bring them (issue 13): phones' vCards, mail programs' CSV.

Each kind is one row of :data:`KINDS` and is tried through the command line here and through
the window's File ▸ Import in tests/ui/test_import_cases.py; the files of /work/shared/cases
are copied in tests/data/cases. Finer points of each reader follow the table.
"""

from __future__ import annotations

import base64
import codecs
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from mxdesk import cli
from mxdesk.core import vcard
from mxdesk.core.exchange import ImportFileError, apply_plan, plan_import, read_file
from mxdesk.core.notes import Contact, NotesStore, points

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = DATA / "cases"

#: (name, role, organisation, e-mails, phones, sorted tags, comment) of a stored contact.
Row = tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]


def row(c: Contact) -> Row:
    return (c.name, c.role, c.organisation, tuple(map(str, c.emails)),
            tuple(map(str, c.phones)), tuple(sorted(c.tags)), c.comment)


@dataclass(frozen=True)
class Kind:
    """One kind of input file: what it holds and what the import must do with it."""

    id: str
    file: str
    content: bytes
    #: the contacts stored afterwards (sorted by name); empty when the file is refused
    rows: tuple[Row, ...] = ()
    #: a refusal: the one-line message must match this
    refused: str = ""
    #: what the summary shown before writing must say
    says: tuple[str, ...] = ()

    def write(self, folder: Path) -> Path:
        path = folder / self.file
        path.write_bytes(self.content)
        return path


def case(name: str) -> bytes:
    return (CASES / name).read_bytes()


def crlf(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def qp(text: str, charset: str = "utf-8") -> str:
    return "".join(f"={b:02X}" for b in text.encode(charset))


def b64(text: str, charset: str = "utf-8") -> str:
    return base64.b64encode(text.encode(charset)).decode("ascii")


ANA = ("Ana Pérez", "Directora de Vinculación", "Clúster Automotriz de Nuevo León, A.C.",
       ("ana.perez@example.org",), ("+52 81 5550 0101",), ("automotriz", "misión MTY"),
       'Interesada en proveedores de Baviera.\nLlamar después del 20 "sin falta"; enviar '
       "catálogo.")
JURGEN = ("Jürgen Groß", "Cluster manager", "Automotive Cluster Bayern", ("jg@example.org",),
          ("+49 89 5555 0199",), ("EU",), "Precio objetivo ≥ 12 € / unidad – revisar.")
VC02 = ("José María Gutiérrez Ibáñez", "", "", (), ("+52 442 555 0199 (cell)",), (),
        "Reunión en Querétaro: interés en el clúster aeroespacial; seguimiento en marzo.")
VC02_TEXT = case("vc02_android_qp_softbreak.vcf").decode("ascii")
RAUL = ("Raúl Domínguez", "", "", (), ("+52 33 5555 0110 (cell)",), (), "")

KINDS = [
    # -- the case files ---------------------------------------------------------------------
    Kind("vc02-android-qp-soft-breaks", "vc02_android_qp_softbreak.vcf",
         case("vc02_android_qp_softbreak.vcf"), rows=(VC02,)),
    Kind("vc03-google-several-emails-phones", "vc03_google_multi_email_tel.vcf",
         case("vc03_google_multi_email_tel.vcf"), rows=((
             "Lucía Fernández", "Gerente de Proyectos",
             "Clúster de Tecnologías de la Información de Jalisco",
             ("lucia.fernandez@example.org (work)", "lucia.f@example.net (home)"),
             ("+52 55 5555 0142 (cell)", "+52 55 5555 0100 ext. 12 (work)"),
             ("Misión GDL",), ""),)),
    Kind("vc05-one-card-without-fn", "vc05_missing_fn_only_n.vcf",
         case("vc05_missing_fn_only_n.vcf"), rows=(
             ("Beatriz Olmos", "", "", (), (), (), ""),
             ("Carmen Ruiz", "", "", ("carmen.ruiz@example.org",), (), (), ""),
             ("Raúl Domínguez", "", "", ("raul.dominguez@example.org",),
              ("+52 33 5555 0110 (cell)",), (), ""))),
    Kind("vc05b-v21-without-fn", "vc05b_v21_no_fn.vcf", case("vc05b_v21_no_fn.vcf"),
         rows=(RAUL,)),
    Kind("vc12-thunderbird-lowercase-qp", "vc12_thunderbird_lowercase_qp_nocharset.vcf",
         case("vc12_thunderbird_lowercase_qp_nocharset.vcf"), rows=((
             "Martín Peña", "", "Clúster Energético de Coahuila", ("martin.pena@example.org",),
             (), (), ""),)),
    Kind("csv01-excel-es-semicolon-bom", "csv01_excel_es_semicolon_utf8bom.csv",
         case("csv01_excel_es_semicolon_utf8bom.csv"), rows=(ANA, JURGEN)),
    Kind("seed-json", "seed_contacts.json", case("seed_contacts.json"), rows=(ANA, JURGEN)),
    # -- vCard: encodings, charsets, names --------------------------------------------------
    Kind("vcard-params-any-case-and-base64", "params.vcf", crlf(
        "BEGIN:VCARD\nVERSION:2.1\n"
        f"N;encoding=quoted-printable;charset=utf-8:{qp('Peña')};{qp('Martín')}\n"
        f"FN;Encoding=Quoted-Printable:{qp('Martín Peña')}\n"
        f"ORG;ENCODING=b;CHARSET=UTF-8:{b64('Clúster Energético de Coahuila')}\n"
        f"NOTE;encoding=BASE64;charset=iso-8859-1:{b64('Reunión en Saltillo', 'latin-1')}\n"
        "END:VCARD\n"), rows=((
            "Martín Peña", "", "Clúster Energético de Coahuila", (), (), (),
            "Reunión en Saltillo"),)),
    Kind("vcard-declared-charsets", "charsets.vcf", b"\r\n".join([
        b"BEGIN:VCARD", b"VERSION:2.1",
        "FN;CHARSET=ISO-8859-1:José Müller".encode("latin-1"),
        "ORG;CHARSET=windows-1252:Clúster – Cámara €".encode("cp1252"),
        ("NOTE;CHARSET=ISO-8859-15;ENCODING=QUOTED-PRINTABLE:" + qp("Precio 12 €",
                                                                    "iso-8859-15")).encode(),
        b"END:VCARD", b""]), rows=((
            "José Müller", "", "Clúster – Cámara €", (), (), (), "Precio 12 €"),)),
    Kind("vcard-unknown-charset", "klingon.vcf", crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Carmen Ruiz\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nN:Pérez;Ana\nTEL;CELL:+52 1\n"
        "NOTE;CHARSET=x-klingon-8;ENCODING=QUOTED-PRINTABLE:=41=42\nEND:VCARD\n"),
        refused=r"klingon\.vcf line 9 \(card 2, Ana Pérez\): unknown character set "
                r"“x-klingon-8” in NOTE; nothing was imported"),
    Kind("vcard-refused-after-soft-breaks-names-the-file-line", "vc02_bad.vcf",
         VC02_TEXT.replace("NOTE;CHARSET=UTF-8;", "NOTE;CHARSET=UTF-9;").encode("ascii"),
         refused=r"vc02_bad\.vcf line 7 \(card 1, José María Gutiérrez Ibáñez\): unknown "
                 r"character set “UTF-9” in NOTE"),
    Kind("vcard-broken-line-after-soft-breaks", "vc02_broken.vcf",
         VC02_TEXT.replace("END:VCARD", "this line has no colon\r\nEND:VCARD").encode("ascii"),
         refused=r"vc02_broken\.vcf line 11 \(card 1, José María Gutiérrez Ibáñez\): not a "
                 r"vCard line"),
    Kind("vcard-name-from-n-with-prefix-and-suffix", "n.vcf", crlf(
        "BEGIN:VCARD\nVERSION:3.0\nN:Gutiérrez Ibáñez;José;María;Dr.;Jr.\n"
        "EMAIL:jose@example.org\nEND:VCARD\n"), rows=((
            "Dr. José María Gutiérrez Ibáñez Jr.", "", "", ("jose@example.org",), (), (),
            ""),)),
    Kind("vcard-qp-value-without-its-parameter", "undecoded.vcf", crlf(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Mart=C3=ADn Pe=C3=B1a\nEND:VCARD\n"),
        refused=r"undecoded\.vcf line 1 \(card 1, Mart=C3=ADn Pe=C3=B1a\): its name is "
                r"quoted-printable escapes left undecoded"),
    # -- vCard: several e-mails and phones, groups, what is not kept ---------------------------
    Kind("vcard-types-in-every-version", "types.vcf", crlf(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ana Pérez\nEMAIL;INTERNET;HOME:ana@home.example\n"
        "EMAIL;INTERNET;WORK;PREF:ana@example.org\nTEL;WORK;VOICE:+52 81 5550 0100\n"
        "TEL;CELL;PREF:+52 81 5550 0101\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jürgen Groß\nTEL;TYPE=work,voice:+49 89 5555 0100\n"
        "TEL;TYPE=cell;TYPE=pref:+49 170 5555 0101\nEMAIL;TYPE=INTERNET:jg@example.org\n"
        "END:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Lucía Fernández\n"
        'TEL;VALUE=uri;TYPE="work,voice";PREF=2:tel:+52-55-5555-0100\n'
        "TEL;VALUE=uri;TYPE=cell;PREF=1:tel:+52-55-5555-0142\n"
        "EMAIL;TYPE=home:lucia@example.net\nEND:VCARD\n"), rows=(
            ("Ana Pérez", "", "", ("ana@example.org (work)", "ana@home.example (home)"),
             ("+52 81 5550 0101 (cell)", "+52 81 5550 0100 (work, voice)"), (), ""),
            ("Jürgen Groß", "", "", ("jg@example.org",),
             ("+49 170 5555 0101 (cell)", "+49 89 5555 0100 (work, voice)"), (), ""),
            ("Lucía Fernández", "", "", ("lucia@example.net (home)",),
             ("+52-55-5555-0142 (cell)", "+52-55-5555-0100 (work, voice)"), (), ""))),
    Kind("vcard-google-and-apple-labels-org-units-notes", "google_apple.vcf", crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Tomás Aguirre\nN:Aguirre;Tomás;;;\n"
        "item1.EMAIL;TYPE=INTERNET:tomas@feria.example\nitem1.X-ABLabel:Feria\n"
        "EMAIL;TYPE=INTERNET;TYPE=WORK:tomas.aguirre@example.org\n"
        "item2.TEL:+52 222 555 0144\nitem2.X-ABLabel:_$!<Mobile>!$_\n"
        "ORG:Clúster Automotriz de Puebla;Vinculación\nTITLE:Director\nROLE:Compras\n"
        "CATEGORIES:Misión PUE,Automotriz\nNOTE:Primera línea\\nSegunda\\, con coma\n"
        "ADR;TYPE=WORK:;;Calle Falsa 1;Puebla;;72000;México\nBDAY:1980-05-04\n"
        "URL:https://example.org/tomas\nX-FOO:bar\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Inés Beltrán\nADR:;;Calle 2;Puebla;;;\n"
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ\n  AAAQABAAD\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Luis Ortega\nADR:;;Calle 3;Puebla;;;\nEND:VCARD\n"),
        rows=(
            ("Inés Beltrán", "", "", (), (), (), ""),
            ("Luis Ortega", "", "", (), (), (), ""),
            ("Tomás Aguirre", "Director, Compras", "Clúster Automotriz de Puebla, Vinculación",
             ("tomas@feria.example (feria)", "tomas.aguirre@example.org (work)"),
             ("+52 222 555 0144 (cell)",), ("Automotriz", "Misión PUE"),
             "Primera línea\nSegunda, con coma")),
        says=("3 cards had postal addresses, which mxdesk does not keep.",
              "1 card had birthdays, which mxdesk does not keep.",
              "1 card had web addresses, which mxdesk does not keep.",
              "1 card had photos, which mxdesk does not keep.",
              "1 card had other fields mxdesk does not keep (X-FOO).")),
    Kind("vcard-outlook-windows-1252-nameless-cards-and-groups", "outlook.vcf", crlf(
        "BEGIN:VCARD\nVERSION:2.1\nFN:José Müller\nNOTE:Precio 12 €\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Cámara Inventada;Ventas\nNOTE:más\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Amigos\nKIND:group\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:solo@example.org\nitem1.ADR:;;Calle 1;Saltillo;;;\n"
        "item1.X-ABADR:mx\nEND:VCARD\n", "cp1252"), rows=(
            ("Cámara Inventada, Ventas", "", "Cámara Inventada, Ventas", (), (), (), "más"),
            ("José Müller", "", "", (), (), (), "Precio 12 €"),
            ("solo@example.org", "", "", ("solo@example.org",), (), (), "")),
        says=("FN is not UTF-8 and declares no CHARSET: read as Windows-1252 (line 3).",
              "NOTE is not UTF-8 and declares no CHARSET: read as Windows-1252 (line 4, 9).",
              "2 cards had no name and were named otherwise: card 2 by its organisation, "
              "“Cámara Inventada, Ventas”, card 4 by its e-mail address, “solo@example.org”.",
              "Contact groups (not people) left out: card 3 “Amigos”.",
              "1 card had postal addresses, which mxdesk does not keep.")),
    Kind("vcard-utf16-with-bom", "utf16.vcf", codecs.BOM_UTF16_LE + crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Ñúñez\nEND:VCARD\n", "utf-16-le"),
        rows=(("Zoë Ñúñez", "", "", (), (), (), ""),)),
    Kind("vcard-card-without-end", "noend.vcf", crlf(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Pérez\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Beatriz Olmos\n"),
        refused=r"noend\.vcf line 5 \(card 2, Beatriz Olmos\): the card that starts here has "
                r"no END:VCARD"),
    # -- CSV: separators, encodings, headers, other programs ----------------------------------
    Kind("csv-tab-separated-utf16le-bom", "tab.csv", codecs.BOM_UTF16_LE + (
        "Name\tE-mail\tPhone\r\nZoë Ñúñez\tzoe@example.org\t+34 91 555 0100\r\n"
    ).encode("utf-16-le"), rows=(("Zoë Ñúñez", "", "", ("zoe@example.org",),
                                  ("+34 91 555 0100",), (), ""),)),
    Kind("csv-utf16be-bom-semicolons", "be.csv", codecs.BOM_UTF16_BE + (
        "NAME;ORGANIZACIÓN;Teléfono Móvil\r\nÅsa Öberg;Clúster Nórdico;+46 8 555 0100\r\n"
    ).encode("utf-16-be"), rows=(("Åsa Öberg", "", "Clúster Nórdico", (),
                                  ("+46 8 555 0100 (cell)",), (), ""),)),
    Kind("csv-windows-1252-said", "ansi.csv",
         "name,organisation,comment\r\nJosé Müller,Cámara Alemana,Precio 12 €\r\n"
         .encode("cp1252"),
         rows=(("José Müller", "", "Cámara Alemana", (), (), (), "Precio 12 €"),),
         says=("it was read as Windows-1252",)),
    Kind("csv-no-name-column-says-what-it-found", "cols.csv",
         "Geburtstag;Straße;Stadt\r\n1980-05-04;Hauptstraße 1;München\r\n".encode(),
         refused=r"cols\.csv line 1: no column for the name among the 3 columns found "
                 r"\(“Geburtstag”, “Straße”, “Stadt”; read as semicolon-separated UTF-8\)"),
    Kind("csv-outlook-export", "outlook_contacts.csv",
         (DATA / "outlook_contacts.csv").read_bytes(), rows=(
             ("Henrik Lindqvist Jr.", "", "Nordic Mining Cluster",
              ("henrik.lindqvist@example.se",),
              ("+46 8 555 0101 (work)", "+46 8 555 0100 (work, fax)"), (), ""),
             ("Ing. Rosa Villalobos Ortega", "Coordinadora",
              "Clúster Minero de Zacatecas, Vinculación",
              ("rosa.villalobos@example.org", "rvo@example.net"),
              ("+52 492 555 0123 (work)", "+52 492 555 0188 (cell)"),
              ("Minería", "Seguimiento"),
              "Visita a la mina en abril.\nPedir datos de proveedores.")),
         says=("it was read as Windows-1252",
               "Columns mxdesk does not keep, left out: “Business Street” (1 row), "
               "“Business City” (1 row), “Birthday” (1 row), “Web Page” (1 row).")),
    Kind("csv-google-export", "google_contacts.csv",
         (DATA / "google_contacts.csv").read_bytes(), rows=(
             ("Dra. Inés Beltrán", "", "Universidad Inventada",
              ("ines.beltran@example.org (other)",), (), (), ""),
             ("Tomás Aguirre", "Director", "Clúster Automotriz de Puebla",
              ("tomas.aguirre@example.org (work)", "tomas@example.net (home)",
               "t.aguirre@example.com (home)"),
              ("+52 222 555 0144 (cell)", "+52 222 555 0100 (work)"),
              ("Misión PUE",), "Conocido en la feria de Puebla.")),
         says=("“Address 1 - Formatted” (1 row)",
               "Not kept: Group Membership myContacts (Google's system group, not a label of "
               "yours; 1 row).")),
    Kind("csv-thunderbird-export", "thunderbird_contacts.csv",
         (DATA / "thunderbird_contacts.csv").read_bytes(), rows=(
             ("Klaus Öztürk", "Einkauf", "Automobil-Zulieferer Süd GmbH",
              ("klaus.oeztuerk@example.de", "k.o@example.com"),
              ("+49 711 555 0150 (work)", "+49 170 555 0151 (cell)"), (),
              "Interesse an Querétaro."),
             ("Oficina Comercial", "", "Cámara Inventada de Comercio", ("oficina@example.mx",),
              (), (), "")),
         says=("“Birth Year” (1 row)",)),
    Kind("csv-linkedin-lines-above-the-header", "linkedin_connections.csv",
         (DATA / "linkedin_connections.csv").read_bytes(), rows=(
             ("Pieter van der Berg", "Business Developer", "Holland Aerospace Cluster", (), (),
              (), ""),
             ("Valeria Sandoval Ruiz", "Directora de Proyectos",
              "Clúster Aeroespacial del Noreste", ("valeria.sandoval@example.org",), (), (),
              "")),
         says=("The column names are on line 4; the 3 lines above them, not part of the "
               "table, were skipped.", "“URL” (2 rows), “Connected On” (2 rows)")),
    Kind("csv-excel-separator-line", "sep.csv",
         b"sep=;\r\nname;organisation\r\nAna P\xc3\xa9rez;Cl\xc3\xbaster, A.C.\r\n",
         rows=(("Ana Pérez", "", "Clúster, A.C.", (), (), (), ""),)),
    # -- trial 1: files made by the programs people use (/work/shared/trial1) -----------------
    Kind("csv-unclosed-quote", "unclosed_quote.csv", (DATA / "unclosed_quote.csv").read_bytes(),
         refused=r"unclosed_quote\.csv line 3: a quote opened here is never closed; nothing "
                 r"was imported"),
    Kind("csv-unclosed-quote-before-a-quoted-field", "unclosed_then_quoted.csv", crlf(
        "name;organisation;comment\nAna Pérez;\"Clúster Uno;ok\nBeatriz Olmos;Dos;\"bien\"\n"),
        refused=r"unclosed_then_quoted\.csv line 2: a quote opened here is never closed \(the "
                r"next quote, on line 3, is followed by “bien"),
    Kind("csv-quote-inside-a-quoted-field", "inner_quote.csv",
         (DATA / "inner_quote.csv").read_bytes(),
         refused=r"inner_quote\.csv line 3: a quote inside the quoted field \"Raúl \"El "
                 r"Ingeniero\" Domínguez\".* is not doubled"),
    Kind("csv-quotes-inside-an-unquoted-field-are-text", "unquoted.csv", crlf(
        'name,organisation\nRaúl "El Ingeniero" Domínguez,Clúster Dos\n'),
        rows=(('Raúl "El Ingeniero" Domínguez', "", "Clúster Dos", (), (), (), ""),)),
    Kind("csv-excel-es-nombre-apellidos", "excel_es_nombre_apellidos.csv",
         (DATA / "excel_es_nombre_apellidos.csv").read_bytes(), rows=(
             ("María José Sánchez Ñúñez", "Directora de Vinculación",
              "Clúster Automotriz de Nuevo León", ("mj.sanchez@example.mx",),
              ("+52 81 5555 0101", "+52 1 81 5555 0102 (cell)"), (),
              'Reunión el 14/03; seguimiento "urgente"'),
             ("Íñigo Zubizarreta", "Project Manager", "Basque Industry 4.0 Cluster",
              ("izubi@example.es",), (), (), ""))),
    Kind("csv-nombre-alone-is-the-whole-name", "nombre.csv", crlf(
        "Nombre;Empresa\nMaría José Sánchez Ñúñez;Clúster\n"),
        rows=(("María José Sánchez Ñúñez", "", "Clúster", (), (), (), ""),)),
    Kind("csv-excel-de-name-is-the-surname-beside-vorname", "excel_de_name_vorname.csv",
         (DATA / "excel_de_name_vorname.csv").read_bytes(), rows=(
             ("Jürgen Groß", "Clustermanager", "Automotive Cluster Bayern e.V.",
              ("j.gross@acb-example.de",), ("+49 89 5550 1000", "+49 171 5550123 (cell)"), (),
              "Kennt den Clúster Automotriz"),
             ("Änne Weiß", "Referentin", "Cluster Nanotechnologie", ("a.weiss@example.de",),
              ("+49 160 5555 011 (cell)",), (), "Förderung; Ansprechpartnerin"))),
    Kind("csv-french-list-nom-prenom", "liste.csv", crlf(
        "Nom;Prénom;Société;Courriel\nØrsted-Lefèvre;Zoë;Pôle Véhicule du Futur;"
        "zoe@example.fr\n"), rows=(("Zoë Ørsted-Lefèvre", "", "Pôle Véhicule du Futur",
                                    ("zoe@example.fr",), (), (), ""),)),
    Kind("csv-outlook-es-type-and-display-name-are-not-addresses", "outlook_es_contacts.csv",
         (DATA / "outlook_es_contacts.csv").read_bytes(), rows=((
             "Íñigo Zubizarreta Etxeberria", "Project Manager", "Basque Industry 4.0 Cluster",
             ("izubi@example.es",), ("+34 943 555 010 (work)", "+34 655 555 011 (cell)"), (),
             "Conocido en Monterrey"),)),
    Kind("csv-outlook-de", "outlook_de_contacts.csv",
         (DATA / "outlook_de_contacts.csv").read_bytes(), rows=((
             "Jürgen Groß", "Clustermanager", "Automotive Cluster Bayern e.V.",
             ("j.gross@acb-example.de", "juergen@example.com"),
             ("+49 89 5550 1000 (work)", "+49 171 5550123 (cell)"), ("Mission MEX",),
             "Treffen in Querétaro"),)),
    Kind("csv-outlook-fr", "outlook_fr_contacts.csv",
         (DATA / "outlook_fr_contacts.csv").read_bytes(), rows=((
             "Zoë Ørsted-Lefèvre", "", "Pôle Véhicule du Futur", ("zoe.orsted@example.fr",),
             ("+33 3 89 55 50 10 (work)", "+33 6 55 50 10 11 (cell)"), (),
             "Rencontrée à Guadalajara"),)),
    Kind("csv-outlook-fax-after-voice-exchange-path-and-defaults", "outlook_fax_and_exchange.csv",
         (DATA / "outlook_fax_and_exchange.csv").read_bytes(), rows=(
             ("Clúster Energético de Coahuila, A.C.", "", "Clúster Energético de Coahuila, A.C.",
              ("info@energia-example.mx",), ("+52 844 555 0100 (main)",), (), ""),
             ("Dr. Jürgen Groß", "Clustermanager",
              "Automotive Cluster Bayern e.V., Internationales",
              ("j.gross@acb-example.de", "juergen.gross@example.com"),
              ("+49 89 5550 1000 (work)", "+49 171 5550123 (cell)",
               "+49 89 5550 1099 (work, fax)"), ("EU", "Mission MEX"),
              'Treffen in Querétaro.\nAngebot "Premium" ca. 12.000 € – nachfassen.'),
             ("Zoë Ørsted-Lefèvre", "Chargée d'affaires", "Pôle Véhicule du Futur",
              ("zoe.orsted@example.fr",), ("+33 3 89 55 50 10 (home)",
                                           "+33 6 55 50 10 11 (cell)"), (), ""),
             ("Íñigo Zubizarreta Etxeberria", "Project Manager", "Basque Industry 4.0 Cluster",
              (), ("+34 943 555 010 (work)",), (), "")),
         says=("1 e-mail of Outlook type EX (an Exchange directory path, “/o=…”, not an "
               "address) left out (line 6).",
               # 0/0/00, Unspecified, Normal, False: Outlook's empty values, never listed
               "Columns mxdesk does not keep, left out: “Business Street” (1 row), “Business "
               "City” (1 row), “Business Postal Code” (1 row), “Business Country/Region” (1 "
               "row), “Initials” (2 rows), “Web Page” (1 row).")),
    Kind("vcard-cards-with-only-a-number", "android_number_only.vcf",
         (DATA / "android_number_only.vcf").read_bytes(), rows=(
             ("+52 33 5555 0100", "", "", (), ("+52 33 5555 0100 (work)",), (), ""),
             ("+52 81 5555 0199", "", "", (), ("+52 81 5555 0199 (cell)",), (), ""),
             ("Oliver Smith", "", "", (), ("+44 7700 900123 (cell)",), (), "")),
         says=("2 cards had no name and were named otherwise: card 2 by its phone number, "
               "“+52 81 5555 0199”, card 3 by its phone number, “+52 33 5555 0100”.",)),
    Kind("vcard-samsung-custom-labels", "samsung_custom_labels.vcf",
         (DATA / "samsung_custom_labels.vcf").read_bytes(), rows=((
             "Rocío Núñez", "", "", ("rocio@example.mx (trabajo)",),
             ("+52 55 5555 0123 (cell)", "+52 55 5555 0124 (oficina)",
              "+52 55 5555 0125 (x-oficina)"), (), "Conocida en la Expo; interés en energía"),),
         says=("1 card had postal addresses, which mxdesk does not keep.",
               "1 card had photos, which mxdesk does not keep.")),
    Kind("vcard4-only-a-tel-uri", "tel.vcf", crlf(
        "BEGIN:VCARD\nVERSION:4.0\nTEL;VALUE=uri;TYPE=cell:tel:+52-81-5555-0199\nEND:VCARD\n"),
        rows=(("+52-81-5555-0199", "", "", (), ("+52-81-5555-0199 (cell)",), (), ""),),
        says=("card 1 by its phone number, “+52-81-5555-0199”",)),
    Kind("vcard-missing-end-names-the-card-without-it", "missing_end.vcf",
         (DATA / "missing_end.vcf").read_bytes(),
         refused=r"missing_end\.vcf line 7 \(card 2, Raúl Domínguez\): the card that starts "
                 r"here has no END:VCARD \(a BEGIN:VCARD follows at line 12\)"),
    Kind("csv-own-columns-resaved-by-german-excel", "excel_de_own_columns.csv",
         (DATA / "excel_de_own_columns.csv").read_bytes(), rows=(
             ("Jürgen Groß", "Clustermanager", "Automotive Cluster Bayern e.V.",
              ("j.gross@acb-example.de",), ("+49 89 5550 1000",), ("EU",),
              "Preis ca. 12 € / Stück – prüfen; Rückruf\nnächste Woche"),
             ("Änne Weiß", "Referentin", "Cluster Nanotechnologie", ("a.weiss@example.de",),
              ("+49 931 5555 010",), ("EU", "Nano"), "Zuständig für Förderanträge")),
         says=("Dates in met_on stored as YYYY-MM-DD: “15.03.2025” as 2025-03-15 (line 2), "
               "“16.03.2025” as 2025-03-16 (line 4).",)),
    Kind("csv-ambiguous-date-refused", "ambiguous.csv", crlf("name,met_on\nAna,03/04/2025\n"),
         refused=r"ambiguous\.csv line 2: met_on “03/04/2025” could be day/month or "
                 r"month/day; write it as YYYY-MM-DD"),
    Kind("excel-unicode-text-txt", "excel_unicode_text.txt",
         (DATA / "excel_unicode_text.txt").read_bytes(), rows=(
             ("Jürgen Groß", "", "Automotive Cluster Bayern e.V.", ("j.gross@acb-example.de",),
              ("+49 89 5550 1000",), (), "Maximilianstraße 12"),
             ("فاطمة الزهراء بن علي", "", "Cluster Méditerranée Export", ("f.benali@example.ma",),
              ("+212 6 55 50 10 20",), (), "Rencontre à Monterrey\nsuivi en avril"),
             ("王小明", "", "深圳精密制造有限公司", ("wang.xiaoming@example.cn",),
              ("+86 138 0013 8000",), (), "想了解墨西哥的汽车集群"))),
    Kind("csv-utf16le-without-bom", "nobom.csv",
         "name,email\r\nZoë Ñúñez,zoe@example.org\r\n".encode("utf-16-le"),
         rows=(("Zoë Ñúñez", "", "", ("zoe@example.org",), (), (), ""),)),
    # -- JSON: what crashed or was dropped ----------------------------------------------------
    Kind("json-duplicate-uid", "dup.json", json.dumps({
        "format": "mxdesk-notes", "version": 1, "contacts": [
            {"uid": "u-1", "name": "Ana Pérez"}, {"uid": "u-1", "name": "Ana Pérez"}]},
        indent=1).encode(),
        refused=r"dup\.json line 9 \(contact 2\): its uid u-1 is also the uid of line 5 "
                r"\(contact 1\)"),
    Kind("json-two-people-one-uid", "two.json", json.dumps({
        "format": "mxdesk-notes", "version": 1, "contacts": [
            {"uid": "u-1", "name": "Ana Pérez", "email": "ana@example.org"},
            {"uid": "u-1", "name": "Bruno Díaz", "email": "bruno@example.org"}]}).encode(),
        refused=r"two\.json line 1 \(contact 2\): its uid u-1 is also the uid of"),
    Kind("json-deeply-nested", "deep.json",
         b'{"format": "mxdesk-notes", "version": 1, "contacts": ' + b"[" * 200_000
         + b"]" * 200_000 + b"}",
         refused=r"deep\.json: nested too deeply"),
    Kind("json-date-with-words-after-it", "date.json", json.dumps({
        "format": "mxdesk-notes", "version": 1, "contacts": [
            {"name": "Ana Pérez", "met_on": "2020-01-01 and then some"}]}).encode(),
        refused=r"date\.json line 1 \(contact 1\): met_on “2020-01-01 and then some” is not a "
                r"date"),
    Kind("json-fields-not-kept", "extra.json", json.dumps({
        "format": "mxdesk-notes", "version": 1, "contacts": [
            {"name": "Ana Pérez", "birthday": "1980-05-04"}]}).encode(),
        rows=(("Ana Pérez", "", "", (), (), (), ""),),
        says=("Fields mxdesk does not keep, left out: “birthday” (1 contact).",)),
    Kind("csv-latin1-escape-left-in-a-word", "escaped.csv", b"name\nMart=EDn\n",
         refused=r"escaped\.csv line 2: its name is quoted-printable escapes left undecoded "
                 r"\(=ED\)"),
    Kind("json-bytes-repr-as-text", "repr.json", json.dumps({
        "format": "mxdesk-notes", "version": 1, "contacts": [
            {"name": "b'Mart\\xc3\\xadn'"}]}).encode(),
        refused=r"repr\.json line 1 \(contact 1\): its name is a Python bytes value"),
]


def stored(store: NotesStore) -> list[Row]:
    return sorted(row(c) for c in store.contacts())


@pytest.mark.parametrize("kind", KINDS, ids=[k.id for k in KINDS])
def test_kind_through_the_command_line(kind: Kind, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from mxdesk.core.logs import close_logging

    path = kind.write(tmp_path)
    try:
        status = cli.main(["notes", "import", str(path)])
    finally:
        close_logging()  # the log file lives in this test's data folder
    out, err = capsys.readouterr()
    with NotesStore() as store:
        if kind.refused:
            assert status == 1, out
            assert re.match(f"mxdesk: {kind.refused}", err), err
            assert err.count("\n") == 1
            assert store.contacts() == []
            return
        assert (status, err) == (0, ""), err
        assert f"Imported: {len(kind.rows)} added, 0 merged." in out
        for said in kind.says:
            assert said in out
        assert stored(store) == sorted(kind.rows)


# -- the vCard reader's own rules -------------------------------------------------------------


def test_soft_line_breaks_join_and_line_numbers_stay_the_file_s() -> None:
    raw = case("vc02_android_qp_softbreak.vcf")
    lines = list(vcard.logical_lines(raw))
    assert [n for n, _line in lines] == [1, 2, 3, 4, 6, 7, 11]
    [card] = vcard.read_cards(raw)
    note = card.first("NOTE")
    assert note is not None
    assert (note.line, card.text(note)) == (7, VC02[-1])


def test_a_stray_soft_break_before_the_end_keeps_the_card_whole() -> None:
    raw = crlf("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Mart=C3=ADn=\n"
               "END:VCARD\n")
    [card] = vcard.read_cards(raw)
    assert [(p.name, p.value) for p in card.properties] == [("VERSION", "2.1"),
                                                            ("FN", "Martín")]


@pytest.mark.parametrize(("line", "name", "value", "types", "params"), [
    (b"item1.EMAIL;type=INTERNET;type=pref:a@b", "EMAIL", "a@b", ("internet", "pref"), {}),
    (b"tel;CELL;Voice:+52 1", "TEL", "+52 1", ("cell", "voice"), {}),
    (b'TEL;TYPE="work,voice";PREF=1:tel:+1', "TEL", "tel:+1", ("work", "voice"),
     {"PREF": ("1",)}),
    (b"fn;quoted-printable:Mart=C3=ADn", "FN", "Martín", (), {"ENCODING": ("quoted-printable",)}),
    (b"FN;ENCODING=b:" + base64.b64encode("Zoë".encode()), "FN", "Zoë", (),
     {"ENCODING": ("b",)}),
    (b"NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab", "NOTE", "a\nb", (),
     {"ENCODING": ("QUOTED-PRINTABLE",)}),
    (b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "PHOTO", "", ("jpeg",), {"ENCODING": ("b",)}),
    (b'X-LABEL;LABEL="a;b:c":x', "X-LABEL", "x", (), {"LABEL": ("a;b:c",)}),
])
def test_content_lines(line: bytes, name: str, value: str, types: tuple[str, ...],
                       params: dict[str, tuple[str, ...]]) -> None:
    prop = vcard.parse_property(5, line, [])
    assert (prop.name, prop.value, prop.types, prop.line) == (name, value, types, 5)
    assert {k: v for k, v in prop.params.items() if k != "TYPE"} == params


@pytest.mark.parametrize(("line", "message"), [
    (b"FN;CHARSET=klingon:x", "unknown character set “klingon” in FN"),
    (b"FN;CHARSET=base64:eA==", "unknown character set “base64” in FN"),  # not a text codec
    (b"FN;CHARSET=UTF-8:\xff", "FN is not valid UTF-8 text, as its CHARSET says"),
    (b"FN;ENCODING=BASE64:***", "FN is marked base64 but is not"),
    (b"FN Ana", "not a vCard line"),
    (b"F N:Ana", "is not a vCard property name"),
])
def test_content_lines_refused(line: bytes, message: str) -> None:
    with pytest.raises(vcard.VCardError, match=message) as caught:
        vcard.parse_property(3, line, [])
    assert caught.value.line == 3


def test_undeclared_non_utf8_is_read_as_windows_1252_and_said() -> None:
    notices: list[tuple[int, str]] = []
    prop = vcard.parse_property(4, "NOTE:Precio 12 €".encode("cp1252"), notices)
    assert prop.value == "Precio 12 €"
    assert notices == [(4, "NOTE is not UTF-8 and declares no CHARSET: read as Windows-1252")]


@pytest.mark.parametrize(("version", "escaped", "plain"), [
    ("3.0", r"a\nb\, c\; d\\e", "a\nb, c; d\\e"),
    ("4.0", r"x\Ny", "x\ny"),
    ("2.1", r"C:\new\; x", "C:\\new; x"),  # 2.1 escapes only the semicolon
])
def test_unescape(version: str, escaped: str, plain: str) -> None:
    assert vcard.unescape(escaped, version) == plain


def test_escaped_separators_do_not_split() -> None:
    assert vcard.split_escaped(r"Org\; Inc;Unit", ";") == [r"Org\; Inc", "Unit"]


@pytest.mark.parametrize("text", ["x=10", "a=1, b=2", "E=MC2", "=3D", "ratio=FF", "b'", "b"])
def test_ordinary_text_passes_the_final_guard(text: str, tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps({"format": "mxdesk-notes", "version": 1, "contacts": [
        {"name": "Ana", "comment": text}]}), encoding="utf-8")
    assert read_file(path).contacts[0].comment == text


# -- CSV ----------------------------------------------------------------------------------------


def test_a_long_comment_mxdesk_wrote_imports_again(tmp_path: Path) -> None:
    from mxdesk.core.exchange import export_notes

    comment = "Notes from a long meeting. " * 8000  # 216,000 characters
    with NotesStore(tmp_path / "a.db") as source:
        source.save_contact(Contact("Ana Pérez", comment=comment))
        export_notes(source, tmp_path / "long.csv")
    [contact] = read_file(tmp_path / "long.csv").contacts
    assert contact.comment == comment  # kept as written, its last space too
    import csv

    assert csv.field_size_limit() == 131072  # put back afterwards: never left unbounded


# -- the same person, composed or decomposed -----------------------------------------------------


def test_decomposed_text_is_stored_composed_and_is_one_person(tmp_path: Path) -> None:
    nfd = "José Pérez".replace("é", "e\u0301")
    path = tmp_path / "mac.vcf"
    path.write_bytes(crlf(f"BEGIN:VCARD\nVERSION:3.0\nFN:{nfd}\nORG:Cámara\u0301\n"
                          f"NOTE:{nfd}\nEMAIL:JOSE@example.org\nEND:VCARD\n"))
    with NotesStore(tmp_path / "n.db") as store:
        store.save_contact(Contact("José Pérez", emails=points("jose@example.org")))
        plan = plan_import(store, read_file(path))
        assert plan.new_contacts == []
        [(incoming, _here)] = plan.changed_contacts
        assert incoming.name == "José Pérez"  # composed
        assert incoming.comment == "José Pérez"
        assert incoming.organisation == "Cámara\u0301".replace("a\u0301", "á")


def test_two_people_sharing_a_uid_with_the_store_are_refused(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "n.db") as store:
        ana = store.save_contact(Contact("Ana Pérez", emails=points("ana@example.org")))
        path = tmp_path / "other.json"
        path.write_text(json.dumps({"format": "mxdesk-notes", "version": 1, "contacts": [
            {"uid": ana.uid, "name": "Bruno Díaz", "email": "bruno@example.org"}]}),
            encoding="utf-8")
        with pytest.raises(ImportFileError, match=r"other\.json line 1 \(contact 1\): “Bruno "
                                                  r"Díaz” has the uid .* of “Ana Pérez” here"):
            plan_import(store, read_file(path))
        # The same person renamed, or with a new address, is still merged as before.
        path.write_text(json.dumps({"format": "mxdesk-notes", "version": 1, "contacts": [
            {"uid": ana.uid, "name": "Ana Pérez Ruiz", "email": "ana@new.example"}]}),
            encoding="utf-8")
        plan = plan_import(store, read_file(path))
        assert [a.name for a, _b in plan.changed_contacts] == ["Ana Pérez Ruiz"]
        apply_plan(store, plan, merge=True)
        assert [c.name for c in store.contacts()] == ["Ana Pérez Ruiz"]


# -- one person from two address books, and namesakes -------------------------------------------


def _imported(store: NotesStore, name: str, merge: bool = False) -> None:
    apply_plan(store, plan_import(store, read_file(CASES / name)), merge=merge)


def test_a_phone_s_card_after_the_mail_program_s_is_the_same_person(tmp_path: Path) -> None:
    """vc05 (Raúl with e-mail and phone) then vc05b (the same Raúl from a phone: no e-mail, the
    same number): one person whose record differs, never a second Raúl."""
    with NotesStore(tmp_path / "n.db") as store:
        _imported(store, "vc05_missing_fn_only_n.vcf")
        plan = plan_import(store, read_file(CASES / "vc05b_v21_no_fn.vcf"))
        assert plan.new_contacts == []
        assert plan.possible_duplicates == []
        assert [(a.name, b.name) for a, b in plan.changed_contacts] == [
            ("Raúl Domínguez", "Raúl Domínguez")]
        assert plan.summary(merge=False).startswith(
            "Nothing in the file is new to your notes. 1 record differs from the one here "
            "(Raúl Domínguez); it will be skipped, kept as it is.")
        apply_plan(store, plan, merge=True)
        assert sorted(map(row, store.contacts())) == [
            ("Beatriz Olmos", "", "", (), (), (), ""),
            ("Carmen Ruiz", "", "", ("carmen.ruiz@example.org",), (), (), ""),
            ("Raúl Domínguez", "", "", ("raul.dominguez@example.org",),
             ("+52 33 5555 0110 (cell)",), (), "")]


def test_the_mail_program_s_card_after_the_phone_s_is_the_same_person(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "n.db") as store:
        _imported(store, "vc05b_v21_no_fn.vcf")
        plan = plan_import(store, read_file(CASES / "vc05_missing_fn_only_n.vcf"))
        assert [c.name for c in plan.new_contacts] == ["Carmen Ruiz", "Beatriz Olmos"]
        assert [a.name for a, _b in plan.changed_contacts] == ["Raúl Domínguez"]
        assert plan.possible_duplicates == []
        apply_plan(store, plan, merge=True)
        [raul] = [c for c in store.contacts() if c.name == "Raúl Domínguez"]
        assert (raul.email, raul.phone) == ("raul.dominguez@example.org", "+52 33 5555 0110")


HERE = Contact("Raúl Domínguez", emails=points("raul.dominguez@example.org"),
               phones=points("+52 33 5555 0110"))


@pytest.mark.parametrize(("here", "line", "found"), [
    # The same name and a number in common, one of the two without an e-mail: one person.
    (HERE, "Raúl Domínguez,,+52 33 5555 0110", "differs"),
    (HERE, "RAUL DOMINGUEZ,,+52 (33) 5555-0110", "differs"),
    (HERE, "Raúl Domínguez,,33 5555 0110", "differs"),  # without the country code
    (HERE, "Raúl Domínguez,,0052 33 5555 0110", "differs"),
    (Contact("Raúl Domínguez", phones=points("+52 33 5555 0110")),
     "Raúl Domínguez,raul@example.org,+52 33 5555 0110", "differs"),
    (Contact("Raúl Domínguez", phones=points("+52 33 5555 0110")),
     "Raúl Domínguez,,+52 33 5555 0110", "same"),
    # The same name and nothing else in common: maybe two people, the user decides.
    (HERE, "Raúl Domínguez,,+52 81 5555 0199", "possible duplicate"),
    (HERE, "Raúl Domínguez,otro.raul@example.org,", "possible duplicate"),
    # Two e-mail addresses that differ: a shared office number says nothing of one person.
    (HERE, "Raúl Domínguez,otro.raul@example.org,+52 33 5555 0110", "possible duplicate"),
    (HERE, "Raúl Domínguez,,0110", "possible duplicate"),  # too few digits to be the number
    # A number in common and another name: another person at the same office.
    (HERE, "Rosa Domínguez,,+52 33 5555 0110", "new"),
])
def test_who_is_the_same_person(here: Contact, line: str, found: str, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f"name,email,phone\n{line}\n", encoding="utf-8")
    with NotesStore(tmp_path / "n.db") as store:
        kept = store.save_contact(here)
        plan = plan_import(store, read_file(path))
        verdict = ("same" if plan.same_contacts else
                   "differs" if plan.changed_contacts else
                   "possible duplicate" if plan.possible_duplicates else "new")
        assert verdict == found
        if found == "differs":
            assert [b.uid for _a, b in plan.changed_contacts] == [kept.uid]
        if found == "possible duplicate":
            assert len(plan.new_contacts) == 1  # added as new: never merged unasked
            assert [b.uid for _a, b in plan.possible_duplicates] == [kept.uid]
            apply_plan(store, plan, merge=True)
            assert len(store.contacts()) == 2
            assert store.contact_by_uid(kept.uid) == kept


def test_a_possible_duplicate_is_named_in_the_summary(tmp_path: Path) -> None:
    with NotesStore(tmp_path / "n.db") as store:
        _imported(store, "vc05_missing_fn_only_n.vcf")
        path = tmp_path / "otro.csv"
        path.write_text("name,email\nRaúl Domínguez,otro.raul@example.org\n", encoding="utf-8")
        assert plan_import(store, read_file(path)).summary(merge=False) == (
            "1 new contact will be added. 1 new contact has the name of a contact here and "
            "nothing else in common: “Raúl Domínguez” (otro.raul@example.org), possible "
            "duplicate of “Raúl Domínguez” (raul.dominguez@example.org) here. It will be added "
            "as new; if it is the same person, delete one of the two after the import.")


@pytest.mark.parametrize(("categories", "tags"), [
    ("myContacts,Misión GDL", ("Misión GDL",)),
    ("starred,myContacts", ()),
    ("chatBuddies,Proveedores,starred", ("Proveedores",)),
    # Words people use for labels of their own stay, in any case.
    ("Family,friends,coworkers,All", ("All", "Family", "coworkers", "friends")),
    ("MyContacts,Starred", ("MyContacts", "Starred")),  # not as Google writes its own
])
def test_google_s_system_groups_are_not_tags(categories: str, tags: tuple[str, ...],
                                             tmp_path: Path) -> None:
    path = tmp_path / "google.vcf"
    path.write_bytes(crlf(f"BEGIN:VCARD\nVERSION:3.0\nFN:Lucía Fernández\n"
                          f"CATEGORIES:{categories}\nEND:VCARD\n"))
    [contact] = read_file(path).contacts
    assert tuple(sorted(contact.tags)) == tags
