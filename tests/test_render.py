"""The render process and the typed messages it is spoken to in, with a real spawned process."""

import pickle
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.errors import (
    DocumentFailed,
    HouseStyleError,
    Problem,
    ProblemsFound,
    RenderError,
    WorkLimitExceeded,
)
from reportgen.house_style import HouseStyle
from reportgen.render import (
    ChartRequest,
    Done,
    Failed,
    RenderRequest,
    RenderService,
    _answer,
    _stopped,
)

PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Prøve</title>
</head><body><p>{text}</p></body></html>"""
SPEC = {"mark": "bar", "data": {"values": [{"x": "a", "y": 1}]}, "encoding": {"x": {"field": "x"}}}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RenderService]:
    """One warmed-up render process for the whole module: starting one takes a second."""
    project = tmp_path_factory.mktemp("projekt")
    with RenderService(HouseStyle.for_project(project)) as started:
        yield started


def test_a_chart_request_is_answered_with_svg(service: RenderService) -> None:
    svg = service.svg(SPEC)
    assert svg.startswith("<svg") and "</svg>" in svg


def test_a_render_request_gives_the_pdf_of_each_document(service: RenderService) -> None:
    first, second = service.render([PAGE.format(text="Et"), PAGE.format(text="To")])
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert first != second


def test_the_charts_folder_is_carried_with_the_documents() -> None:
    unstarted = RenderService.__new__(RenderService)  # no process: only the request is looked at
    sent: list[object] = []

    def ask(request: object) -> list[bytes]:
        sent.append(request)
        return [b"%PDF"]

    unstarted._ask = ask  # type: ignore[method-assign]
    unstarted.render(["<p>Et</p>"], figures_dir=Path("build/notat/figurer"))
    assert sent == [RenderRequest(("<p>Et</p>",), Path("build/notat/figurer"))]


def test_a_document_reaching_outside_the_project_fails_with_the_renderers_message(
    service: RenderService,
) -> None:
    html = PAGE.format(text='<img src="file:///etc/passwd" alt="">')
    with pytest.raises(RenderError) as caught:
        service.render([html])
    message = str(caught.value)  # the renderer's own words, not wrapped as a crash
    assert message.startswith("Dokumentet henviser til filer, som ikke må eller kan hentes: ")
    assert "file:///etc/passwd ligger uden for projektet" in message
    assert service.svg(SPEC).startswith("<svg")  # the process is still there for the next


def test_any_other_failure_says_what_failed_and_that_the_last_pdf_is_kept(
    service: RenderService,
) -> None:
    with pytest.raises(RenderError) as caught:
        service.svg({"mark": "ingen-slags"})  # no mark vl-convert knows
    message = str(caught.value)
    assert message.startswith("PDF'en kunne ikke laves: ")
    assert message.endswith(". Den sidste gode PDF er urørt.")


@pytest.mark.parametrize(
    "garbage",
    [("svg", SPEC), "render", None],
    ids=["the old tuple", "a word", "nothing"],
)
def test_a_request_the_process_does_not_know_is_refused(
    service: RenderService, garbage: object
) -> None:
    with pytest.raises(RenderError, match="fik en forespørgsel, den ikke kender"):
        service._ask(garbage)
    assert service.svg(SPEC).startswith("<svg")


def test_bytes_that_are_no_request_at_all_are_refused_and_the_process_goes_on(
    service: RenderService,
) -> None:
    service._conn.send_bytes(b"no pickle")
    reply = service._conn.recv()
    assert isinstance(reply, Failed) and isinstance(reply.error, RenderError)
    assert "fik en forespørgsel, den ikke kender" in str(reply.error)
    assert service.svg(SPEC).startswith("<svg")


def test_an_error_of_reportgen_comes_back_as_the_same_class(tmp_path: Path) -> None:
    outside = tmp_path / "udenfor"
    outside.mkdir()
    project = tmp_path / "projekt"
    (project / "templates").mkdir(parents=True)
    (project / "templates" / "fonts").symlink_to(outside, target_is_directory=True)
    # The process finds the link when it loads its fonts, and tells the first request.
    with RenderService(HouseStyle.for_project(project)) as failing:
        with pytest.raises(HouseStyleError, match=r"templates/fonts peger på"):
            failing.svg(SPEC)


def test_a_dead_process_is_told_with_its_likeliest_reason(tmp_path: Path) -> None:
    with RenderService(HouseStyle.for_project(tmp_path)) as dead:
        dead._process.kill()
        dead._process.join()
        # Without a memory limit, the process died on this request: the note's own failure.
        with pytest.raises(DocumentFailed, match=re.escape(str(_stopped()))):
            dead.svg(SPEC)


class _Raising:
    """A worker that fails every request with the error it is given."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def handle(self, request: object) -> object:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [WorkLimitExceeded("for meget"), RenderError("kan ikke")],
    ids=lambda e: type(e).__name__,
)
def test_a_reportgen_error_crosses_the_pipe_as_itself(error: Exception) -> None:
    reply = pickle.loads(pickle.dumps(_answer(_Raising(error), ChartRequest(SPEC))))
    assert isinstance(reply, Failed)
    assert type(reply.error) is type(error) and str(reply.error) == str(error)


def test_an_error_that_would_come_back_garbled_comes_back_as_its_message() -> None:
    error = ProblemsFound([Problem("notat.yaml", 3, "noget er galt")])
    reply = _answer(_Raising(error), ChartRequest(SPEC))
    assert isinstance(reply, Failed)
    assert type(reply.error) is RenderError and str(reply.error) == str(error)


def test_a_request_is_answered_with_done() -> None:
    class Echo:
        def handle(self, request: object) -> object:
            return request

    request = RenderRequest(())
    assert _answer(Echo(), request) == Done(request)


def test_the_chart_engine_starts_only_when_a_chart_is_asked_for(tmp_path: Path) -> None:
    def loaded(service: RenderService) -> bool:
        # The engine is a shared library of its own: mapped into the process once loaded.
        maps = Path(f"/proc/{service._process.pid}/maps").read_text()
        return "vl_convert" in maps

    with RenderService(HouseStyle.for_project(tmp_path), charts_soon=False) as lazy:
        (pdf,) = lazy.render([PAGE.format(text="Et")])
        assert pdf.startswith(b"%PDF") and not loaded(lazy)
        assert lazy.svg(SPEC).startswith("<svg") and loaded(lazy)
    with RenderService(HouseStyle.for_project(tmp_path)) as eager:
        eager.render(
            [PAGE.format(text="Et")]
        )  # answered once warm: the engine was started beside WeasyPrint
        assert loaded(eager)
