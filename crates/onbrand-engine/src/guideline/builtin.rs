//! The guideline shipped in `rules/`, embedded so that `cargo install onbrand` works anywhere.

use super::GuidelineSource;

/// Every file of `rules/`, by name. A test keeps this list and the folder in step.
pub const FILES: &[(&str, &str)] = &[
    ("address.toml", include_str!("../../rules/address.toml")),
    ("channels.toml", include_str!("../../rules/channels.toml")),
    (
        "consistency.toml",
        include_str!("../../rules/consistency.toml"),
    ),
    ("hype.toml", include_str!("../../rules/hype.toml")),
    ("inclusive.toml", include_str!("../../rules/inclusive.toml")),
    ("style.toml", include_str!("../../rules/style.toml")),
    ("tone.toml", include_str!("../../rules/tone.toml")),
];

/// The shipped guideline's files, named `<builtin>/rules/…` for messages.
pub fn sources() -> Vec<GuidelineSource> {
    FILES
        .iter()
        .map(|(name, text)| GuidelineSource {
            name: format!("<builtin>/rules/{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_list_matches_the_rules_directory() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
        let mut on_disk = std::fs::read_dir(&dir)
            .expect("rules/ is readable")
            .map(|entry| entry.expect("rules/ entry").file_name())
            .filter_map(|name| name.to_str().map(str::to_owned))
            .filter(|name| name.ends_with(".toml"))
            .collect::<Vec<_>>();
        on_disk.sort();
        let listed = FILES
            .iter()
            .map(|(name, _)| name.to_string())
            .collect::<Vec<_>>();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(
            sorted, on_disk,
            "FILES must list every rules/*.toml, and only those"
        );
        assert_eq!(listed, sorted, "keep FILES in alphabetical order");
        for (name, text) in FILES {
            let on_disk = std::fs::read_to_string(dir.join(name)).expect("listed file exists");
            assert_eq!(
                *text, on_disk,
                "{name}: embedded text differs from the file"
            );
        }
    }

    #[test]
    fn every_shipped_file_matches_the_schema() {
        for source in sources() {
            let name = source.name.clone();
            if let Err(errors) = super::super::Guideline::compile(&[source]) {
                panic!("{name}: {errors:?}");
            }
        }
    }
}
