//! STUB: to be written.
use super::{Document, LoadError};

pub fn parse(_bytes: &[u8]) -> Result<Document, LoadError> {
    Err(LoadError::Malformed {
        message: "e-mail not supported yet".into(),
    })
}
