"""Many document pairs in one run: one model load, one report per pair, an index and a summary.

Pairs come from a folder, by file name (``NAME.LANG.EXT``: ``privacy.en.html`` is the source of
``privacy.de.html``, ``privacy.fr.html``...), or from a manifest CSV (``source,target`` columns,
optional ``src_lang,tgt_lang``). :func:`run_batch` checks every pair with one encoder and writes

* ``OUT/NAME.SRC-TGT.json`` (and ``.html``, or any other format asked for) per pair,
* ``OUT/summary.json`` (schema ``clausealign.batch/1``): per pair its status, worst severity,
  finding counts, report files or error, and
* ``OUT/index.html``: documents x languages, the worst finding per cell, linked to the reports.

A pair that cannot be read (a bad file) is recorded with its error and does not stop the others.

Example::

    jobs = pair_folder("site/", source_lang="en")
    result = run_batch(jobs, "qa-out/", fail_on="major")
    result.failed        # the pairs with an open finding at or above major
"""
from __future__ import annotations

import csv
import json
import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .encoders import Encoder, load_encoder, resolve
from .errors import ClauseAlignError, InputError
from .io import write_atomic
from .lang import normalise
from .pipeline import compare
from .report import Report
from .vocab import BATCH_SCHEMA, FORMATS, SEVERITIES, severity_rank

_NAME = re.compile(r"^(?P<name>.+)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\.(?P<ext>[^.]+)$")


@dataclass(frozen=True)
class Job:
    """One document pair of a batch; ``name`` keys its report files."""

    name: str
    source: str
    target: str
    src_lang: str | None = None
    tgt_lang: str | None = None

    @property
    def stem(self) -> str:
        """The report files' stem: ``NAME.SRC-TGT`` (languages as given or ``auto``)."""
        return f"{self.name}.{self.src_lang or 'auto'}-{self.tgt_lang or 'auto'}"


@dataclass
class PairResult:
    """What one pair gave: ``status`` ``ok``, ``failed`` (open findings at or above fail-on) or ``error``."""

    job: Job
    status: str
    worst: str | None = None
    findings: dict[str, int] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)
    error: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict:
        """JSON form (one entry of the summary's ``pairs``)."""
        return {**asdict(self.job), "status": self.status, "worst": self.worst, "findings": self.findings,
                "reports": self.reports, "error": self.error, "seconds": round(self.seconds, 2)}


@dataclass
class BatchResult:
    """Every pair's result, in job order, and where the summary, index and findings table were written
    (the table by the Ray engine only, :mod:`align.engines.ray`)."""

    model: str
    results: list[PairResult]
    summary: str = ""
    index: str = ""
    table: str = ""

    @property
    def failed(self) -> list[PairResult]:
        """Pairs with an open finding at or above the batch's fail-on severity."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def errors(self) -> list[PairResult]:
        """Pairs that could not be checked (bad input)."""
        return [r for r in self.results if r.status == "error"]

    def to_dict(self) -> dict:
        """The summary (schema ``clausealign.batch/1``)."""
        from .report import _now

        return {"schema": BATCH_SCHEMA, "created": _now(), "model": self.model,
                "pairs": [r.to_dict() for r in self.results],
                "totals": {s: sum(r.status == s for r in self.results) for s in ("ok", "failed", "error")}}


def pair_folder(folder: str | Path, source_lang: str = "en") -> list[Job]:
    """Pair ``NAME.LANG.EXT`` files of ``folder``: each ``source_lang`` file with its siblings.

    A target must share the source's name and extension. Raises :class:`InputError` when the
    folder is missing or holds no pair.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{folder}: no such folder")
    src = normalise(source_lang)
    groups: dict[tuple[str, str], dict[str, Path]] = {}
    for path in sorted(p for p in root.iterdir() if p.is_file()):
        m = _NAME.match(path.name)
        if m:
            try:
                lang = normalise(m["lang"])
            except InputError:
                continue  # "privacy.v2.txt": not a language code
            groups.setdefault((m["name"], m["ext"]), {})[lang] = path
    jobs = [Job(name, str(langs[src]), str(path), src, lang)
            for (name, _), langs in sorted(groups.items()) if src in langs
            for lang, path in sorted(langs.items()) if lang != src]
    if not jobs:
        raise InputError(f"{folder}: no document pairs (files named NAME.{src}.EXT with NAME.LANG.EXT beside them)")
    return jobs


def read_manifest(path: str | Path) -> list[Job]:
    """Jobs from a CSV with ``source,target`` columns (optional ``src_lang,tgt_lang,name``).

    Relative paths are taken from the manifest's folder. A missing column, an empty cell or a
    file that does not exist is a one-line :class:`InputError` naming the row.
    """
    base = Path(path).parent
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: not a readable CSV manifest ({exc})") from None
    if not rows or not {"source", "target"} <= set(rows[0]):
        raise InputError(f"{path}: a manifest needs a header with 'source' and 'target' columns and one row per pair")
    jobs = []
    for number, row in enumerate(rows, 2):
        files = [(row.get(col) or "").strip() for col in ("source", "target")]
        if not all(files):
            raise InputError(f"{path}: row {number}: empty source or target")
        resolved = [str(f if Path(f).is_absolute() else base / f) for f in files]
        for f in resolved:
            if not Path(f).is_file():
                raise InputError(f"{path}: row {number}: {f}: no such file")
        langs = [normalise(code) if (code := (row.get(col) or "").strip()) else None
                 for col in ("src_lang", "tgt_lang")]
        name = (row.get("name") or "").strip() or Path(files[1]).name
        jobs.append(Job(name, resolved[0], resolved[1], langs[0], langs[1]))
    return jobs


def check_job(job: Job, encoder: Encoder, out_dir: Path, formats: Sequence[str], fail_on: str,
              **options) -> PairResult:
    """Compare one pair and write its reports; a bad input becomes an ``error`` result."""
    import time

    start = time.perf_counter()
    try:
        report = compare(job.source, job.target, src_lang=job.src_lang, tgt_lang=job.tgt_lang, encoder=encoder,
                         **options)
    except ClauseAlignError as exc:
        return PairResult(job, "error", error=str(exc), seconds=time.perf_counter() - start)
    result, files = pair_result(job, report, formats, fail_on, time.perf_counter() - start)
    write_reports(out_dir, job, files)
    return result


def pair_result(job: Job, report: Report, formats: Sequence[str], fail_on: str,
                seconds: float) -> tuple[PairResult, dict[str, str]]:
    """The pair's result and its reports rendered in ``formats`` (``{file name: text}``), not yet written."""
    open_ = report.open_findings()
    counts: dict[str, int] = {s: sum(f.severity == s for f in open_) for s in SEVERITIES}
    worst = next((s for s in SEVERITIES if counts[s]), None)
    failing = fail_on != "never" and bool(report.open_findings(fail_on))
    names = {fmt: f"{job.stem}.{fmt}" for fmt in formats}
    files = {names[fmt]: report.render(fmt) for fmt in formats}
    return PairResult(job, "failed" if failing else "ok", worst, counts, names, seconds=seconds), files


def write_reports(out_dir: Path, job: Job, files: dict[str, str]) -> None:
    """Write a pair's rendered reports into ``out_dir`` (atomically, never over the pair's inputs)."""
    for name, text in files.items():
        write_atomic(out_dir / name, text, (job.source, job.target))


_WORKER: dict[str, Encoder] = {}


def _init_worker(model: str | None) -> None:
    _WORKER["encoder"] = load_encoder(model)


def _run_in_worker(args: tuple) -> PairResult:
    job, out_dir, formats, fail_on, options = args
    return check_job(job, _WORKER["encoder"], out_dir, formats, fail_on, **options)


def run_batch(jobs: Sequence[Job], out_dir: str | Path, *, model: str | None = None,
              encoder: Encoder | None = None, formats: Sequence[str] = ("json", "html"),
              fail_on: str = "major", jobs_at_once: int = 1,
              on_result: Callable[[PairResult], None] | None = None, **options) -> BatchResult:
    """Check every job with one encoder (one per worker process when ``jobs_at_once > 1``).

    Writes each pair's reports in ``formats``, then ``summary.json`` and ``index.html`` into
    ``out_dir`` (created). ``options`` go to :func:`align.pipeline.compare` (``config``,
    ``divergence``...). ``on_result`` is called as each pair finishes (progress).
    """
    out = prepare_output(out_dir, formats, fail_on)
    results: list[PairResult] = []
    if jobs_at_once > 1 and len(jobs) > 1 and encoder is None:
        tasks = [(job, out, tuple(formats), fail_on, options) for job in jobs]
        # spawned, not forked: a fork of a process running ONNX Runtime's threads can deadlock
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(jobs_at_once, len(jobs)), mp_context=context, initializer=_init_worker,
                                 initargs=(model,)) as pool:
            for result in pool.map(_run_in_worker, tasks):
                results.append(result)
                if on_result:
                    on_result(result)
        name = resolve(model).name
    else:
        encoder = encoder or load_encoder(model)
        for job in jobs:
            results.append(check_job(job, encoder, out, formats, fail_on, **options))
            if on_result:
                on_result(results[-1])
        name = encoder.name
    return finish_batch(out, name, results)


def prepare_output(out_dir: str | Path, formats: Sequence[str], fail_on: str) -> Path:
    """Check ``formats`` and ``fail_on`` and create ``out_dir``: bad options fail before any model loads."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(f"unknown format {unknown[0]!r} (one of {', '.join(FORMATS)})")
    if fail_on != "never":
        severity_rank(fail_on)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot create the output folder ({exc.strerror or exc})") from None
    return out


def finish_batch(out: Path, model: str, results: list[PairResult]) -> BatchResult:
    """Write ``summary.json`` and ``index.html`` of ``results`` (in job order) into ``out``."""
    from .render.batch import render_batch_index

    batch = BatchResult(model, results)
    summary = batch.to_dict()
    batch.summary = str(out / "summary.json")
    batch.index = str(out / "index.html")
    write_atomic(batch.summary, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    write_atomic(batch.index, render_batch_index(summary))
    return batch
