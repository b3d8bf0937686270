//! onbrand in the browser (crates/onbrand-wasm, web/): the WebAssembly build finds what the
//! native build finds, and the playground works in a real browser.
//!
//! Both need `scripts/build-web` to have built target/web/ (and web/node_modules), and Node.js;
//! the browser test needs Debian's Chromium. `.ci/run` provides all of it: under CI (`CI` set)
//! anything missing is a failure, elsewhere the tests print SKIPPED.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// target/web/, when built and Node.js is there.
fn built() -> Option<PathBuf> {
    let web = root().join("target/web");
    let node = Command::new("node").arg("--version").output();
    let missing = if !web.join("pkg/onbrand.js").is_file() {
        Some("target/web/ (run scripts/build-web)")
    } else if !node.is_ok_and(|output| output.status.success()) {
        Some("node")
    } else {
        None
    };
    match missing {
        None => Some(web),
        Some(what) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{what} is missing: CI must build the web playground before the tests"
            );
            eprintln!("SKIPPED: {what} is missing");
            None
        }
    }
}

fn node(args: &[&Path]) -> String {
    let output = Command::new("node")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "node {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A file of `onbrand check --format json` as the JavaScript side reports it: `context` is
/// the output crate's, not the engine's, and `link` and `occurrences` are always present.
/// Every number as a float: JavaScript writes the float 25.0 as `25`, which serde_json reads
/// as an integer, unequal to the float the native build writes.
fn numbers_as_floats(value: &mut Value) {
    match value {
        Value::Number(number) => {
            if let Some(float) = number.as_f64().and_then(serde_json::Number::from_f64) {
                *number = float;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(numbers_as_floats),
        Value::Object(fields) => fields.values_mut().for_each(numbers_as_floats),
        _ => {}
    }
}

fn comparable(mut file: Value, examples: &str) -> Value {
    let path = file["path"].as_str().unwrap().to_owned();
    file["path"] = Value::from(path.strip_prefix(examples).unwrap());
    for key in ["words", "tone"] {
        if file.get(key).is_none() {
            file[key] = Value::Null;
        }
    }
    for finding in file["findings"].as_array_mut().unwrap() {
        let finding = finding.as_object_mut().unwrap();
        finding.remove("context");
        finding.entry("link").or_insert(Value::Null);
        finding
            .entry("fix_details")
            .or_insert(Value::Array(Vec::new()));
        let occurrences = finding
            .entry("occurrences")
            .or_insert(Value::Array(Vec::new()));
        for occurrence in occurrences.as_array_mut().unwrap() {
            occurrence
                .as_object_mut()
                .unwrap()
                .entry("fix")
                .or_insert(Value::Null);
        }
    }
    numbers_as_floats(&mut file);
    file
}

#[test]
fn the_wasm_build_finds_what_the_native_build_finds_in_examples() {
    let Some(web) = built() else { return };
    let native = assert_cmd::Command::cargo_bin("onbrand")
        .unwrap()
        .current_dir(root())
        .args(["check", "--format", "json", "examples/"])
        .output()
        .unwrap();
    let native: Value = serde_json::from_slice(&native.stdout).unwrap();
    assert_eq!(native["errors"], Value::Array(Vec::new()));
    let files: Vec<Value> = native["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| comparable(file.clone(), "examples/"))
        .collect();
    assert!(files.len() >= 10, "examples/ has {} files", files.len());
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|file| PathBuf::from(file["path"].as_str().unwrap()))
        .collect();
    let mut args = vec![
        Path::new("web/test/parity.mjs"),
        &web.join("pkg"),
        Path::new("examples"),
    ]
    .into_iter()
    .map(Path::to_path_buf)
    .collect::<Vec<_>>();
    args.extend(paths);
    let args: Vec<&Path> = args.iter().map(PathBuf::as_path).collect();
    let mut wasm: Vec<Value> = serde_json::from_str(&node(&args)).unwrap();
    wasm.iter_mut().for_each(numbers_as_floats);
    assert_eq!(wasm.len(), files.len());
    let mut findings = 0;
    for (native, wasm) in files.iter().zip(&wasm) {
        assert_eq!(wasm, native, "{}", native["path"]);
        findings += native["findings"].as_array().unwrap().len();
    }
    // Deliberately off-brand copy: a comparison of empty lists would prove nothing.
    assert!(findings >= 20, "{findings} findings in examples/");
}

#[test]
fn the_playground_works_in_headless_chromium() {
    let Some(web) = built() else { return };
    let chromium = Path::new("/usr/bin/chromium");
    let driver = root().join("web/node_modules/playwright-core");
    for (needed, what) in [
        (chromium, "/usr/bin/chromium"),
        (&driver, "web/node_modules"),
    ] {
        if !needed.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{what} is missing: .ci/run installs it"
            );
            eprintln!("SKIPPED: {what} is missing");
            return;
        }
    }
    let report = node(&[
        Path::new("web/test/browser.mjs"),
        &web,
        Path::new("examples"),
    ]);
    // The figures (request count, lint times) for the record: `cargo test -- --nocapture`.
    println!("{report}");
    let report: Value = serde_json::from_str(report.trim()).unwrap();
    assert!(report["requests"].as_u64().unwrap() >= 3);
    assert!(web.join("screenshot.png").is_file());
}
