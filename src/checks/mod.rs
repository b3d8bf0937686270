//! Checks: one rule kind per file. STUB: being written.
