//! `onbrand check`: lint files in parallel, print in a stable order, exit by severity.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use onbrand::config::ConfigCache;
use onbrand::document::Format;
use onbrand::fix;
use onbrand::language::primary_subtag;
use onbrand::lint::{FileError, LintedFile, Linter, RunOverrides};
use onbrand::output::{self, OutputFormat, Summary, human, json};

use super::walk::{self, Target};
use super::{CheckArgs, EXIT_ERROR, EXIT_FINDINGS};

/// What became of one file.
enum Outcome {
    /// Excluded by configuration.
    Skipped,
    Linted {
        rendered: Rendered,
        counts: Summary,
        problem: Option<String>,
    },
    Failed {
        message: String,
    },
}

/// One file's output, rendered on a worker thread.
enum Rendered {
    Text(String),
    Json(serde_json::Value),
}

pub fn run(args: CheckArgs) -> Result<ExitCode, String> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|error| format!("cannot start {threads} threads: {error}"))?;
    }
    let cwd = std::env::current_dir()
        .map_err(|error| format!("cannot read the current folder: {error}"))?;
    let configs = match &args.config {
        Some(path) => ConfigCache::with_explicit(cwd, path),
        None => ConfigCache::new(cwd),
    };
    let overrides = RunOverrides {
        channel: args.channel.clone(),
        language: args
            .language
            .as_deref()
            .map(|tag| primary_subtag(tag).ok_or(format!("`{tag}` is not a language tag")))
            .transpose()?,
    };
    let linter = Linter::new(configs, overrides);
    if args.paths.iter().any(|path| path == Path::new("-")) {
        if args.paths.len() > 1 {
            return Err("`-` (standard input) cannot be combined with other paths".to_owned());
        }
        return check_stdin(&linter, &args);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (targets, walk_errors) = walk::collect(&paths);
    let outcomes: Vec<(&Target, Outcome)> = targets
        .par_iter()
        .map(|target| (target, check_file(&linter, target, &args)))
        .collect();
    Ok(report(&args, &outcomes, &walk_errors))
}

fn check_file(linter: &Linter, target: &Target, args: &CheckArgs) -> Outcome {
    if !target.explicit {
        match linter.config_for(&target.path) {
            Ok(config) if config.is_excluded(&target.path) => return Outcome::Skipped,
            Ok(_) => {}
            Err(error) => {
                return Outcome::Failed {
                    message: error.to_string(),
                };
            }
        }
    }
    let (mut file, original) = match linter.lint_file(&target.path, None) {
        Ok(linted) => linted,
        Err(error) => {
            return Outcome::Failed {
                message: error.to_string(),
            };
        }
    };
    let mut problem = None;
    let mut fixed = 0;
    if args.fix
        && file
            .findings
            .iter()
            .any(|finding| !finding.fixes.is_empty())
    {
        match fix_file(linter, &file, &original) {
            Ok((relinted, applied)) => {
                file = relinted;
                fixed = applied;
            }
            Err(message) => problem = Some(message),
        }
    }
    let mut counts = Summary::default();
    counts.add(&file.findings);
    counts.fixed = fixed;
    Outcome::Linted {
        rendered: render(&file, args.format),
        counts,
        problem,
    }
}

/// Write the fixes of a linted file and lint the result again, so that what is printed is what
/// is left to do.
fn fix_file(
    linter: &Linter,
    file: &LintedFile,
    original: &[u8],
) -> Result<(LintedFile, usize), String> {
    let (fixed, applied) = fix::apply(&file.document.text, &file.findings);
    fix::write_atomically(&file.path, original, &file.document.text, &fixed)
        .map_err(|error| error.to_string())?;
    let relinted = linter
        .lint_text(&file.path, file.document.format, fixed)
        .map_err(|error| error.to_string())?;
    Ok((relinted, applied))
}

fn render(file: &LintedFile, format: OutputFormat) -> Rendered {
    match format {
        OutputFormat::Human => Rendered::Text(human::render(file, true)),
        OutputFormat::Concise => Rendered::Text(human::render_concise(file)),
        OutputFormat::Json => {
            Rendered::Json(serde_json::to_value(json::file_json(file)).unwrap_or_default())
        }
    }
}

/// Print every outcome in path order and decide the exit code.
fn report(
    args: &CheckArgs,
    outcomes: &[(&Target, Outcome)],
    walk_errors: &[(PathBuf, String)],
) -> ExitCode {
    let mut summary = Summary::default();
    let mut errors: Vec<json::ErrorJson> = walk_errors
        .iter()
        .map(|(path, message)| json::ErrorJson {
            path: output::display_path(path),
            message: message.clone(),
        })
        .collect();
    let mut files_json = Vec::new();
    let mut stdout = anstream::stdout().lock();
    for (target, outcome) in outcomes {
        match outcome {
            Outcome::Skipped => {}
            Outcome::Failed { message } => {
                summary.failed_files += 1;
                errors.push(json::ErrorJson {
                    path: output::display_path(&target.path),
                    message: message.clone(),
                });
            }
            Outcome::Linted {
                rendered,
                counts,
                problem,
            } => {
                merge(&mut summary, counts);
                if let Some(message) = problem {
                    summary.failed_files += 1;
                    errors.push(json::ErrorJson {
                        path: output::display_path(&target.path),
                        message: message.clone(),
                    });
                }
                match rendered {
                    Rendered::Text(text) => {
                        let _ = stdout.write_all(text.as_bytes());
                    }
                    Rendered::Json(value) => files_json.push(value.clone()),
                }
            }
        }
    }
    if args.format == OutputFormat::Json {
        let _ = writeln!(
            stdout,
            "{}",
            json::render_run(&files_json, &errors, &summary)
        );
    }
    drop(stdout);
    print_errors(&errors);
    if args.format == OutputFormat::Human && !args.quiet {
        anstream::eprintln!("{}", human::render_summary(&summary));
    }
    exit_code(args, &summary, !errors.is_empty())
}

/// Each error once: a broken configuration fails every file below it with the same message.
fn print_errors(errors: &[json::ErrorJson]) {
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
}

fn exit_code(args: &CheckArgs, summary: &Summary, had_errors: bool) -> ExitCode {
    if had_errors {
        ExitCode::from(EXIT_ERROR)
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
fn check_stdin(linter: &Linter, args: &CheckArgs) -> Result<ExitCode, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read standard input: {error}"))?;
    let path = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let format = Format::from_path(&path).unwrap_or_else(|| Format::sniff(&bytes));
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
        let lines = onbrand::position::LineIndex::new(&prefix);
        let at = lines.line_col(&prefix, prefix.len());
        format!(
            "{}:{}:{}: standard input is not valid UTF-8",
            path.display(),
            at.line,
            at.column
        )
    })?;
    let file = linter
        .lint_text(&path, format, text)
        .map_err(|error: FileError| format!("{}: {error}", path.display()))?;
    if args.fix {
        let (fixed, _) = fix::apply(&file.document.text, &file.findings);
        let _ = std::io::stdout().write_all(fixed.as_bytes());
        let remaining = linter
            .lint_text(&path, format, fixed)
            .map_err(|error| error.to_string())?;
        let mut summary = Summary::default();
        summary.add(&remaining.findings);
        return Ok(exit_code(args, &summary, false));
    }
    let target = Target {
        path,
        explicit: true,
    };
    let mut counts = Summary::default();
    counts.add(&file.findings);
    let outcome = Outcome::Linted {
        rendered: render(&file, args.format),
        counts,
        problem: None,
    };
    Ok(report(args, &[(&target, outcome)], &[]))
}
