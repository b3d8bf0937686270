//! The `onbrand` command: a thin shell over the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    exit_quietly_on_broken_pipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(message) => {
            anstream::eprintln!("error: {message}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}

/// `onbrand rules | head` closes the pipe early: like other command-line tools, stop quietly
/// instead of reporting a panic from `println!`. (Rust ignores SIGPIPE, so the write fails and
/// `println!` panics; the hook turns exactly that panic into the shell's usual exit status.)
fn exit_quietly_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            // 128 + SIGPIPE, what a shell reports for a process that a closed pipe ended.
            std::process::exit(141);
        }
        default(info);
    }));
}
