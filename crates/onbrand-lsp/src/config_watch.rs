//! Watching configuration and guideline files.
//!
//! The server asks the client to watch `**/*.toml` (registered dynamically, as the protocol
//! requires for `workspace/didChangeWatchedFiles`). Guideline folders can live anywhere a
//! configuration points, so a narrower pattern would miss some; a change to an unrelated TOML
//! file costs one needless re-lint of the open documents, about a millisecond each.

use lsp_types::{
    ClientCapabilities, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    Registration, RegistrationParams,
};

/// The registration id, so that a later `client/unregisterCapability` could name it.
pub const WATCHER_REGISTRATION_ID: &str = "onbrand-watch-toml";

/// The glob the client watches for us.
pub const WATCHED_GLOB: &str = "**/*.toml";

/// Whether the client can register file watchers on request.
pub fn client_can_watch(capabilities: &ClientCapabilities) -> bool {
    capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false)
}

/// The `client/registerCapability` parameters for the watcher.
pub fn registration() -> RegistrationParams {
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String(WATCHED_GLOB.to_owned()),
            kind: None, // create, change and delete
        }],
    };
    RegistrationParams {
        registrations: vec![Registration {
            id: WATCHER_REGISTRATION_ID.to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        }],
    }
}

/// Whether a changed file can affect configuration: any TOML file (an `onbrand.toml` or a
/// guideline file, wherever a configuration points).
pub fn is_config_file(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
}
