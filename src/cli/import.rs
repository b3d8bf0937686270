//! `onbrand import vale [PATH] --out DIR`: convert a Vale configuration to onbrand's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ImportSource {
    /// A `.vale.ini` (or a folder holding one), or a bare Vale styles folder.
    Vale {
        /// `.vale.ini`, its folder, or a styles folder (default: the current folder).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Folder to write `onbrand.toml` and `guideline/*.toml` into.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Import; `Err` is the message for a malformed or unreadable Vale configuration (exit 2).
pub fn run(source: ImportSource) -> Result<ExitCode, String> {
    let ImportSource::Vale { path, out } = source;
    let report = onbrand::vale::import(&path, &out).map_err(|e| e.to_string())?;
    print_report(&report, &out);
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &onbrand::vale::Report, out: &Path) {
    for path in &report.written {
        println!("wrote {}", onbrand::paths::display(path));
    }
    println!(
        "{} rules converted, {} not converted; {} notes:",
        report.converted,
        report.skipped,
        report.notes.len()
    );
    for note in &report.notes {
        println!("  {note}");
    }
    println!(
        "run `onbrand check --config {}` on your content",
        onbrand::paths::display(&out.join(onbrand::config::FILE_NAME))
    );
}
