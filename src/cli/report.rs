//! `onbrand report`: lint a repository (or merge the JSON of N shards) and write the review
//! report as self-contained HTML, Markdown or JSON. The sections are computed in
//! [`onbrand::report`]; this is the command-line shell around them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onbrand::guideline::RuleKind;
use onbrand::output::OutputFormat;
use onbrand::output::baseline::Baseline;
use onbrand::output::json::RunReport;
use onbrand::report::{self, ReportJson, Sections};

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
    let mut run = if args.merge.is_empty() {
        check::lint_run(&check_args(&args))?
    } else {
        report::merge(read_runs(&args.merge)?)
    };
    report::normalise(&mut run);
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    let kinds = rule_kinds(&args, &run);
    let sections = report::build(
        &run,
        &|rule: &str| kinds.get(rule).copied(),
        baseline.as_ref(),
    );
    let text = render(&args, &run, &sections)?;
    write(&args, &text)?;
    check::print_errors(&run.errors);
    Ok(if run.errors.is_empty() {
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
/// not carry them); a configuration that fails to load contributes nothing.
fn rule_kinds(args: &ReportArgs, run: &RunReport) -> HashMap<String, RuleKind> {
    let Ok(configs) = super::config_cache(args.config.as_deref()) else {
        return HashMap::new();
    };
    let mut kinds = HashMap::new();
    let mut seen = Vec::new();
    for file in &run.files {
        let path = Path::new(&file.path);
        // Paths come from JSON anyone can write: configuration is looked up only below the
        // working directory, never along `../../etc` or an absolute path.
        let below = path.components().all(|part| {
            matches!(
                part,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
        if !below {
            continue;
        }
        let Ok(config) = configs.for_file(path) else {
            continue;
        };
        let guideline = &config.guideline;
        if seen
            .iter()
            .any(|known| std::sync::Arc::ptr_eq(known, guideline))
        {
            continue;
        }
        for rule in guideline.rules() {
            kinds.entry(rule.info.id.to_string()).or_insert(rule.kind);
        }
        seen.push(guideline.clone());
    }
    kinds
}

fn render(args: &ReportArgs, run: &RunReport, sections: &Sections) -> Result<String, String> {
    Ok(match args.format {
        ReportFormat::Html => report::html::render(run, sections),
        ReportFormat::Md => report::markdown::render(sections),
        ReportFormat::Json => {
            let json = ReportJson {
                run,
                report: sections,
            };
            serde_json::to_string_pretty(&json).map_err(|error| error.to_string())? + "\n"
        }
    })
}

fn write(args: &ReportArgs, text: &str) -> Result<(), String> {
    let output = match (&args.output, args.format) {
        (Some(path), _) => Some(path.clone()),
        (None, ReportFormat::Html) => Some(PathBuf::from("onbrand-report.html")),
        (None, _) => None,
    };
    match output {
        Some(path) if path != Path::new("-") => {
            std::fs::write(&path, text)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            anstream::eprintln!("Wrote {}.", path.display());
        }
        _ => {
            use std::io::Write;
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(())
}
