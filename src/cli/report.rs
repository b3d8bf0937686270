//! `onbrand report`: lint a repository (or merge the JSON of N shards) and write the review
//! report as self-contained HTML, Markdown or JSON. The sections are computed in
//! [`onbrand::report`]; this is the command-line shell around them.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use onbrand::config::ConfigCache;
use onbrand::guideline::{Guideline, RuleKind};
use onbrand::output::OutputFormat;
use onbrand::output::baseline::Baseline;
use onbrand::output::json::RunReport;
use onbrand::report::{self, Report, RuleKinds};

use super::{CheckArgs, EXIT_ERROR, FailOn, check};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Files or folders to lint (default: the current folder).
    paths: Vec<PathBuf>,
    /// Where to write the report (default: `onbrand-report.html` for HTML, standard output
    /// for Markdown and JSON).
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "html")]
    format: ReportFormat,
    /// Combine these JSON results (of `check --shard I/N --format json` or `report --format
    /// json`) instead of linting.
    #[arg(long, num_args = 1.., value_name = "JSON", conflicts_with = "paths")]
    merge: Vec<PathBuf>,
    /// Show what is new and what was fixed since this baseline (see `onbrand baseline`).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Use this onbrand.toml for every file instead of discovering them.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Treat every document as belonging to this channel.
    #[arg(long)]
    channel: Option<String>,
    /// Treat every document as written in this language (en, de, zh, …).
    #[arg(long = "lang")]
    language: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page: inline CSS and SVG, no network.
    Html,
    /// A summary for a pull-request comment.
    Md,
    /// The run and every section, as data (what `--merge` reads back).
    Json,
}

pub fn run(args: ReportArgs) -> Result<ExitCode, String> {
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let spill =
        || tempfile::tempfile().map_err(|error| format!("cannot create a temporary file: {error}"));
    let mut collector = report::Collector::new(spill()?, spill()?, baseline.as_ref());
    let mut kinds = RunKinds::new(args.config.as_deref());
    let (errors, summary) = if args.merge.is_empty() {
        check::lint_each(&check_args(&args), &mut |file, sketch| {
            kinds.learn(&file.path);
            collector.add(file, sketch, &kinds)
        })?
    } else {
        let mut run = report::merge(read_runs(&args.merge)?);
        for file in &run.files {
            kinds.learn(&file.path);
            collector
                .add(file, run.fingerprints.remove(&file.path), &kinds)
                .map_err(|error| format!("cannot write a temporary file: {error}"))?;
        }
        (run.errors, run.summary)
    };
    let report = collector.finish(errors, summary);
    let errors = report.errors().to_vec();
    write(&args, report)?;
    check::print_errors(&errors);
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}

/// `report` lints exactly like `check --format json` (no fixes, every finding kept).
fn check_args(args: &ReportArgs) -> CheckArgs {
    CheckArgs {
        paths: args.paths.clone(),
        format: OutputFormat::Json,
        fail_on: FailOn::Never,
        channel: args.channel.clone(),
        language: args.language.clone(),
        fix: false,
        diff: false,
        unsafe_fixes: false,
        quiet: true,
        statistics: false,
        stdin_filename: None,
        config: args.config.clone(),
        threads: args.threads,
        baseline: None,
        shard: None,
        force_exclude: false,
        output_file: None,
    }
}

/// Largest `--format json` run or baseline read: a run of many thousands of files.
const REPORT_LIMIT: u64 = 1 << 30;

fn read_runs(paths: &[PathBuf]) -> Result<Vec<RunReport>, String> {
    paths
        .iter()
        .map(|path| {
            super::read_json(
                path,
                REPORT_LIMIT,
                "the JSON of `onbrand check --format json`",
            )
        })
        .collect()
}

pub(super) fn read_baseline(path: &Path) -> Result<Baseline, String> {
    super::read_json(path, REPORT_LIMIT, "a baseline")
}

/// Rule kinds by id from the guidelines that apply to the run's files (the JSON of a run does
/// not carry them), learnt file by file as the run goes; a configuration that fails to load
/// contributes nothing. Of two guidelines that give one rule id different kinds, the first
/// met wins.
struct RunKinds {
    configs: Option<ConfigCache>,
    seen: Vec<Arc<Guideline>>,
    kinds: HashMap<String, RuleKind>,
}

impl RunKinds {
    fn new(config: Option<&Path>) -> RunKinds {
        RunKinds {
            configs: super::config_cache(config).ok(),
            seen: Vec::new(),
            kinds: HashMap::new(),
        }
    }

    /// Learn the kinds of the rules of the guideline in force at `path`.
    fn learn(&mut self, path: &str) {
        let path = Path::new(path);
        // Paths come from JSON anyone can write: configuration is looked up only below the
        // working directory, never along `../../etc` or an absolute path.
        let below = path.components().all(|part| {
            matches!(
                part,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        let Some(configs) = &self.configs else { return };
        if !below {
            return;
        }
        let Ok(config) = configs.for_file(path) else {
            return;
        };
        let guideline = &config.guideline;
        if self.seen.iter().any(|known| Arc::ptr_eq(known, guideline)) {
            return;
        }
        for rule in guideline.rules() {
            self.kinds
                .entry(rule.info.id.to_string())
                .or_insert(rule.kind);
        }
        self.seen.push(guideline.clone());
    }
}

impl RuleKinds for RunKinds {
    fn kind(&self, rule: &str) -> Option<RuleKind> {
        self.kinds.get(rule).copied()
    }
}

/// Write the report where `--output` and `--format` say.
fn write(args: &ReportArgs, mut report: Report<std::fs::File>) -> Result<(), String> {
    let output = match (&args.output, args.format) {
        (Some(path), _) => Some(path.clone()),
        (None, ReportFormat::Html) => Some(PathBuf::from("onbrand-report.html")),
        (None, _) => None,
    };
    let to_file = output.filter(|path| path != Path::new("-"));
    let failed = |error: std::io::Error| match &to_file {
        Some(path) => format!("cannot write {}: {error}", path.display()),
        None => format!("cannot write the report: {error}"),
    };
    let mut out: Box<dyn Write> = match &to_file {
        Some(path) => Box::new(BufWriter::new(std::fs::File::create(path).map_err(failed)?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let written = match args.format {
        ReportFormat::Html => report.write_html(&mut out),
        ReportFormat::Md => out.write_all(report.markdown().as_bytes()),
        ReportFormat::Json => report.write_json(&mut out),
    };
    match written.and_then(|()| out.flush()) {
        // A closed pipe (`onbrand report --format md | head`) is the reader's choice.
        Err(error) if to_file.is_some() || error.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(failed(error));
        }
        _ => {}
    }
    if let Some(path) = to_file {
        anstream::eprintln!("Wrote {}.", path.display());
    }
    Ok(())
}
