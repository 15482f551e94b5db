"""The feedback address: a ``mailto:`` link with a prepared subject and body."""

from __future__ import annotations

from urllib.parse import quote

SUBJECT = "Rückmeldung zur Barrierefreiheit: {title}"
BODY = (
    "Seite: {address}\r\n"
    "\r\n"
    "Was hat nicht funktioniert? (zum Beispiel: Text, Bild, Link, Formular)\r\n"
    "\r\n"
    "Womit haben Sie die Seite genutzt? (zum Beispiel: Screenreader, Vergrößerung, Tastatur)\r\n"
)


def page_address(baseurl: str, target_uri: str) -> str:
    """The public address of a page (``html_baseurl`` + its file), or its file alone."""
    if not baseurl:
        return target_uri
    return baseurl.rstrip("/") + "/" + target_uri.lstrip("/")


def feedback_mailto(email: str, title: str, address: str) -> str:
    """``mailto:`` with subject and body percent-encoded (RFC 6068)."""
    subject = quote(SUBJECT.format(title=title), safe="")
    body = quote(BODY.format(address=address), safe="")
    return f"mailto:{quote(email, safe='@')}?subject={subject}&body={body}"
