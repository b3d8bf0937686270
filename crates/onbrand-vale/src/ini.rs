//! `.vale.ini`: Vale's configuration, an INI file with a global part and per-glob sections.
//!
//! ```ini
//! StylesPath = styles
//! MinAlertLevel = suggestion
//! Vocab = Base
//! [*.md]
//! BasedOnStyles = Vale, Microsoft
//! Microsoft.Passive = NO
//! Microsoft.We = error
//! ```
//! Keys this importer does not understand are kept so that the report can name them.

/// One `[glob]` section (or the global part, with `glob` = None).
#[derive(Debug, Default)]
pub struct Section {
    pub glob: Option<String>,
    /// Key, value, 1-based line.
    pub entries: Vec<(String, String, usize)>,
}

#[derive(Debug, Default)]
pub struct ValeIni {
    pub global: Section,
    pub sections: Vec<Section>,
}

impl ValeIni {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.global
            .entries
            .iter()
            .rev()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v, _)| v.as_str())
    }
}

/// A comma-separated ini value as a list.
pub fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|item| item.trim().trim_matches('"').trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Parse `.vale.ini`; `name` is for messages (`name:line:col: …`).
pub fn parse(name: &str, text: &str) -> Result<ValeIni, String> {
    let mut ini = ValeIni::default();
    let mut current: Option<Section> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let number = index + 1;
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let Some(glob) = header.strip_suffix(']') else {
                let column = raw.len() - raw.trim_start().len() + 1;
                return Err(format!(
                    "{name}:{number}:{column}: a section header needs a closing `]`"
                ));
            };
            if let Some(done) = current.take() {
                ini.sections.push(done);
            }
            current = Some(Section {
                glob: Some(glob.trim().to_owned()),
                entries: Vec::new(),
            });
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            let column = raw.len() - raw.trim_start().len() + 1;
            return Err(format!(
                "{name}:{number}:{column}: expected `key = value` or `[glob]`, found {line:?}"
            ));
        };
        let entry = (key.trim().to_owned(), value.trim().to_owned(), number);
        match current.as_mut() {
            Some(section) => section.entries.push(entry),
            None => ini.global.entries.push(entry),
        }
    }
    if let Some(done) = current {
        ini.sections.push(done);
    }
    Ok(ini)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_errors() {
        let ini = parse("v.ini", "StylesPath = s\n[*.md]\nBasedOnStyles = A, B\n").unwrap();
        assert_eq!(ini.get("stylespath"), Some("s"));
        assert_eq!(ini.sections[0].glob.as_deref(), Some("*.md"));
        assert_eq!(list(&ini.sections[0].entries[0].1), ["A", "B"]);
        let error = parse("v.ini", "x = 1\n  [*.md\n").unwrap_err();
        assert_eq!(error, "v.ini:2:3: a section header needs a closing `]`");
    }
}
