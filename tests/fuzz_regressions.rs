//! Every input in `fuzz/regressions/<target>/` (crashes and hangs the fuzzers or attacks ever
//! found, and the hostile inputs of issue 19) replayed through the same code the fuzz target
//! runs: it must finish without a panic. A new crash file goes into the folder of its target.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_inputs;

use std::path::Path;

#[test]
fn every_saved_fuzz_input_runs_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut targets: Vec<_> = std::fs::read_dir(&root)
        .expect("fuzz/regressions")
        .map(|entry| entry.expect("entry").path())
        .collect();
    targets.sort();
    let mut replayed = 0;
    for target in &targets {
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .expect("target name");
        let mut inputs: Vec<_> = std::fs::read_dir(target)
            .expect("target folder")
            .map(|entry| entry.expect("entry").path())
            .collect();
        inputs.sort();
        for input in inputs {
            let data = std::fs::read(&input).expect("input");
            eprintln!("{}", input.display());
            fuzz_inputs::run(name, &data);
            replayed += 1;
        }
    }
    assert!(
        replayed >= targets.len(),
        "every target has at least one saved input"
    );
}
