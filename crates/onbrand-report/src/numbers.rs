//! Numbers and target bands as the report writes them.

/// A target band: "8–16", "≥ 0.3", "≤ 0.7", or "none".
pub fn band(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{}–{}", number(lo), number(hi)),
        (Some(lo), None) => format!("≥ {}", number(lo)),
        (None, Some(hi)) => format!("≤ {}", number(hi)),
        (None, None) => "none".to_owned(),
    }
}

/// A value as people read it: at most two decimals, no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}
