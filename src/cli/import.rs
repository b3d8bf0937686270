//! `onbrand import vale [PATH] --out DIR`: convert a Vale configuration to onbrand's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ImportSource {
    /// A `.vale.ini` (or a folder holding one), or a bare Vale styles folder.
    Vale {
        /// `.vale.ini` (or `_vale.ini`, `vale.ini`, `.vale`, `_vale`), its folder, or a styles
        /// folder (default: the current folder).
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The Vale configuration file, as Vale's own `--config` names it (instead of PATH).
        #[arg(long, conflicts_with = "path")]
        config: Option<PathBuf>,
        /// Folder to write `onbrand.toml` and `guideline/*.toml` into.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Import; `Err` is the message for a malformed or unreadable Vale configuration (exit 2).
pub fn run(source: ImportSource) -> Result<ExitCode, String> {
    let ImportSource::Vale { path, config, out } = source;
    let input = config.unwrap_or(path);
    let report = onbrand::vale::import(&input, &out).map_err(|e| e.to_string())?;
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
