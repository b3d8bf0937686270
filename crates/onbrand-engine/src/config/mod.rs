//! Configuration: `onbrand.toml`, discovered upward from each file like `rustfmt.toml`.
//!
//! A configuration names the guideline files, assigns channels by glob, and overrides rules for
//! some paths. With no `onbrand.toml` anywhere above a file, the starter configuration (the one
//! `onbrand init` writes) applies, with the guideline shipped in `rules/`.

mod brand;
mod copy;
#[cfg(feature = "fs")]
mod discovery;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::document::ReadOptions;
use crate::document::mask::Ignores;
use crate::files::{Files, InMemory};
use crate::finding::Severity;
use crate::guideline::{Guideline, GuidelineError, GuidelineSource, builtin};
use crate::position::LineIndex;

pub use brand::table as brand_table;
#[cfg(feature = "fs")]
pub use discovery::ConfigCache;

/// The name of the configuration file.
pub const FILE_NAME: &str = "onbrand.toml";

/// The commented configuration `onbrand init` writes, also the default when there is none.
pub const STARTER: &str = include_str!("starter.toml");

/// The keyword in `guideline = [...]` for the guideline shipped with onbrand.
pub const BUILTIN: &str = "builtin";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default = "default_guideline")]
    guideline: Vec<Spanned<String>>,
    language: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    channels: IndexMap<String, ChannelSpec>,
    #[serde(default, rename = "override")]
    overrides: Vec<OverrideSpec>,
    /// Regexes whose matches are not prose (masked like code): Vale's `TokenIgnores`.
    #[serde(default, rename = "ignore-tokens")]
    ignore_tokens: Vec<Spanned<String>>,
    /// Regexes of whole blocks that are not prose: Vale's `BlockIgnores`.
    #[serde(default, rename = "ignore-blocks")]
    ignore_blocks: Vec<Spanned<String>>,
    /// The brand's own decisions as settings (see [`brand`]).
    #[serde(default)]
    brand: brand::BrandSpec,
    /// Front matter keys and attributes that are copy (see [`copy`]).
    #[serde(default)]
    copy: copy::CopySpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelSpec {
    include: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideSpec {
    paths: Vec<Spanned<String>>,
    channel: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    /// Rules an earlier override disabled that this one turns back on (overrides apply in
    /// order, so the last one to name a rule for a file decides).
    #[serde(default)]
    enable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<Severity>>,
    #[serde(default, rename = "ignore-tokens")]
    ignore_tokens: Vec<Spanned<String>>,
    #[serde(default, rename = "ignore-blocks")]
    ignore_blocks: Vec<Spanned<String>>,
}

fn default_guideline() -> Vec<Spanned<String>> {
    vec![Spanned::new(0..0, BUILTIN.to_owned())]
}

/// Why a configuration could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        error: std::io::Error,
    },
    /// Problems in the configuration or the guideline files it names, with positions.
    Invalid(Vec<GuidelineError>),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::Io { path, error } => {
                write!(f, "{}: {error}", crate::paths::display(path))
            }
            ConfigError::Invalid(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Io { error, .. } => Some(error),
            ConfigError::Invalid(_) => None,
        }
    }
}

/// A loaded, compiled configuration.
#[derive(Debug)]
pub struct Config {
    /// The `onbrand.toml` it came from; `None` for the starter default.
    pub path: Option<PathBuf>,
    /// The directory globs are relative to.
    pub root: PathBuf,
    /// The compiled guideline the configuration names (or the shipped one).
    pub guideline: Arc<Guideline>,
    language: Option<String>,
    exclude: GlobSet,
    channels: Vec<(String, GlobSet)>,
    overrides: Vec<Override>,
    /// How files are read: what is not prose, which keys and attributes are.
    reading: ReadOptions,
    /// Starter rules `[brand]` settings make redundant, off unless an override enables them.
    replaced: HashSet<String>,
}

#[derive(Debug)]
struct Override {
    paths: GlobSet,
    channel: Option<String>,
    language: Option<String>,
    disable: HashSet<String>,
    enable: Vec<String>,
    severity: HashMap<String, Severity>,
    ignores: Ignores,
}

/// What the configuration says about one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSettings {
    /// The file's channel (`email`, `social`), from a channel glob or the document.
    pub channel: Option<String>,
    /// A language an override assigns: stronger than detection.
    pub language: Option<String>,
    /// The configuration's fallback language: used when none is declared or detected.
    pub default_language: Option<String>,
    /// Rule ids switched off for this file.
    pub disabled: HashSet<String>,
    /// How to read this file: what is masked as non-prose (`ignore-tokens`, `ignore-blocks`:
    /// the configuration's own and those of every override that matches it) and which front
    /// matter keys and attributes are copy (`[copy]`).
    pub reading: ReadOptions,
    /// Severities that replace the rules' own for this file.
    pub severity: HashMap<String, Severity>,
}

/// The shipped guideline, compiled once per process. It names no files.
static BUILTIN_GUIDELINE: LazyLock<Result<Arc<Guideline>, Vec<GuidelineError>>> =
    LazyLock::new(|| Guideline::compile_with(&builtin::sources(), &InMemory::new()).map(Arc::new));

/// The shipped guideline, compiled.
pub fn builtin_guideline() -> Result<Arc<Guideline>, ConfigError> {
    BUILTIN_GUIDELINE.clone().map_err(ConfigError::Invalid)
}

impl Config {
    /// The configuration that applies where no `onbrand.toml` is found, rooted at `root`.
    pub fn starter(root: &Path) -> Result<Config, ConfigError> {
        Config::parse(
            STARTER,
            "<builtin>/onbrand.toml",
            None,
            root,
            &InMemory::new(),
        )
    }

    /// A configuration given as text, named `name` in errors, whose guideline files (and the
    /// files their rules name) are read from `files`, relative to `root`: an `onbrand.toml`
    /// and guideline files a writer dropped on a web page.
    pub fn from_text(
        text: &str,
        name: &str,
        root: &Path,
        files: &dyn Files,
    ) -> Result<Config, ConfigError> {
        Config::parse(text, name, None, root, files)
    }

    /// Load an `onbrand.toml` and the guideline files it names.
    #[cfg(feature = "fs")]
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = crate::files::Disk
            .read_text(path, CONFIG_SIZE_LIMIT)
            .map_err(|error| ConfigError::Io {
                path: path.to_owned(),
                error,
            })?;
        // Globs are matched against absolute paths made relative to this root, so the root is
        // absolute too, however the configuration was named (`--config onbrand.toml`).
        let parent = path.parent().unwrap_or(Path::new("."));
        let root = std::path::absolute(parent).unwrap_or_else(|_| parent.to_owned());
        Config::parse(
            &text,
            &crate::paths::display(path),
            Some(path.to_owned()),
            &root,
            &crate::files::Disk,
        )
    }

    fn parse(
        text: &str,
        name: &str,
        path: Option<PathBuf>,
        root: &Path,
        files: &dyn Files,
    ) -> Result<Config, ConfigError> {
        let lines = LineIndex::new(text);
        let error_at = |span: std::ops::Range<usize>, message: String| {
            let position = lines.line_col(text, span.start);
            GuidelineError {
                file: name.to_owned(),
                line: position.line,
                column: position.column,
                message,
            }
        };
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            let span = error.span().unwrap_or(0..0);
            ConfigError::Invalid(vec![error_at(span, error.message().to_owned())])
        })?;
        let mut errors = Vec::new();
        let brand = file.brand.guideline(&error_at, &mut errors);
        let guideline = load_guideline(&file.guideline, brand, root, files, &error_at, &mut errors);
        let mut globs =
            |patterns: &[Spanned<String>]| build_globs(patterns, &error_at, &mut errors);
        let exclude = globs(&file.exclude);
        let channels: Vec<(String, GlobSet)> = file
            .channels
            .iter()
            .map(|(name, spec)| (name.clone(), globs(&spec.include)))
            .collect();
        let copy_keys = file.copy.compile(&error_at, &mut errors);
        let mut regexes = |tokens: &[Spanned<String>], blocks: &[Spanned<String>]| Ignores {
            tokens: build_regexes(tokens, "ignore-tokens", &error_at, &mut errors),
            blocks: build_regexes(blocks, "ignore-blocks", &error_at, &mut errors),
        };
        let ignores = regexes(&file.ignore_tokens, &file.ignore_blocks);
        let reading = ReadOptions {
            ignores,
            front_matter: copy_keys.front_matter,
            prose_attributes: copy_keys.attributes,
        };
        let override_ignores: Vec<Ignores> = file
            .overrides
            .iter()
            .map(|spec| regexes(&spec.ignore_tokens, &spec.ignore_blocks))
            .collect();
        let override_languages: Vec<Option<String>> = file
            .overrides
            .iter()
            .map(|spec| language_tag(spec.language.as_ref(), &error_at, &mut errors))
            .collect();
        let mut globs =
            |patterns: &[Spanned<String>]| build_globs(patterns, &error_at, &mut errors);
        let overrides: Vec<Override> = file
            .overrides
            .iter()
            .zip(override_ignores)
            .zip(override_languages)
            .map(|((spec, ignores), language)| Override {
                paths: globs(&spec.paths),
                channel: spec.channel.as_ref().map(|name| name.get_ref().clone()),
                language,
                disable: spec.disable.iter().map(|id| id.get_ref().clone()).collect(),
                enable: spec.enable.iter().map(|id| id.get_ref().clone()).collect(),
                severity: spec
                    .severity
                    .iter()
                    .map(|(id, level)| (id.clone(), *level.get_ref()))
                    .collect(),
                ignores,
            })
            .collect();
        let language = language_tag(file.language.as_ref(), &error_at, &mut errors);
        if let Some(guideline) = &guideline {
            check_rule_ids(&file.overrides, guideline, &error_at, &mut errors);
            check_override_channels(&file, guideline, &error_at, &mut errors);
        }
        match guideline {
            Some(guideline) if errors.is_empty() => Ok(Config {
                path,
                root: root.to_owned(),
                guideline,
                language,
                exclude,
                channels,
                overrides,
                reading,
                replaced: file.brand.replaced_rules().into_iter().collect(),
            }),
            _ => Err(ConfigError::Invalid(errors)),
        }
    }

    /// The path relative to this configuration's root, as globs see it: `./blog/a.md`, `blog/a.md`
    /// and the absolute path all become `blog/a.md`. Under a relative root (a configuration
    /// given as text, with files in memory) paths are taken as relative to it already.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = if self.root.is_absolute() {
            std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
        } else {
            path.to_owned()
        };
        let cleaned: PathBuf = absolute
            .components()
            .filter(|part| !matches!(part, std::path::Component::CurDir))
            .collect();
        match cleaned.strip_prefix(&self.root) {
            Ok(relative) => relative.to_owned(),
            Err(_) => cleaned,
        }
    }

    /// Whether the configuration excludes this file from linting.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.exclude.is_match(self.relative(path))
    }

    /// Channel, language and rule overrides for a file.
    pub fn settings_for(&self, path: &Path) -> FileSettings {
        let relative = self.relative(path);
        let mut settings = FileSettings {
            channel: self
                .channels
                .iter()
                .find(|(_, globs)| globs.is_match(&relative))
                .map(|(name, _)| name.clone()),
            default_language: self.language.clone(),
            reading: self.reading.clone(),
            disabled: self.replaced.clone(),
            ..FileSettings::default()
        };
        for rule in self
            .overrides
            .iter()
            .filter(|rule| rule.paths.is_match(&relative))
        {
            if rule.channel.is_some() {
                settings.channel.clone_from(&rule.channel);
            }
            if rule.language.is_some() {
                settings.language.clone_from(&rule.language);
            }
            settings.disabled.extend(rule.disable.iter().cloned());
            for id in &rule.enable {
                settings.disabled.remove(id);
            }
            settings
                .severity
                .extend(rule.severity.iter().map(|(id, level)| (id.clone(), *level)));
            let ignores = &mut settings.reading.ignores;
            ignores.tokens.extend(rule.ignores.tokens.iter().cloned());
            ignores.blocks.extend(rule.ignores.blocks.iter().cloned());
        }
        settings
    }

    /// The channel names this configuration defines, in order.
    pub fn channel_names(&self) -> impl Iterator<Item = &str> {
        self.channels.iter().map(|(name, _)| name.as_str())
    }
}

/// A `language = "…"` value as its primary subtag; anything that is not a language tag is an
/// error at the value, with the code meant when it is a language's name ("english" → `en`).
fn language_tag(
    value: Option<&Spanned<String>>,
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) -> Option<String> {
    let value = value?;
    let tag = value.get_ref();
    let subtag = crate::language::primary_subtag(tag);
    if subtag.is_none() {
        let hint = match crate::language::code_for_name(tag) {
            Some(code) => format!(" (did you mean `{code}`?)"),
            None => String::new(),
        };
        errors.push(error_at(
            value.span(),
            format!("`{tag}` is not a language tag: use a code like `en`, `de` or `zh-CN`{hint}"),
        ));
    }
    subtag
}

/// An override's `channel` close to, but not, a channel the configuration or the guideline
/// knows is a typo: it would silently give its files no channel rules and no channel tone
/// targets. A name unlike any known one is a deliberate new channel (reports group by it).
fn check_override_channels(
    file: &ConfigFile,
    guideline: &Guideline,
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) {
    let known = known_channels(file.channels.keys().map(String::as_str), guideline);
    for channel in file
        .overrides
        .iter()
        .filter_map(|spec| spec.channel.as_ref())
    {
        if let Some(meant) = misspelt_channel(channel.get_ref(), &known) {
            errors.push(error_at(
                channel.span(),
                format!(
                    "unknown channel `{}` (did you mean `{meant}`?): neither `[channels]` nor \
                     the guideline's rules or tone profile name it",
                    channel.get_ref()
                ),
            ));
        }
    }
}

/// The known channel `name` is a misspelling of, if it is one.
pub fn misspelt_channel<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    if known.iter().any(|known| known.eq_ignore_ascii_case(name)) {
        return None;
    }
    crate::suggest::closest(name, known.iter().map(String::as_str))
}

/// Every channel name a run can mean: the configuration's, and those the guideline's rules and
/// tone profile are limited to.
pub fn known_channels<'a>(
    configured: impl IntoIterator<Item = &'a str>,
    guideline: &Guideline,
) -> Vec<String> {
    let mut known: Vec<String> = configured.into_iter().map(str::to_owned).collect();
    known.extend(
        guideline
            .rules()
            .iter()
            .flat_map(|rule| rule.channels.iter().cloned()),
    );
    if let Some(tone) = guideline.tone() {
        known.extend(tone.channel_names().map(str::to_owned));
    }
    known.sort();
    known.dedup();
    known
}

/// Compile `ignore-tokens` / `ignore-blocks` regexes; an invalid one is an error at its string.
fn build_regexes(
    patterns: &[Spanned<String>],
    field: &str,
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) -> Vec<regex::Regex> {
    let mut out = Vec::new();
    for pattern in patterns {
        if pattern.get_ref().is_empty() {
            errors.push(error_at(
                pattern.span(),
                format!("`{field}` holds an empty regular expression (it would match everywhere)"),
            ));
            continue;
        }
        match regex::Regex::new(pattern.get_ref()) {
            Ok(regex) => out.push(regex),
            Err(error) => {
                let (message, _) = crate::checks::regexes::describe_error(&error);
                errors.push(error_at(
                    pattern.span(),
                    format!("invalid regular expression in `{field}`: {message}"),
                ));
            }
        }
    }
    out
}

type ErrorAt<'a> = dyn Fn(std::ops::Range<usize>, String) -> GuidelineError + 'a;

/// Compile the guideline files a configuration names: the builtin one, files, or folders.
fn load_guideline(
    entries: &[Spanned<String>],
    brand: Option<GuidelineSource>,
    root: &Path,
    files: &dyn Files,
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) -> Option<Arc<Guideline>> {
    if let [only] = entries
        && only.get_ref() == BUILTIN
        && brand.is_none()
    {
        return match builtin_guideline() {
            Ok(guideline) => Some(guideline),
            Err(ConfigError::Invalid(mut builtin_errors)) => {
                errors.append(&mut builtin_errors);
                None
            }
            Err(error) => {
                errors.push(error_at(only.span(), error.to_string()));
                None
            }
        };
    }
    let mut sources = Vec::new();
    for entry in entries {
        if entry.get_ref() == BUILTIN {
            sources.extend(builtin::sources());
            continue;
        }
        match read_guideline_entry(files, &root.join(entry.get_ref())) {
            Ok(mut found) => sources.append(&mut found),
            Err(message) => errors.push(error_at(entry.span(), message)),
        }
    }
    // The brand's decisions after every file: they add rules, they replace none.
    sources.extend(brand);
    match Guideline::compile_with(&sources, files) {
        Ok(guideline) => Some(Arc::new(guideline)),
        Err(mut compile_errors) => {
            errors.append(&mut compile_errors);
            None
        }
    }
}

/// Largest configuration or guideline file read: far beyond any hand-written guideline.
const CONFIG_SIZE_LIMIT: u64 = 16 * 1024 * 1024;

/// Read a guideline file, or every `*.toml` file of a folder in name order.
fn read_guideline_entry(files: &dyn Files, path: &Path) -> Result<Vec<GuidelineSource>, String> {
    let describe = |path: &Path, error: std::io::Error| {
        format!(
            "cannot read guideline `{}`: {error}",
            crate::paths::display(path)
        )
    };
    let paths = match files.toml_files_in(path) {
        Ok(Some(paths)) if paths.is_empty() => {
            // A folder without guideline files is a mistake (`guideline = ["/etc"]`), not an
            // empty guideline.
            return Err(format!(
                "guideline folder `{}` holds no `*.toml` files",
                crate::paths::display(path)
            ));
        }
        Ok(Some(paths)) => paths,
        Ok(None) => vec![path.to_owned()],
        Err(error) => return Err(describe(path, error)),
    };
    paths
        .into_iter()
        .map(|file| {
            let text = files
                .read_text(&file, CONFIG_SIZE_LIMIT)
                .map_err(|error| describe(&file, error))?;
            Ok(GuidelineSource {
                name: crate::paths::display(&file),
                text,
            })
        })
        .collect()
}

fn build_globs(
    patterns: &[Spanned<String>],
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match glob(pattern.get_ref()) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(error) => errors.push(error_at(pattern.span(), format!("invalid glob: {error}"))),
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Globs match paths relative to the configuration; `*` stays within one path component, and
/// a pattern without a slash matches a file name anywhere, as in `.gitignore`.
fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    let pattern = if pattern.contains('/') {
        pattern.to_owned()
    } else {
        format!("**/{pattern}")
    };
    GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
}

/// Rule ids in overrides must exist: a misspelt id would silently do nothing.
fn check_rule_ids(
    overrides: &[OverrideSpec],
    guideline: &Guideline,
    error_at: &ErrorAt,
    errors: &mut Vec<GuidelineError>,
) {
    // Tone findings carry ids too (`tone.passive`), when the guideline has a tone profile.
    let tone_ids: Vec<String> = match guideline.tone() {
        Some(_) => crate::tone::Dimension::ALL
            .iter()
            .map(|d| format!("tone.{}", d.name()))
            .collect(),
        None => Vec::new(),
    };
    let known: HashSet<&str> = guideline
        .rules()
        .iter()
        .map(|rule| &*rule.info.id)
        .chain(tone_ids.iter().map(String::as_str))
        .collect();
    for spec in overrides {
        for (field, ids) in [("disable", &spec.disable), ("enable", &spec.enable)] {
            for id in ids {
                if !known.contains(id.get_ref().as_str()) {
                    errors.push(error_at(
                        id.span(),
                        format!(
                            "unknown rule id `{}` in `{field}`{}",
                            id.get_ref(),
                            crate::suggest::did_you_mean(id.get_ref(), known.iter().copied())
                        ),
                    ));
                }
            }
        }
        for (id, level) in &spec.severity {
            if !known.contains(id.as_str()) {
                errors.push(error_at(
                    level.span(),
                    format!("unknown rule id `{id}` in `severity`"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, ConfigError> {
        Config::parse(
            text,
            "onbrand.toml",
            None,
            Path::new("/repo"),
            &InMemory::new(),
        )
    }

    #[test]
    fn the_starter_configuration_assigns_channels_by_glob() {
        let config = Config::starter(Path::new("/repo")).unwrap();
        let channel = |path: &str| config.settings_for(Path::new(path)).channel;
        assert_eq!(
            channel("/repo/content/email/en/welcome.html").as_deref(),
            Some("email")
        );
        assert_eq!(channel("/repo/out/receipt.eml").as_deref(), Some("email"));
        assert_eq!(
            channel("/repo/blog/2026/launch.md").as_deref(),
            Some("blog")
        );
        assert_eq!(channel("/repo/README.md"), None);
        assert!(config.is_excluded(Path::new("/repo/site/node_modules/x/readme.md")));
        assert!(config.is_excluded(Path::new("/repo/CHANGELOG.md")));
    }

    #[test]
    fn channels_are_tried_in_the_order_written_and_overrides_win() {
        let config = config(
            r#"
            guideline = []
            [channels.social]
            include = ["blog/social/**"]
            [channels.blog]
            include = ["blog/**"]
            [[override]]
            paths = ["blog/de/**"]
            language = "de-AT"
            channel = "docs"
            "#,
        )
        .unwrap();
        let settings = |path: &str| config.settings_for(Path::new(path));
        assert_eq!(
            settings("/repo/blog/social/a.txt").channel.as_deref(),
            Some("social")
        );
        assert_eq!(settings("/repo/blog/a.md").channel.as_deref(), Some("blog"));
        let german = settings("/repo/blog/de/a.md");
        assert_eq!(
            (german.channel.as_deref(), german.language.as_deref()),
            (Some("docs"), Some("de"))
        );
    }

    #[test]
    fn errors_name_the_position() {
        let Err(ConfigError::Invalid(errors)) = config("guideline = []\nchanels = 3\n") else {
            panic!()
        };
        assert_eq!((errors[0].line, errors[0].column), (2, 1));
        assert!(
            errors[0].message.contains("unknown field `chanels`"),
            "{}",
            errors[0].message
        );

        let Err(ConfigError::Invalid(errors)) =
            config("guideline = []\n[[override]]\npaths = [\"a/**\"]\ndisable = [\"no.such\"]\n")
        else {
            panic!()
        };
        assert_eq!(
            errors[0].to_string(),
            "onbrand.toml:4:12: unknown rule id `no.such` in `disable`"
        );

        let Err(ConfigError::Invalid(errors)) = config("guideline = [\"missing-dir/x.toml\"]\n")
        else {
            panic!()
        };
        assert_eq!((errors[0].line, errors[0].column), (1, 14));
        assert!(errors[0].message.starts_with("cannot read guideline"));
    }

    /// The commented examples of the starter configuration work when switched on.
    #[test]
    fn the_starter_examples_of_ignores_compile() {
        let text = STARTER
            .replace("# ignore-tokens", "ignore-tokens")
            .replace("# ignore-blocks", "ignore-blocks");
        assert_ne!(text, STARTER);
        let config =
            Config::from_text(&text, "onbrand.toml", Path::new("/repo"), &InMemory::new()).unwrap();
        let ignores = config.settings_for(Path::new("/repo/a.md")).reading.ignores;
        assert_eq!((ignores.tokens.len(), ignores.blocks.len()), (1, 1));
        assert!(ignores.mask("Order SKU-123 now.").is_some());
    }

    #[test]
    fn the_starter_example_of_copy_keys_compiles() {
        let text = STARTER
            .replace("# [copy]", "[copy]")
            .replace("# front-matter =", "front-matter =")
            .replace("# attributes =", "attributes =");
        assert_ne!(text, STARTER);
        let config =
            Config::from_text(&text, "onbrand.toml", Path::new("/repo"), &InMemory::new()).unwrap();
        let reading = config.settings_for(Path::new("/repo/a.md")).reading;
        assert!(!reading.front_matter.is_empty() && !reading.prose_attributes.is_empty());
    }

    #[test]
    fn copy_scopes_are_checked_with_their_position() {
        let Err(ConfigError::Invalid(errors)) =
            config("guideline = []\n[copy]\nattributes = { caption = \"paragraf\" }\n")
        else {
            panic!()
        };
        assert_eq!(
            errors[0].to_string(),
            "onbrand.toml:3:26: `paragraf` is not a scope (did you mean `paragraph`?); one of \
             heading, paragraph, list-item, table-cell, block-quote, alt-text, title, \
             description, subject, preheader"
        );
    }

    #[test]
    fn ignore_regexes_are_checked_with_their_position() {
        let Err(ConfigError::Invalid(errors)) = config(
            "guideline = []\nignore-tokens = ['ok', 'a(b']\n[[override]]\npaths = [\"x/**\"]\n\
             ignore-blocks = ['']\n",
        ) else {
            panic!()
        };
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0]
                .starts_with("onbrand.toml:2:24: invalid regular expression in `ignore-tokens`: "),
            "{errors:?}"
        );
        assert_eq!(
            errors[1],
            "onbrand.toml:5:18: `ignore-blocks` holds an empty regular expression (it would \
             match everywhere)"
        );
        let config = config(
            "guideline = []\nignore-tokens = ['a+']\n[[override]]\npaths = [\"x/**\"]\n\
             ignore-blocks = ['b+']\n",
        )
        .unwrap();
        let ignores = |path: &str| config.settings_for(Path::new(path)).reading.ignores;
        let here = ignores("/repo/y/a.md");
        assert_eq!((here.tokens.len(), here.blocks.len()), (1, 0));
        let there = ignores("/repo/x/a.md");
        assert_eq!((there.tokens.len(), there.blocks.len()), (1, 1));
    }
}
