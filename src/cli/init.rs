//! `onbrand init`: write the commented starter configuration.

use std::path::Path;
use std::process::ExitCode;

use onbrand::config::{FILE_NAME, STARTER};

pub fn run(directory: &Path, force: bool) -> Result<ExitCode, String> {
    let path = directory.join(FILE_NAME);
    if path.exists() && !force {
        return Err(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ));
    }
    std::fs::write(&path, STARTER)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    println!(
        "Wrote {}. Edit its guideline list and channels, then run `onbrand check`.",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
