"""The preview's web server: the note's pages on 127.0.0.1, pushed to the page on every save.

It serves its own page, the pages of the note as images, the note's PDFs from its build
folder, and a stream of server-sent events that tells the page when there is something new.
Nothing else: no directory listing, no file outside build/<note>/, no other host name in
the request than its own (a web page elsewhere cannot reach it through a DNS trick), and it
listens on the loopback address only.
"""

from __future__ import annotations

import errno
import html
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from .errors import PortInUse
from .preview import Forhaandsvisning, Tilstand

HOST = "127.0.0.1"

# A stream that has said nothing for this long says so, so a closed tab is noticed.
KEEP_ALIVE_SECONDS = 10.0

_PAGE_IMAGE = re.compile(r"/side/(?P<dokument>[^/]+)/(?P<side>[0-9]{1,4})\.png")
_PDF = re.compile(r"/pdf/(?P<dokument>[^/]+)\.pdf")


class PreviewServer(ThreadingHTTPServer):
    """Serve one preview on 127.0.0.1 until `shutdown`."""

    daemon_threads = True  # an open event stream does not keep the process alive

    def __init__(self, preview: Forhaandsvisning, port: int = 0) -> None:
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as error:
            why = (
                "er optaget af et andet program"
                if error.errno == errno.EADDRINUSE
                else f"kan ikke bruges ({error.strerror})"
            )
            raise PortInUse(
                f"Porten {port} på {HOST} {why}. Vælg en anden med --port, eller udelad "
                "--port, så vælges en ledig."
            ) from error
        self.preview = preview
        self.stopping = threading.Event()

    @property
    def url(self) -> str:
        """Return the address to open in a browser."""
        return f"http://{HOST}:{self.server_address[1]}/"

    def allowed_hosts(self) -> set[str]:
        """Return the Host headers a request to this server may carry."""
        port = self.server_address[1]
        return {f"{HOST}:{port}", f"localhost:{port}"}

    def close(self) -> None:
        """End the event streams and close the socket, once `serve_forever` has returned."""
        self.stopping.set()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        """Answer a request for the page, its parts, a page image, a PDF or the events."""
        if self.headers.get("Host", "") not in self.server.allowed_hosts():
            self._refuse(HTTPStatus.FORBIDDEN, "Forhåndsvisningen svarer kun på 127.0.0.1.")
            return
        path = unquote(urlsplit(self.path).path)
        preview = self.server.preview
        if path == "/":
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page(preview).encode())
        elif path == "/indhold":
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _content(preview).encode())
        elif path == "/begivenheder":
            self._events(preview)
        elif match := _PAGE_IMAGE.fullmatch(path):
            self._page_image(preview.tilstand, match["dokument"], int(match["side"]))
        elif match := _PDF.fullmatch(path):
            self._pdf(preview, match["dokument"])
        else:
            self._refuse(HTTPStatus.NOT_FOUND, "Her er intet.")

    def _page_image(self, state: Tilstand, name: str, number: int) -> None:
        for document in state.dokumenter:
            if document.navn == name and 1 <= number <= len(document.sider):
                self._send(HTTPStatus.OK, "image/png", document.sider[number - 1].png)
                return
        self._refuse(HTTPStatus.NOT_FOUND, "Den side findes ikke (længere).")

    def _pdf(self, preview: Forhaandsvisning, name: str) -> None:
        pdf = preview.pdf(name)
        folder = preview.mappe.resolve()
        # Only a PDF the preview shows, and only if it really lies in the note's folder.
        if pdf is None or not pdf.resolve().is_relative_to(folder) or not pdf.is_file():
            self._refuse(HTTPStatus.NOT_FOUND, "Den PDF findes ikke i notatets build-mappe.")
            return
        self._send(HTTPStatus.OK, "application/pdf", pdf.read_bytes())

    def _events(self, preview: Forhaandsvisning) -> None:
        """Stream the state's version each time it changes, until the page or server goes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        version = -1  # the page is told the version at once, in case it missed one
        try:
            while not self.server.stopping.is_set():
                state = preview.vent(version, KEEP_ALIVE_SECONDS)
                if state.version != version:
                    version = state.version
                    self.wfile.write(f"event: opdatering\ndata: {version}\n\n".encode())
                else:
                    self.wfile.write(b": stadig her\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab was closed

    def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", message.encode())

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing: the command line tells what matters."""


def _page(preview: Forhaandsvisning) -> str:
    """Return the whole page: the frame, today's content, and the script that updates it."""
    title = html.escape(f"Forhåndsvisning: {preview.name}")
    return f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>{_STYLE}</style>
</head>
<body>
<header><h1>{title}</h1>
<p id="forbindelse" role="status">Siderne opdateres, hver gang du gemmer.</p></header>
<main id="indhold" aria-live="polite">{_content(preview)}</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _content(preview: Forhaandsvisning) -> str:
    """Return the part of the page that changes: status, problems, and every document's pages."""
    state = preview.tilstand
    parts = [f'<div id="tilstand" data-version="{state.version}">']
    if state.bygger:
        parts.append('<p class="status">Bygger …</p>')
    elif state.bygget is not None:
        parts.append(f'<p class="status">Bygget kl. {state.bygget:%H:%M:%S}.</p>')
    if state.problemer:
        lines = "".join(f"<li>{html.escape(problem)}</li>" for problem in state.problemer)
        kept = " Siderne herunder er de sidste gode." if state.dokumenter else ""
        parts.append(
            f'<section class="problemer" role="alert"><h2>Notatet kan ikke bygges</h2>'
            f"<ul>{lines}</ul><p>Ret filen og gem: siderne kommer igen af sig selv.{kept}</p>"
            "</section>"
        )
    for remark in state.bemaerkninger:
        parts.append(f'<p class="bemaerkning">{html.escape(remark)}</p>')
    for document in state.dokumenter:
        name = html.escape(document.navn)
        parts.append(
            f'<section class="dokument"><h2>{name}.pdf</h2>'
            f'<p><a href="/pdf/{name}.pdf">Åbn PDF\'en</a></p>'
        )
        for number, page in enumerate(document.sider, start=1):
            parts.append(
                f'<figure class="side"><img src="/side/{name}/{number}.png?v={state.version}" '
                f'width="{page.bredde}" height="{page.hoejde}" '
                f'alt="Side {number} af {len(document.sider)} i {name}.pdf">'
                f"<details><summary>Sidens tekst</summary>"
                f'<div class="sidetekst">{html.escape(page.tekst)}</div></details></figure>'
            )
        parts.append("</section>")
    if not state.dokumenter and not state.problemer:
        parts.append("<p>Notatet bygges første gang …</p>")
    parts.append("</div>")
    return "".join(parts)


_STYLE = """
body { margin: 0; background: #e8e8e8; font: 16px/1.4 system-ui, sans-serif; color: #1a1a1a; }
header { background: #fff; padding: .5rem 1.5rem; border-bottom: 1px solid #ccc;
         position: sticky; top: 0; z-index: 1; }
h1 { font-size: 1.1rem; margin: .2rem 0; }
main { padding: 1rem; max-width: 920px; margin: 0 auto; }
.status { color: #444; }
.problemer { background: #fff4f2; border: 2px solid #a8231c; padding: .5rem 1rem; }
.problemer li { white-space: pre-wrap; font-family: ui-monospace, monospace; }
.dokument h2 { font-size: 1rem; margin: 1.5rem 0 .2rem; }
.side { margin: 0 0 1rem; }
.side img { display: block; width: 100%; height: auto; background: #fff;
            box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.sidetekst { white-space: pre-wrap; font-size: .85rem; background: #fff; padding: .5rem; }
"""

_SCRIPT = """
const forbindelse = document.getElementById('forbindelse');
const indhold = document.getElementById('indhold');
let henter = false;
let igen = false;
// One fetch at a time: two answers in flight could arrive in the wrong order and put an
// older state back on the page. An event during a fetch fetches once more after it.
async function hent() {
  if (henter) { igen = true; return; }
  henter = true;
  try {
    do {
      igen = false;
      const svar = await fetch('/indhold', {cache: 'no-store'});
      if (svar.ok) indhold.innerHTML = await svar.text();
    } while (igen);
  } finally {
    henter = false;
  }
}
const kilde = new EventSource('/begivenheder');
kilde.addEventListener('opdatering', (besked) => {
  forbindelse.textContent = 'Siderne opdateres, hver gang du gemmer.';
  const vist = document.getElementById('tilstand');
  if (!vist || vist.dataset.version !== besked.data) hent();
});
kilde.onerror = () => {
  forbindelse.textContent =
    'Forbindelsen til reportgen er afbrudt. Kører reportgen preview stadig?';
};
"""
