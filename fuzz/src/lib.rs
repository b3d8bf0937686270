//! What every fuzz target does with its input. The top-level `tests/fuzz_regressions.rs`
//! includes this file as a module and replays every saved input in `fuzz/regressions/` with
//! [`run`], so a crash found once stays a test of the ordinary `cargo test`.

use std::path::Path;
use std::sync::OnceLock;

use onbrand::config::Config;
use onbrand::document::{Document, Format};
use onbrand::guideline::{Guideline, GuidelineSource};

/// The starter guideline, compiled once per process.
fn starter() -> &'static Config {
    static STARTER: OnceLock<Config> = OnceLock::new();
    STARTER.get_or_init(|| Config::starter(Path::new(".")).expect("the starter guideline compiles"))
}

/// Parse `data` as a document of `format`, lint it with the starter guideline and render it
/// in the JSON and human formats: nothing may panic, whatever the bytes.
pub fn lint_bytes(format: Format, data: &[u8]) {
    let Ok(document) = Document::from_bytes(format, data) else {
        return;
    };
    let config = starter();
    let path = Path::new("fuzz.input");
    let linted = onbrand::lint::lint_document(
        path,
        document,
        &config.guideline,
        &config.settings_for(path),
        None,
    );
    let report = onbrand::output::json::file_report(&linted);
    let _ = onbrand::output::json::render_lines(&report);
    let _ = onbrand::output::human::render(&linted, false);
}

/// Compile `data` as a guideline file (errors are fine, panics and hangs are not).
pub fn compile_guideline(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = Guideline::compile(&[GuidelineSource {
        name: "fuzz.toml".to_owned(),
        text,
    }]);
}

/// Compile a metric rule whose formula is `data`, and run it over a short document.
pub fn metric_formula(data: &[u8]) {
    let formula = String::from_utf8_lossy(data);
    let text = format!(
        "[[rule]]\nid = \"fuzz.metric\"\nkind = \"metric\"\nformula = {}\ncondition = \"> 1\"\nmessage = \"m\"\n",
        toml_string(&formula)
    );
    if let Ok(guideline) = Guideline::compile(&[GuidelineSource {
        name: "fuzz.toml".to_owned(),
        text,
    }]) {
        let document = Document::parse(
            Format::Markdown,
            "One short sentence here. And another one.\n".to_owned(),
        );
        let _ = guideline.check(&document, &Default::default());
    }
}

/// Read every frame of `data` with the language server's frame reader: it must end (the
/// input is finite) without a panic.
pub fn lsp_frames(data: &[u8]) {
    let mut input = std::io::Cursor::new(data);
    let mut frames = onbrand::lsp::transport::FrameReader::new(&mut input);
    while let Ok(Some(_)) = frames.next_frame() {}
}

/// Run the target named `target` on `data`: how the regression test replays a saved input.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "markdown" => lint_bytes(Format::Markdown, data),
        "mdx" => lint_bytes(Format::Mdx, data),
        "html" => lint_bytes(Format::Html, data),
        "email" => lint_bytes(Format::Email, data),
        "text" => lint_bytes(Format::Text, data),
        "fluent" => lint_bytes(Format::Fluent, data),
        "yaml" => lint_bytes(Format::Yaml, data),
        "json" => lint_bytes(Format::Json, data),
        "toml" => lint_bytes(Format::Toml, data),
        "po" => lint_bytes(Format::Po, data),
        "xliff" => lint_bytes(Format::Xliff, data),
        "dita" => lint_bytes(Format::Dita, data),
        "org" => lint_bytes(Format::Org, data),
        "asciidoc" => lint_bytes(Format::AsciiDoc, data),
        "rst" => lint_bytes(Format::Rst, data),
        "guideline" => compile_guideline(data),
        "metric" => metric_formula(data),
        "lsp_transport" => lsp_frames(data),
        other => panic!("no fuzz target `{other}`"),
    }
}

/// A TOML basic string holding `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
