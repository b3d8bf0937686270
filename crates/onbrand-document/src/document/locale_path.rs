//! What a file's path says about translations: whether a YAML or JSON file is a locale file, and
//! which language a file is in.
//!
//! Projects lay their translations out by convention: Rails `config/locales/de.yml` and
//! `devise.de.yml`, Hugo `i18n/de.yaml`, i18next `public/locales/de/translation.json`,
//! vue-i18n `src/locales/de.json`, WebExtensions `_locales/de/messages.json`, Docusaurus
//! `i18n/de/code.json`, Mozilla `locales/de/main.ftl`, Angular `messages.de.xlf`, Flutter
//! `app_de.arb`, gettext `locale/de/LC_MESSAGES/app.po`. Other YAML and JSON (CI workflows,
//! package manifests, site configuration) is not copy and is never read as such.

use std::path::{Component, Path};

/// Folders that hold translations in the common frameworks.
const LOCALE_FOLDERS: &[&str] = &[
    "locales",
    "locale",
    "_locales",
    "i18n",
    "l10n",
    "lang",
    "langs",
    "languages",
    "translations",
    "localization",
    "localizations",
    "intl",
];

/// File names (without extension) that are translation catalogues inside a language folder.
const CATALOGUE_NAMES: &[&str] = &["translation", "translations", "messages", "strings"];

/// JSON and YAML files that are never translations, even inside a locale folder.
const NOT_LOCALE_FILES: &[&str] = &[
    "package",
    "package-lock",
    "composer",
    "tsconfig",
    "jsconfig",
    "manifest",
    "config",
    "settings",
    "crowdin",
    "i18n",
    "i18next-parser.config",
    "lokalise",
    "transifex",
];

/// ISO 639-1 codes, and the few ISO 639-3 codes locale files use without a two-letter one.
const LANGUAGES: &[&str] = &[
    "aa", "ab", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi", "bm",
    "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv",
    "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy", "ga",
    "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia", "id",
    "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl",
    "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt",
    "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne",
    "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps",
    "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm",
    "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl",
    "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo",
    "xh", "yi", "yo", "za", "zh", "zu", "ast", "fil", "haw", "yue", "ckb", "kab", "szl", "hsb",
];

/// Codes that are also common folder names of another meaning (`hr` for human resources, `ml`
/// for machine learning, `os`, `cs`): a folder of a document (not a message file) so named is
/// not taken for a language.
const AMBIGUOUS_FOLDERS: &[&str] = &[
    "hr", "ml", "os", "cs", "ms", "id", "is", "no", "am", "as", "be", "so", "to", "or", "my", "co",
    "ts", "ci", "io", "la", "ai",
];

/// Where a path's language was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathLanguage {
    /// The file name: `de.yml`, `devise.de.yml`, `index.de.md`, `app_de_DE.arb`.
    FileName,
    /// A folder: `locales/de/`, `content/zh-cn/`.
    Folder,
}

/// True when a YAML or JSON file's path marks it as a locale file: its name is a language
/// (`de.yml`, `devise.de.yml`), or it lies in a translations folder (`locales/`, `i18n/`,
/// `_locales/`…), or it is a catalogue (`translation.json`) in a language folder (`de/`).
pub fn is_locale_file(path: &Path) -> bool {
    let Some(stem) = lower_stem(path) else {
        return false;
    };
    if NOT_LOCALE_FILES.contains(&stem.as_str()) || stem.starts_with('.') {
        return false;
    }
    if stem_language(&stem, false).is_some() {
        return true;
    }
    let folders = folders(path);
    if folders
        .iter()
        .any(|folder| LOCALE_FOLDERS.contains(&folder.to_ascii_lowercase().as_str()))
    {
        return true;
    }
    CATALOGUE_NAMES.contains(&stem.as_str())
        && folders
            .last()
            .is_some_and(|folder| language_tag(folder).is_some())
}

/// The language a path names, and where: the file name first, then the nearest folder.
/// `messages` says the file is a message file, whose names and folders are read more freely
/// (`app_de.arb`; a `ml/` folder of message files is Malayalam, of documents likely not).
pub fn language_of(path: &Path, messages: bool) -> Option<(String, PathLanguage)> {
    if let Some(stem) = path.file_name().and_then(|name| name.to_str()) {
        // `index.de.md`, `index.html.de`: every dotted part after the first, last first.
        let parts: Vec<&str> = stem.split('.').collect();
        for part in parts.iter().skip(1).rev() {
            if let Some(tag) = language_tag(part) {
                return Some((tag, PathLanguage::FileName));
            }
        }
        let first = parts.first().copied().unwrap_or("");
        if let Some(tag) = stem_language(first, messages) {
            return Some((tag, PathLanguage::FileName));
        }
    }
    let folders = folders(path);
    for (index, folder) in folders.iter().enumerate().rev() {
        let Some(tag) = language_tag(folder) else {
            continue;
        };
        let under_locales = index
            .checked_sub(1)
            .and_then(|parent| folders.get(parent))
            .is_some_and(|parent| LOCALE_FOLDERS.contains(&parent.to_ascii_lowercase().as_str()));
        let trusted = messages
            || under_locales
            || tag.contains('-')
            || !AMBIGUOUS_FOLDERS.contains(&tag.as_str());
        if trusted {
            return Some((tag, PathLanguage::Folder));
        }
    }
    None
}

/// A language tag spelled by a whole file stem (`de`, `pt-BR`, `zh_Hans`), or with
/// `suffixes`, at its end after `_` (`app_de`, `messages_de_DE`).
fn stem_language(stem: &str, suffixes: bool) -> Option<String> {
    if let Some(tag) = language_tag(stem) {
        return Some(tag);
    }
    let mut at = 0;
    while let Some(found) = stem[at..].find('_') {
        let rest = &stem[at + found + 1..];
        if let Some(tag) = language_tag(rest) {
            let has_region = tag.contains('-');
            if suffixes || has_region {
                return Some(tag);
            }
        }
        at += found + 1;
    }
    None
}

/// `text` as a normalised language tag (`pt_br` → `pt-BR`, `zh-hans` → `zh-Hans`) when it is
/// one: a known language, then optional script and region subtags.
pub fn language_tag(text: &str) -> Option<String> {
    let mut parts = text.split(['-', '_']);
    let primary = parts.next()?;
    // Every code in `LANGUAGES` has two or three letters: a name of any other length is none,
    // told before anything is allocated or searched (this runs for every folder of every path).
    if !(2..=3).contains(&primary.len()) {
        return None;
    }
    let lower = primary.to_ascii_lowercase();
    if primary != lower && primary != primary.to_ascii_uppercase() {
        return None;
    }
    if !LANGUAGES.contains(&lower.as_str()) {
        return None;
    }
    let mut tag = lower;
    for part in parts {
        let subtag = match part.len() {
            2 if part.bytes().all(|b| b.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
            3 if part.bytes().all(|b| b.is_ascii_digit()) => part.to_owned(),
            4 if part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let mut script = part.to_ascii_lowercase();
                script[..1].make_ascii_uppercase();
                script
            }
            _ => return None,
        };
        tag.push('-');
        tag.push_str(&subtag);
    }
    Some(tag)
}

fn lower_stem(path: &Path) -> Option<String> {
    Some(path.file_stem()?.to_str()?.to_ascii_lowercase())
}

/// The names of the folders a path lies in, outermost first.
fn folders(path: &Path) -> Vec<&str> {
    let Some(parent) = path.parent() else {
        return Vec::new();
    };
    parent
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `language_tag` rejects a primary subtag by its length before looking it up.
    #[test]
    fn every_language_code_has_two_or_three_letters() {
        for code in LANGUAGES {
            assert!((2..=3).contains(&code.len()), "{code}");
            assert_eq!(language_tag(code).as_deref(), Some(*code));
        }
        assert_eq!(language_tag("work"), None);
        assert_eq!(language_tag("d"), None);
    }

    #[test]
    fn locale_files_by_framework_convention() {
        for path in [
            "config/locales/de.yml",
            "config/locales/devise.de.yml",
            "config/locales/views/home/en.yml",
            "i18n/de.yaml",
            "public/locales/de/translation.json",
            "public/locales/zh-CN/common.json",
            "src/locales/en.json",
            "_locales/de/messages.json",
            "i18n/de/code.json",
            "lang/pt_BR.json",
            "de/translation.json",
            "zh-Hans.json",
        ] {
            assert!(is_locale_file(Path::new(path)), "{path}");
        }
        for path in [
            ".github/workflows/ci.yml",
            "package.json",
            "locales/package.json",
            "_config.yml",
            "docs/.vitepress/config.json",
            "data/authors.yaml",
            "tsconfig.json",
            "src/i18n/config.json",
            "mkdocs.yml",
        ] {
            assert!(!is_locale_file(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn languages_from_names_before_folders() {
        let cases = [
            (
                "config/locales/de.yml",
                false,
                Some("de"),
                PathLanguage::FileName,
            ),
            (
                "config/locales/devise.de.yml",
                false,
                Some("de"),
                PathLanguage::FileName,
            ),
            (
                "content/post/index.de.md",
                false,
                Some("de"),
                PathLanguage::FileName,
            ),
            (
                "lib/l10n/app_de.arb",
                true,
                Some("de"),
                PathLanguage::FileName,
            ),
            (
                "res/messages_de_DE.po",
                true,
                Some("de-DE"),
                PathLanguage::FileName,
            ),
            (
                "public/locales/zh-cn/common.json",
                true,
                Some("zh-CN"),
                PathLanguage::Folder,
            ),
            (
                "locale/de/LC_MESSAGES/app.po",
                true,
                Some("de"),
                PathLanguage::Folder,
            ),
            (
                "src/content/docs/de/guide.mdx",
                false,
                Some("de"),
                PathLanguage::Folder,
            ),
            ("docs/ml/intro.md", false, None, PathLanguage::Folder),
            ("i18n/ml/intro.md", false, Some("ml"), PathLanguage::Folder),
            ("posts/the_end.md", false, None, PathLanguage::Folder),
            (
                "posts/call_to_action_it.md",
                false,
                None,
                PathLanguage::Folder,
            ),
        ];
        for (path, messages, expected, source) in cases {
            let found = language_of(Path::new(path), messages);
            assert_eq!(found.as_ref().map(|f| f.0.as_str()), expected, "{path}");
            if let Some((_, found_source)) = found {
                assert_eq!(found_source, source, "{path}");
            }
        }
    }
}
