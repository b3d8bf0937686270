//! STUB: to be written.
use super::Parsed;

pub fn parse(_source: &str) -> Parsed {
    Parsed::default()
}
