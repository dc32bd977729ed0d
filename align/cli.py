"""The ``align`` command: a thin click layer over the library.

Exit codes: 0 success; 1 a finding at or above ``--fail-on``; 2 bad input or options
(every :class:`align.errors.ClauseAlignError` but a model error, and click's usage
errors); 3 a model cannot be loaded; 4 an internal error (a bug: one line on stderr,
the traceback with ``--debug`` or ``CLAUSEALIGN_DEBUG=1``); 130 interrupted.
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
INTERNAL_ERROR = 4
ISSUES_URL = "https://github.com/clausealign/clausealign/issues"


def _debug() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    flag = bool(root and root.params.get("debug"))
    return flag or os.environ.get("CLAUSEALIGN_DEBUG", "") not in ("", "0")


def _handle_errors(func):
    """Turn ClauseAlignError into a one-line message and its exit code; anything else is exit 4."""

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
        except Exception as exc:  # a bug: never exit 1, which `check` users read as "findings"
            if _debug():
                raise
            where = exc.__traceback__
            while where and where.tb_next:
                where = where.tb_next
            place = f" at {os.path.basename(where.tb_frame.f_code.co_filename)}:{where.tb_lineno}" if where else ""
            click.echo(f"align: internal error: {type(exc).__name__}: {exc}{place} (a bug; please report it at "
                       f"{ISSUES_URL}; rerun with --debug for the traceback)", err=True)
            sys.exit(INTERNAL_ERROR)

    return wrapper


class _Group(click.Group):
    """A click group whose usage errors are one line (plus the --help hint), exit 2."""

    def main(self, *args, **kwargs):  # type: ignore[override]
        standalone = kwargs.pop("standalone_mode", True)
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "align"
            click.echo(f"align: error: {exc.format_message()} (see '{command} --help')", err=True)
            if not standalone:
                raise
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("align: interrupted", err=True)
            sys.exit(130)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


@contextmanager
def _progress(label: str, total: int) -> Iterator:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty() or total < 50:
        yield None
        return
    with click.progressbar(length=total, label=label[-40:], file=sys.stderr) as bar:
        yield bar.update


def _emit(text: str, output: str | None, inputs: tuple[str, ...] = ()) -> None:
    if output and output != "-":
        from .io import write_atomic

        write_atomic(output, text, inputs)
    else:
        click.echo(text, nl=False)


def _check_output(output: str | None, inputs: tuple[str, ...]) -> None:
    """Refuse a bad ``-o`` before any expensive work."""
    if output and output != "-":
        from .io import check_output

        check_output(output, inputs)


def _check_stdin(inputs: tuple[str, ...]) -> None:
    if sum(i == "-" for i in inputs) > 1:
        raise InputError("standard input ('-') can be only one of the inputs")


def _use_color(output: str | None) -> bool:
    return (not output or output == "-") and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="clausealign")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error (also CLAUSEALIGN_DEBUG=1).")
def main(debug: bool) -> None:
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
        click.option("--allow-download", is_flag=True,
                     help="Let a hub --model be fetched (otherwise nothing touches the network)."),
        click.option("--max-input-mb", type=click.FloatRange(min=0.001), default=2.0, show_default=True,
                     help="Refuse larger documents (the size one run handles in bounded memory)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _validate(source, targets, src_lang, tgt_lang, fmt, output, baseline, update_baseline, pairs) -> None:
    """Everything that can be checked before the expensive work, each a one-line error."""
    from .lang import normalise
    from .vocab import MULTI_FORMATS

    if pairs and targets:
        raise InputError("--pairs takes one bilingual file (source<TAB>target per line), not TARGETS")
    if not pairs and not targets:
        raise InputError("missing TARGETS: give one or more translations of SOURCE (or --pairs FILE)")
    inputs = (source, *targets)
    _check_stdin(inputs)
    for code in (src_lang, tgt_lang):
        if code:
            normalise(code)
    if len(targets) > 1 and fmt not in MULTI_FORMATS:
        raise InputError(f"--format {fmt} does not support several targets; use {', '.join(MULTI_FORMATS)}")
    _check_output(output, inputs)
    if update_baseline and not baseline:
        raise InputError("--update-baseline needs --baseline FILE")
    if baseline:
        from .baseline import read_baseline

        if update_baseline:
            _check_output(baseline, inputs)
        else:
            read_baseline(baseline)


def _run(source, targets, src_lang, tgt_lang, presegmented, model, max_align, fmt, output,
         show, baseline, update_baseline, max_input_mb, allow_download, pairs, evaluate=True):
    from .aligner import AlignConfig
    from .pipeline import check_pairs, compare, compare_many
    from .report import MultiReport, Report

    _validate(source, targets, src_lang, tgt_lang, fmt, output, baseline, update_baseline, pairs)
    config = AlignConfig(max_align=max_align)
    options = dict(src_lang=src_lang, tgt_lang=tgt_lang, presegmented=presegmented, model=model,
                   config=config, evaluate=evaluate, progress=_progress,
                   max_input_bytes=int(max_input_mb * 1_000_000), allow_download=allow_download)
    result: Report | MultiReport
    if pairs:
        result = check_pairs(source, src_lang=src_lang, tgt_lang=tgt_lang, model=model, progress=_progress,
                             max_input_bytes=options["max_input_bytes"], allow_download=allow_download)
        reports = [result]
    elif len(targets) == 1:
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
    for report in reports:
        for finding in report.divergences:
            if not finding.source and not finding.target:
                click.echo(f"align: {report.target.path}: {finding.message}", err=True)
    extra = {"show": show} if len(reports) == 1 else {}
    _emit(result.render(fmt, color=_use_color(output), **extra), output, (source, *targets))
    return result


def _comparing_command(name: str, fail_default: str, findings_only: bool, doc: str) -> None:
    """Register ``compare`` or ``check``: the same pipeline, different defaults."""

    @click.argument("source")
    @click.argument("targets", nargs=-1)
    @_pipeline_options
    @click.option("--pairs", is_flag=True,
                  help="SOURCE is a file of pre-aligned pairs (source<TAB>target per line): each line is "
                       "checked as one pair, without aligning; pair i is line i + 1.")
    @click.option("--fail-on", type=SEVERITY_CHOICES, default=fail_default, show_default=True,
                  help="Exit 1 when an open finding at or above this severity exists.")
    @_handle_errors
    def command(source, targets, fail_on, **options):
        if findings_only and options["show"] == "all":
            options["show"] = "findings"
        result = _run(source, targets, **options)
        if fail_on == "never":
            return
        failing = result.open_findings(fail_on)
        if failing:
            from .vocab import SEVERITIES

            counts = ", ".join(f"{n} {s}" for s in SEVERITIES if (n := sum(f.severity == s for f in failing)))
            click.echo(f"align: {len(failing)} finding{'s' if len(failing) != 1 else ''} at or above "
                       f"{fail_on}: {counts}", err=True)
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
      align check pairs.tsv --pairs --src-lang de --tgt-lang en -f json -o findings.json
    """)


@main.command()
@click.argument("file")
@click.option("--lang", help="Language code (detected offline when omitted).")
@click.option("--presegmented", is_flag=True, help="One segment per line, as given.")
@click.option("--model", "-m", help="Encoder name or sentence-transformers path.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The .npy file to write.")
@click.option("--allow-download", is_flag=True, help="Let a hub --model be fetched.")
@_handle_errors
def embed(file, lang, presegmented, model, output, allow_download):
    """Write one normalised float32 embedding per segment to a .npy file.

    \b
    Example:
      align embed corpus/clicksend/privacy.no.txt -o no.npy
    """
    import io

    import numpy as np

    from .document import load_document
    from .encoders import load_encoder

    _check_output(output, (file,))
    doc = load_document(file, lang, presegmented=presegmented)
    encoder = load_encoder(model, allow_download=allow_download)
    with _progress(f"encoding {file}", len(doc.segments)) as update:
        vectors = encoder.encode(doc.texts, update)
    buffer = io.BytesIO()
    np.save(buffer, vectors.astype(np.float32))
    from .io import write_atomic

    write_atomic(output, buffer.getvalue(), (file,))
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

    _check_output(output, (file,))
    doc = load_document(file, lang)
    if fmt == "json":
        text = json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = "".join(s.text.replace("\n", " ") + "\n" for s in doc.segments)
    _emit(text, output, (file,))


@main.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--manifest", type=click.Path(dir_okay=False),
              help="CSV with source,target (and optional src_lang,tgt_lang,name) columns instead of FOLDER.")
@click.option("--output-dir", "-o", required=True, type=click.Path(file_okay=False),
              help="Folder for the reports, summary.json and index.html.")
@click.option("--source-lang", default="en", show_default=True,
              help="FOLDER: the language of the source files (NAME.LANG.EXT).")
@click.option("--format", "-f", "formats", type=click.Choice(FORMATS), multiple=True,
              help="Report formats per pair (repeat the option) [default: json, html].")
@click.option("--fail-on", type=SEVERITY_CHOICES, default="major", show_default=True,
              help="Exit 1 when any pair has an open finding at or above this severity.")
@click.option("--jobs", "-j", type=click.IntRange(1, 1024), default=1, show_default=True,
              help="Pairs at once, each worker process (or Ray actor) loading the model once.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: processes on this machine; ray: a Ray cluster with Ray Data (the clausealign[ray] extra).")
@click.option("--address", help="--engine ray: the Ray cluster to use (default: start a local Ray of --jobs CPUs).")
@click.option("--num-gpus", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="--engine ray: GPUs each worker asks for.")
@click.option("--model", "-m", help="Encoder: a name from `align models` or a sentence-transformers path.")
@click.option("--max-input-mb", type=click.FloatRange(min=0.001), default=2.0, show_default=True,
              help="Refuse larger documents.")
@_handle_errors
def batch(folder, manifest, output_dir, source_lang, formats, fail_on, jobs, engine, address, num_gpus, model,
          max_input_mb):
    """Check many document pairs with one model load: a report per pair, an index and a summary.

    \b
    Pairs: files NAME.LANG.EXT in FOLDER (privacy.en.html with privacy.de.html, privacy.fr.html),
    or --manifest pairs.csv. Exit 0 clean, 1 when a pair fails --fail-on, 2 when a pair could not
    be read (the others are still checked).

    \b
    Example:
      align batch site/ --source-lang en -o qa/
      align batch --manifest pairs.csv -o qa/ -f json -f html -f sarif -j 2
      align batch site/ -o qa/ --engine ray --address ray://head:10001 -j 32
    """
    from .batch import pair_folder, read_manifest, run_batch

    if bool(folder) == bool(manifest):
        raise InputError("give FOLDER or --manifest CSV (one of them)")
    if engine == "local" and (address or num_gpus):
        raise InputError("--address and --num-gpus need --engine ray")
    jobs_list = read_manifest(manifest) if manifest else pair_folder(folder, source_lang)
    done = [0]

    def on_result(result) -> None:
        done[0] += 1
        state = result.error if result.status == "error" else (
            ", ".join(f"{n} {s}" for s, n in result.findings.items() if n) or "no findings")
        click.echo(f"[{done[0]}/{len(jobs_list)}] {result.job.stem}: {result.status} ({state})", err=True)

    options = dict(model=model, formats=formats or ("json", "html"), fail_on=fail_on, on_result=on_result,
                   max_input_bytes=int(max_input_mb * 1_000_000))
    if engine == "ray":
        from .engines.ray import run_batch_ray

        result = run_batch_ray(jobs_list, output_dir, address=address, workers=jobs, num_gpus=num_gpus, **options)
    else:
        result = run_batch(jobs_list, output_dir, jobs_at_once=jobs, **options)
    click.echo(f"align: {len(result.results)} pairs: {len(result.failed)} failed --fail-on {fail_on}, "
               f"{len(result.errors)} not checked; index {result.index}"
               + (f", findings {result.table}" if result.table else ""), err=True)
    if result.errors:
        sys.exit(2)
    if result.failed:
        sys.exit(1)


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

    _check_output(output, (report,))
    data = load_report_dict(report)
    if "reports" in data:
        text = render_multi(data, fmt, color=_use_color(output))
    else:
        text = render_report(data, fmt, color=_use_color(output), show=show)
    _emit(text, output, (report,))


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
    from .scoring.alignment import check_in_range, dumps_scores, read_beads, score_alignments

    if len(gold) != len(predicted):
        raise InputError(f"{len(gold)} gold file(s) but {len(predicted)} predicted file(s)")
    pairs = [(read_beads(g), read_beads(p)) for g, p in zip(gold, predicted)]
    for name, (g, p) in zip(gold, pairs):
        check_in_range(g, p, name)
    scores = score_alignments(pairs)
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
