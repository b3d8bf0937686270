//! onbrand's engine for JavaScript: the wasm-bindgen boundary.
//!
//! Values cross as JSON strings (options in, results out): one `JSON.parse` on the JavaScript
//! side is faster than building objects field by field through the bridge, and the typed API in
//! `web/src/onbrand.js` and `onbrand.d.ts` is where they get their types. Errors are thrown as
//! JavaScript `Error`s whose message is JSON too (a list of problems with file, line and
//! column for a configuration; a sentence for anything else), so a caller can always show where.
//!
//! The logic is in [`session`], plain Rust tested natively.

pub mod session;

use wasm_bindgen::prelude::*;

use session::{LintOptions, Session, SourceFile};

/// A compiled configuration with the text being edited (JavaScript: `Linter`).
#[wasm_bindgen(js_name = Linter)]
pub struct JsLinter {
    session: Session,
}

#[wasm_bindgen(js_class = Linter)]
impl JsLinter {
    /// `config`: an `onbrand.toml`'s text, or `undefined` for the starter configuration.
    /// `files_json`: `[{name, text}]`, the guideline files (and word lists) it names.
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<String>, files_json: &str) -> Result<JsLinter, JsError> {
        let files: Vec<SourceFile> = parse(files_json)?;
        let session = Session::load(config.as_deref(), &files)
            .map_err(|problems| JsError::new(&json(&problems)))?;
        Ok(JsLinter { session })
    }

    /// The channel names a text can be linted for, as a JSON array.
    pub fn channels(&self) -> String {
        json(&self.session.channels())
    }

    /// Lint `text` with `options_json` (`{path, format, channel, language}`): the findings in
    /// UTF-16 offsets and the tone, as JSON.
    pub fn lint(&mut self, text: &str, options_json: &str) -> Result<String, JsError> {
        let options: LintOptions = parse(options_json)?;
        let result = self.session.lint(text, &options).map_err(error)?;
        Ok(json(&result))
    }

    /// Apply the fixes of the findings at `indices_json` (a JSON array of indices into
    /// `lint`'s findings for the same text and options, or `null` for all of them).
    pub fn fix(
        &mut self,
        text: &str,
        options_json: &str,
        indices_json: &str,
    ) -> Result<String, JsError> {
        let options: LintOptions = parse(options_json)?;
        let indices: Option<Vec<usize>> = parse(indices_json)?;
        let result = self
            .session
            .fix(text, &options, indices.as_deref())
            .map_err(error)?;
        Ok(json(&result))
    }
}

/// The format names `lint` accepts, as a JSON array.
#[wasm_bindgen(js_name = formats)]
pub fn formats() -> String {
    json(&session::format_names())
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, JsError> {
    serde_json::from_str(text).map_err(|problem| error(format!("invalid argument: {problem}")))
}

fn error(message: String) -> JsError {
    JsError::new(&json(&message))
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising these types (strings, numbers, lists) cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}
