//! The rule-kind registry and the documentation generated from it.

use onbrand::checks::{KindSpec, kind_documentation, kind_fields};
use onbrand::guideline::{Guideline, GuidelineSource};
use onbrand::output::reference;
use onbrand::spec::{RuleKind, RuleSpec};

#[test]
fn docs_kinds_md_is_generated_from_the_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/kinds.md");
    let written = std::fs::read_to_string(&path).expect("docs/kinds.md exists");
    assert!(
        written == reference::kinds_markdown(),
        "docs/kinds.md is stale: run `cargo run -- kinds --markdown > docs/kinds.md`"
    );
}

#[test]
fn every_kind_is_named_as_guideline_files_write_it() {
    assert_eq!(RuleKind::ALL.len(), 12);
    for &kind in RuleKind::ALL {
        let serialized = toml::Value::try_from(kind).expect("a kind serializes");
        assert_eq!(serialized.as_str(), Some(kind.name()));
        assert_eq!(RuleKind::from_name(kind.name()), Some(kind));
    }
    assert_eq!(RuleKind::from_name("grammar"), None);
}

/// A kind's documentation opens with its TOML example, which must be a working rule of that
/// kind: the first thing a brand lead copies must compile.
#[test]
fn every_kinds_documented_example_compiles_as_that_kind() {
    for &kind in RuleKind::ALL {
        let doc = kind_documentation(kind);
        let example = toml_block(&doc)
            .unwrap_or_else(|| panic!("{}: no ```toml example in its documentation", kind.name()));
        let source = GuidelineSource {
            name: format!("{}-example.toml", kind.name()),
            text: example,
        };
        match Guideline::compile(&[source]) {
            Ok(guideline) => {
                assert!(!guideline.rules().is_empty(), "{}: no rule", kind.name());
                for rule in guideline.rules() {
                    assert_eq!(rule.kind, kind, "{}: example of another kind", kind.name());
                }
            }
            // A spelling rule names dictionary and word-list files, which an example cannot ship.
            Err(errors) if kind == RuleKind::Spelling => {
                assert!(
                    errors.iter().all(|e| e.message.starts_with("cannot read")),
                    "{errors:?}"
                );
            }
            Err(errors) => panic!("{}: example does not compile: {errors:?}", kind.name()),
        }
    }
}

/// Code that writes guidelines (the Vale importer) serialises the typed specs: a rule read
/// from a kind's documented example and written back is the same rule, field for field
/// (renames, kebab-case names, nested tables), and nothing left at its default is written.
#[test]
fn typed_specs_serialise_back_to_what_was_read() {
    for &kind in RuleKind::ALL {
        let empty = KindSpec::deserialize(kind, toml::Value::Table(toml::Table::new()))
            .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
        assert_eq!(empty.kind(), kind);
        // In JSON, which (unlike TOML) would write a field left out as `null`.
        assert_eq!(
            serde_json::to_value(&empty).unwrap(),
            serde_json::json!({}),
            "{}: a field left at its default is written",
            kind.name()
        );
        assert_eq!(
            toml::to_string(&RuleSpec::new("s.r", kind)).unwrap(),
            format!(
                "id = \"s.r\"\nkind = \"{}\"\nseverity = \"warning\"\n",
                kind.name()
            )
        );

        let example = toml_block(&kind_documentation(kind)).expect("an example");
        let mut file: toml::Table = toml::from_str(&example).expect("the example parses");
        let Some(toml::Value::Array(rules)) = file.remove("rule") else {
            panic!("{}: no [[rule]]", kind.name());
        };
        for rule in rules {
            let toml::Value::Table(mut read) = rule else {
                panic!("{}: a rule that is no table", kind.name());
            };
            let (common, own): (toml::Table, toml::Table) = read
                .clone()
                .into_iter()
                .partition(|(key, _)| onbrand::guideline::common_fields().contains(&key.as_str()));
            // Through TOML text, as the loader reads: positions (`Spanned`) need a document.
            let common: RuleSpec = toml::from_str(&toml::to_string(&common).unwrap()).unwrap();
            let own_text = toml::to_string(&own).unwrap();
            let own = toml::de::Deserializer::parse(&own_text)
                .and_then(|fields| KindSpec::deserialize(kind, fields))
                .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
            let toml::Value::Table(mut written) = toml::Value::try_from(&common).unwrap() else {
                panic!("a rule's common fields serialise to a table");
            };
            written.extend(match toml::Value::try_from(&own).unwrap() {
                toml::Value::Table(fields) => fields,
                other => panic!("{}: fields serialise to {other}", kind.name()),
            });
            // The one default that is always written.
            read.entry("severity").or_insert("warning".into());
            assert_eq!(written, read, "{}", kind.name());
        }
    }
}

#[test]
fn every_field_of_every_kind_is_documented() {
    for &kind in RuleKind::ALL {
        let doc = kind_documentation(kind);
        let (fields, placeholders) = kind_fields(kind);
        for field in fields {
            assert!(
                doc.contains(&format!("`{field}")) || doc.contains(&format!("{field} =")),
                "{}: field `{field}` is not documented",
                kind.name()
            );
        }
        for placeholder in placeholders {
            assert!(
                doc.contains(&format!("{{{placeholder}}}")),
                "{}: placeholder {{{placeholder}}} is not documented",
                kind.name()
            );
        }
    }
}

/// Every kind says whether its fixes are safe and why, or why it has none; only kinds that
/// offer fixes take a rule's `fix`.
#[test]
fn every_kind_documents_its_fix_safety() {
    for &kind in RuleKind::ALL {
        let doc = kind_documentation(kind);
        let says = if onbrand::checks::kind_offers_fixes(kind) {
            "\nFix safety: "
        } else {
            "\nNo fix: "
        };
        assert!(
            doc.contains(says),
            "{}: no `{}` paragraph",
            kind.name(),
            says.trim()
        );
    }
}

fn toml_block(markdown: &str) -> Option<String> {
    let start = markdown.find("```toml\n")? + "```toml\n".len();
    let end = start + markdown[start..].find("```")?;
    Some(markdown[start..end].to_string())
}

#[test]
fn docs_guideline_md_is_generated() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guideline.md");
    let written = std::fs::read_to_string(&path).expect("docs/guideline.md exists");
    assert!(
        written == reference::guide_markdown(),
        "docs/guideline.md is stale: run `cargo run -- kinds --guide > docs/guideline.md`"
    );
}

/// The guide's table of the fields every rule may have names each of them, with an example.
#[test]
fn the_guide_documents_every_common_field_with_an_example() {
    let guide = reference::guide_markdown();
    for field in onbrand::guideline::common_fields() {
        let row = guide
            .lines()
            .find(|line| line.starts_with(&format!("| `{field}` |")))
            .unwrap_or_else(|| panic!("the guide has no row for `{field}`"));
        assert!(row.contains(&format!("`{field} =")), "no example in: {row}");
    }
}

/// Every TOML example of the guide's own sections works as what it shows: guideline files
/// compile, `onbrand.toml` files load (with the folders they name).
#[test]
fn every_example_in_the_guide_works() {
    let guide = reference::guide_markdown();
    let narrative = &guide[..guide.find("## 5.").expect("the kinds section")];
    let blocks = toml_blocks(narrative);
    assert_eq!(blocks.len(), 4, "the guide's examples were not all found");
    for block in blocks {
        if block.contains("guideline = [") {
            let dir = tempfile::tempdir().expect("temp dir");
            std::fs::create_dir(dir.path().join("brand")).expect("brand/");
            std::fs::write(dir.path().join("brand/terms.toml"), "").expect("brand file");
            let path = dir.path().join("onbrand.toml");
            std::fs::write(&path, &block).expect("onbrand.toml");
            if let Err(error) = onbrand::config::Config::load(&path) {
                panic!("configuration example does not load: {error}\n{block}");
            }
        } else {
            let source = GuidelineSource {
                name: "guide-example.toml".to_owned(),
                text: block.clone(),
            };
            let guideline = Guideline::compile(&[source])
                .unwrap_or_else(|errors| panic!("example does not compile: {errors:?}\n{block}"));
            assert!(
                guideline.test_examples().is_empty(),
                "the example's own examples fail:\n{block}"
            );
        }
    }
}

fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = markdown;
    while let Some(block) = toml_block(rest) {
        let consumed = rest.find(&block).expect("block in text") + block.len();
        blocks.push(block);
        rest = &rest[consumed..];
    }
    blocks
}
