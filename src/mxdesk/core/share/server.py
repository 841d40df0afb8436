"""A first look at a share server: does it answer, accept the login, have a trusted
certificate? And the certificate's fingerprint for the explicit trust step.

Used when a mission is linked (so a typo in a URL or a password is said at once, not at the
first sync) and by ``mxdesk share trust``. Standard library only (urllib, ssl), with a timeout
on every connection.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from mxdesk.core.i18n import N_, _

#: Seconds to wait for the server to connect and answer.
TIMEOUT = 15.0


def _host(url: str) -> str:
    return urlsplit(url).netloc.rsplit("@", 1)[-1] or url


def fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as vdirsyncer and openssl print it: "AB:CD:…" (95
    characters)."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def certificate(url: str, timeout: float = TIMEOUT) -> tuple[str, str]:
    """The certificate an HTTPS server at *url* presents, unverified: (its SHA-256
    fingerprint, its PEM text). Raises :class:`OSError` (with a message for the user) when the
    URL is not https or the server cannot be reached."""
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise OSError(_("{url} is not an https address: there is no certificate to trust.")
                      .format(url=url))
    host, port = parts.hostname or "", parts.port or 443
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock, \
                context.wrap_socket(sock, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
    except OSError as exc:
        raise OSError(_("Cannot reach the server {host}: {reason}").format(
            host=_host(url), reason=getattr(exc, "strerror", None) or exc)) from exc
    if not der:
        raise OSError(_("The server {host} presented no certificate.").format(host=_host(url)))
    return fingerprint(der), ssl.DER_cert_to_PEM_cert(der)


def check(url: str, username: str, password: str, ca_file: str = "", pinned: str = "",
          timeout: float = TIMEOUT, expect: str = "") -> str:
    """Ask the collection at *url* for its properties (PROPFIND, depth 0) with the login.
    Returns "" when it answers as an address book or calendar should (as *expect* says:
    "carddav" or "caldav"; "" either), else one sentence saying why not (cannot reach, login
    refused, no such collection, the other kind of collection, certificate not trusted or not
    the pinned one, timed out). Never raises for a network failure."""
    return check_kind(url, username, password, ca_file, pinned, timeout, expect)[0]


#: What :func:`check_kind` found wrong: nothing; a certificate this computer does not trust
#: (the trust step can follow); a certificate other than the pinned one; the login refused;
#: no collection there, or one of the other kind; not allowed; the server not reached or not
#: answering (offline: a link may still be kept); anything else.
KINDS = ("", "untrusted", "pinned", "login", "missing", "wrongkind", "forbidden",
         "unreachable", "other")
#: The kinds that say the link itself is wrong (not a passing network trouble).
WRONG_LINK = frozenset({"login", "missing", "wrongkind", "forbidden"})


def check_kind(url: str, username: str, password: str, ca_file: str = "", pinned: str = "",
               timeout: float = TIMEOUT, expect: str = "") -> tuple[str, str]:
    """As :func:`check`, with what kind of problem it is: (sentence, one of :data:`KINDS`),
    ("", "") when all is well."""
    host = _host(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return _("{url} is not an http(s) address of a collection.").format(url=url), "other"
    context = None
    if parts.scheme == "https":
        if pinned:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        else:
            context = ssl.create_default_context(cafile=ca_file or None)
    auth = base64.b64encode(f"{username}:{password}".encode()).decode()
    request = urllib.request.Request(url, method="PROPFIND", data=_PROPFIND, headers={  # noqa: S310
        "Authorization": f"Basic {auth}", "Depth": "0",
        "Content-Type": "application/xml; charset=utf-8"})
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                         urllib.request.ProxyHandler({}))
    body = b""
    unreachable = _("Cannot reach the server {host}: {reason}")
    slow = _("The server {host} did not answer within {seconds} seconds.").format(
        host=host, seconds=int(timeout))
    try:
        if pinned and parts.scheme == "https":
            found, _pem = certificate(url, timeout)
            if found.replace(":", "").upper() != pinned.replace(":", "").upper():
                return (_("The certificate of {host} is not the one trusted for this "
                          "mission (its fingerprint changed). Ask the organiser whether the "
                          "server's certificate was renewed.").format(host=host), "pinned")
        with opener.open(request, timeout=timeout) as answer:
            status = answer.status
            body = answer.read(200_000)
    except urllib.error.HTTPError as exc:
        status = exc.code
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ssl.SSLCertVerificationError):
            return (_("The certificate of {host} is not trusted by this computer ({reason}). "
                      "If this is your delegation's server, compare its fingerprint with the "
                      "one the organiser gives you and trust it.").format(
                host=host, reason=why_untrusted(reason)), "untrusted")
        if isinstance(reason, ssl.SSLError) and "WRONG_VERSION_NUMBER" in str(reason):
            return (_("The server {host} does not speak https at this address: try the "
                      "address with http:// (ask the organiser which one it is).").format(
                host=host), "unreachable")
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return slow, "unreachable"
        return unreachable.format(host=host, reason=getattr(reason, "strerror", None)
                                  or reason), "unreachable"
    except TimeoutError:
        return slow, "unreachable"
    except http.client.RemoteDisconnected:
        return (_("The server {host} closed the connection without answering: if it uses "
                  "https, the address must start with https://.").format(host=host),
                "unreachable")
    except OSError as exc:
        return unreachable.format(host=host, reason=exc.strerror or exc), "unreachable"
    if status == 401:
        return (_("The server {host} refused the login of “{user}”: check the user name and "
                  "the password.").format(host=host, user=username), "login")
    if status == 403:
        return (_("The server {host} does not let “{user}” open {url}: ask the organiser to "
                  "share it.").format(host=host, user=username, url=url), "forbidden")
    if status == 404:
        return (_("There is no address book or calendar at {url}: check the address.").format(
            url=url), "missing")
    if status != 207:
        return (_("The server {host} answered {status} for {url}, not as a CardDAV or "
                  "CalDAV server does.").format(host=host, status=status, url=url), "other")
    found_kind = _collection_kind(body)
    if expect == "carddav" and found_kind == "caldav":
        return (_("{url} is a calendar, not an address book: did you swap the two "
                  "addresses?").format(url=url), "wrongkind")
    if expect == "caldav" and found_kind == "carddav":
        return (_("{url} is an address book, not a calendar: did you swap the two "
                  "addresses?").format(url=url), "wrongkind")
    if expect and found_kind == "":
        return (_("{url} is neither an address book nor a calendar (perhaps the folder "
                  "above one): copy the collection's own address.").format(url=url),
                "wrongkind")
    return "", ""


def why_untrusted(error: ssl.SSLCertVerificationError) -> str:
    """Why a certificate was refused, in the language spoken: OpenSSL's usual reasons in
    words (self-signed, an unknown authority, expired, made for another name), else
    OpenSSL's own text."""
    said = str(error.verify_message or error)
    reasons = (("self-signed", N_("it is self-signed")),
               ("unable to get local issuer", N_("it is signed by an authority this computer "
                                                 "does not know")),
               ("expired", N_("it has expired")),
               ("not yet valid", N_("it is not valid yet")),
               ("mismatch", N_("it was made for another server name")))
    return next((_(words) for found, words in reasons if found in said.lower()), said)


_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>"""


def _collection_kind(body: bytes) -> str:
    """"carddav" or "caldav" by the resource type a PROPFIND answer gives, "" for neither."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(body)  # noqa: S314 - the server the user named, asked by us
    except ET.ParseError:
        return ""
    tags = {el.tag for el in root.iter()}
    if "{urn:ietf:params:xml:ns:carddav}addressbook" in tags:
        return "carddav"
    if "{urn:ietf:params:xml:ns:caldav}calendar" in tags:
        return "caldav"
    return ""
