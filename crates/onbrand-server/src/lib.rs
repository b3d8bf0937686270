//! onbrand as a service: `onbrand serve` (an HTTP JSON API) and `onbrand mcp` (a Model Context
//! Protocol server over standard input and output), over the same engine calls as the CLI.
//!
//! A separate crate because it brings an async stack (tokio, axum, rmcp) that the command line,
//! the language server and the WebAssembly build of the engine do without.

pub mod api;
pub mod connections;
pub mod guidelines;
pub mod http;
pub mod mcp;
mod mcp_stdio;
pub mod metrics;
pub mod reload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::api::{Limits, Service};
use crate::guidelines::Guidelines;
use crate::http::{App, HttpLimits};

pub use onbrand_output::FailOn;

/// What both servers are told about the guideline.
#[derive(Debug, clap::Args)]
pub struct ServiceArgs {
    /// Use this onbrand.toml instead of discovering one from the current folder.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A document fails with findings at or above this severity.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Largest document, in bytes of UTF-8 text.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_document_bytes: usize,
}

/// `onbrand serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub service: ServiceArgs,
    /// Address to listen on. The default answers this machine only; `0.0.0.0:7700` opens it
    /// to the network (put a token and TLS in front).
    #[arg(long, default_value = "127.0.0.1:7700")]
    pub listen: SocketAddr,
    /// Require `Authorization: Bearer <token>`, the token read from this environment variable.
    #[arg(long, value_name = "VARIABLE", conflicts_with = "token_file")]
    pub token_env: Option<String>,
    /// Require `Authorization: Bearer <token>`, the token read from this file.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 2 << 20)]
    pub max_body_bytes: usize,
    /// Time limit of a request, from its first byte to its answer, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    pub request_timeout_ms: u64,
    /// Requests in flight at once; more are refused with 503 and Retry-After.
    #[arg(long, default_value_t = 256)]
    pub max_in_flight: usize,
    /// Documents linted at once (default: one more than the cores, so that no core idles while
    /// a finished check hands over to the next).
    #[arg(long)]
    pub lint_threads: Option<usize>,
    /// Time a client has to send a request's headers, in milliseconds; a slower client is
    /// disconnected (this bounds the connections a slow or idle client can hold).
    #[arg(long, default_value_t = 5_000)]
    pub header_timeout_ms: u64,
    /// Connections open at once; more wait to be accepted.
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,
}

impl ServiceArgs {
    /// Load the configuration and build the service.
    fn service(&self) -> Result<Arc<Service>, String> {
        let cwd = std::env::current_dir()
            .map_err(|error| format!("cannot read the current folder: {error}"))?;
        let guidelines = Guidelines::load(self.config.as_deref(), &cwd)?;
        Ok(Arc::new(Service {
            guidelines: Arc::new(guidelines),
            fail_on: self.fail_on.severity(),
            limits: Limits {
                max_document_bytes: self.max_document_bytes,
            },
        }))
    }
}

impl ServeArgs {
    /// The bearer token from `--token-env` or `--token-file`, never from the command line.
    fn token(&self) -> Result<Option<String>, String> {
        let token = if let Some(variable) = &self.token_env {
            std::env::var(variable)
                .map_err(|_| format!("--token-env: environment variable {variable} is not set"))?
        } else if let Some(path) = &self.token_file {
            std::fs::read_to_string(path)
                .map_err(|error| format!("--token-file {}: {error}", path.display()))?
        } else {
            return Ok(None);
        };
        let token = token.trim().to_owned();
        if token.is_empty() {
            return Err("the bearer token is empty".to_owned());
        }
        Ok(Some(token))
    }
}

/// Documents linted at once unless told: one more than the cores. A finished check's slot goes
/// to the next request only once a (busy) async worker polls that request and hands its work
/// to a lint thread; with one slot per core, a core idles for that hand-over after every check.
/// On the 2-core machine under `scripts/bench-serve.sh`'s load, 3 slots gave 6,815–8,169 checks/s
/// and p99 10.2–11.8 ms against 5,397–6,744 and 13.0–31.2 ms with 2 (six rounds each,
/// interleaved, idle machine; docs/serve.md).
fn default_lint_threads(cores: usize) -> usize {
    cores.max(1) + 1
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    start(&mut tokio::runtime::Builder::new_multi_thread())
}

fn start(builder: &mut tokio::runtime::Builder) -> Result<tokio::runtime::Runtime, String> {
    builder
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the async runtime: {error}"))
}

/// Threads of the blocking pool the HTTP server may have: one per lint slot, and spares for
/// a guideline reload and the runtime's own blocking work.
///
/// tokio starts a blocking thread whenever a task arrives and none is idle, up to 512, and
/// lets it go after 10 s idle. A lint slot is given back on the lint thread before that thread
/// is idle again (see `http::off_reactor`), so under load the next check often found no idle
/// thread: the server grew from 25 to 34 threads in its first minute and its memory crept
/// up round after round (23.8 → 26.4 MB over eight 8 s rounds), each new thread with its own
/// caches and allocator arena. Capped, and kept for the server's life: 8 threads, memory level
/// at ~20 MB, and about 10% more checks per second (docs/serve.md, "Sixth round").
fn blocking_threads(lint_threads: usize) -> usize {
    lint_threads.max(1) + 2
}

fn serve_runtime(lint_threads: usize) -> Result<tokio::runtime::Runtime, String> {
    start(
        tokio::runtime::Builder::new_multi_thread()
            .max_blocking_threads(blocking_threads(lint_threads))
            .thread_keep_alive(Duration::from_secs(24 * 60 * 60)),
    )
}

/// `onbrand serve`: answer until SIGTERM or Ctrl-C, then finish the requests in flight.
pub fn serve(args: ServeArgs) -> Result<ExitCode, String> {
    let token = args.token()?;
    let service = args.service.service()?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let limits = HttpLimits {
        max_body_bytes: args.max_body_bytes,
        request_timeout: Duration::from_millis(args.request_timeout_ms),
        max_in_flight: args.max_in_flight,
        lint_threads: args
            .lint_threads
            .unwrap_or_else(|| default_lint_threads(cores)),
    };
    let app = Arc::new(App::new(service, token, limits));
    serve_runtime(limits.lint_threads)?.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
        let address = listener
            .local_addr()
            .map_err(|error| format!("cannot read the listening address: {error}"))?;
        let _watcher = reload::start(app.clone());
        let status = app.service.guidelines.status();
        eprintln!(
            "onbrand serve: {} rules from {}; listening on http://{address}",
            status.rules,
            status.config.as_deref().unwrap_or("the built-in guideline")
        );
        let connection_limits = connections::ConnectionLimits {
            header_timeout: Duration::from_millis(args.header_timeout_ms),
            max_connections: args.max_connections,
        };
        connections::serve(
            listener,
            http::router(app.clone()),
            connection_limits,
            reload::shutdown_signal(),
        )
        .await;
        eprintln!("onbrand serve: stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// `onbrand mcp`: serve the Model Context Protocol on standard input and output.
pub fn mcp(args: ServiceArgs) -> Result<ExitCode, String> {
    let service = args.service()?;
    runtime()?.block_on(mcp::run(service))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::default_lint_threads;

    #[test]
    fn one_lint_thread_more_than_the_cores() {
        assert_eq!(default_lint_threads(2), 3);
        assert_eq!(default_lint_threads(1), 2);
        // A machine whose core count cannot be read counts as one core.
        assert_eq!(default_lint_threads(0), 2);
    }
}
