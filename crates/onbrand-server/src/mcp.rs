//! `onbrand mcp`: the Model Context Protocol over standard input and output, with the official
//! Rust SDK (rmcp), so that an assistant can check and correct its own draft before showing it.
//!
//! Results are short and structured for a model to act on: rule, where (line and column,
//! 1-based, in characters), the flagged text, the message and the suggested replacement. The
//! guideline's rule reference is a resource.

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    ListResourcesResult, PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, Resource, ResourceContents, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{
    ErrorData, Json, RoleServer, ServerHandler, ServiceExt, tool, tool_handler, tool_router,
};
use serde::{Deserialize, Serialize};

use crate::api::{ApiError, AppliedFix, CheckRequest, FixRequest, RuleDetail, Service};
use onbrand_output::json::FindingReport;

/// The URI of the guideline resource.
pub const GUIDELINE_URI: &str = "onbrand://guideline";

/// One finding, as a model needs it to revise the text.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Problem {
    pub rule: String,
    pub severity: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The flagged text.
    pub text: String,
    pub message: String,
    /// The suggested replacement for `text`, when the rule has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// `safe` (fix_copy makes it) or `unsafe` (only with `unsafe: true`: it may change the
    /// meaning), when there is a replacement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicability: Option<String>,
}

impl From<&FindingReport> for Problem {
    fn from(finding: &FindingReport) -> Problem {
        Problem {
            rule: finding.rule.clone(),
            severity: finding.severity.name().to_owned(),
            line: finding.line,
            column: finding.column,
            end_line: finding.end_line,
            end_column: finding.end_column,
            text: finding.text.clone(),
            message: finding.message.clone(),
            replacement: finding.fixes.first().cloned(),
            applicability: finding
                .fix_details
                .first()
                .map(|fix| fix.applicability.name().to_owned()),
        }
    }
}

/// `check_copy`'s result.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CheckResult {
    /// Whether the text passes the configured fail level.
    pub pass: bool,
    pub problems: Vec<Problem>,
}

/// `fix_copy`'s result.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FixResult {
    /// The text with every safe replacement made (and the unsafe ones, with `unsafe: true`).
    pub text: String,
    pub applied: Vec<AppliedFix>,
    /// Problems left whose replacement is unsafe and was not made (`unsafe: true` makes them).
    pub unsafe_fixes_left: usize,
    /// Whether the fixed text passes.
    pub pass: bool,
    /// What is left for the writer, in the fixed text's coordinates.
    pub remaining: Vec<Problem>,
}

/// One tone dimension against its channel's target range.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ToneMeasure {
    pub name: String,
    /// `null` when the text is too short to measure this.
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// below, above, within, no-target (measured, no range set) or unmeasured.
    pub verdict: String,
}

/// `measure_tone`'s result.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ToneResult {
    pub words: Option<usize>,
    pub channel: Option<String>,
    pub language: Option<String>,
    /// Empty when the guideline has no tone profile.
    pub dimensions: Vec<ToneMeasure>,
}

/// `list_rules`' result.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleList {
    pub rules: Vec<RuleLine>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleLine {
    pub id: String,
    pub severity: String,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RuleId {
    /// A rule id, as `check_copy` or `list_rules` give it.
    pub id: String,
}

/// The MCP server.
#[derive(Clone)]
pub struct OnbrandMcp {
    service: Arc<Service>,
    tool_router: ToolRouter<Self>,
}

fn tool_error(error: ApiError) -> String {
    format!("{}: {}", error.code, error.message)
}

#[tool_router]
impl OnbrandMcp {
    pub fn new(service: Arc<Service>) -> OnbrandMcp {
        OnbrandMcp {
            service,
            tool_router: Self::tool_router(),
        }
    }

    /// Lint on the blocking pool: it is CPU work.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Service) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, String> {
        let service = self.service.clone();
        tokio::task::spawn_blocking(move || work(&service))
            .await
            .map_err(|_| "internal: the check failed unexpectedly".to_owned())?
            .map_err(tool_error)
    }

    #[tool(
        description = "Check copy against the brand guideline before showing it. Returns pass/fail and each problem: rule, line, column, flagged text, message, suggested replacement. Give `path` (e.g. blog/post.md) or `format` and `channel` when known."
    )]
    async fn check_copy(
        &self,
        Parameters(request): Parameters<CheckRequest>,
    ) -> Result<Json<CheckResult>, String> {
        let response = self.run(move |service| service.check(request)).await?;
        Ok(Json(CheckResult {
            pass: response.verdict.pass,
            problems: problems(&response.run.files),
        }))
    }

    #[tool(
        description = "Apply every safe replacement the guideline suggests (`unsafe: true` also applies unsafe ones: spelling suggestions, removed words, re-cased headings, which may change the meaning). Returns the fixed text, the replacements made, and what is left to rewrite by hand."
    )]
    async fn fix_copy(
        &self,
        Parameters(request): Parameters<FixRequest>,
    ) -> Result<Json<FixResult>, String> {
        let response = self.run(move |service| service.fix(request)).await?;
        Ok(Json(FixResult {
            text: response.text,
            applied: response.applied,
            unsafe_fixes_left: response.unsafe_fixes_left,
            pass: response.remaining.verdict.pass,
            remaining: problems(&response.remaining.run.files),
        }))
    }

    #[tool(
        description = "Measure the tone of copy (readability, formality, …) against the target ranges of its channel. A value outside its range says which way to revise."
    )]
    async fn measure_tone(
        &self,
        Parameters(request): Parameters<CheckRequest>,
    ) -> Result<Json<ToneResult>, String> {
        let linted = self.run(move |service| service.lint(request)).await?;
        let report = linted.report;
        let dimensions = report
            .tone
            .map(|tone| tone.dimensions)
            .unwrap_or_default()
            .into_iter()
            .map(|dimension| ToneMeasure {
                verdict: tone_verdict(dimension.value, dimension.min, dimension.max).to_owned(),
                name: dimension.name,
                value: dimension.value,
                min: dimension.min,
                max: dimension.max,
            })
            .collect();
        Ok(Json(ToneResult {
            words: report.words,
            channel: report.channel,
            language: report.language,
            dimensions,
        }))
    }

    #[tool(
        description = "Explain one rule: what it asks, why, and examples of text it flags and accepts."
    )]
    async fn explain_rule(
        &self,
        Parameters(RuleId { id }): Parameters<RuleId>,
    ) -> Result<Json<RuleDetail>, String> {
        self.service.rule(&id).map(Json).map_err(tool_error)
    }

    #[tool(description = "List the guideline's rules: id, severity and what each asks.")]
    async fn list_rules(&self) -> Json<RuleList> {
        let rules = self
            .service
            .rules()
            .into_iter()
            .map(|rule| RuleLine {
                id: rule.id,
                severity: rule.severity,
                description: rule.description,
            })
            .collect();
        Json(RuleList { rules })
    }
}

fn problems(files: &[onbrand_output::json::FileReport]) -> Vec<Problem> {
    files
        .iter()
        .flat_map(|file| file.findings.iter().map(Problem::from))
        .collect()
}

fn tone_verdict(value: Option<f64>, min: Option<f64>, max: Option<f64>) -> &'static str {
    match value {
        None => "unmeasured",
        Some(value) if min.is_some_and(|min| value < min) => "below",
        Some(value) if max.is_some_and(|max| value > max) => "above",
        // Measured, but the channel sets no range: nothing to revise toward.
        Some(_) if min.is_none() && max.is_none() => "no-target",
        Some(_) => "within",
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for OnbrandMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_instructions(
            "Brand-voice checks. Call check_copy on a draft before showing it; apply the \
             replacements (or fix_copy), rewrite what is left, and check again until it passes. \
             The guideline is the resource onbrand://guideline.",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let resource = Resource::new(GUIDELINE_URI, "guideline")
            .with_description("The brand guideline's rules, with examples (Markdown)")
            .with_mime_type("text/markdown");
        Ok(ListResourcesResult::with_all_items(vec![resource]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        if request.uri != GUIDELINE_URI {
            return Err(ErrorData::resource_not_found(
                format!(
                    "no resource {}; the guideline is {GUIDELINE_URI}",
                    request.uri
                ),
                None,
            ));
        }
        let config = self.service.guidelines.current();
        let markdown = onbrand_output::reference::markdown(&config.guideline);
        Ok(ReadResourceResult::new(vec![ResourceContents::text(markdown, GUIDELINE_URI)]).into())
    }
}

/// Serve until the client closes standard input.
pub async fn run(service: Arc<Service>) -> Result<(), String> {
    // rmcp's stdio, behind the front that answers lines that are not JSON (see mcp_stdio).
    let (transport, front) = crate::mcp_stdio::front(tokio::io::stdin(), tokio::io::stdout());
    let running = OnbrandMcp::new(service)
        .serve(transport)
        .await
        .map_err(|error| format!("MCP: cannot start: {error}"))?;
    running
        .waiting()
        .await
        .map_err(|error| format!("MCP: {error}"))?;
    // Every answer written before the process ends.
    let _ = front.await;
    Ok(())
}
