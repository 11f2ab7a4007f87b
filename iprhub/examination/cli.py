"""Commands of the examination capability: family, dossier, pph check, rank; one-line adapters over
``hub.examination``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from iprhub.cli.main import emit_json, fail, with_hub
from iprhub.errors import InvalidInput

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
pph_app = typer.Typer(no_args_is_help=True, help="Patent Prosecution Highway: `pph check NUMBER --at OFFICE`.")


def register(app: typer.Typer) -> None:
    app.command("family")(family)
    app.command("dossier")(dossier)
    app.add_typer(pph_app, name="pph")
    app.command("rank")(rank)


def _out(result: Any, as_json: bool, html: Path | None = None) -> None:
    from iprhub.examination import render

    if html is not None:
        page = render.standalone(result)
        if str(html) == "-":
            typer.echo(page, nl=False)
        else:
            html.write_text(page, encoding="utf-8")
            typer.echo(f"wrote {html}")
    elif as_json:
        emit_json(result)
    else:
        typer.echo(render.text(result))


def family(number: str = typer.Argument(..., help="Publication or application number."),
           extended: bool = typer.Option(False, "--extended", help="INPADOC extended family (any shared priority)."),
           as_json: bool = JSON) -> None:
    """Family of a document from the stored priority claims: simple (same priorities) or --extended."""
    _out(with_hub(as_json, lambda hub: hub.examination.family(number, extended=extended)), as_json)


def dossier(number: str = typer.Argument(..., help="Publication or application number."), as_json: bool = JSON,
            html: Path | None = typer.Option(None, "--html", help="Write the HTML page to this file ('-' prints it).")
            ) -> None:
    """Cross-office dossier of a family: per office status, citations, office actions, examiner decisions."""
    _out(with_hub(as_json, lambda hub: hub.examination.dossier(number)), as_json, html)


@pph_app.command("check")
def pph_check(number: str = typer.Argument(..., help="Application or publication to file a PPH request for."),
              at: str = typer.Option(..., "--at", help="Office of later examination (CN, US, EP, JP, KR …)."),
              claims: Path | None = typer.Option(None, "--claims", help="Claims to file (text, one claim per "
                                                 "numbered paragraph); default: the claims of the application there."),
              as_of: str | None = typer.Option(None, "--date", help="Judge programmes on this date (YYYY-MM-DD)."),
              as_json: bool = JSON,
              html: Path | None = typer.Option(None, "--html", help="Write the PPH annex page ('-' prints it).")
              ) -> None:
    """PPH eligibility at an office, with the claim-correspondence table."""
    import datetime as dt

    try:
        text = claims.read_text(encoding="utf-8") if claims else None
        day = dt.date.fromisoformat(as_of) if as_of else None
    except OSError as exc:
        fail(InvalidInput(f"cannot read the claims file: {exc.strerror}", file=str(claims), field="claims"), as_json)
    except ValueError:
        fail(InvalidInput(f"--date {as_of!r} is not YYYY-MM-DD", field="date"), as_json)
    _out(with_hub(as_json, lambda hub: hub.examination.pph_check(number, at, claims=text, as_of=day,
                                                                  claims_name=str(claims or ""))), as_json, html)


def rank(claim: str | None = typer.Option(None, "--claim", help="Claim text."),
         claim_of: str | None = typer.Option(None, "--claim-of", help="NUMBER:N, claim N of a stored document."),
         candidates: str = typer.Option("", "--candidates", help="Comma-separated numbers of stored documents."),
         candidate_file: list[Path] = typer.Option([], "--candidate-file",
                                                   help="PANORAMA-style JSON candidate (prior_art_specification)."),
         top: int = typer.Option(3, "--top", min=1, max=50, help="Passages shown per candidate."),
         as_json: bool = JSON) -> None:
    """Order candidate documents for one claim; show the passages matching each claim element."""
    nums = [c.strip() for c in candidates.split(",") if c.strip()]
    _out(with_hub(as_json, lambda hub: hub.examination.rank(claim=claim, claim_of=claim_of, candidates=nums,
                                                            candidate_files=candidate_file, top=top)), as_json)
