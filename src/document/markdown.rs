//! STUB: to be written.
use super::Parsed;

pub fn parse(_source: &str, _mdx: bool) -> Parsed {
    Parsed::default()
}
