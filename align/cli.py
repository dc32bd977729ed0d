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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from ._version import __version__
from .errors import ClauseAlignError, InputError
from .vocab import FORMATS, SEVERITIES

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
                       f"{ISSUES_URL}; rerun as `align --debug COMMAND ...` or with CLAUSEALIGN_DEBUG=1 for the "
                       "traceback)", err=True)
            sys.exit(INTERNAL_ERROR)

    return wrapper


class _Group(click.Group):
    """A click group whose usage errors are one line (plus the --help hint), exit 2."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        standalone = standalone_mode
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
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
    """A progress bar on stderr when it is a terminal; nothing otherwise. ``label`` is ``"verb
    PATH"``: the bar shows the verb and the file name, so it fits the terminal."""
    if not sys.stderr.isatty() or total < 50:
        yield None
        return
    verb, _, path = label.partition(" ")
    name = os.path.basename(path.split("#")[0]) + ("#" + path.split("#")[1] if "#" in path else "")
    with click.progressbar(length=total, label=f"{verb} {name}"[:40], file=sys.stderr) as bar:
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


def _output_options() -> list:
    """The options only some formats take (TMX, CSV/TSV), on compare, check and render."""
    return [
        click.option("--clean-only", is_flag=True,
                     help="TMX: only pairs without an open finding at or above --clean-severity (without it "
                          "pairs with an open critical finding are left out)."),
        click.option("--clean-severity", type=click.Choice(SEVERITIES), default="major", show_default=True,
                     help="TMX with --clean-only: the severity that keeps a pair out."),
        click.option("--bom", is_flag=True, help="CSV/TSV: start with a UTF-8 byte-order mark (for Excel)."),
    ]


def _apply(func, options: list):
    """``func`` with the click ``options``, shown in their order in --help."""
    for option in reversed(options):
        func = option(func)
    return func


def _with_output_options(func):
    return _apply(func, _output_options())


def _render_options(fmt: str, clean_only: bool, clean_severity: str, bom: bool, fail_on: str) -> dict:
    """The renderer options of the output options, each refused with a format that does not take it."""
    if clean_only and fmt != "tmx":
        raise InputError("--clean-only applies to --format tmx")
    if bom and fmt not in ("csv", "tsv"):
        raise InputError("--bom applies to --format csv or tsv")
    return {"clean": clean_severity if clean_only else "critical", "bom": bom,
            "fail_on": fail_on if fail_on in SEVERITIES else "major"}


def _emit_each(multi: dict, fmt: str, output: str | None, inputs: tuple[str, ...]) -> None:
    """Write a per-target format (XLIFF) one file per target, every path checked before any is written."""
    from .io import check_output, write_atomic
    from .render import render_each

    files = render_each(multi, fmt, output)
    for path, _ in files:
        check_output(path, inputs)
    for path, text in files:
        write_atomic(path, text, inputs)
    click.echo(f"align: wrote {', '.join(path for path, _ in files)}", err=True)


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


_INPUT_FORMAT = click.option(
    "--input-format", type=click.Choice(["auto", "text", "markdown", "html", "docx", "pdf"]), default="auto",
    show_default=True, help="Read the inputs as this format (auto: by content and extension).")


def _pipeline_options(func):
    options = [
        click.option("--src-lang", help="Source language code (detected offline when omitted)."),
        click.option("--tgt-lang", help="Target language code, for every target (detected when omitted)."),
        click.option("--presegmented", is_flag=True, help="Inputs have one segment per line, as given."),
        _INPUT_FORMAT,
        click.option("--model", "-m", help="Encoder: a name from `align models` or a sentence-transformers path."),
        click.option("--max-align", type=click.IntRange(2, 8), default=5, show_default=True,
                     help="Largest bead: source + target segments."),
        click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True),
        click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here (atomically)."),
        click.option("--show", type=click.Choice(["all", "findings"]), default="all", show_default=True,
                     help="Text output: findings and the alignment table, or findings only."),
        *_output_options(),
        click.option("--baseline", type=click.Path(dir_okay=False), help="Accepted findings (JSON)."),
        click.option("--update-baseline", is_flag=True, help="Accept every current finding into --baseline."),
        click.option("--reason", help="With --update-baseline: why the newly accepted findings are accepted."),
        click.option("--allow-download", is_flag=True,
                     help="Let a hub --model be fetched (otherwise nothing touches the network)."),
        click.option("--max-input-mb", type=click.FloatRange(min=0.001), default=2.0, show_default=True,
                     help="Refuse larger documents (the size one run handles in bounded memory)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False),
                     help="Project file (default: ./clausealign.toml when present); options override it."),
    ]
    return _apply(func, options)


def _project(options: dict, fail_on: str, gate: bool) -> str:
    """Load the project file (--config, else ./clausealign.toml) into ``options["project"]`` and fill
    the options not given on the command line from it; returns the --fail-on to use (the project's
    applies to ``check``, the ``gate``, unless given)."""
    from click.core import ParameterSource

    from .project import find_project, load_project

    path = options.pop("config_path") or find_project()
    project = options["project"] = load_project(path) if path else None
    if project is None:
        return fail_on
    for key in ("src_lang", "tgt_lang", "baseline"):
        options[key] = options[key] or getattr(project, key)
    explicit = click.get_current_context().get_parameter_source("fail_on") is not ParameterSource.DEFAULT
    return fail_on if explicit or not gate or not project.fail_on else project.fail_on


def _validate(source, targets, src_lang, tgt_lang, fmt, output, baseline, update_baseline, pairs,
              write_back) -> None:
    """Everything that can be checked before the expensive work, each a one-line error."""
    from .lang import normalise
    from .vocab import MULTI_FORMATS, PER_TARGET_FORMATS

    if pairs and targets:
        raise InputError("--pairs takes one bilingual file (XLIFF, TMX, PO or source<TAB>target lines), not TARGETS")
    if not pairs and not targets:
        raise InputError("missing TARGETS: give one or more translations of SOURCE, or a bilingual file "
                         "(XLIFF, TMX, PO; source<TAB>target lines with --pairs)")
    inputs = (source, *targets)
    _check_stdin(inputs)
    if write_back:
        from .bilingual import detect_format

        if not pairs or detect_format(source) not in ("xliff", "xliff2"):
            raise InputError("--write-back needs SOURCE to be an XLIFF file (checked as pairs)")
        if write_back == output:
            raise InputError("--write-back and --output name the same file")
        _check_output(write_back, inputs)
    for code in (src_lang, tgt_lang):
        if code:
            normalise(code)
    if len(targets) > 1 and fmt not in MULTI_FORMATS + PER_TARGET_FORMATS:
        raise InputError(f"--format {fmt} does not support several targets; use "
                         f"{', '.join(MULTI_FORMATS + PER_TARGET_FORMATS)}")
    if len(targets) > 1 and fmt == "tmx" and tgt_lang:
        raise InputError("a multilingual TMX needs one target per language, and --tgt-lang gives them all one")
    if len(targets) > 1 and fmt in PER_TARGET_FORMATS:
        from .render import per_target_paths

        per_target_paths(output, [])  # -o must name one file per target
    _check_output(output, inputs)
    if update_baseline and not baseline:
        raise InputError("--update-baseline needs --baseline FILE")
    if baseline:
        from .baseline import read_baseline

        if update_baseline:
            _check_output(baseline, inputs)
        if not update_baseline or os.path.exists(baseline):
            read_baseline(baseline)  # an update keeps the reasons of the entries already there


def _run(source, targets, src_lang, tgt_lang, presegmented, input_format, model, max_align, fmt, output, show,
         baseline, update_baseline, reason, max_input_mb, allow_download, pairs, clean_only, clean_severity, bom,
         write_back=None, project=None, fail_on="never", evaluate=True):
    from .aligner import AlignConfig
    from .bilingual import detect_format, read_pairs
    from .pipeline import check_pairs, compare, compare_many
    from .pipeline import write_back as write_findings_back
    from .report import MultiReport, Report

    pairs = pairs or (not targets and source != "-" and detect_format(source) not in (None, "tsv"))
    if reason is not None and not update_baseline:
        raise InputError("--reason goes with --update-baseline")
    render_options = _render_options(fmt, clean_only, clean_severity, bom, fail_on)
    _validate(source, targets, src_lang, tgt_lang, fmt, output, baseline, update_baseline, pairs, write_back)
    config = AlignConfig(max_align=max_align)
    options = dict(src_lang=src_lang, tgt_lang=tgt_lang, presegmented=presegmented, model=model,
                   config=config, evaluate=evaluate, progress=_progress, project=project,
                   max_input_bytes=int(max_input_mb * 1_000_000), allow_download=allow_download,
                   input_format=input_format)
    result: Report | MultiReport
    if pairs:
        paired = read_pairs(source, src_lang, tgt_lang, options["max_input_bytes"])
        if paired.skipped:
            click.echo(f"align: {source}: {len(paired.skipped)} unit(s) without a target not checked: "
                       f"{', '.join(paired.skipped[:5])}{' ...' if len(paired.skipped) > 5 else ''}", err=True)
        result = check_pairs(paired, src_lang=src_lang, tgt_lang=tgt_lang, model=model, progress=_progress,
                             project=project, allow_download=allow_download)
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
            write_baseline(baseline, reports, reason)
        for report in reports:
            apply_baseline(report, baseline)
    for report in reports:
        for finding in report.divergences:
            if not finding.source and not finding.target:
                click.echo(f"align: {report.target.path}: {finding.message}", err=True)
    if isinstance(result, MultiReport):
        from .vocab import PER_TARGET_FORMATS

        if fmt in PER_TARGET_FORMATS:
            _emit_each(result.to_dict(), fmt, output, (source, *targets))
            return result
        render_options.pop("bom")
    else:
        render_options["show"] = show
    _emit(result.render(fmt, color=_use_color(output), **render_options), output, (source, *targets))
    if write_back:
        write_findings_back(reports[0], source, write_back)
    return result


def _comparing_command(name: str, fail_default: str, findings_only: bool, doc: str) -> None:
    """Register ``compare`` or ``check``: the same pipeline, different defaults."""

    @click.argument("source")
    @click.argument("targets", nargs=-1)
    @_pipeline_options
    @click.option("--pairs", is_flag=True,
                  help="SOURCE is a file of pre-aligned pairs (source<TAB>target per line; XLIFF, TMX and PO "
                       "are detected without it): each unit is checked as one pair, without aligning.")
    @click.option("--write-back", type=click.Path(dir_okay=False),
                  help="SOURCE is an XLIFF: write a copy here with a note per finding on its unit and the unit "
                       "marked for review.")
    @click.option("--fail-on", type=SEVERITY_CHOICES, default=fail_default, show_default=True,
                  help="Exit 1 when an open finding at or above this severity exists.")
    @_handle_errors
    def command(source, targets, fail_on, **options):
        if findings_only and options["show"] == "all":
            options["show"] = "findings"
        fail_on = _project(options, fail_on, name == "check")
        result = _run(source, targets, fail_on=fail_on, **options)
        if fail_on == "never":
            return
        failing = result.open_findings(fail_on)
        if failing:
            counts = ", ".join(f"{n} {s}" for s in SEVERITIES if (n := sum(f.severity == s for f in failing)))
            click.echo(f"align: {len(failing)} finding{'s' if len(failing) != 1 else ''} at or above "
                       f"{fail_on}: {counts}", err=True)
            sys.exit(1)
        below = result.open_findings()
        counts = ", ".join(f"{n} {s}" for s in SEVERITIES if (n := sum(f.severity == s for f in below)))
        click.echo(f"align: no findings at or above {fail_on}" + (f" ({counts} below it)" if below else ""),
                   err=True)

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
      align check translations.xliff --write-back reviewed.xliff
      align check pairs.tsv --pairs --src-lang de --tgt-lang en -f json -o findings.json
    """)


@main.command()
@click.argument("file")
@click.option("--lang", help="Language code (detected offline when omitted).")
@click.option("--presegmented", is_flag=True, help="One segment per line, as given.")
@_INPUT_FORMAT
@click.option("--model", "-m", help="Encoder name or sentence-transformers path.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The .npy file to write.")
@click.option("--allow-download", is_flag=True, help="Let a hub --model be fetched.")
@_handle_errors
def embed(file, lang, presegmented, input_format, model, output, allow_download):
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
    doc = load_document(file, lang, presegmented=presegmented, input_format=input_format)
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
@click.option("--clauses", is_flag=True,
              help="Also split sentences into clauses after ';' and after a ':' that introduces a list.")
@_INPUT_FORMAT
@click.option("--output", "-o", type=click.Path(dir_okay=False))
@_handle_errors
def segment(file, lang, fmt, clauses, input_format, output):
    """Split FILE into segments: one a line, or JSON with kinds, offsets and file locations.

    The lines output feeds `align compare --presegmented`, e.g. to compare clause by clause.

    \b
    Example:
      align segment corpus/clicksend/privacy.no.txt --lang nb
      align segment policy.html -f json
      align segment terms.en.txt --clauses -o terms.en.lines
    """
    import json

    from .document import load_document

    _check_output(output, (file,))
    doc = load_document(file, lang, input_format=input_format, clauses=clauses)
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
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="major", show_default=True,
              help="JUnit: beads with an open finding at or above this severity fail.")
@_with_output_options
@_handle_errors
def render(report, fmt, output, show, fail_on, clean_only, clean_severity, bom):
    """Render a saved JSON report (`-f json`) in another format, without re-running anything.

    \b
    Example:
      align compare en.txt nb.txt -f json -o report.json
      align render report.json -f html -o report.html
    """
    from .render import render as render_report
    from .render import render_multi
    from .report import load_report_dict
    from .vocab import PER_TARGET_FORMATS

    options = _render_options(fmt, clean_only, clean_severity, bom, fail_on)
    data = load_report_dict(report)
    if "reports" in data and fmt in PER_TARGET_FORMATS:
        _emit_each(data, fmt, output, (report,))
        return
    _check_output(output, (report,))
    if "reports" in data:
        options.pop("bom")
        text = render_multi(data, fmt, color=_use_color(output), **options)
    else:
        text = render_report(data, fmt, color=_use_color(output), show=show, **options)
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


# --- align index: the cross-language clause index (align.index) -------------------------------------------

@main.group(name="index")
def index_group() -> None:
    """A cross-language clause index of a folder of documents: build, search, compare.

    \b
    Example:
      align index build corpus -o corpus.idx
      align index search corpus.idx "where is customer data stored" --lang nb
      align index compare corpus.idx --clause clicksend/privacy.en.txt#23
    """


def _encoding_progress():
    """Progress of the encoding on stderr, ``encoding 1200/5000 segments``, when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\rencoding {done}/{total} segments", nl=done >= total, err=True)

    return show


@index_group.command("build")
@click.argument("corpus")
@click.option("--output", "-o", required=True, help="The index folder (updated, or replaced as a whole).")
@click.option("--lang", help="Language of every document (detected per document when omitted).")
@click.option("--presegmented", is_flag=True, help="Documents have one segment per line, as given.")
@click.option("--model", "-m", help="Encoder: a name from `align models` or a sentence-transformers path.")
@click.option("--kind", type=click.Choice(["auto", "flat", "hnsw"]), default="auto", show_default=True,
              help="Vector index: auto is flat (exact) up to 200,000 clauses and HNSW above.")
@click.option("--rebuild", is_flag=True, help="Build afresh instead of updating the index (also to change model).")
@click.option("--allow-download", is_flag=True, help="Let a hub --model be fetched.")
@click.option("--max-input-mb", type=click.FloatRange(min=0.001), default=2.0, show_default=True,
              help="Skip larger documents.")
@_handle_errors
def index_build(corpus, output, lang, presegmented, model, kind, rebuild, allow_download, max_input_mb):
    """Index every document under CORPUS (.txt, .md, .html, .docx ...) into the folder -o.

    An existing index is updated: only new and changed documents are encoded, removed ones
    are dropped. It must have been built with the same model (else --rebuild).

    \b
    Example:
      align index build corpus -o corpus.idx
    """
    from .index import build_index

    changes = build_index(corpus, output, model=model, lang=lang, presegmented=presegmented, kind=kind,
                          rebuild=rebuild, max_bytes=int(max_input_mb * 1e6), allow_download=allow_download,
                          progress=_encoding_progress())
    for path, why in changes.skipped:
        click.echo(f"align: warning: skipped {path}: {why}", err=True)
    click.echo(f"{output}: {changes.summary()}")


@index_group.command("search")
@click.argument("index_path", metavar="INDEX")
@click.argument("query")
@click.option("--lang", help="Only clauses in this language (e.g. nb; de also takes de-CH).")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many clauses.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model", "-m", help="The query encoder (default: the index's own model; another is refused).")
@_handle_errors
def index_search(index_path, query, lang, k, fmt, model):
    """The clauses nearest in meaning to QUERY, in any language, with scores and locations.

    \b
    Example:
      align index search corpus.idx "where is customer data stored" --lang nb -k 5
    """
    from .encoders import load_encoder
    from .index import ClauseIndex
    from .index.text import render_hits

    index = ClauseIndex(index_path, load_encoder(model) if model else None)
    click.echo(render_hits(index.search(query, lang=lang, k=k), query, fmt, lang), nl=False)


@index_group.command("compare")
@click.argument("index_path", metavar="INDEX")
@click.option("--clause", "clause_id", required=True, help="PATH#SEGMENT, as `align index search` prints it.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_handle_errors
def index_compare(index_path, clause_id, fmt):
    """A clause's counterpart in every document of another language, and what differs.

    Each document of another language gets one line: the counterpart (with the pair checks:
    numbers, names, negation, links), MISSING when the document translates the clause's own but
    not this clause, or unrelated when it is not a translation.

    \b
    Example:
      align index compare corpus.idx --clause clicksend/privacy.en.txt#23
    """
    from .index import ClauseIndex
    from .index.text import render_comparison

    click.echo(render_comparison(ClauseIndex(index_path).compare(clause_id), fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
