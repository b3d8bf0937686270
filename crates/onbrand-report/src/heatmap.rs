//! Tone drift as heat maps: a table per grouping (channel, team, language; a grouping identical
//! to an earlier one is shown once), a row per group, a column per dimension. A cell holds the
//! group's median and is coloured by how far that median is outside the target band; a cell
//! with documents outside their band links to a panel listing them, furthest first, which CSS
//! `:target` shows (the page has no script).

use maud::{Markup, html};

use super::drift::{Axis, Distribution, ToneDrift};
use super::html::scrolling;
use super::numbers::{band, number};

/// The colour class of a distance from the band (in band widths).
fn heat(distance: Option<f64>) -> &'static str {
    match distance {
        None => "hn",
        Some(d) if d <= 0.0 => "h0",
        Some(d) if d <= 0.25 => "h1",
        Some(d) if d <= 1.0 => "h2",
        Some(_) => "h3",
    }
}

pub(crate) const LEGEND: &str = r#"A row per group, a column per dimension; each cell is the group's median, coloured by how far it lies outside the target band:<i class="h0"></i>inside<i class="h1"></i>up to ¼ band width<i class="h2"></i>up to 1<i class="h3"></i>more<i class="hn"></i>no target. “n off” counts documents outside their own band; such a cell opens them."#;

fn axis_title(axis: &str) -> &'static str {
    match axis {
        "channel" => "Channel",
        "team" => "Team",
        _ => "Language",
    }
}

/// The heat maps and, after them, the hidden panel of every cell that has one. `link` renders a
/// document's path as a link to its entry.
pub(crate) fn render(drift: &ToneDrift, link: &dyn Fn(&str) -> Markup) -> Markup {
    let mut panels = Vec::new();
    let tables: Vec<Markup> = drift
        .axes
        .iter()
        .map(|axis| table(&mut panels, drift, axis, link))
        .collect();
    html! {
        div class="heat-maps" {
            @for table in tables { (table) }
        }
        @for panel in panels { (panel) }
    }
}

fn table(
    panels: &mut Vec<Markup>,
    drift: &ToneDrift,
    axis: &Axis,
    link: &dyn Fn(&str) -> Markup,
) -> Markup {
    let mut caption = format!("{} × dimension", axis_title(axis.name));
    if !axis.same_as.is_empty() {
        let same: Vec<&str> = axis.same_as.iter().map(|a| axis_title(a)).collect();
        caption.push_str(&format!(
            " (the same grouping as by {})",
            same.join(" and ").to_lowercase()
        ));
    }
    let mut rows = Vec::new();
    for (row, group) in group_names(drift, axis.name).iter().enumerate() {
        let documents = drift
            .dimensions
            .iter()
            .filter_map(|d| find(&d.groups, axis.name, group))
            .map(|g| g.documents)
            .max()
            .unwrap_or(0);
        let mut cells = Vec::new();
        for (column, dimension) in drift.dimensions.iter().enumerate() {
            let Some(cell) = find(&dimension.groups, axis.name, group) else {
                cells.push(html! { td class="heat hn" { "–" } });
                continue;
            };
            let title = format!(
                "{group} · {}: median {}, target {}, {} of {} outside",
                dimension.name,
                number(cell.median),
                cell.target(),
                cell.outside,
                cell.documents
            );
            let class = heat(cell.distance);
            if cell.deviating.is_empty() {
                cells.push(html! {
                    td class={ "heat " (class) } title=(title) { (number(cell.median)) }
                });
                continue;
            }
            let id = format!("cell-{}-{row}-{column}", axis.name);
            cells.push(html! {
                td class={ "heat " (class) } title=(title) {
                    a href={ "#" (id) } {
                        (number(cell.median))
                        span class="off" { (cell.outside) " off" }
                    }
                }
            });
            panels.push(panel(&id, &title, cell, link));
        }
        rows.push(html! {
            tr {
                th scope="row" { (group) " " span class="n" { (documents) } }
                @for cell in cells { (cell) }
            }
        });
    }
    html! {
        div class="heat-scroll" {
            table class="heatmap" id={ "heat-" (axis.name) } {
                caption { (caption) }
                thead {
                    tr {
                        th scope="col" { (axis_title(axis.name)) }
                        @for dimension in &drift.dimensions {
                            th scope="col" { (dimension.name) }
                        }
                    }
                }
                tbody {
                    @for row in rows { (row) }
                }
            }
        }
    }
}

/// The documents of a cell furthest outside their band.
fn panel(id: &str, title: &str, cell: &Distribution, link: &dyn Fn(&str) -> Markup) -> Markup {
    html! {
        div class="cell" id=(id) {
            (scrolling(html! {
                table {
                    caption { (title) ": furthest from target" }
                    thead {
                        tr {
                            th scope="col" { "Document" }
                            th scope="col" class="num" { "Value" }
                            th scope="col" { "Target" }
                            th scope="col" class="num" { "Off by (band widths)" }
                        }
                    }
                    tbody {
                        @for deviation in &cell.deviating {
                            tr {
                                th scope="row" { (link(&deviation.path)) }
                                td class="num" { (number(deviation.value)) }
                                td { (band(deviation.target_min, deviation.target_max)) }
                                td class="num" { (number(deviation.deviation)) }
                            }
                        }
                    }
                }
            }))
        }
    }
}

fn find<'a>(groups: &'a [Distribution], axis: &str, name: &str) -> Option<&'a Distribution> {
    groups.iter().find(|g| g.axis == axis && g.name == name)
}

/// Every group of `axis` over all dimensions, sorted.
fn group_names<'a>(drift: &'a ToneDrift, axis: &str) -> Vec<&'a str> {
    let mut names: Vec<&str> = drift
        .dimensions
        .iter()
        .flat_map(|d| d.groups.iter())
        .filter(|g| g.axis == axis)
        .map(|g| g.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_distance_from_the_band() {
        assert_eq!(heat(None), "hn");
        assert_eq!(heat(Some(0.0)), "h0");
        assert_eq!(heat(Some(0.2)), "h1");
        assert_eq!(heat(Some(0.8)), "h2");
        assert_eq!(heat(Some(3.0)), "h3");
    }
}
