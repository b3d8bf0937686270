//! The guideline shipped in `rules/`, embedded so that `cargo install onbrand` works anywhere.

use super::GuidelineSource;

/// Every file of `rules/`, by name. A test keeps this list and the folder in step.
pub const FILES: &[(&str, &str)] = &[];

pub fn sources() -> Vec<GuidelineSource> {
    FILES
        .iter()
        .map(|(name, text)| GuidelineSource {
            name: format!("<builtin>/rules/{name}"),
            text: (*text).to_owned(),
        })
        .collect()
}
