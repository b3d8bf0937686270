//! The architecture stays visible: no module of a crate uses a module that uses it back.
//!
//! Cargo already refuses cycles between crates; this test does the same for the top-level
//! modules inside each crate, so that the one-way flow (document → segments → checks →
//! findings → output) holds in the code and not only in the README. A cycle is reported with
//! the files that make it, e.g. `checks -> lint (checks/mod.rs) -> checks (lint.rs)`.
//!
//! What counts as a use: a `crate::module` path in code outside `#[cfg(test)]` blocks (tests may
//! build a whole guideline to test a check) and outside comments (doc links are not
//! dependencies).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Module → (module it uses → first file that uses it).
type Graph = BTreeMap<String, BTreeMap<String, String>>;

#[test]
fn no_crate_has_a_cycle_between_its_modules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut crates: Vec<PathBuf> = vec![root.join("src")];
    for entry in fs::read_dir(root.join("crates")).expect("crates/ is readable") {
        let path = entry.expect("crates/ entry").path().join("src");
        if path.is_dir() {
            crates.push(path);
        }
    }
    assert!(crates.len() > 3, "the workspace's crates were not found");
    let mut cycles = Vec::new();
    for src in &crates {
        let graph = module_graph(src);
        if let Some(cycle) = find_cycle(&graph) {
            cycles.push(format!("{}: {cycle}", src.display()));
        }
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
    // The graph is not empty by accident: the engine's lint front door uses the guideline.
    let engine = module_graph(&root.join("crates/onbrand-engine/src"));
    assert!(engine["lint"].contains_key("guideline"), "{engine:?}");
}

#[test]
fn the_cycle_finder_finds_a_cycle_and_names_its_files() {
    let mut graph = Graph::new();
    let edge = |graph: &mut Graph, from: &str, to: &str| {
        graph
            .entry(from.into())
            .or_default()
            .insert(to.into(), format!("{from}.rs"));
    };
    edge(&mut graph, "a", "b");
    edge(&mut graph, "b", "c");
    assert_eq!(find_cycle(&graph), None);
    edge(&mut graph, "c", "a");
    assert_eq!(
        find_cycle(&graph).as_deref(),
        Some("a -> b (a.rs) -> c (b.rs) -> a (c.rs)")
    );
}

#[test]
fn uses_in_comments_and_tests_are_not_dependencies() {
    let source = "//! See [`crate::lint`].\nuse crate::spec::RuleSpec;\nfn f() { crate::memo::x() }\n\
                  #[cfg(test)]\nmod tests {\n    use crate::guideline::Guideline;\n}\n";
    assert_eq!(
        used_modules(source),
        BTreeSet::from(["memo".to_string(), "spec".to_string()])
    );
    let helpers = "//! Helpers for tests.\n#![cfg(test)]\nuse crate::guideline::Guideline;\n";
    assert_eq!(used_modules(helpers), BTreeSet::new());
}

fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).expect("file below src");
        let module = top_level_module(relative);
        let text = fs::read_to_string(&file).expect("source is readable");
        for used in used_modules(&text) {
            if used != module {
                graph
                    .entry(module.clone())
                    .or_default()
                    .entry(used)
                    .or_insert_with(|| relative.display().to_string());
            }
        }
    }
    graph
}

/// `checks/mod.rs` and `checks.rs` are module `checks`; `lib.rs` is the crate root.
fn top_level_module(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .expect("a file has a name")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("source folder is readable") {
            let path = entry.expect("source folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The top-level modules a file's code names as `crate::…`, outside comments and test modules.
fn used_modules(source: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut in_use_group = false;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        // Test modules sit at the end of a file; a file of test helpers says so at its top.
        if ["#[cfg(test)]", "#![cfg(test)]"]
            .iter()
            .any(|attribute| line.trim_start().starts_with(attribute))
        {
            break;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                in_use_group = !group.contains('}');
                used.extend(group_members(group));
            } else {
                used.insert(identifier(rest));
            }
        }
        if in_use_group && !code.contains("crate::") {
            used.extend(group_members(code));
            in_use_group = !code.contains('}');
        }
    }
    used.retain(|name| !name.is_empty() && name != "self");
    used
}

/// The first path segment of each member of a `use crate::{a::X, b, c::{…}}` group line.
fn group_members(line: &str) -> Vec<String> {
    let mut members = Vec::new();
    let mut depth = 0usize;
    let mut at_member_start = true;
    for (index, c) in line.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => at_member_start = true,
            c if at_member_start && (c.is_alphanumeric() || c == '_') => {
                at_member_start = false;
                members.push(identifier(&line[index..]));
            }
            _ => {}
        }
    }
    members
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// A cycle as `a -> b (file) -> … -> a (file)`, or `None`.
fn find_cycle(graph: &Graph) -> Option<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Visiting,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        states: &mut BTreeMap<String, State>,
        path: &mut Vec<String>,
    ) -> Option<String> {
        states.insert(node.to_string(), State::Visiting);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|edges| edges.keys()) {
            match states.get(next.as_str()) {
                Some(State::Visiting) => {
                    let start = path.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle: Vec<&String> = path[start..].iter().collect();
                    cycle.push(next);
                    let mut text = cycle[0].clone();
                    for pair in cycle.windows(2) {
                        let file = &graph[pair[0].as_str()][pair[1].as_str()];
                        text.push_str(&format!(" -> {} ({file})", pair[1]));
                    }
                    return Some(text);
                }
                Some(State::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, states, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        states.insert(node.to_string(), State::Done);
        None
    }
    let mut states = BTreeMap::new();
    for node in graph.keys() {
        if !states.contains_key(node.as_str())
            && let Some(cycle) = visit(node, graph, &mut states, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

/// Embedders use `?` and error-reporting crates: every public error is a `std::error::Error`
/// that can cross threads, with its cause as `source()`.
#[test]
fn public_errors_are_std_errors() {
    fn is_error<E: std::error::Error + Send + Sync + 'static>() {}
    is_error::<onbrand::config::ConfigError>();
    is_error::<onbrand::document::LoadError>();
    is_error::<onbrand::fix::WriteError>();
    is_error::<onbrand::guideline::GuidelineError>();
    is_error::<onbrand::lint::FileError>();
    is_error::<onbrand::vale::ImportError>();

    let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
    let error = onbrand::lint::FileError::Read(io);
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("gone"));
}

/// `cargo publish` packs each crate's folder alone: a file a crate embeds with `include_str!`
/// or `include_bytes!` must lie inside that folder (the shipped `rules/` reach the engine
/// through the symbolic link `crates/onbrand-engine/rules`, which packaging follows).
#[test]
fn crates_embed_only_files_inside_their_own_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut outside = Vec::new();
    let mut embedded = 0;
    for entry in fs::read_dir(root.join("crates")).expect("crates/ is readable") {
        let crate_dir = entry.expect("crates/ entry").path();
        if !crate_dir.join("src").is_dir() {
            continue;
        }
        for file in rust_files(&crate_dir.join("src")) {
            let source = fs::read_to_string(&file).expect("source is UTF-8");
            for literal in embedded_paths(&source) {
                embedded += 1;
                let resolved =
                    lexically_joined(file.parent().expect("a file has a folder"), &literal);
                if !resolved.starts_with(&crate_dir) {
                    outside.push(format!("{}: {literal}", file.display()));
                }
            }
        }
    }
    assert!(
        outside.is_empty(),
        "embedded files outside their crate:\n{}",
        outside.join("\n")
    );
    assert!(
        embedded >= 7,
        "the shipped rules are embedded by literal path ({embedded} found)"
    );
}

/// The literal paths of `include_str!("…")` and `include_bytes!("…")` in a source file.
fn embedded_paths(source: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for macro_name in ["include_str!(", "include_bytes!("] {
        for (at, _) in source.match_indices(macro_name) {
            let rest = source[at + macro_name.len()..].trim_start();
            if let Some(literal) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                paths.push(literal.to_owned());
            }
        }
    }
    paths
}

/// `base` joined with `relative`, `..` resolved without following symbolic links.
fn lexically_joined(base: &Path, relative: &str) -> PathBuf {
    let mut path = base.to_path_buf();
    for part in relative.split('/') {
        match part {
            ".." => {
                path.pop();
            }
            "." | "" => {}
            name => path.push(name),
        }
    }
    path
}
