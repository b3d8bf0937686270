//! The files of Vale's spelling rules: the Hunspell dictionaries and word lists a rule names
//! are copied next to the generated guideline (`guideline/dictionaries/`, `guideline/ignore/`),
//! so that the converted guideline keeps working wherever it is moved.
//!
//! Vale's own en_US dictionary (used when a rule lists no `dictionaries`, and with
//! `append: true` besides the listed ones) is not shipped with onbrand: the importer copies the
//! system's, found in the folders of `$DICPATH` (Hunspell's own variable), then
//! `/usr/share/hunspell` and `/usr/share/myspell`. Without one the rule is converted with its
//! other dictionaries, and a note says how to install it.

use std::path::{Path, PathBuf};

use onbrand_engine::checks::KindSpec;

use super::ImportError;
use super::convert::{Converted, ImportedRule, unspanned};
use super::rule::{OneOrMany, ValeRule};

/// Beside the generated guideline files: where dictionaries and word lists are copied.
const DICTIONARY_DIR: &str = "dictionaries";
const IGNORE_DIR: &str = "ignore";
/// Vale's default dictionary.
const DEFAULT_DICTIONARY: &str = "en_US";
const SYSTEM_DICTIONARY_DIRS: [&str; 3] = [
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
];

/// Vale's built-in `Vale.Spelling`: the default dictionary, every word list in
/// `config/ignore` (`**/*.txt`: subfolders too, as Vale globs them), and the accepted
/// vocabulary.
pub(super) fn builtin_rule(styles: &Path) -> ValeRule {
    let mut lists: Vec<String> = Vec::new();
    word_lists(&styles.join("config").join("ignore"), "", 0, &mut lists);
    lists.sort();
    ValeRule {
        extends: Some("spelling".into()),
        level: Some("error".into()),
        message: Some("Did you really mean '%s'?".into()),
        ignore: Some(OneOrMany::Many(lists)),
        ..ValeRule::default()
    }
}

/// Folders deeper than this under `config/ignore` are not searched (a bound, not a limit any
/// real styles folder reaches).
const MAX_IGNORE_DEPTH: usize = 16;

/// The `.txt` files under `folder`, as paths relative to where the walk started (`prefix`),
/// with `/` between folders. Symbolic links to folders are not followed.
fn word_lists(folder: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let relative = format!("{prefix}{name}");
        if kind.is_dir() && depth < MAX_IGNORE_DEPTH {
            word_lists(&entry.path(), &format!("{relative}/"), depth + 1, out);
        } else if name.ends_with(".txt") && entry.path().is_file() {
            out.push(relative);
        }
    }
}

/// A Hunspell dictionary to copy: the name it gets, and its two files.
struct DictionaryFiles {
    name: String,
    aff: PathBuf,
    dic: PathBuf,
}

/// Give a converted spelling rule its `dictionaries` and `ignore-files`, copying each file into
/// `guideline_dir`. The rule is left out (with a note) when no dictionary is left.
pub(super) fn add_files(
    rule: &ValeRule,
    styles: &Path,
    guideline_dir: &Path,
    converted: &mut Converted,
) -> Result<(), ImportError> {
    let Some(ImportedRule {
        fields: KindSpec::Spelling(fields),
        ..
    }) = converted.rule.as_mut()
    else {
        return Ok(());
    };
    let mut notes = Vec::new();
    let dictionaries = dictionary_files(rule, styles, &mut notes);
    let mut entries = Vec::new();
    for dictionary in &dictionaries {
        let folder = guideline_dir.join(DICTIONARY_DIR);
        copy(
            &dictionary.aff,
            &folder.join(format!("{}.aff", dictionary.name)),
        )?;
        copy(
            &dictionary.dic,
            &folder.join(format!("{}.dic", dictionary.name)),
        )?;
        entries.push(unspanned(format!("{DICTIONARY_DIR}/{}", dictionary.name)));
    }
    let mut lists = Vec::new();
    for list in rule
        .ignore
        .as_ref()
        .map(OneOrMany::items)
        .unwrap_or_default()
    {
        match ignore_file(&list, styles) {
            Some((source, name)) => {
                copy(&source, &guideline_dir.join(IGNORE_DIR).join(&name))?;
                lists.push(unspanned(format!("{IGNORE_DIR}/{name}")));
            }
            None => notes.push((
                format!("ignore file `{list}` not found under StylesPath"),
                "left out".to_owned(),
            )),
        }
    }
    if !lists.is_empty() {
        fields.ignore_files = Some(lists);
    }
    if entries.is_empty() {
        notes.push((
            "no Hunspell dictionary found for the rule".to_owned(),
            "not converted".to_owned(),
        ));
        converted.rule = None;
    } else {
        fields.dictionaries = Some(entries);
    }
    converted.notes.extend(notes);
    Ok(())
}

/// The dictionaries a rule uses, as Vale finds them: `aff` + `dic` when both exist; else each
/// of `dictionaries` in `dicpath` (or `config/dictionaries`), and the default en_US when the
/// list is empty or `append` is set.
fn dictionary_files(
    rule: &ValeRule,
    styles: &Path,
    notes: &mut Vec<(String, String)>,
) -> Vec<DictionaryFiles> {
    if let (Some(aff), Some(dic)) = (&rule.aff, &rule.dic) {
        let (aff, dic) = (styles.join(aff), styles.join(dic));
        if aff.is_file() && dic.is_file() {
            let name = aff
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or(DEFAULT_DICTIONARY)
                .to_owned();
            return vec![DictionaryFiles { name, aff, dic }];
        }
    }
    let folder = rule.dicpath.as_deref().map_or_else(
        || styles.join("config").join("dictionaries"),
        |dicpath| styles.join(dicpath),
    );
    let mut found = Vec::new();
    for name in &rule.dictionaries {
        match pair_in(&folder, name) {
            Some(files) => found.push(files),
            None if name == DEFAULT_DICTIONARY => {}
            None => notes.push((
                format!(
                    "dictionary `{name}` not found in {}",
                    crate::paths::display(&folder)
                ),
                "left out".to_owned(),
            )),
        }
    }
    let wants_default = rule.dictionaries.is_empty()
        || rule.append
        || rule
            .dictionaries
            .iter()
            .any(|name| name == DEFAULT_DICTIONARY);
    if wants_default && !found.iter().any(|files| files.name == DEFAULT_DICTIONARY) {
        match system_dictionary() {
            Some(files) => found.push(files),
            None => notes.push((
                "Vale's default en_US dictionary: no Hunspell en_US installed (looked in \
                 $DICPATH, /usr/share/hunspell, /usr/share/myspell)"
                    .to_owned(),
                "converted without it; install it (`apt-get install hunspell-en-us`) or set \
                 DICPATH and import again"
                    .to_owned(),
            )),
        }
    }
    found
}

/// `name.aff` and `name.dic` in `folder`, when both are there.
fn pair_in(folder: &Path, name: &str) -> Option<DictionaryFiles> {
    let aff = folder.join(format!("{name}.aff"));
    let dic = folder.join(format!("{name}.dic"));
    (aff.is_file() && dic.is_file()).then(|| DictionaryFiles {
        name: name.to_owned(),
        aff,
        dic,
    })
}

/// The installed en_US dictionary, if any.
fn system_dictionary() -> Option<DictionaryFiles> {
    let from_env: Vec<PathBuf> = std::env::var_os("DICPATH")
        .map(|paths| std::env::split_paths(&paths).collect())
        .unwrap_or_default();
    from_env
        .into_iter()
        .chain(SYSTEM_DICTIONARY_DIRS.iter().map(PathBuf::from))
        .find_map(|folder| pair_in(&folder, DEFAULT_DICTIONARY))
}

/// A word list as Vale finds it (absolute, under StylesPath, or under its `config/ignore`),
/// with the name it gets beside the guideline: its relative path (`team/terms.txt`, so that
/// lists of one name in two folders stay apart), or the file name of an absolute one.
fn ignore_file(list: &str, styles: &Path) -> Option<(PathBuf, String)> {
    let path = Path::new(list);
    let plain = path
        .components()
        .all(|part| matches!(part, std::path::Component::Normal(_)));
    let name = if plain {
        list.replace('\\', "/")
    } else {
        path.file_name()?.to_str()?.to_owned()
    };
    [
        styles.join(list),
        styles.join("config").join("ignore").join(list),
    ]
    .into_iter()
    .find(|path| path.is_file())
    .map(|path| (path, name))
}

/// Copied byte for byte: a dictionary may be in the 8-bit encoding its `SET` line names.
fn copy(from: &Path, to: &Path) -> Result<(), ImportError> {
    if let Some(folder) = to.parent() {
        std::fs::create_dir_all(folder).map_err(|e| ImportError::Io(folder.to_owned(), e))?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| ImportError::Io(from.to_owned(), e))
}
