//! `onbrand check` and `onbrand baseline`: lint files in parallel, print in a stable order,
//! exit by severity.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use onbrand::document::Format;
use onbrand::finding::Applicability;
use onbrand::fix;
use onbrand::lint::{LintedFile, Linter};
use onbrand::output::baseline::{Baseline, BaselineCounts};
use onbrand::output::json::{self, ErrorReport, FileReport, RunReport};
use onbrand::output::{self, OutputFormat, Summary, github, human, junit, sarif};
use onbrand::report::fingerprint::Fingerprint;

use super::walk::{self, Target, Walk};
use super::{CheckArgs, EXIT_ERROR, EXIT_FINDINGS};

/// Everything a run shares between its worker threads.
struct Run {
    linter: Linter,
    baseline: Option<(Baseline, Mutex<BaselineCounts>)>,
    /// Whether the human format is coloured (decided once: `--output-file` never is).
    colour: bool,
    /// The fixes `--fix` and `--diff` apply: safe ones, or all with `--unsafe-fixes`.
    allowed: Applicability,
}

/// What became of one file.
enum Outcome {
    /// Excluded by configuration.
    Skipped,
    Linted {
        /// Boxed: a file report is large, and skipped or failed files have none.
        rendered: Box<Rendered>,
        counts: Summary,
        problem: Option<String>,
        /// The prose sketch `report` finds near-duplicates with; only for `--format json`.
        /// Boxed: it is large, and most outcomes have none.
        fingerprint: Option<Box<Fingerprint>>,
        /// The rule of each finding, for `--statistics`.
        rules: Vec<String>,
        /// What SARIF says about each rule of the file's findings (`--format sarif` only).
        helps: sarif::RuleHelps,
    },
    Failed {
        message: String,
    },
}

/// One file's output, rendered on a worker thread.
enum Rendered {
    /// Printed as soon as its turn comes.
    Text(String),
    /// Kept for a format that prints the whole run at once.
    Report(FileReport),
}

pub fn run(args: CheckArgs) -> Result<ExitCode, String> {
    let reads_stdin = args.paths.iter().any(|path| path == Path::new("-"));
    // The walk reads the folders while the guideline compiles: both come before any file is
    // linted, and the compile leaves the walk's syscalls a core (or part of one).
    let walk = (!reads_stdin).then(|| start_walk(&args));
    let run = prepare(&args)?;
    let Some(walk) = walk else {
        if args.paths.len() > 1 {
            return Err("`-` (standard input) cannot be combined with other paths".to_owned());
        }
        return check_stdin(&run, &args);
    };
    let walk = walk
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    warm_config(&run, &walk);
    let output = Output::open(args.output_file.as_deref())?;
    let exit = report(&args, &walk, output, |each| {
        lint_targets(&run, &walk.targets, &args, each)
    });
    // Freeing the compiled guideline and its caches, one allocation after another, was the
    // run's serial end (8 M instructions on the Rust blog); the process exits now and the
    // system takes the memory back at once. Nothing in them writes anything when dropped.
    std::mem::forget(run);
    exit
}

/// Where the findings go: standard output, or `--output-file`, written to a temporary file
/// beside it and renamed over it when the run ends, so that a reader (the merge job of a
/// sharded run) never sees half a report.
enum Output {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File {
        temporary: std::io::BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(std::io::BufWriter::new(
                std::io::stdout().lock(),
            )));
        };
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let temporary = tempfile::Builder::new()
            .prefix(".onbrand-output-")
            .tempfile_in(folder)
            .map_err(|error| format!("{}: cannot write here: {error}", path.display()))?;
        Ok(Output::File {
            temporary: std::io::BufWriter::new(temporary),
            path: path.to_owned(),
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(stdout) => stdout,
            Output::File { temporary, .. } => temporary,
        }
    }

    /// Flush, and put the file in place.
    fn finish(self) -> Result<(), String> {
        match self {
            Output::Stdout(mut stdout) => {
                let _ = stdout.flush();
                Ok(())
            }
            Output::File { temporary, path } => {
                let failed = |error: &dyn std::fmt::Display| format!("{}: {error}", path.display());
                let temporary = temporary
                    .into_inner()
                    .map_err(|error| failed(error.error()))?;
                temporary
                    .persist(&path)
                    .map(|_| ())
                    .map_err(|error| failed(&error.error))
            }
        }
    }
}

/// What `report` is handed for each linted file.
pub(super) type EachFile<'a> =
    dyn FnMut(&FileReport, Option<Fingerprint>) -> std::io::Result<()> + 'a;

/// Lint like `check --format json` and hand each file's report and prose sketch to `each`, in
/// path order, instead of printing them (for `report`); return the run's errors and summary.
pub(super) fn lint_each(
    args: &CheckArgs,
    each: &mut EachFile<'_>,
) -> Result<(Vec<ErrorReport>, Summary), String> {
    let run = prepare(args)?;
    let walk = targets(args);
    let mut gathered = Gathered::new(&walk.errors, Some(Streamed::Each(each)));
    lint_targets(&run, &walk.targets, args, |target, outcome| {
        gathered.add(target, outcome, &mut std::io::sink());
    });
    gathered.finish_stream(&mut std::io::sink())?;
    Ok((gathered.run.errors, gathered.run.summary))
}

/// Files with fewer targets than this finish before a progress bar would be worth drawing.
const PROGRESS_MIN_FILES: usize = 200;

/// Lint every target in parallel and hand each outcome to `each` in target order, as soon as
/// its turn comes, with a progress bar on stderr when it is a terminal and the run is long.
///
/// Workers take targets in order from a shared counter, so outcomes arrive nearly in order:
/// the few that finish ahead of a slow file wait in `early`, and everything else is printed
/// and dropped while the rest of the run goes on. Output overlaps linting, and memory does not
/// grow with the number of files or findings (as it did when every outcome was collected
/// before printing).
fn lint_targets(
    run: &Run,
    targets: &[Target],
    args: &CheckArgs,
    mut each: impl FnMut(&Target, Outcome),
) {
    let bar = (targets.len() >= PROGRESS_MIN_FILES && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(targets.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
            bar.set_style(style);
        }
        bar
    });
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, Outcome)>();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            rayon::broadcast(|_| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(target) = targets.get(index) else {
                        break;
                    };
                    // The receiver only goes away if the printing thread panicked.
                    if sender.send((index, check_file(run, target, args))).is_err() {
                        break;
                    }
                }
            });
            drop(sender);
        });
        let mut early = BTreeMap::new();
        let mut due = 0;
        for (index, outcome) in receiver {
            early.insert(index, outcome);
            while let Some(outcome) = early.remove(&due) {
                each(&targets[due], outcome);
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                due += 1;
            }
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

/// `onbrand baseline`: lint like `check` and write every finding to the baseline file.
pub fn record_baseline(mut args: CheckArgs, output: &Path) -> Result<ExitCode, String> {
    args.format = OutputFormat::Json;
    args.baseline = None;
    let run = prepare(&args)?;
    let Walk {
        targets,
        errors: walk_errors,
        ..
    } = targets(&args);
    let outcomes: Vec<Outcome> = targets
        .par_iter()
        .map(|target| check_file(&run, target, &args))
        .collect();
    let mut files = Vec::new();
    let mut failed = walk_errors.len();
    for outcome in outcomes {
        match outcome {
            Outcome::Linted { rendered, .. } => {
                if let Rendered::Report(report) = *rendered {
                    files.push(report);
                }
            }
            Outcome::Failed { message } => {
                failed += 1;
                anstream::eprintln!("error: {message}");
            }
            _ => {}
        }
    }
    let baseline = Baseline::record(&files);
    let text = serde_json::to_string_pretty(&baseline).map_err(|error| error.to_string())?;
    std::fs::write(output, text + "\n")
        .map_err(|error| format!("cannot write {}: {error}", output.display()))?;
    anstream::eprintln!(
        "Recorded {} findings in {}.",
        baseline.findings.len(),
        output.display()
    );
    Ok(if failed > 0 {
        ExitCode::from(EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

fn prepare(args: &CheckArgs) -> Result<Run, String> {
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return Err(
            "--unsafe-fixes says which fixes --fix or --diff apply; add one of them".to_owned(),
        );
    }
    let allowed = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|error| format!("cannot start {threads} threads: {error}"))?;
    }
    // The workers would wait for the guideline: its rules compile on them instead.
    onbrand::guideline::compile_in_parallel(true);
    let linter = super::linter(
        args.config.as_deref(),
        args.channel.clone(),
        args.language.as_deref(),
    )?;
    let baseline = match &args.baseline {
        Some(path) => {
            let baseline = super::report::read_baseline(path)?;
            let counts = Mutex::new(baseline.counts());
            Some((baseline, counts))
        }
        None => None,
    };
    let colour = args.output_file.is_none() && colours_stdout();
    Ok(Run {
        linter,
        baseline,
        colour,
        allowed,
    })
}

/// Load the first file's configuration here, outside the pool, where its guideline compiles
/// in parallel: a worker would compile it alone while the others wait (the shipped guideline:
/// 36 M instructions). Most runs have one configuration; the workers find it cached, a broken
/// one too, and report its error as before.
fn warm_config(run: &Run, walk: &Walk) {
    if let Some(first) = walk.targets.first() {
        let _ = run.linter.config_for(&first.path);
    }
}

/// [`targets`] on a thread of its own (not joined when the run stops at an error first).
fn start_walk(args: &CheckArgs) -> std::thread::JoinHandle<Walk> {
    let (paths, force_exclude, shard) = (args.paths.clone(), args.force_exclude, args.shard);
    std::thread::spawn(move || walk_targets(paths, force_exclude, shard))
}

/// The files of this run (of this shard, with `--shard`), sorted.
fn targets(args: &CheckArgs) -> Walk {
    walk_targets(args.paths.clone(), args.force_exclude, args.shard)
}

/// The files under `paths` (the current folder when none), of `shard` only, sorted.
fn walk_targets(
    paths: Vec<PathBuf>,
    force_exclude: bool,
    shard: Option<onbrand::output::shard::Shard>,
) -> Walk {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let mut found = walk::walk_paths(&paths);
    if force_exclude {
        // Named files are judged like walked ones: a pre-commit hook names every staged file,
        // and an excluded CHANGELOG must not fail the commit when `onbrand check` passes.
        found
            .targets
            .retain(|target| !walk::ignored_by_ignore_files(&target.path));
        for target in &mut found.targets {
            target.explicit = false;
        }
    }
    if let Some(shard) = shard {
        found.targets.retain(|target| shard.contains(&target.path));
        found.unread.retain(|path| shard.contains(path));
    }
    found
}

fn check_file(run: &Run, target: &Target, args: &CheckArgs) -> Outcome {
    if !target.explicit {
        match run.linter.config_for(&target.path) {
            Ok(config) if config.is_excluded(&target.path) => return Outcome::Skipped,
            Ok(_) => {}
            Err(error) => {
                return Outcome::Failed {
                    message: error.to_string(),
                };
            }
        }
    }
    let (mut file, original) = match run.linter.lint_file(&target.path, None) {
        Ok(linted) => linted,
        Err(error) => {
            return Outcome::Failed {
                message: error.to_string(),
            };
        }
    };
    if args.diff {
        return diff_outcome(run, &file);
    }
    let mut problem = None;
    let mut fixed = 0;
    if args.fix
        && file
            .findings
            .iter()
            .any(|finding| finding.fix_within(run.allowed).is_some())
    {
        match fix_file(run, &file, &original) {
            Ok((relinted, applied)) => {
                file = relinted;
                fixed = applied;
            }
            Err(message) => problem = Some(message),
        }
    }
    let withheld = if args.fix {
        fix::withheld(&file.findings, run.allowed)
    } else {
        0
    };
    let mut outcome = finish(run, file, args.format, fixed, problem);
    if let Outcome::Linted { counts, .. } = &mut outcome {
        counts.unsafe_fixes_left = withheld;
    }
    outcome
}

/// `--diff`: the file's fixes as a unified diff, nothing written. The counts hold the fixes
/// (for the exit status and the summary), not the findings.
fn diff_outcome(run: &Run, file: &LintedFile) -> Outcome {
    let mut counts = Summary::default();
    let (text, problem) = match run.linter.fix(file, run.allowed) {
        Ok(fixed) if fixed.applied > 0 => {
            counts.fixed = fixed.applied;
            counts.unsafe_fixes_left = fixed.withheld;
            let path = output::display_path(&file.path);
            let diff = similar::TextDiff::from_lines(&file.document.text, &fixed.text)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
                .to_string();
            (diff, None)
        }
        Ok(fixed) => {
            counts.unsafe_fixes_left = fixed.withheld;
            (String::new(), None)
        }
        Err(error) => (String::new(), Some(error.to_string())),
    };
    Outcome::Linted {
        rendered: Box::new(Rendered::Text(text)),
        counts,
        problem,
        fingerprint: None,
        rules: Vec::new(),
        helps: sarif::RuleHelps::new(),
    }
}

/// Apply the baseline, count, and render one linted file.
fn finish(
    run: &Run,
    mut file: LintedFile,
    format: OutputFormat,
    fixed: usize,
    problem: Option<String>,
) -> Outcome {
    // The owned report (line and column, text and context of every finding) is built only
    // for the baseline and the formats that print it: the human formats render from the file.
    let needs_report =
        run.baseline.is_some() || !matches!(format, OutputFormat::Human | OutputFormat::Concise);
    let mut report = needs_report.then(|| json::file_report(&file));
    if let (Some(report), Some((_, counts))) = (&mut report, &run.baseline)
        && let Ok(mut counts) = counts.lock()
    {
        counts.filter_linted(&mut file, report);
    }
    let mut counts = Summary::default();
    counts.add(&file.findings);
    counts.fixed = fixed;
    let rules = file
        .findings
        .iter()
        .map(|finding| finding.rule_id().to_owned())
        .collect();
    let fingerprint =
        (format == OutputFormat::Json).then(|| Box::new(Fingerprint::of(&file.document)));
    let helps = if format == OutputFormat::Sarif {
        rule_helps(&run.linter, &file)
    } else {
        sarif::RuleHelps::new()
    };
    let report = || report.unwrap_or_else(|| json::file_report(&file));
    let rendered = match format {
        OutputFormat::Human => Rendered::Text(human::render(&file, run.colour)),
        OutputFormat::Concise => Rendered::Text(human::render_concise(&file)),
        OutputFormat::Jsonl => Rendered::Text(json::render_lines(&report())),
        OutputFormat::Github => Rendered::Text(github::render(&report())),
        OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Junit => {
            Rendered::Report(report())
        }
    };
    Outcome::Linted {
        rendered: Box::new(rendered),
        counts,
        problem,
        fingerprint,
        rules,
        helps,
    }
}

/// The help of each rule with a finding in `file`, from the guideline that linted it.
fn rule_helps(linter: &Linter, file: &LintedFile) -> sarif::RuleHelps {
    let Ok(config) = linter.config_for(&file.path) else {
        return sarif::RuleHelps::new();
    };
    let mut helps = sarif::RuleHelps::new();
    for finding in &file.findings {
        let id = finding.rule_id();
        if !helps.contains_key(id)
            && let Some(help) = sarif::RuleHelp::of(&config.guideline, id)
        {
            helps.insert(id.to_owned(), help);
        }
    }
    helps
}

/// Whether standard output shows colour: `--color`, else whether it is a terminal (and the
/// environment's NO_COLOR / CLICOLOR_FORCE), as anstream decides for every other message.
fn colours_stdout() -> bool {
    !matches!(
        anstream::AutoStream::choice(&std::io::stdout()),
        anstream::ColorChoice::Never
    )
}

/// Write the fixes of a linted file and lint the result again, so that what is printed is what
/// is left to do.
fn fix_file(run: &Run, file: &LintedFile, original: &[u8]) -> Result<(LintedFile, usize), String> {
    let fixed = run
        .linter
        .fix(file, run.allowed)
        .map_err(|error| error.to_string())?;
    fix::write_atomically(&file.path, original, &file.document.text, &fixed.text)
        .map_err(|error| error.to_string())?;
    Ok((fixed.relinted, fixed.applied))
}

/// Print every outcome that `lint` hands over (in path order) and decide the exit code.
fn report(
    args: &CheckArgs,
    walk: &Walk,
    mut output: Output,
    lint: impl FnOnce(&mut dyn FnMut(&Target, Outcome)),
) -> Result<ExitCode, String> {
    // Output is rendered with colour only when it will be shown (`Run::colour`), so nothing
    // is coloured only to have the codes filtered out again: every format writes plainly.
    let mut gathered = Gathered::new(&walk.errors, Streamed::open(args)?);
    lint(&mut |target, outcome| {
        gathered.add(target, outcome, output.writer());
    });
    gathered.finish_stream(output.writer())?;
    output.finish()?;
    let run = &gathered.run;
    print_errors(&run.errors);
    if args.diff && !args.quiet {
        let fixes = run.summary.fixed;
        anstream::eprintln!(
            "{fixes} fix{} would be applied; nothing was written (--diff).{}",
            if fixes == 1 { "" } else { "es" },
            human::unsafe_fixes_note(&run.summary)
        );
    } else if args.format == OutputFormat::Human && !args.quiet {
        anstream::eprintln!("{}", human::render_summary(&run.summary));
        if run.summary.files == 0 && run.errors.is_empty() {
            // A run that checked nothing must not read like a clean one.
            anstream::eprintln!(
                "Nothing was checked: no file here is in a format onbrand reads, or every one is excluded (see `onbrand files`)."
            );
        }
        if let Some(unread) = walk.unread_summary() {
            anstream::eprintln!("{unread}.");
        }
    }
    if args.statistics {
        print_statistics(&gathered.statistics);
    }
    Ok(exit_code(args, &run.summary, !run.errors.is_empty()))
}

/// A whole-run format (JSON, SARIF, JUnit), written file by file as the run goes, or the
/// report's collector.
enum Streamed<'a> {
    Json(json::RunWriter<std::fs::File>),
    Sarif(sarif::RunWriter<std::fs::File>),
    Junit(junit::RunWriter<std::fs::File>),
    Each(&'a mut EachFile<'a>),
}

impl<'a> Streamed<'a> {
    /// The writer for `--format`, with an anonymous temporary file for the formats whose
    /// beginning depends on the whole run (the operating system removes it when it is closed).
    fn open(args: &CheckArgs) -> Result<Option<Streamed<'a>>, String> {
        let spill = || {
            tempfile::tempfile().map_err(|error| format!("cannot create a temporary file: {error}"))
        };
        Ok(match args.format {
            OutputFormat::Json => Some(Streamed::Json(json::RunWriter::new(
                RUN_REPORT_VERSION,
                spill()?,
            ))),
            OutputFormat::Sarif => Some(Streamed::Sarif(sarif::RunWriter::new(spill()?))),
            OutputFormat::Junit => Some(Streamed::Junit(junit::RunWriter::new(
                spill()?,
                args.fail_on.severity(),
            ))),
            _ => None,
        })
    }

    fn file(
        &mut self,
        out: &mut dyn Write,
        report: &FileReport,
        fingerprint: Option<Box<Fingerprint>>,
    ) -> std::io::Result<()> {
        match self {
            Streamed::Json(writer) => {
                if let Some(fingerprint) = fingerprint {
                    writer.fingerprint(&report.path, &fingerprint)?;
                }
                writer.file(out, report)
            }
            Streamed::Each(each) => each(report, fingerprint.map(|print| *print)),
            Streamed::Sarif(writer) => writer.file(report),
            Streamed::Junit(writer) => writer.file(report),
        }
    }
}

/// The version of the JSON document `check` writes.
const RUN_REPORT_VERSION: u32 = 1;

/// The run's reports, counts and errors, gathered outcome by outcome in path order.
struct Gathered<'a> {
    run: RunReport,
    /// The whole-run format being written; without one, the file reports are kept in `run`.
    stream: Option<Streamed<'a>>,
    /// The first error writing the output or its temporary file.
    write_error: Option<std::io::Error>,
    /// Findings per rule, for `--statistics`.
    statistics: BTreeMap<String, usize>,
    /// What SARIF says about each rule with a finding.
    helps: sarif::RuleHelps,
}

impl<'a> Gathered<'a> {
    fn new(walk_errors: &[(PathBuf, String)], stream: Option<Streamed<'a>>) -> Gathered<'a> {
        let mut run = RunReport {
            version: RUN_REPORT_VERSION,
            ..RunReport::default()
        };
        run.errors = walk_errors
            .iter()
            .map(|(path, message)| ErrorReport {
                path: output::display_path(path),
                message: message.clone(),
            })
            .collect();
        Gathered {
            run,
            stream,
            write_error: None,
            statistics: BTreeMap::new(),
            helps: sarif::RuleHelps::new(),
        }
    }

    /// Count one file's outcome; its text output, or its part of the whole-run format, goes
    /// to `out` (without a whole-run format being written, the file's report is kept).
    fn add(&mut self, target: &Target, outcome: Outcome, out: &mut dyn Write) {
        let run = &mut self.run;
        let error = |message: String| ErrorReport {
            path: output::display_path(&target.path),
            message,
        };
        match outcome {
            Outcome::Skipped => {}
            Outcome::Failed { message } => {
                run.summary.failed_files += 1;
                run.errors.push(error(message));
            }
            Outcome::Linted {
                rendered,
                counts,
                problem,
                fingerprint,
                rules,
                helps,
            } => {
                for (id, help) in helps {
                    self.helps.entry(id).or_insert(help);
                }
                merge(&mut run.summary, &counts);
                for rule in rules {
                    *self.statistics.entry(rule).or_default() += 1;
                }
                if let Some(message) = problem {
                    run.summary.failed_files += 1;
                    run.errors.push(error(message));
                }
                let written = match *rendered {
                    Rendered::Text(text) => out.write_all(text.as_bytes()),
                    Rendered::Report(report) => match &mut self.stream {
                        Some(stream) => stream.file(out, &report, fingerprint),
                        None => {
                            if let Some(fingerprint) = fingerprint {
                                run.fingerprints.insert(report.path.clone(), *fingerprint);
                            }
                            run.files.push(report);
                            Ok(())
                        }
                    },
                };
                if let Err(error) = written {
                    self.write_error.get_or_insert(error);
                }
            }
        }
    }
}

impl Gathered<'_> {
    /// Write the end of the whole-run format (its run-level sections) to `out`.
    fn finish_stream(&mut self, out: &mut dyn Write) -> Result<(), String> {
        let written = match self.stream.take() {
            None => Ok(()),
            Some(Streamed::Json(writer)) => {
                let run = RunReport {
                    version: self.run.version,
                    files: Vec::new(),
                    errors: self.run.errors.clone(),
                    summary: self.run.summary,
                    fingerprints: BTreeMap::new(),
                };
                writer.finish(out, run).and_then(|()| out.write_all(b"\n"))
            }
            Some(Streamed::Sarif(writer)) => writer
                .finish(out, &self.helps)
                .and_then(|()| out.write_all(b"\n")),
            Some(Streamed::Junit(writer)) => writer.finish(out).and_then(|()| out.write_all(b"\n")),
            Some(Streamed::Each(_)) => Ok(()),
        };
        match self.write_error.take().map_or(written, Err) {
            // A closed pipe (`onbrand check … | head`) is the reader's choice, not an error.
            Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("cannot write the output: {error}"))
            }
            _ => Ok(()),
        }
    }
}

/// `--statistics`: findings per rule, most first (on standard error, after the findings), so
/// that a run shows where its noise comes from.
fn print_statistics(statistics: &BTreeMap<String, usize>) {
    let mut rows: Vec<(&String, &usize)> = statistics.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    for (rule, count) in rows {
        anstream::eprintln!("{count:>6}  {rule}");
    }
}

/// Each error once: a broken configuration fails every file below it with the same message.
pub(super) fn print_errors(errors: &[ErrorReport]) {
    let mut seen = BTreeSet::new();
    for error in errors {
        if error.message.starts_with("configuration error") {
            if seen.insert(error.message.as_str()) {
                anstream::eprintln!("error: {}", error.message);
            }
        } else {
            anstream::eprintln!("error: {}: {}", error.path, error.message);
        }
    }
}

fn merge(summary: &mut Summary, counts: &Summary) {
    summary.files += counts.files;
    summary.errors += counts.errors;
    summary.warnings += counts.warnings;
    summary.suggestions += counts.suggestions;
    summary.fixed += counts.fixed;
    summary.unsafe_fixes_left += counts.unsafe_fixes_left;
}

fn exit_code(args: &CheckArgs, summary: &Summary, had_errors: bool) -> ExitCode {
    if had_errors {
        ExitCode::from(EXIT_ERROR)
    } else if args.diff {
        // Like `ruff --diff` and `rustfmt --check`: 1 when something would change.
        ExitCode::from(if summary.fixed > 0 { EXIT_FINDINGS } else { 0 })
    } else if args
        .fail_on
        .severity()
        .is_some_and(|level| summary.at_least(level) > 0)
    {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// `onbrand check -`: lint standard input as if it were the file `--stdin-filename`.
fn check_stdin(run: &Run, args: &CheckArgs) -> Result<ExitCode, String> {
    let path = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    // The same limit and the same decoding (NUL bytes mean binary) as for a file.
    let limit = onbrand::document::DEFAULT_SIZE_LIMIT;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read standard input: {error}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{}: standard input is over the {limit}-byte limit, not linted",
            path.display()
        ));
    }
    let format = Format::from_path(&path).unwrap_or_else(|| Format::sniff(&bytes));
    // E-mail is parsed from its bytes elsewhere; here it must be plain UTF-8 text.
    let decoded_as = if format == Format::Email {
        Format::Text
    } else {
        format
    };
    let text = onbrand::document::decode::decode(decoded_as, &bytes).map_err(|error| {
        // An encoding error starts with its line and column.
        let separator = match error {
            onbrand::document::LoadError::InvalidEncoding { .. } => ":",
            _ => ": ",
        };
        format!("{}{separator}{error}", path.display())
    })?;
    let file = run
        .linter
        .lint_text(&path, format, text)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    if args.fix {
        let fixed = run
            .linter
            .fix(&file, run.allowed)
            .map_err(|error| error.to_string())?;
        let _ = std::io::stdout().write_all(fixed.text.as_bytes());
        let mut summary = Summary::default();
        summary.add(&fixed.relinted.findings);
        return Ok(exit_code(args, &summary, false));
    }
    let target = Target {
        path,
        explicit: true,
    };
    let outcome = finish(run, file, args.format, 0, None);
    let output = Output::open(args.output_file.as_deref())?;
    report(args, &Walk::default(), output, |each| {
        each(&target, outcome)
    })
}
