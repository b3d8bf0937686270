//! `onbrand rules` and `onbrand test-rules`: the guideline as documentation and as tests.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use onbrand::checks::kind_fields;
use onbrand::config::{Config, ConfigCache};
use onbrand::guideline::Guideline;
use onbrand::output::reference;
use onbrand::spec::RuleKind;
use onbrand::suggest::did_you_mean;

/// The guideline in force here: from `--config`, else the nearest onbrand.toml, else builtin.
fn guideline(config: Option<&Path>) -> Result<Arc<Guideline>, String> {
    let config: Arc<Config> = match config {
        Some(path) => Arc::new(Config::load(path).map_err(|error| error.to_string())?),
        None => {
            let cwd = std::env::current_dir().map_err(|error| error.to_string())?;
            let probe = cwd.join("onbrand-probe");
            ConfigCache::new(cwd)
                .for_file(&probe)
                .map_err(|error| error.to_string())?
        }
    };
    Ok(config.guideline.clone())
}

pub fn list(config: Option<&Path>, markdown: bool) -> Result<ExitCode, String> {
    let guideline = guideline(config)?;
    if markdown {
        print!("{}", reference::markdown(&guideline));
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for rule in guideline.rules() {
        out.push_str(&format!(
            "{:<40} {:<15} {:<10}\n",
            rule.info.id,
            reference::kind_name(rule),
            rule.info.severity.name()
        ));
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `onbrand rules ID`: one rule explained (why, kind, severity, scope, examples), and where its
/// kind is documented.
pub fn explain(config: Option<&Path>, id: &str) -> Result<ExitCode, String> {
    let guideline = guideline(config)?;
    let Some(rule) = guideline.rules().iter().find(|rule| &*rule.info.id == id) else {
        let ids = guideline.rules().iter().map(|rule| &*rule.info.id);
        return Err(format!(
            "no rule `{id}` in the guideline in force{}; `onbrand rules` lists them",
            did_you_mean(id, ids)
        ));
    };
    let section = reference::rule_section(rule, guideline.limit(rule));
    println!("{}\n", section.trim_end());
    println!(
        "The `{}` kind: `onbrand kinds --markdown`, or docs/kinds.md.",
        rule.kind.name()
    );
    Ok(ExitCode::SUCCESS)
}

/// `onbrand kinds`: the rule kinds, one line each, or their documentation as Markdown.
pub fn kinds(markdown: bool, guide: bool) -> ExitCode {
    if guide {
        print!("{}", reference::guide_markdown());
    } else if markdown {
        print!("{}", reference::kinds_markdown());
    } else {
        for &kind in RuleKind::ALL {
            let (fields, _) = kind_fields(kind);
            println!("{:<15} {}", kind.name(), fields.join(", "));
        }
    }
    ExitCode::SUCCESS
}

pub fn test_rules(config: Option<&Path>) -> Result<ExitCode, String> {
    let guideline = guideline(config)?;
    let failures = guideline.test_examples();
    let rules = guideline.rules();
    let examples: usize = rules
        .iter()
        .map(|rule| rule.examples.bad.len() + rule.examples.good.len())
        .sum();
    let untested: Vec<&str> = rules
        .iter()
        .filter(|rule| rule.examples.bad.is_empty())
        .map(|rule| &*rule.info.id)
        .collect();
    for failure in &failures {
        anstream::println!("FAIL {failure}");
    }
    for id in &untested {
        anstream::println!("note: rule {id} has no `bad` example, so nothing shows it can fire");
    }
    anstream::println!(
        "{} rules, {examples} examples: {} passed, {} failed",
        rules.len(),
        examples - failures.len(),
        failures.len()
    );
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_FINDINGS)
    })
}
