//! Reloading the configuration when its files change or on SIGHUP, and stopping on SIGTERM.
//!
//! The watch covers the TOML files below the `onbrand.toml`'s folder, where guideline files
//! normally live; a guideline kept elsewhere is picked up on SIGHUP. Editors save in bursts
//! (write, rename, touch), so events are gathered for a moment and cause one reload.

use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::http::App;

/// How long a burst of file events is gathered before one reload.
const SETTLE: Duration = Duration::from_millis(150);

/// Start watching the configuration's files and listening for SIGHUP. The returned watcher
/// watches for as long as it is kept; `None` when there is no file to watch (the built-in
/// starter configuration) or the platform refuses.
pub fn start(app: Arc<App>) -> Option<notify::RecommendedWatcher> {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<&'static str>();
    listen_for_hangup(sender.clone());
    let watcher = app.service.guidelines.watch_root().and_then(|root| {
        let events = sender.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && !matches!(event.kind, EventKind::Access(_))
                && event.paths.iter().any(|path| {
                    path.extension()
                        .is_some_and(|extension| extension.eq_ignore_ascii_case("toml"))
                })
            {
                let _ = events.send("file change");
            }
        });
        match watcher {
            Ok(mut watcher) => match watcher.watch(&root, RecursiveMode::Recursive) {
                Ok(()) => Some(watcher),
                Err(error) => {
                    eprintln!(
                        "onbrand serve: cannot watch {} ({error}); reload with SIGHUP",
                        root.display()
                    );
                    None
                }
            },
            Err(error) => {
                eprintln!("onbrand serve: cannot watch files ({error}); reload with SIGHUP");
                None
            }
        }
    });
    tokio::spawn(async move {
        while let Some(cause) = receiver.recv().await {
            tokio::time::sleep(SETTLE).await;
            while receiver.try_recv().is_ok() {}
            reload(&app, cause).await;
        }
    });
    watcher
}

/// Compile the configuration again (on the blocking pool: it is CPU work) and log the outcome.
async fn reload(app: &Arc<App>, cause: &str) {
    let guidelines = app.service.guidelines.clone();
    let outcome = tokio::task::spawn_blocking(move || guidelines.reload()).await;
    match outcome {
        Ok(Ok(())) => {
            app.metrics.reload(true);
            let status = app.service.guidelines.status();
            eprintln!(
                "onbrand serve: reloaded after {cause}: {} rules (generation {})",
                status.rules, status.generation
            );
        }
        Ok(Err(error)) => {
            app.metrics.reload(false);
            eprintln!(
                "onbrand serve: reload after {cause} failed; keeping the last good guideline:\n{error}"
            );
        }
        Err(_) => app.metrics.reload(false),
    }
}

#[cfg(unix)]
fn listen_for_hangup(sender: tokio::sync::mpsc::UnboundedSender<&'static str>) {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::hangup()) {
        Ok(mut hangups) => {
            tokio::spawn(async move {
                while hangups.recv().await.is_some() {
                    if sender.send("SIGHUP").is_err() {
                        break;
                    }
                }
            });
        }
        Err(error) => eprintln!("onbrand serve: cannot listen for SIGHUP: {error}"),
    }
}

#[cfg(not(unix))]
fn listen_for_hangup(_sender: tokio::sync::mpsc::UnboundedSender<&'static str>) {}

/// Resolves on SIGTERM or Ctrl-C: the server then stops accepting and finishes what it has.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    eprintln!("onbrand serve: shutting down; finishing the requests in flight");
}
