//! `onbrand init`: write the commented starter configuration, with the brand's decisions.
//!
//! The decisions (form of address per language, names in their exact case, preferred
//! spellings) become a `[brand]` table. Given as flags they are written as they are; with no
//! flags and standard input a terminal, `init` asks for each (an empty answer skips it). The
//! file is checked like any configuration before it replaces anything: a wrong value is an
//! error with its position, and an existing onbrand.toml stays as it was.
//!
//! With `--write-guideline`, the starter guideline itself is written out as TOML files (the
//! same rules and tone profile `"builtin"` names, ids and all) and the configuration points at
//! that folder: a brand lead edits, removes and adds rules in files they own, and the brand's
//! rules start from exactly what the starter checks.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use onbrand::config::{self, BUILTIN, Config, FILE_NAME, STARTER};
use onbrand::guideline::builtin;

#[derive(Debug, Default, clap::Args)]
pub struct BrandArgs {
    /// Form of address per language, `de=du`, `de=Sie`, `zh=你` or `zh=您` (repeatable).
    #[arg(long = "address", value_name = "LANG=FORM")]
    address: Vec<String>,
    /// A brand or product name in its exact case, e.g. `GitHub` (repeatable).
    #[arg(long = "name", value_name = "NAME")]
    names: Vec<String>,
    /// A preferred spelling of a pair the starter keeps consistent: `email`, `e-mail`,
    /// `website`, `web site`, `E-Mail`, `Email` (repeatable).
    #[arg(long = "prefer", value_name = "FORM")]
    prefer: Vec<String>,
    /// Do not ask, even when standard input is a terminal.
    #[arg(long)]
    no_input: bool,
}

impl BrandArgs {
    fn is_empty(&self) -> bool {
        self.address.is_empty() && self.names.is_empty() && self.prefer.is_empty()
    }
}

pub fn run(
    directory: &Path,
    force: bool,
    guideline_dir: Option<&Path>,
    mut brand: BrandArgs,
) -> Result<ExitCode, String> {
    let path = directory.join(FILE_NAME);
    refuse_to_overwrite(&path, force)?;
    let guideline_files = match guideline_dir {
        Some(dir) => guideline_files(directory, dir, force)?,
        None => Vec::new(),
    };
    if brand.is_empty() && !brand.no_input && std::io::stdin().is_terminal() {
        brand = ask(&mut std::io::stdin().lock(), &mut std::io::stderr())
            .map_err(|error| format!("cannot read the answers: {error}"))?;
    }
    let starter = match guideline_dir {
        Some(dir) => point_at_guideline(dir)?,
        None => STARTER.to_owned(),
    };
    let text = format!("{starter}{}", brand_table(&brand)?);
    if !guideline_files.is_empty() {
        check_in_memory(&path, &text, &guideline_files)?;
    }
    std::fs::create_dir_all(directory)
        .map_err(|error| format!("cannot create {}: {error}", directory.display()))?;
    write_guideline(&guideline_files)?;
    if let Err(error) = write_checked(&path, &text) {
        remove_written(&guideline_files);
        return Err(error);
    }
    if let Some(dir) = guideline_dir {
        println!(
            "Wrote the starter guideline into {} ({} files).",
            directory.join(dir).display(),
            guideline_files.len()
        );
    }
    println!(
        "Wrote {}. Edit its guideline list and channels, then run `onbrand check`.",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn refuse_to_overwrite(path: &Path, force: bool) -> Result<(), String> {
    if path.exists() && !force {
        return Err(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ));
    }
    Ok(())
}

/// The starter guideline's files as they will be written under `directory/dir`, each with a
/// header saying where it came from; an existing file is an error unless `force`.
fn guideline_files(
    directory: &Path,
    dir: &Path,
    force: bool,
) -> Result<Vec<(std::path::PathBuf, String)>, String> {
    if dir.is_absolute() || dir.components().any(|part| part.as_os_str() == "..") {
        return Err(format!(
            "--write-guideline {}: name a folder inside {}, such as `guideline`",
            dir.display(),
            directory.display()
        ));
    }
    let version = env!("CARGO_PKG_VERSION");
    builtin::FILES
        .iter()
        .map(|(name, text)| {
            let path = directory.join(dir).join(name);
            refuse_to_overwrite(&path, force)?;
            let header = format!(
                "# Copied from onbrand {version}'s starter guideline by `onbrand init \
                 --write-guideline`.\n# Yours to edit: change, remove or add rules; `onbrand \
                 test-rules` runs their examples.\n\n"
            );
            Ok((path, format!("{header}{text}")))
        })
        .collect()
}

/// The starter configuration with its guideline list naming `dir` instead of the built-in
/// guideline.
fn point_at_guideline(dir: &Path) -> Result<String, String> {
    let builtin_line = format!("guideline = [\"{BUILTIN}\"]\n");
    let folder = dir
        .to_str()
        .filter(|name| !name.contains(['"', '\\']) && !name.contains(char::is_control))
        .ok_or_else(|| {
            format!(
                "--write-guideline {}: name a folder without quotes, backslashes or control characters",
                dir.display()
            )
        })?;
    let folder = format!("{}/", folder.trim_end_matches('/'));
    let replaced = STARTER.replacen(&builtin_line, &format!("guideline = [\"{folder}\"]\n"), 1);
    // The starter names the built-in guideline on one line; a test keeps it so.
    if replaced == STARTER {
        return Err("the starter configuration has no guideline line to replace".to_owned());
    }
    Ok(replaced)
}

/// Load the configuration and the guideline files it will name before anything is written, so
/// that a wrong value overwrites nothing.
fn check_in_memory(
    path: &Path,
    text: &str,
    files: &[(std::path::PathBuf, String)],
) -> Result<(), String> {
    let mut in_memory = onbrand::files::InMemory::new();
    for (file, contents) in files {
        in_memory.insert(file, contents.clone().into_bytes());
    }
    let root = path.parent().unwrap_or(Path::new("."));
    Config::from_text(text, &path.display().to_string(), root, &in_memory)
        .map(drop)
        .map_err(|error| format!("the configuration would not load:\n{error}"))
}

fn write_guideline(files: &[(std::path::PathBuf, String)]) -> Result<(), String> {
    for (index, (path, text)) in files.iter().enumerate() {
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text));
        if let Err(error) = written {
            remove_written(&files[..index]);
            return Err(format!("cannot write {}: {error}", path.display()));
        }
    }
    Ok(())
}

/// Undo [`write_guideline`] when the configuration that names the files cannot be written.
fn remove_written(files: &[(std::path::PathBuf, String)]) {
    for (path, _) in files {
        let _ = std::fs::remove_file(path);
    }
}

/// Ask for each decision on `output`, reading answers from `input`.
fn ask(input: &mut impl BufRead, output: &mut impl Write) -> std::io::Result<BrandArgs> {
    let mut question = |text: &str| -> std::io::Result<Vec<String>> {
        write!(output, "{text} ")?;
        output.flush()?;
        let mut line = String::new();
        input.read_line(&mut line)?;
        Ok(line
            .split(',')
            .map(str::trim)
            .filter(|answer| !answer.is_empty())
            .map(str::to_owned)
            .collect())
    };
    let mut brand = BrandArgs::default();
    for (language, choices) in [("de", "du or Sie"), ("zh", "你 or 您")] {
        let asked = format!("Form of address in {language} ({choices}; empty to skip):");
        brand.address.extend(
            question(&asked)?
                .into_iter()
                .map(|form| format!("{language}={form}")),
        );
    }
    brand.names =
        question("Brand and product names in their exact case, comma-separated (empty to skip):")?;
    brand.prefer = question(
        "Preferred spellings, comma-separated: email, e-mail, website, web site, E-Mail, Email (empty to skip):",
    )?;
    Ok(brand)
}

/// The `[brand]` table of the decisions, or nothing when there are none.
fn brand_table(brand: &BrandArgs) -> Result<String, String> {
    if brand.is_empty() {
        return Ok(String::new());
    }
    let address = brand
        .address
        .iter()
        .map(|setting| {
            let (language, form) = setting
                .split_once('=')
                .ok_or_else(|| format!("--address {setting}: write it as LANG=FORM, e.g. de=du"))?;
            Ok((language.trim().to_owned(), form.trim().to_owned()))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(format!(
        "\n# The brand's own decisions (see docs/rules.md#brand-decisions).\n{}",
        config::brand_table(&address, &brand.names, &brand.prefer)
    ))
}

/// Write `text` to `path` only if it loads as a configuration: written next to it first, then
/// moved into place, so a wrong value leaves an existing file untouched.
fn write_checked(path: &Path, text: &str) -> Result<(), String> {
    let draft = path.with_extension("toml.draft");
    std::fs::write(&draft, text)
        .map_err(|error| format!("cannot write {}: {error}", draft.display()))?;
    if let Err(error) = Config::load(&draft) {
        let _ = std::fs::remove_file(&draft);
        let shown = error
            .to_string()
            .replace(&draft.display().to_string(), &path.display().to_string());
        return Err(format!("the configuration would not load:\n{shown}"));
    }
    std::fs::rename(&draft, path)
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_brand_settings() {
        let mut input = "du\n\nFernway, GitHub\nemail\n".as_bytes();
        let mut output = Vec::new();
        let brand = ask(&mut input, &mut output).expect("answers");
        assert_eq!(brand.address, ["de=du"]);
        assert_eq!(brand.names, ["Fernway", "GitHub"]);
        assert_eq!(brand.prefer, ["email"]);
        let table = brand_table(&brand).expect("table");
        assert!(
            table.contains("[brand]\nnames = [\"Fernway\", \"GitHub\"]\nprefer = [\"email\"]\n\n[brand.address]\nde = \"du\"\n"),
            "{table}"
        );
        assert!(String::from_utf8_lossy(&output).contains("Form of address in zh (你 or 您"));
    }
}
