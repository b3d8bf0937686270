//! "Did you mean …?": the closest known name to a misspelt one, for every error that names an
//! unknown field, channel, language or rule. A typo must never fail silently, and an error that
//! only lists forty valid names makes the writer search for the one they meant.

/// The candidate closest to `name`, when it is close enough to be the one meant: at most a
/// third of the name's characters differ (transpositions count once), ignoring case.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = name.to_lowercase();
    let allowed = (lowered.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&lowered, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, _)| distance <= allowed)
        // The nearest; among equally near ones the first in sort order, whatever the order of
        // `candidates` (often a hash set).
        .min()
        .map(|(_, candidate)| candidate)
}

/// `" (did you mean `x`?)"` or nothing: the tail of an error message.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|candidate| format!(" (did you mean `{candidate}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_name_and_strangers_find_none() {
        let channels = ["email", "blog", "landing", "social"];
        assert_eq!(closest("emial", channels), Some("email"));
        assert_eq!(closest("Blgo", channels), Some("blog"));
        assert_eq!(closest("landingpage", channels), None);
        assert_eq!(closest("print", channels), None);
        assert_eq!(closest("eng", ["de", "en"]), Some("en"));
        // Equally near names: the first in sort order, whatever order they come in.
        assert_eq!(closest("e", ["en", "de"]), Some("de"));
        assert_eq!(
            did_you_mean("socail", channels),
            " (did you mean `social`?)"
        );
        assert_eq!(did_you_mean("zzz", channels), "");
    }
}
