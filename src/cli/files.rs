//! `onbrand files [PATH…]`: every file a run would meet, with the format that reads it, its
//! channel and language and where each came from, and the configuration that applies (like
//! `vale ls-config` or ruff's `--show-files`). Files no format reads are listed with why.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onbrand::document::{Document, Format, locale_path};
use onbrand::lint::{Linter, document_channel, document_language};
use onbrand::output::display_path;

use super::walk;

/// Print one line per file; unread files last.
pub fn run(paths: &[PathBuf], config: Option<&Path>) -> Result<ExitCode, String> {
    let linter = super::linter(config, None, None)?;
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let walk = walk::walk_paths(&paths);
    let mut out = String::new();
    for target in &walk.targets {
        let _ = writeln!(out, "{}", describe(&linter, &target.path, target.explicit));
    }
    for path in &walk.unread {
        let _ = writeln!(
            out,
            "{}\tnot read: {}",
            display_path(path),
            why_unread(path)
        );
    }
    for (path, error) in &walk.errors {
        let _ = writeln!(out, "{}\terror: {error}", display_path(path));
    }
    print!("{out}");
    if let Some(unread) = walk.unread_summary() {
        eprintln!("{} files read; {unread}.", walk.targets.len());
    }
    Ok(if walk.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_ERROR)
    })
}

/// The path, format, channel, language and configuration of one file, tab-separated.
fn describe(linter: &Linter, path: &Path, explicit: bool) -> String {
    let shown = display_path(path);
    let config = match linter.config_for(path) {
        Ok(config) => config,
        Err(error) => return format!("{shown}\terror: {error}"),
    };
    let config_name = config
        .path
        .as_deref()
        .map_or_else(|| "built-in defaults".to_owned(), display_path);
    if !explicit && config.is_excluded(path) {
        return format!("{shown}\texcluded by {config_name}");
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return format!("{shown}\terror: cannot read: {error}"),
    };
    let (format, format_origin) = match Format::from_path(path) {
        Some(format) => (format, "name"),
        None => (Format::sniff(&bytes), "content"),
    };
    let settings = linter.settings_for(path, &config);
    let document = match Document::from_bytes_with(format, &bytes, &settings.reading) {
        Ok(document) => document,
        Err(error) => return format!("{shown}\t{}\terror: {error}", format.name()),
    };
    let channel = document_channel(&document, &settings).map_or_else(
        || "none".to_owned(),
        |(channel, origin)| format!("{channel} ({})", origin.describe()),
    );
    let language = document_language(path, &document, &settings).map_or_else(
        || "unknown".to_owned(),
        |(language, origin)| format!("{language} ({})", origin.describe()),
    );
    format!(
        "{shown}\t{} (by {format_origin})\tchannel {channel}\tlanguage {language}\tconfig {config_name}",
        format.name()
    )
}

/// Why no format reads a file the walk met.
fn why_unread(path: &Path) -> String {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if let Some(reason) = Format::not_copy(path)
        && !matches!(extension.as_str(), "yml" | "yaml" | "json" | "toml")
    {
        return reason.to_owned();
    }
    match extension.as_str() {
        "yml" | "yaml" | "json" | "toml" if !locale_path::is_locale_file(path) => format!(
            "configuration or data, not copy: .{extension} is read only as a locale file (in `locales/`, `i18n/`… or named for a language, like `de.{extension}`)"
        ),
        "" => "no reader for files without an extension".to_owned(),
        _ => format!("no reader for .{extension}"),
    }
}
