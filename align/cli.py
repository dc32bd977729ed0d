"""The ``align`` command: a thin click layer over the library.

Every error the library raises on purpose (:class:`align.errors.ClauseAlignError`)
becomes one line on stderr and its exit code; findings at or above ``--fail-on``
give exit code 1.
"""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ._version import __version__
from .errors import ClauseAlignError, InputError
from .vocab import FORMATS

SEVERITY_CHOICES = click.Choice(["critical", "major", "minor", "never"])


def _handle_errors(func):
    """Turn ClauseAlignError into a one-line message and its exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ClauseAlignError as exc:
            click.echo(f"align: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("align: interrupted", err=True)
            sys.exit(130)

    return wrapper


@contextmanager
def _progress(label: str, total: int) -> Iterator:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty() or total < 50:
        yield None
        return
    with click.progressbar(length=total, label=label[-40:], file=sys.stderr) as bar:
        yield bar.update


def _emit(text: str, output: str | None) -> None:
    if output and output != "-":
        from .io import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _use_color(output: str | None) -> bool:
    return (not output or output == "-") and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="clausealign")
def main() -> None:
    """Align a document with its translations clause by clause and flag divergences.

    \b
    Example:
      align compare corpus/clicksend/privacy.en.txt corpus/clicksend/privacy.no.txt
      align check policy.en.md policy.nb.md --fail-on major
    """


def _pipeline_options(func):
    options = [
        click.option("--src-lang", help="Source language code (detected offline when omitted)."),
        click.option("--tgt-lang", help="Target language code, for every target (detected when omitted)."),
        click.option("--presegmented", is_flag=True, help="Inputs have one segment per line, as given."),
        click.option("--model", "-m", help="Encoder: a name from `align models` or a sentence-transformers path."),
        click.option("--max-align", type=click.IntRange(2, 8), default=5, show_default=True,
                     help="Largest bead: source + target segments."),
        click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here (atomically)."),
        click.option("--show", type=click.Choice(["all", "findings"]), default="all", show_default=True,
                     help="Text output: findings and the alignment table, or findings only."),
        click.option("--baseline", type=click.Path(dir_okay=False), help="Accepted findings (JSON)."),
        click.option("--update-baseline", is_flag=True, help="Accept every current finding into --baseline."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run(source, targets, src_lang, tgt_lang, presegmented, model, max_align, fmt, output,
         show, baseline, update_baseline, evaluate=True):
    from .aligner import AlignConfig
    from .pipeline import compare, compare_many
    from .report import MultiReport, Report

    if update_baseline and not baseline:
        raise InputError("--update-baseline needs --baseline FILE")
    config = AlignConfig(max_align=max_align)
    options = dict(src_lang=src_lang, tgt_lang=tgt_lang, presegmented=presegmented, model=model,
                   config=config, evaluate=evaluate, progress=_progress)
    result: Report | MultiReport
    if len(targets) == 1:
        result = compare(source, targets[0], **options)
        reports = [result]
    else:
        result = compare_many(source, targets, **options)
        reports = result.reports
    if baseline:
        from .baseline import apply_baseline, write_baseline

        if update_baseline:
            write_baseline(baseline, reports)
        for report in reports:
            apply_baseline(report, baseline)
    extra = {"show": show} if len(reports) == 1 else {}
    _emit(result.render(fmt, color=_use_color(output), **extra), output)
    return result


def _comparing_command(name: str, fail_default: str, findings_only: bool, doc: str) -> None:
    """Register ``compare`` or ``check``: the same pipeline, different defaults."""

    @click.argument("source")
    @click.argument("targets", nargs=-1, required=True)
    @_pipeline_options
    @click.option("--fail-on", type=SEVERITY_CHOICES, default=fail_default, show_default=True,
                  help="Exit 1 when an open finding at or above this severity exists.")
    @_handle_errors
    def command(source, targets, fail_on, **options):
        if findings_only and options["show"] == "all":
            options["show"] = "findings"
        result = _run(source, targets, **options)
        if fail_on != "never" and result.open_findings(fail_on):
            sys.exit(1)

    command.__doc__ = doc
    main.command(name)(command)


_comparing_command("compare", "never", False, """Align SOURCE with one or more TARGETS and report the divergences.

    \b
    Example:
      align compare corpus/clicksend/privacy.en.txt corpus/clicksend/privacy.no.txt
      align compare en.md nb.md de.md --format html -o coverage.html
    """)
_comparing_command("check", "major", True, """CI gate: like compare, findings only; exit 1 at --fail-on.

    \b
    Example:
      align check docs/privacy.en.md docs/privacy.nb.md --fail-on critical --baseline qa/accepted.json
    """)


@main.command()
@click.argument("file")
@click.option("--lang", help="Language code (detected offline when omitted).")
@click.option("--presegmented", is_flag=True, help="One segment per line, as given.")
@click.option("--model", "-m", help="Encoder name or sentence-transformers path.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The .npy file to write.")
@_handle_errors
def embed(file, lang, presegmented, model, output):
    """Write one normalised float32 embedding per segment to a .npy file.

    \b
    Example:
      align embed corpus/clicksend/privacy.no.txt -o no.npy
    """
    import io

    import numpy as np

    from .document import load_document
    from .encoders import load_encoder

    doc = load_document(file, lang, presegmented=presegmented)
    encoder = load_encoder(model)
    with _progress(f"encoding {file}", len(doc.segments)) as update:
        vectors = encoder.encode(doc.texts, update)
    buffer = io.BytesIO()
    np.save(buffer, vectors.astype(np.float32))
    from .io import write_atomic

    write_atomic(output, buffer.getvalue())
    click.echo(f"{len(doc.segments)} segments x {vectors.shape[1]} dimensions -> {output}", err=True)


@main.command()
@click.argument("file")
@click.option("--lang", help="Language code (detected offline when omitted).")
@click.option("--format", "-f", "fmt", type=click.Choice(["lines", "json"]), default="lines", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False))
@_handle_errors
def segment(file, lang, fmt, output):
    """Split FILE into segments: one a line, or JSON with kinds and offsets.

    \b
    Example:
      align segment corpus/clicksend/privacy.no.txt --lang nb
    """
    import json

    from .document import load_document

    doc = load_document(file, lang)
    if fmt == "json":
        text = json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(s.text.replace("\n", " ") + "\n" for s in doc.segments)
    _emit(text, output)


@main.command()
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="html", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here (atomically).")
@click.option("--show", type=click.Choice(["all", "findings"]), default="all", show_default=True)
@_handle_errors
def render(report, fmt, output, show):
    """Render a saved JSON report (`-f json`) in another format, without re-running anything.

    \b
    Example:
      align compare en.txt nb.txt -f json -o report.json
      align render report.json -f html -o report.html
    """
    from .render import render as render_report
    from .render import render_multi
    from .report import load_report_dict

    data = load_report_dict(report)
    if "reports" in data:
        text = render_multi(data, fmt, color=_use_color(output))
    else:
        text = render_report(data, fmt, color=_use_color(output), show=show)
    _emit(text, output)


@main.command()
@_handle_errors
def models():
    """List the encoders known by name (align/encoders/registry.toml).

    \b
    Example:
      align models
    """
    from .encoders import load_registry

    default, specs = load_registry()
    for name, spec in specs.items():
        mark = "*" if name == default else " "
        lang = "multilingual" if spec.multilingual else "monolingual"
        click.echo(f"{mark} {name:12} {spec.backend:22} {lang}")


@main.group(name="eval")
def eval_group() -> None:
    """Score alignments and divergence reports against gold data."""


@eval_group.command("alignment")
@click.option("--gold", "gold", required=True, multiple=True, help="Gold alignment file(s), in order.")
@click.argument("predicted", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line.")
@_handle_errors
def eval_alignment(gold, predicted, as_json):
    """Strict and lax P/R/F1 of PREDICTED against --gold, as Bertalign/Vecalign compute them.

    \b
    Example:
      align eval alignment --gold eval/gold/clicksend-en-no/alignment.txt pred.txt
    """
    from .scoring.alignment import dumps_scores, read_beads, score_alignments

    if len(gold) != len(predicted):
        raise InputError(f"{len(gold)} gold file(s) but {len(predicted)} predicted file(s)")
    scores = score_alignments((read_beads(g), read_beads(p)) for g, p in zip(gold, predicted))
    click.echo(dumps_scores(scores, len(gold)) if as_json else str(scores))


@eval_group.command("divergences")
@click.option("--gold", required=True, type=click.Path(dir_okay=False), help="Gold divergences JSON.")
@click.argument("report", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_handle_errors
def eval_divergences(gold, report, as_json):
    """Recall per gold divergence and the findings that match no gold item.

    \b
    Example:
      align eval divergences --gold eval/gold/clicksend-en-no/divergences.json report.json
    """
    from .scoring.divergences import evaluate_report, format_evaluation

    result = evaluate_report(report, gold)
    click.echo(format_evaluation(result, as_json))


if __name__ == "__main__":  # pragma: no cover
    main()
