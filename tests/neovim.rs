//! End to end with a real editor: a headless Neovim, configured with `editors/neovim`, opens a
//! Markdown file, receives diagnostics from `onbrand lsp`, and writes them to a JSON file.
//!
//! Without `nvim` on PATH the test is skipped locally, but fails in CI (`CI` set), where
//! `.ci/run` installs Debian's package.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// A Lua string literal for `text` (long brackets cannot hold `]==]`, paths never do).
fn lua_string(text: &str) -> String {
    format!("[==[{text}]==]")
}

#[test]
fn neovim_shows_onbrand_diagnostics() {
    if !nvim_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "nvim is not installed, but CI must run this test (apt-get install neovim)"
        );
        eprintln!("skipped: nvim is not installed (apt-get install neovim to run this test)");
        return;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = manifest.join("tests/fixtures/lsp");
    std::fs::create_dir_all(dir.path().join("rules")).expect("rules dir");
    for file in ["onbrand.toml", "rules/test.toml"] {
        std::fs::copy(fixture.join(file), dir.path().join(file)).expect("copy fixture");
    }
    let document = dir.path().join("post.md");
    std::fs::write(
        &document,
        "# Grüße 👋\n\nSend us an e-mail 📧 today.\n\n你好 — a revolutionary app.\n",
    )
    .expect("write document");
    let output = dir.path().join("diagnostics.json");
    let script = dir.path().join("e2e.lua");
    let lua = format!(
        r#"
vim.opt.runtimepath:prepend({runtime})
vim.cmd("filetype on")
require("onbrand").setup({{ cmd = {{ {binary}, "lsp" }} }})
vim.cmd("edit " .. vim.fn.fnameescape({document}))
local function collect()
  return vim.diagnostic.get(0)
end
-- Wait for both findings (the server starts and lints asynchronously to this script).
vim.wait(20000, function() return #collect() >= 2 end, 50)
local out = {{}}
for _, d in ipairs(collect()) do
  local lsp = d.user_data and d.user_data.lsp or {{}}
  table.insert(out, {{
    line = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
    message = d.message, source = d.source, code = d.code or lsp.code,
  }})
end
table.sort(out, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
local file = assert(io.open({output}, "w"))
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd("qall!")
"#,
        runtime = lua_string(&manifest.join("editors/neovim").display().to_string()),
        binary = lua_string(env!("CARGO_BIN_EXE_onbrand")),
        document = lua_string(&document.display().to_string()),
        output = lua_string(&output.display().to_string()),
    );
    std::fs::write(&script, lua).expect("write script");

    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(dir.path())
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start nvim");
    // Never hang the test suite on an editor that does not quit.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("nvim status").is_some() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let written = std::fs::read_to_string(&output).unwrap_or_else(|error| {
        let log = std::fs::read_to_string(dir.path().join("state/nvim/lsp.log"))
            .or_else(|_| std::fs::read_to_string(dir.path().join("cache/nvim/lsp.log")))
            .unwrap_or_default();
        panic!("nvim wrote no diagnostics ({error}); lsp.log:\n{log}")
    });
    let diagnostics: Value = serde_json::from_str(&written).expect("diagnostics JSON");
    let summary: Vec<(u64, u64, u64, String, String)> = diagnostics
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(u64::MAX),
                d["col"].as_u64().unwrap_or(u64::MAX),
                d["end_col"].as_u64().unwrap_or(u64::MAX),
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["source"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    // Neovim keeps columns in bytes: "Send us an " is 11 bytes; "你好 — a " is 6+1+3+3 = 13.
    assert_eq!(
        summary,
        [
            (2, 11, 17, "test.email".to_owned(), "onbrand".to_owned()),
            (4, 13, 26, "test.hype".to_owned(), "onbrand".to_owned()),
        ],
        "{diagnostics:#}"
    );
    assert_eq!(diagnostics[0]["message"], "Use 'email', not 'e-mail'.");
    assert_eq!(diagnostics[0]["severity"], 2, "warning");
    assert_eq!(diagnostics[1]["severity"], 1, "error");
}
