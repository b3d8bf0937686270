//! Accepting connections: hyper's HTTP/1 server, with the limits `axum::serve` cannot set.
//!
//! `axum::serve` gives hyper no timer, so a client that opens a connection and sends its
//! request headers a byte at a time (or never) holds the connection, a task and a file
//! descriptor for as long as it likes: the request timeout only starts once hyper has read the
//! headers. Here every connection gets a deadline for its headers (also between requests of a
//! kept-alive connection) and the number of open connections is capped, so that slow clients
//! cannot starve the others. Graceful shutdown stops accepting and lets the connections finish
//! the requests they are answering.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Limits of the connection layer.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// Time a client has to send a request's headers, from the first moment the connection
    /// waits for them (after accepting, and after each answer on a kept-alive connection).
    pub header_timeout: Duration,
    /// Connections open at once; the next is accepted when one closes (the kernel's backlog
    /// holds the rest).
    pub max_connections: usize,
}

/// Serve `router` on `listener` until `shutdown` resolves, then finish the requests in flight.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors or a connection reset before accept: say so,
                    // give the system a moment, and keep serving.
                    eprintln!("onbrand serve: cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let connection = http.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out ends its connection; nothing to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
