//! Inline SVG box plots of one tone dimension: a row per channel, team and language, the
//! target band shaded behind each row, an axis with ticks, and a title and description for
//! screen readers.

use std::fmt::Write;

use super::drift::{Dimension, Distribution};
use super::html::escape;

const WIDTH: f64 = 760.0;
const LABEL: f64 = 190.0;
const RIGHT: f64 = 70.0;
const ROW: f64 = 24.0;
const HEADER: f64 = 22.0;
const AXIS: f64 = 44.0;

/// The chart of one dimension; `id` makes the title and description ids unique on the page.
pub fn box_plot(dimension: &Dimension, id: usize) -> String {
    let scale = Scale::new(dimension.low, dimension.high);
    let mut body = String::new();
    let mut y = 8.0;
    let mut axis = "";
    for group in &dimension.groups {
        if group.axis != axis {
            axis = group.axis;
            y += HEADER;
            let _ = write!(
                body,
                r#"<text class="axis-group" x="8" y="{:.1}">{}</text>"#,
                y - 6.0,
                axis_title(axis)
            );
        }
        row(&mut body, group, &scale, y);
        y += ROW;
    }
    let height = y + AXIS;
    let axis_y = y + 4.0;
    ticks(&mut body, &scale, axis_y, &dimension.name);
    let name = escape(&dimension.name);
    format!(
        r#"<svg class="chart" role="img" aria-labelledby="chart-{id}-title chart-{id}-desc" viewBox="0 0 {WIDTH} {height:.0}" width="100%" xmlns="http://www.w3.org/2000/svg"><title id="chart-{id}-title">{name}: distribution per channel, team and language</title><desc id="chart-{id}-desc">{desc}</desc>{body}</svg>"#,
        desc = escape(&describe(dimension)),
    )
}

fn axis_title(axis: &str) -> &'static str {
    match axis {
        "channel" => "Channels",
        "team" => "Teams",
        _ => "Languages",
    }
}

/// A sentence per group, for readers who cannot see the chart.
fn describe(dimension: &Dimension) -> String {
    dimension
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} {}: median {}, from {} to {}, target {}, {} of {} outside.",
                g.axis,
                g.name,
                number(g.median),
                number(g.min),
                number(g.max),
                band(g.target_min, g.target_max),
                g.outside,
                g.documents
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn band(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{}–{}", number(lo), number(hi)),
        (Some(lo), None) => format!("≥ {}", number(lo)),
        (None, Some(hi)) => format!("≤ {}", number(hi)),
        (None, None) => "none".to_owned(),
    }
}

/// A value as people read it: at most two decimals, no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn row(out: &mut String, group: &Distribution, scale: &Scale, y: f64) {
    let mid = y + ROW / 2.0;
    let _ = write!(
        out,
        r#"<g class="row"><text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
        LABEL - 10.0,
        mid + 4.0,
        escape(&group.name)
    );
    if group.target_min.is_some() || group.target_max.is_some() {
        let lo = group.target_min.map_or(LABEL, |v| scale.x(v));
        let hi = group.target_max.map_or(WIDTH - RIGHT, |v| scale.x(v));
        let _ = write!(
            out,
            r#"<rect class="band" x="{lo:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>target {}</title></rect>"#,
            y + 1.0,
            (hi - lo).max(1.5),
            ROW - 2.0,
            band(group.target_min, group.target_max)
        );
    }
    let (min, q1, median, q3, max) = (
        scale.x(group.min),
        scale.x(group.q1),
        scale.x(group.median),
        scale.x(group.q3),
        scale.x(group.max),
    );
    let off = if group.outside > 0 { " off" } else { "" };
    let _ = write!(
        out,
        r#"<line class="whisker" x1="{min:.1}" x2="{max:.1}" y1="{mid:.1}" y2="{mid:.1}"/><rect class="box{off}" x="{q1:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="2"/><line class="median" x1="{median:.1}" x2="{median:.1}" y1="{:.1}" y2="{:.1}"/>"#,
        y + 5.0,
        (q3 - q1).max(2.0),
        ROW - 10.0,
        y + 4.0,
        y + ROW - 4.0,
    );
    let _ = write!(
        out,
        r#"<text class="count" x="{:.1}" y="{:.1}">{}/{} off</text></g>"#,
        WIDTH - RIGHT + 8.0,
        mid + 4.0,
        group.outside,
        group.documents
    );
}

fn ticks(out: &mut String, scale: &Scale, y: f64, name: &str) {
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LABEL}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/>"#,
        WIDTH - RIGHT
    );
    for value in scale.ticks() {
        let x = scale.x(value);
        let _ = write!(
            out,
            r#"<line class="tick" x1="{x:.1}" x2="{x:.1}" y1="{y:.1}" y2="{:.1}"/><text class="tick-label" x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            y + 4.0,
            y + 16.0,
            number(value)
        );
    }
    let _ = write!(
        out,
        r#"<text class="axis-title" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
        LABEL + (WIDTH - RIGHT - LABEL) / 2.0,
        y + 34.0,
        escape(name)
    );
}

/// Values to x coordinates, over a range widened to round tick steps.
struct Scale {
    low: f64,
    high: f64,
    step: f64,
}

impl Scale {
    fn new(low: f64, high: f64) -> Scale {
        let (low, high) = if low.is_finite() && high.is_finite() && high > low {
            (low, high)
        } else if low.is_finite() {
            (low - 1.0, low + 1.0)
        } else {
            (0.0, 1.0)
        };
        let raw = (high - low) / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(raw);
        Scale {
            low: (low / step).floor() * step,
            high: (high / step).ceil() * step,
            step,
        }
    }

    fn x(&self, value: f64) -> f64 {
        let span = (self.high - self.low).max(f64::EPSILON);
        LABEL + (value - self.low) / span * (WIDTH - RIGHT - LABEL)
    }

    fn ticks(&self) -> Vec<f64> {
        let count = ((self.high - self.low) / self.step).round() as usize;
        (0..=count.min(20))
            .map(|i| self.low + i as f64 * self.step)
            .collect()
    }
}
