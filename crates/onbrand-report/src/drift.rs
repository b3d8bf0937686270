//! Tone drift: for each tone dimension, the distribution of the documents' values per channel,
//! per team and per language, against the target band; and the documents furthest outside
//! their own band, per dimension and per group.
//!
//! A grouping that splits the documents exactly as an earlier one does (a team per channel) is
//! not repeated: [`ToneDrift::axes`] lists the groupings to show and the ones each stands for.
//!
//! A document's band is the one its tone measurement carries (its channel's target). A team or a
//! language may mix channels whose bands differ: such a group has no one band, so it lists each
//! band with the channels and documents it applies to ([`Distribution::bands`]), and its colour
//! is the median of its documents' distances from their *own* bands, never one channel's band
//! applied to another channel's copy. The count of documents outside their own band is exact
//! either way. Deviation is the distance outside the band in band widths (a band of width 0,
//! or open on one side, uses the size of its bound instead), so that dimensions of different
//! scales rank together.
//!
//! Quantiles and medians are exact, not estimated: the report keeps every document's measured
//! values (16 bytes per dimension, the dimension and band as numbers into the run's tables),
//! which is small beside a document's sketch, so no sketch and no spill is needed for them.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::numbers::band;
use crate::doc::{Band, Doc, Tones};

/// How many of the furthest-off documents each dimension lists.
pub const DEVIATING: usize = 10;

/// How many of the furthest-off documents each group of a dimension lists.
pub const GROUP_DEVIATING: usize = 5;

/// The groupings, in the order they are shown.
const AXES: [&str; 3] = ["channel", "team", "language"];

/// Tone drift: where the run's documents measure against their targets (see the module
/// documentation).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ToneDrift {
    /// Documents that carry tone measurements; 0 means the run has no tone data.
    pub measured_documents: usize,
    /// The groupings worth showing, each with the later ones that group the documents the same.
    pub axes: Vec<Axis>,
    /// One entry per tone dimension measured, in the order the documents list them.
    pub dimensions: Vec<Dimension>,
}

/// A grouping of documents the heat maps show (channel, team or language).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Axis {
    /// `channel`, `team` or `language`.
    pub name: &'static str,
    /// Groupings identical to this one (same documents together), not shown on their own.
    pub same_as: Vec<&'static str>,
}

/// One tone dimension over the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Dimension {
    /// The dimension's name.
    pub name: String,
    /// The distribution per group of every axis.
    pub groups: Vec<Distribution>,
    /// Furthest outside their band first.
    pub deviating: Vec<Deviation>,
}

/// The values of one group of documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Distribution {
    /// `channel`, `team` or `language`.
    pub axis: &'static str,
    /// The group's name.
    pub name: String,
    /// Documents of the group measured on this dimension.
    pub documents: usize,
    /// The smallest value.
    pub min: f64,
    /// The first quartile (linear interpolation between ranks).
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The third quartile.
    pub q3: f64,
    /// The largest value.
    pub max: f64,
    /// The group's band, when all its documents have the same one.
    pub target_min: Option<f64>,
    /// The group's upper bound, when all its documents have the same band.
    pub target_max: Option<f64>,
    /// When the group's documents have different bands (a team or a language across
    /// channels): each band, with the channels and documents it applies to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<GroupBand>,
    /// Documents outside their own target band.
    pub outside: usize,
    /// How far the group is outside its band, in band widths: 0 inside, `None` without a band.
    /// With one band, the median's distance from it; with several, the median of the
    /// documents' distances from their own bands. What the heat map's colour shows.
    pub distance: Option<f64>,
    /// The group's documents furthest outside their band, furthest first.
    pub deviating: Vec<Deviation>,
}

/// One of the bands of a group whose documents have different ones.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct GroupBand {
    /// The channels whose documents in the group have this band, in name order.
    pub channels: Vec<String>,
    /// The band's lower bound.
    pub target_min: Option<f64>,
    /// The band's upper bound.
    pub target_max: Option<f64>,
    /// Documents of the group with this band.
    pub documents: usize,
}

impl Distribution {
    /// The group's target as the report writes it: "≤ 20", or for a group of several bands
    /// each with its channels and documents, "blog ≤ 20 (2), newsletter ≤ 12 (3)".
    pub fn target(&self) -> String {
        if self.bands.is_empty() {
            return band(self.target_min, self.target_max);
        }
        let bands: Vec<String> = self
            .bands
            .iter()
            .map(|group_band| {
                format!(
                    "{} {} ({})",
                    group_band.channels.join("/"),
                    band(group_band.target_min, group_band.target_max),
                    group_band.documents
                )
            })
            .collect();
        bands.join(", ")
    }
}

/// A document outside its target band.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Deviation {
    /// The file, as printed.
    pub path: String,
    /// Its channel (whose band it is measured against).
    pub channel: Option<String>,
    /// The measured value.
    pub value: f64,
    /// The band's lower bound.
    pub target_min: Option<f64>,
    /// The band's upper bound.
    pub target_max: Option<f64>,
    /// Distance outside the band, in band widths.
    pub deviation: f64,
}

/// One measured value of one document.
struct Sample<'a> {
    doc: &'a Doc,
    team: &'a str,
    value: f64,
    band: Band,
}

pub(crate) fn build(docs: &[Doc], teams: &[Arc<str>], tones: &Tones) -> ToneDrift {
    let mut order: Vec<&str> = Vec::new();
    let mut samples: BTreeMap<&str, Vec<Sample>> = BTreeMap::new();
    let mut measured = 0;
    for (doc, team) in docs.iter().zip(teams) {
        let Some(tone) = &doc.tone else { continue };
        measured += 1;
        for value in tone.iter() {
            let (Some(name), Some(&band)) = (
                tones.dimensions.get(usize::from(value.dimension)),
                tones.bands.get(usize::from(value.band)),
            ) else {
                continue;
            };
            if !samples.contains_key(name.as_str()) {
                order.push(name);
            }
            samples.entry(name).or_default().push(Sample {
                doc,
                team,
                value: value.value,
                band,
            });
        }
    }
    let dimensions = order
        .into_iter()
        .filter_map(|name| samples.get(name).map(|samples| dimension(name, samples)))
        .collect();
    let measured_docs: Vec<(&Doc, &str)> = docs
        .iter()
        .zip(teams)
        .filter(|(doc, _)| doc.tone.is_some())
        .map(|(doc, team)| (doc, &**team))
        .collect();
    ToneDrift {
        measured_documents: measured,
        axes: axes(&measured_docs),
        dimensions,
    }
}

/// The key of a document in a grouping.
fn group_of<'a>(axis: &str, doc: &'a Doc, team: &'a str) -> &'a str {
    match axis {
        "channel" => doc.channel_name(),
        "team" => team,
        _ => doc.language_name(),
    }
}

/// The groupings to show: each one unless it puts the documents together exactly as an earlier
/// one does, in which case it joins that one's `same_as`.
fn axes(docs: &[(&Doc, &str)]) -> Vec<Axis> {
    // A grouping as a partition: the set of its groups, each the set of its documents.
    let partition = |axis: &str| -> BTreeSet<BTreeSet<&str>> {
        let mut groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (doc, team) in docs {
            groups
                .entry(group_of(axis, doc, team))
                .or_default()
                .insert(&*doc.path);
        }
        groups.into_values().collect()
    };
    let mut shown: Vec<(Axis, BTreeSet<BTreeSet<&str>>)> = Vec::new();
    for name in AXES {
        let groups = partition(name);
        match shown.iter_mut().find(|(_, other)| *other == groups) {
            Some((axis, _)) => axis.same_as.push(name),
            None => shown.push((
                Axis {
                    name,
                    same_as: Vec::new(),
                },
                groups,
            )),
        }
    }
    shown.into_iter().map(|(axis, _)| axis).collect()
}

fn dimension(name: &str, samples: &[Sample]) -> Dimension {
    let mut groups = Vec::new();
    for axis in AXES {
        groups.extend(distributions(axis, samples, |s| {
            group_of(axis, s.doc, s.team)
        }));
    }
    let all: Vec<&Sample> = samples.iter().collect();
    Dimension {
        name: name.to_owned(),
        groups,
        deviating: furthest(&all, DEVIATING),
    }
}

/// The `limit` samples furthest outside their own band, furthest first (ties by path).
fn furthest(samples: &[&Sample], limit: usize) -> Vec<Deviation> {
    let mut deviating: Vec<Deviation> = samples
        .iter()
        .filter_map(|s| {
            let deviation = deviation(s.value, s.band)?;
            Some(Deviation {
                path: s.doc.path.to_string(),
                channel: s.doc.channel.as_deref().map(str::to_owned),
                value: s.value,
                target_min: s.band.0,
                target_max: s.band.1,
                deviation: (deviation * 100.0).round() / 100.0,
            })
        })
        .collect();
    deviating.sort_by(|a, b| {
        b.deviation
            .total_cmp(&a.deviation)
            .then_with(|| a.path.cmp(&b.path))
    });
    deviating.truncate(limit);
    deviating
}

fn distributions<'a>(
    axis: &'static str,
    samples: &'a [Sample<'a>],
    key: impl Fn(&'a Sample<'a>) -> &'a str,
) -> Vec<Distribution> {
    let mut by_name: BTreeMap<&str, Vec<&Sample>> = BTreeMap::new();
    for sample in samples {
        by_name.entry(key(sample)).or_default().push(sample);
    }
    by_name
        .into_iter()
        .map(|(name, members)| distribution(axis, name, &members))
        .collect()
}

fn distribution(axis: &'static str, name: &str, members: &[&Sample]) -> Distribution {
    let mut values: Vec<f64> = members.iter().map(|s| s.value).collect();
    values.sort_by(f64::total_cmp);
    let median = quantile(&values, 0.5);
    let bands = group_bands(members);
    let ((target_min, target_max), distance) = match bands.as_slice() {
        [] | [_] => {
            let band = members.first().map_or((None, None), |s| s.band);
            let distance = match band {
                (None, None) => None,
                band => Some(rounded(deviation(median, band).unwrap_or(0.0))),
            };
            (band, distance)
        }
        _ => ((None, None), own_band_distance(members)),
    };
    Distribution {
        axis,
        name: name.to_owned(),
        documents: members.len(),
        min: quantile(&values, 0.0),
        q1: quantile(&values, 0.25),
        median,
        q3: quantile(&values, 0.75),
        max: quantile(&values, 1.0),
        target_min,
        target_max,
        bands: if bands.len() > 1 { bands } else { Vec::new() },
        outside: members
            .iter()
            .filter(|s| deviation(s.value, s.band).is_some())
            .count(),
        distance,
        deviating: furthest(members, GROUP_DEVIATING),
    }
}

/// The distinct bands of a group's members, each with its channels and documents, in the
/// order of their bounds.
fn group_bands(members: &[&Sample]) -> Vec<GroupBand> {
    let mut bands: Vec<GroupBand> = Vec::new();
    for sample in members {
        let (target_min, target_max) = sample.band;
        let channel = sample.doc.channel_name();
        let index = match bands
            .iter()
            .position(|b| (b.target_min, b.target_max) == sample.band)
        {
            Some(index) => index,
            None => {
                bands.push(GroupBand {
                    channels: Vec::new(),
                    target_min,
                    target_max,
                    documents: 0,
                });
                bands.len() - 1
            }
        };
        let group_band = &mut bands[index];
        group_band.documents += 1;
        if !group_band.channels.iter().any(|c| c == channel) {
            group_band.channels.push(channel.to_owned());
            group_band.channels.sort();
        }
    }
    bands.sort_by(|a, b| {
        cmp_bound(a.target_min, b.target_min).then_with(|| cmp_bound(a.target_max, b.target_max))
    });
    bands
}

/// The median of the members' distances from their own bands (0 inside), over the members that
/// have a band; `None` when none has.
fn own_band_distance(members: &[&Sample]) -> Option<f64> {
    let mut distances: Vec<f64> = members
        .iter()
        .filter(|s| s.band != (None, None))
        .map(|s| deviation(s.value, s.band).unwrap_or(0.0))
        .collect();
    if distances.is_empty() {
        return None;
    }
    distances.sort_by(f64::total_cmp);
    Some(rounded(quantile(&distances, 0.5)))
}

fn rounded(distance: f64) -> f64 {
    (distance * 100.0).round() / 100.0
}

fn cmp_bound(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

/// Linear interpolation between the closest ranks; `values` sorted and not empty.
fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let position = q * (values.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let (a, b) = (values[below], values[above.min(values.len() - 1)]);
    a + (b - a) * (position - below as f64)
}

/// How far outside its band a value is, in band widths; `None` inside the band.
pub fn deviation(value: f64, (min, max): (Option<f64>, Option<f64>)) -> Option<f64> {
    let scale = match (min, max) {
        (Some(lo), Some(hi)) if hi > lo => hi - lo,
        (Some(bound), _) | (_, Some(bound)) => bound.abs().max(1.0),
        (None, None) => return None,
    };
    if let Some(lo) = min
        && value < lo
    {
        return Some((lo - value) / scale);
    }
    if let Some(hi) = max
        && value > hi
    {
        return Some((value - hi) / scale);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let values = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&values, 0.5), 2.5);
        assert_eq!(quantile(&values, 0.25), 1.75);
        assert_eq!(quantile(&[7.0], 0.75), 7.0);
    }

    #[test]
    fn deviation_is_in_band_widths() {
        assert_eq!(deviation(25.0, (Some(10.0), Some(20.0))), Some(0.5));
        assert_eq!(deviation(15.0, (Some(10.0), Some(20.0))), None);
        assert_eq!(deviation(0.0, (Some(4.0), None)), Some(1.0));
        assert_eq!(deviation(1.0, (None, None)), None);
    }
}
