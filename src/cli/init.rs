//! `onbrand init`: write the commented starter configuration, with the brand's decisions.
//!
//! The decisions (form of address per language, names in their exact case, preferred
//! spellings) become a `[brand]` table. Given as flags they are written as they are; with no
//! flags and standard input a terminal, `init` asks for each (an empty answer skips it). The
//! file is checked like any configuration before it replaces anything: a wrong value is an
//! error with its position, and an existing onbrand.toml stays as it was.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use onbrand::config::{self, Config, FILE_NAME, STARTER};

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

pub fn run(directory: &Path, force: bool, mut brand: BrandArgs) -> Result<ExitCode, String> {
    let path = directory.join(FILE_NAME);
    if path.exists() && !force {
        return Err(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        ));
    }
    if brand.is_empty() && !brand.no_input && std::io::stdin().is_terminal() {
        brand = ask(&mut std::io::stdin().lock(), &mut std::io::stderr())
            .map_err(|error| format!("cannot read the answers: {error}"))?;
    }
    let text = format!("{STARTER}{}", brand_table(&brand)?);
    std::fs::create_dir_all(directory)
        .map_err(|error| format!("cannot create {}: {error}", directory.display()))?;
    write_checked(&path, &text)?;
    println!(
        "Wrote {}. Edit its guideline list and channels, then run `onbrand check`.",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
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
