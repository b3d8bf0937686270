//! `onbrand tone FILE…`: each document's tone vector next to its channel's targets.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use onbrand::finding::Severity;
use onbrand::lint::{LintedFile, Linter};
use onbrand::output::display_path;
use onbrand::tone::{Dimension, Lang, ToneReport, profile::number};

use super::walk;
use super::{EXIT_ERROR, EXIT_FINDINGS, ToneArgs, ToneFormat};

/// One document's tone, as `--format json` prints it.
#[derive(Serialize)]
struct FileTone {
    path: String,
    channel: Option<String>,
    language: Option<String>,
    words: usize,
    sentences: usize,
    min_words: usize,
    /// informal, formal, mixed or none.
    address: &'static str,
    dimensions: Vec<DimensionTone>,
}

#[derive(Serialize)]
struct DimensionTone {
    name: &'static str,
    value: Option<f64>,
    unit: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    /// pass, fail, too-short, no-target, not-measured.
    status: &'static str,
}

#[derive(Serialize)]
struct ToneRun {
    version: u32,
    files: Vec<FileTone>,
    errors: Vec<ErrorTone>,
}

#[derive(Serialize)]
struct ErrorTone {
    path: String,
    message: String,
}

pub fn run(args: ToneArgs) -> Result<ExitCode, String> {
    let linter = super::linter(
        args.config.as_deref(),
        args.channel.clone(),
        args.language.as_deref(),
    )?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (targets, walk_errors) = walk::collect(&paths);
    let results: Vec<Result<(FileTone, Option<Severity>), ErrorTone>> = targets
        .par_iter()
        .filter(|target| {
            target.explicit
                || !linter
                    .config_for(&target.path)
                    .is_ok_and(|c| c.is_excluded(&target.path))
        })
        .map(|target| measure(&linter, &target.path))
        .collect();
    let mut run = ToneRun {
        version: 1,
        files: Vec::new(),
        errors: Vec::new(),
    };
    for (path, message) in walk_errors {
        run.errors.push(ErrorTone {
            path: display_path(&path),
            message,
        });
    }
    let mut worst_miss: Option<Severity> = None;
    for result in results {
        match result {
            Ok((file, miss)) => {
                run.files.push(file);
                worst_miss = worst_miss.max(miss);
            }
            Err(error) => run.errors.push(error),
        }
    }
    if args.format == ToneFormat::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&run).map_err(|e| e.to_string())?
        );
    } else {
        for file in &run.files {
            print!("{}", render(file));
        }
        for error in &run.errors {
            anstream::eprintln!("error: {}: {}", error.path, error.message);
        }
    }
    let missed = args
        .fail_on
        .severity()
        .is_some_and(|level| worst_miss.is_some_and(|miss| miss >= level));
    Ok(if !run.errors.is_empty() {
        ExitCode::from(EXIT_ERROR)
    } else if missed {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// A file's tone, and the highest severity of its out-of-range dimensions (as reported: after
/// suppressions and per-path severity overrides).
fn measure(linter: &Linter, path: &Path) -> Result<(FileTone, Option<Severity>), ErrorTone> {
    let error = |message: String| ErrorTone {
        path: display_path(path),
        message,
    };
    let (file, _) = linter
        .lint_file(path, None)
        .map_err(|e| error(e.to_string()))?;
    let tone = file.tone.as_ref().ok_or_else(|| {
        error("the guideline in force has no [tone] profile (the shipped one has: guideline = [\"builtin\"])".to_owned())
    })?;
    let worst_miss = file
        .findings
        .iter()
        .filter(|finding| finding.rule_id().starts_with("tone."))
        .map(|finding| finding.severity)
        .max();
    Ok((file_tone(&file, tone), worst_miss))
}

fn file_tone(file: &LintedFile, tone: &ToneReport) -> FileTone {
    let chinese = tone.language == Lang::Zh;
    FileTone {
        path: display_path(&file.path),
        channel: file.channel.clone(),
        language: file.language.clone(),
        words: tone.words,
        sentences: tone.sentences,
        min_words: tone.min_words,
        address: tone.address.name(),
        dimensions: tone
            .dimensions
            .iter()
            .map(|d| DimensionTone {
                name: d.dimension.name(),
                value: d.value,
                unit: d.dimension.unit(chinese),
                min: d.target.and_then(|t| t.min),
                max: d.target.and_then(|t| t.max),
                status: d.status.name(),
            })
            .collect(),
    }
}

/// The human table: one line per dimension, ✔ in range, ✘ out of range.
fn render(file: &FileTone) -> String {
    let mut out = format!(
        "{}  ({}, {}, {} {}, {} sentences, address: {})\n",
        file.path,
        file.channel.as_deref().unwrap_or("no channel"),
        file.language.as_deref().unwrap_or("unknown language"),
        file.words,
        if file.language.as_deref() == Some("zh") {
            "characters"
        } else {
            "words"
        },
        file.sentences,
        file.address,
    );
    for d in &file.dimensions {
        let value = d.value.map_or_else(|| "–".to_owned(), number);
        let target = match (d.min, d.max) {
            (None, None) => String::new(),
            (min, max) => onbrand::tone::Target {
                min,
                max,
                severity: None,
            }
            .describe(),
        };
        let mark = match d.status {
            "pass" => "✔",
            "fail" => "✘",
            "too-short" => "· not judged",
            _ => "",
        };
        out.push_str(&format!(
            "  {:<17} {:>7}  {:<10} {mark}\n",
            d.name, value, target
        ));
    }
    if file.words < file.min_words {
        out.push_str(&format!(
            "  too short to judge statistics: {} of at least {} words; only {} are judged\n",
            file.words,
            file.min_words,
            Dimension::ALL
                .iter()
                .filter(|d| !d.needs_text())
                .map(|d| d.name())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push('\n');
    out
}
