//! `onbrand serve`: the HTTP JSON API.
//!
//! Every route is in [`routes`], which the router is built from and the OpenAPI test compares
//! with `openapi.json`. Errors are JSON objects `{"error": {"code", "message"}}` with the
//! status that fits. Linting runs on tokio's blocking pool, at most `--lint-threads` documents
//! at a time, so the reactor keeps accepting and answering while documents are checked.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::api::{ApiError, CheckRequest, FixRequest, Service};
use crate::metrics::Metrics;

/// The OpenAPI description of [`routes`], served at `/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Limits of the HTTP layer (the document size limit is the service's).
#[derive(Clone, Copy, Debug)]
pub struct HttpLimits {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    /// Requests in flight at once; more are refused with 503.
    pub max_in_flight: usize,
    /// Documents linted at once (threads of the blocking pool in use); more wait.
    pub lint_threads: usize,
}

/// What every handler shares.
#[derive(Debug)]
pub struct App {
    pub service: Arc<Service>,
    pub metrics: Metrics,
    /// The bearer token clients must send, when one is configured.
    pub token: Option<String>,
    pub limits: HttpLimits,
    in_flight: Arc<Semaphore>,
    lint_slots: Arc<Semaphore>,
}

impl App {
    pub fn new(service: Arc<Service>, token: Option<String>, limits: HttpLimits) -> App {
        App {
            service,
            metrics: Metrics::default(),
            token,
            limits,
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight.max(1))),
            lint_slots: Arc::new(Semaphore::new(limits.lint_threads.max(1))),
        }
    }
}

type Shared = Arc<App>;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// No token needed, no request limits: probes must answer under load.
    Open,
    /// Token required.
    Protected,
    /// Token required, and the request and concurrency limits apply.
    Limited,
}

/// One route.
pub struct Route {
    pub method: Method,
    /// In axum's syntax, which is OpenAPI's (`/v1/rules/{id}`).
    pub path: &'static str,
    pub access: Access,
    handler: MethodRouter<Shared>,
}

/// Every route the server answers.
pub fn routes() -> Vec<Route> {
    let route = |method: Method, path, access, handler| Route {
        method,
        path,
        access,
        handler,
    };
    vec![
        route(Method::GET, "/healthz", Access::Open, get(healthz)),
        route(Method::GET, "/v1/openapi.json", Access::Open, get(openapi)),
        route(Method::GET, "/metrics", Access::Protected, get(metrics)),
        route(Method::POST, "/v1/check", Access::Limited, post(check)),
        route(Method::POST, "/v1/fix", Access::Limited, post(fix)),
        route(Method::GET, "/v1/rules", Access::Limited, get(rules)),
        route(Method::GET, "/v1/rules/{id}", Access::Limited, get(rule)),
    ]
}

/// The application: every route with its access rules, the body limit and JSON fallbacks.
pub fn router(app: Shared) -> Router {
    let mut open = Router::new();
    let mut protected = Router::new();
    let mut limited = Router::new();
    for Route {
        path,
        access,
        handler,
        ..
    } in routes()
    {
        match access {
            Access::Open => open = open.route(path, handler),
            Access::Protected => protected = protected.route(path, handler),
            Access::Limited => limited = limited.route(path, handler),
        }
    }
    // The layer added last runs first: authorize, then limit.
    let limited = limited.route_layer(middleware::from_fn_with_state(app.clone(), limit));
    let guarded = protected
        .merge(limited)
        .route_layer(middleware::from_fn_with_state(app.clone(), authorize));
    open.merge(guarded)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(app.limits.max_body_bytes))
        .layer(middleware::from_fn_with_state(app.clone(), measure))
        .with_state(app)
}

/// An error answer.
#[derive(Debug)]
pub struct HttpError(pub ApiError);

impl From<ApiError> for HttpError {
    fn from(error: ApiError) -> Self {
        HttpError(error)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: Detail<'a>,
        }
        #[derive(Serialize)]
        struct Detail<'a> {
            code: &'a str,
            message: &'a str,
        }
        let status =
            StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = Body {
            error: Detail {
                code: self.0.code,
                message: &self.0.message,
            },
        };
        (status, axum::Json(body)).into_response()
    }
}

fn error(status: u16, code: &'static str, message: impl Into<String>) -> HttpError {
    HttpError(ApiError::new(status, code, message))
}

async fn not_found() -> HttpError {
    error(404, "not_found", "no such route; see /v1/openapi.json")
}

async fn method_not_allowed() -> HttpError {
    error(
        405,
        "method_not_allowed",
        "this route does not take that method; see /v1/openapi.json",
    )
}

/// Count every request and its latency by route (the route's pattern, not the raw path).
async fn measure(State(app): State<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    app.metrics
        .request(&route, &method, status, started.elapsed().as_secs_f64());
    response
}

/// The bearer token, when one is configured.
async fn authorize(State(app): State<Shared>, request: Request, next: Next) -> Response {
    let Some(expected) = &app.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let refusal = match given {
        None => error(401, "missing_token", "send `Authorization: Bearer <token>`"),
        Some(token) if same_secret(token.trim().as_bytes(), expected.as_bytes()) => {
            return next.run(request).await;
        }
        Some(_) => error(401, "invalid_token", "the bearer token is not the server's"),
    };
    let mut response = refusal.into_response();
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Equality that takes as long for every wrong token of the right length: no timing oracle.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |differ, (a, b)| differ | (a ^ b))
            == 0
}

/// Refuse requests beyond the in-flight limit; give each one the request time limit, which
/// covers reading the body (a slow client) as well as linting.
async fn limit(State(app): State<Shared>, request: Request, next: Next) -> Response {
    let Ok(_permit) = app.in_flight.clone().try_acquire_owned() else {
        let mut response = error(
            503,
            "overloaded",
            format!(
                "{} requests are in flight (--max-in-flight); retry shortly",
                app.limits.max_in_flight
            ),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    let timeout = app.limits.request_timeout;
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => error(
            408,
            "request_timeout",
            format!(
                "the request did not complete within {} ms (--request-timeout-ms)",
                timeout.as_millis()
            ),
        )
        .into_response(),
    }
}

/// A JSON request body, or an error that says what is wrong with it and where.
fn parse_body<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    limit: usize,
) -> Result<T, HttpError> {
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            error(
                413,
                "body_too_large",
                format!("the request body is over {limit} bytes (--max-body-bytes)"),
            )
        } else {
            error(400, "unreadable_body", rejection.body_text())
        }
    })?;
    serde_json::from_slice(&bytes).map_err(|problem| {
        error(
            400,
            "invalid_json",
            // serde_json's message ends with the line and column.
            format!("request body: {problem}"),
        )
    })
}

/// Run CPU work on the blocking pool, one task per lint slot.
///
/// The slot is given back on the lint thread the moment the work is done, not when this
/// request is next polled: under load the async workers are busy, and a slot held until then
/// left a core idle between two checks.
async fn off_reactor<T: Send + 'static>(
    app: &App,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HttpError> {
    let slot = app
        .lint_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| error(503, "shutting_down", "the server is shutting down"))?;
    tokio::task::spawn_blocking(move || {
        let done = work();
        drop(slot);
        done
    })
    .await
    .map_err(|_| error(500, "internal", "the check failed unexpectedly"))
}

async fn check(
    State(app): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let request: CheckRequest = parse_body(body, app.limits.max_body_bytes)?;
    let service = app.service.clone();
    let response = off_reactor(&app, move || service.check(request)).await??;
    for file in &response.run.files {
        app.metrics
            .findings(file.findings.iter().map(|finding| finding.rule.as_str()));
    }
    Ok(axum::Json(response).into_response())
}

async fn fix(
    State(app): State<Shared>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let request: FixRequest = parse_body(body, app.limits.max_body_bytes)?;
    let service = app.service.clone();
    let response = off_reactor(&app, move || service.fix(request)).await??;
    Ok(axum::Json(response).into_response())
}

async fn rules(State(app): State<Shared>) -> Response {
    axum::Json(
        serde_json::json!({ "version": crate::api::API_VERSION, "rules": app.service.rules() }),
    )
    .into_response()
}

async fn rule(State(app): State<Shared>, Path(id): Path<String>) -> Result<Response, HttpError> {
    Ok(axum::Json(app.service.rule(&id)?).into_response())
}

/// 200 while serving; `"status": "degraded"` while a broken edit is refused and the last good
/// configuration stays in force.
async fn healthz(State(app): State<Shared>) -> Response {
    let guideline = app.service.guidelines.status();
    let status = if guideline.reload_error.is_some() {
        "degraded"
    } else {
        "ok"
    };
    axum::Json(serde_json::json!({ "status": status, "guideline": guideline })).into_response()
}

async fn metrics(State(app): State<Shared>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.metrics.render(),
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Limits;
    use crate::guidelines::Guidelines;

    fn app_with_one_lint_slot() -> Arc<App> {
        let folder = std::env::temp_dir();
        let guidelines = Guidelines::load(None, &folder).expect("the starter guideline loads");
        let service = Service {
            guidelines: Arc::new(guidelines),
            fail_on: None,
            limits: Limits {
                max_document_bytes: 1 << 20,
            },
        };
        let limits = HttpLimits {
            max_body_bytes: 1 << 20,
            request_timeout: Duration::from_secs(10),
            max_in_flight: 8,
            lint_threads: 1,
        };
        Arc::new(App::new(Arc::new(service), None, limits))
    }

    /// The slot is free once the work is done, before the request holding it is polled again.
    #[test]
    fn a_lint_slot_is_free_as_soon_as_its_work_is_done() {
        let app = app_with_one_lint_slot();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a test runtime");
        runtime.block_on(async {
            let (done, finished) = std::sync::mpsc::channel();
            let request = tokio::spawn({
                let app = app.clone();
                async move {
                    off_reactor(&app, move || {
                        let _ = done.send(());
                        7
                    })
                    .await
                    .ok()
                }
            });
            // The request is polled once: it takes the slot and hands its work over.
            tokio::task::yield_now().await;
            finished
                .recv_timeout(Duration::from_secs(10))
                .expect("the work ran");
            // This thread is the runtime's only one: while it waits here, the request task
            // cannot be polled, so only the lint thread can have given the slot back.
            let freed = (0..2_000).any(|_| {
                let free = app.lint_slots.available_permits() == 1;
                if !free {
                    std::thread::sleep(Duration::from_millis(5));
                }
                free
            });
            assert!(freed, "the slot waits for its request to be polled");
            assert_eq!(request.await.ok().flatten(), Some(7));
        });
    }
}
