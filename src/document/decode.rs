//! Bytes → text: binary detection, byte-order marks, declared charsets.
use super::{Format, LoadError};

pub fn decode(_format: Format, bytes: &[u8]) -> Result<String, LoadError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| LoadError::Binary)
}
