//! Command-line interface: argument definitions and dispatch.

mod check;
mod files;
mod import;
mod init;
mod report;
mod rules;
mod tone;
mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use onbrand::output::OutputFormat;

/// Exit code for findings at or above the fail level.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage, configuration and I/O errors.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "onbrand",
    version,
    about = "Lint copy against one shared brand guideline and tone profile."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour the output: `auto` colours what goes to a terminal.
    #[arg(long, value_enum, global = true, default_value = "auto")]
    color: ColorWhen,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and folders (default: the current folder) against the guideline.
    Check(CheckArgs),
    /// Write a commented starter onbrand.toml, with the brand's decisions as `[brand]`
    /// settings: asked for when standard input is a terminal, or given as flags.
    Init {
        /// Folder to write it in.
        #[arg(default_value = ".")]
        directory: PathBuf,
        /// Overwrite an existing onbrand.toml (and, with --write-guideline, the guideline's
        /// files).
        #[arg(long)]
        force: bool,
        /// Also write the starter guideline's rules and tone profile as TOML files into DIR
        /// (default `guideline`, in the folder), and point onbrand.toml at them instead of
        /// "builtin": a starting point to edit rule by rule.
        #[arg(
            long,
            value_name = "DIR",
            num_args = 0..=1,
            default_missing_value = "guideline"
        )]
        write_guideline: Option<PathBuf>,
        #[command(flatten)]
        brand: init::BrandArgs,
    },
    /// Run every rule's examples: bad ones must trigger it, good ones must not.
    TestRules(GuidelineArgs),
    /// List the guideline's rules, or explain one (`onbrand rules ID`; `--markdown` for the
    /// whole rule reference).
    Rules {
        /// Explain this rule: why it exists, its kind, severity, scope and examples.
        id: Option<String>,
        #[command(flatten)]
        guideline: GuidelineArgs,
        /// Print the rule reference as Markdown.
        #[arg(long)]
        markdown: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to standard output.
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) to standard output.
    Man,
    /// List the rule kinds a guideline can use (`--markdown` for their full documentation).
    Kinds {
        /// Print every kind's documentation, fields and placeholders as Markdown.
        #[arg(long)]
        markdown: bool,
        /// Print the guide for brand leads (docs/guideline.md): how to write a guideline, then
        /// every kind field by field.
        #[arg(long, conflicts_with = "markdown")]
        guide: bool,
    },
    /// Record today's findings, so that `check --baseline FILE` reports only new ones.
    Baseline {
        /// Where to write the baseline.
        #[arg(long, short, default_value = ".onbrand-baseline.json")]
        output: PathBuf,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Write a review report (HTML, Markdown or JSON) over a repository or merged shards.
    Report(report::ReportArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Lsp,
    /// Serve checks over HTTP (a JSON API on 127.0.0.1:7700 by default).
    Serve(onbrand_server::ServeArgs),
    /// Serve checks to AI assistants: the Model Context Protocol over standard input and output.
    Mcp(onbrand_server::ServiceArgs),
    /// Measure each document's tone and show it next to its channel's targets.
    Tone(ToneArgs),
    /// List the files a run meets: format, channel, language (and where each came from),
    /// configuration; and the files no format reads, with why.
    Files {
        /// Files or folders (default: the current folder).
        paths: Vec<PathBuf>,
        /// Use this onbrand.toml for every file instead of discovering them.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Convert another linter's configuration (Vale) to an onbrand configuration and guideline.
    #[command(subcommand)]
    Import(import::ImportSource),
}

#[derive(Debug, clap::Args)]
struct GuidelineArgs {
    /// Use this onbrand.toml instead of discovering one from the current folder.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or folders; `-` reads standard input.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Exit with 1 when there are findings at or above this severity.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Treat every document as belonging to this channel.
    #[arg(long)]
    channel: Option<String>,
    /// Treat every document as written in this language (en, de, zh, …).
    #[arg(long = "lang")]
    language: Option<String>,
    /// Apply safe fixes in place (standard input: print the fixed text).
    #[arg(long)]
    fix: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 when there are any.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// With --fix or --diff: apply unsafe fixes too (those that may change the meaning: a
    /// spelling suggestion, a removed word, a re-cased heading).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print findings only: no summary, no notes.
    #[arg(long, short)]
    quiet: bool,
    /// After the findings, print how many each rule reported, most first (on standard error).
    #[arg(long)]
    statistics: bool,
    /// The file name standard input stands for (format, configuration, channel).
    #[arg(long)]
    stdin_filename: Option<PathBuf>,
    /// Use this onbrand.toml for every file instead of discovering them.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Report only findings that are not in this baseline (see `onbrand baseline`).
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Apply `exclude` and the ignore files to files named on the command line too (for
    /// pre-commit hooks and editors that name every file).
    #[arg(long)]
    force_exclude: bool,
    /// Lint only shard I of N (`--shard 2/4`): a stable split by path, for CI matrices.
    /// `auto` reads the job's index and count from GitLab CI, Buildkite, CircleCI or a
    /// Kubernetes Indexed Job (see README: Sharding).
    #[arg(long, value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Write the findings to this file instead of standard output (replaced atomically when
    /// the run ends; for containers without a shell, such as a Kubernetes Job's shards).
    #[arg(long, value_name = "FILE")]
    output_file: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct ToneArgs {
    /// Files or folders.
    paths: Vec<PathBuf>,
    /// Exit with 1 when a dimension is out of its target range and the tone profile's severity
    /// (after overrides) is at or above this level.
    #[arg(long, value_enum, default_value = "warning")]
    fail_on: FailOn,
    #[arg(long, value_enum, default_value = "human")]
    format: ToneFormat,
    /// Treat every document as belonging to this channel.
    #[arg(long)]
    channel: Option<String>,
    /// Treat every document as written in this language (en, de, zh, …).
    #[arg(long = "lang")]
    language: Option<String>,
    /// Use this onbrand.toml for every file instead of discovering them.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ToneFormat {
    Human,
    Json,
}

/// `--shard I/N`, or `--shard auto` from the CI system's variables.
fn parse_shard(text: &str) -> Result<Shard, ShardError> {
    if text == "auto" {
        Shard::from_environment(|name| std::env::var(name).ok())
    } else {
        Shard::parse(text)
    }
}

use onbrand::output::FailOn;
use onbrand::output::shard::{Shard, ShardError};

/// The configurations of a run: the one `--config` names for every file, else each file's nearest
/// `onbrand.toml` (globs of the default configuration rooted at the working directory).
fn config_cache(config: Option<&std::path::Path>) -> Result<onbrand::config::ConfigCache, String> {
    let cwd = std::env::current_dir()
        .map_err(|error| format!("cannot read the current folder: {error}"))?;
    Ok(match config {
        Some(path) => onbrand::config::ConfigCache::with_explicit(cwd, path),
        None => onbrand::config::ConfigCache::new(cwd),
    })
}

/// The linter of a run, with its `--config`, `--channel` and `--lang`.
fn linter(
    config: Option<&std::path::Path>,
    channel: Option<String>,
    language: Option<&str>,
) -> Result<onbrand::lint::Linter, String> {
    let language = match language {
        Some(tag) => Some(
            onbrand::language::primary_subtag(tag)
                .ok_or(format!("`{tag}` is not a language tag"))?,
        ),
        None => None,
    };
    let linter = onbrand::lint::Linter::new(
        config_cache(config)?,
        onbrand::lint::RunOverrides {
            channel: channel.clone(),
            language,
        },
    );
    if let Some(channel) = &channel {
        check_channel(&linter, channel)?;
    }
    Ok(linter)
}

/// `--channel NAME` close to, but not, a channel the configuration or guideline in force here
/// knows is a typo: it would silently apply no channel rules and no channel tone targets. A
/// name unlike any known one is taken as meant (reports group by it).
/// Read `path` (at most `limit` bytes) as the JSON of a `T`, `what` it is to the user. An
/// error names the file, line and character column: serde_json counts the column in bytes,
/// and says column 0 at the end of the input.
fn read_json<T: serde::de::DeserializeOwned>(
    path: &std::path::Path,
    limit: u64,
    what: &str,
) -> Result<T, String> {
    let text = onbrand::paths::read_regular_text(path, limit)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| {
        let line = text
            .lines()
            .nth(error.line().saturating_sub(1))
            .unwrap_or("");
        let mut before = error.column().saturating_sub(1).min(line.len());
        while !line.is_char_boundary(before) {
            before -= 1;
        }
        let column = line[..before].chars().count() + 1;
        format!(
            "{}:{}:{column}: not {what}: {error}",
            path.display(),
            error.line().max(1)
        )
    })
}

fn check_channel(linter: &onbrand::lint::Linter, channel: &str) -> Result<(), String> {
    let cwd = std::env::current_dir()
        .map_err(|error| format!("cannot read the current folder: {error}"))?;
    let config = linter
        .config_for(&cwd.join("onbrand-probe"))
        .map_err(|error| error.to_string())?;
    let known = onbrand::config::known_channels(config.channel_names(), &config.guideline);
    match onbrand::config::misspelt_channel(channel, &known) {
        None => Ok(()),
        Some(meant) => Err(format!(
            "unknown channel `{channel}` (did you mean `{meant}`?); the channels here are: {}",
            known.join(", ")
        )),
    }
}

/// Run a command; `Err` is a message for a usage, configuration or I/O error (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Init {
            directory,
            force,
            write_guideline,
            brand,
        } => init::run(&directory, force, write_guideline.as_deref(), brand),
        Command::TestRules(args) => rules::test_rules(args.config.as_deref()),
        Command::Rules {
            id: Some(id),
            guideline,
            ..
        } => rules::explain(guideline.config.as_deref(), &id),
        Command::Rules {
            id: None,
            guideline,
            markdown,
        } => rules::list(guideline.config.as_deref(), markdown),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "onbrand", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .map_err(|error| format!("cannot write the man page: {error}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Kinds { markdown, guide } => Ok(rules::kinds(markdown, guide)),
        Command::Baseline { output, check } => check::record_baseline(check, &output),
        Command::Report(args) => report::run(args),
        Command::Lsp => onbrand::lsp::run_stdio(),
        Command::Serve(args) => onbrand_server::serve(args),
        Command::Mcp(args) => onbrand_server::mcp(args),
        Command::Import(source) => import::run(source),
        Command::Tone(args) => tone::run(args),
        Command::Files { paths, config } => files::run(&paths, config.as_deref()),
    }
}
