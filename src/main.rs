//! The `onbrand` command: a thin shell over the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(message) => {
            anstream::eprintln!("error: {message}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
