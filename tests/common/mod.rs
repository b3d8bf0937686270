//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A folder of `../shared/` (the real corpus and the Vale style packages, beside the clone).
///
/// A test that needs it must not pass by not running: under CI (`CI` set, as `.ci/run` is run)
/// a missing folder fails the test; elsewhere the test says loudly that it was skipped.
#[allow(dead_code)] // each test binary uses the helpers it needs
pub fn shared(folder: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(folder);
    if path.is_dir() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: CI must run this test with ../shared beside the clone",
        path.display()
    );
    eprintln!(
        "SKIPPED: {} is missing (CI fails here; put ../shared beside the clone to run it)",
        path.display()
    );
    None
}

const GUIDELINE: &str = include_str!("../fixtures/cli/guideline.toml");

/// A content repository in a temporary folder, with the test guideline configured.
#[allow(dead_code)]
pub struct Repo {
    pub dir: tempfile::TempDir,
}

#[allow(dead_code)]
impl Repo {
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.write("guideline.toml", GUIDELINE);
        repo.write("onbrand.toml", "guideline = [\"guideline.toml\"]\n");
        repo
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    pub fn onbrand(&self, args: &[&str]) -> Output {
        Command::cargo_bin("onbrand")
            .unwrap()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap()
    }
}

#[allow(dead_code)]
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[allow(dead_code)]
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The worked example's configuration, `examples/onbrand.toml`: the starter guideline plus
/// Fernway's own rules in `examples/guideline/`, which the tests of Fernway's rules use. Loaded
/// once per test binary.
#[allow(dead_code)]
pub fn fernway() -> &'static onbrand::config::Config {
    static FERNWAY: std::sync::LazyLock<onbrand::config::Config> = std::sync::LazyLock::new(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/onbrand.toml");
        onbrand::config::Config::load(&path).unwrap_or_else(|error| panic!("{error}"))
    });
    &FERNWAY
}

/// The starter rules Fernway's own rules replace (examples/onbrand.toml's override), switched
/// off as `onbrand check examples/` does.
#[allow(dead_code)]
pub fn fernway_disabled() -> std::collections::HashSet<String> {
    let config = fernway();
    config.settings_for(&config.root.join("page.md")).disabled
}
