//! Near-duplicate documents: candidate pairs from a bounded index over the documents' MinHash
//! sketches (see [`crate::fingerprint`]), each candidate then estimated from both sketches.
//!
//! Indexing every value of every sketch would cost [`SKETCH_SIZE`] entries per document, and
//! a set of every candidate pair more: on a large repository more than the documents
//! themselves. Two documents whose resemblance is at least the threshold share most of the
//! smallest values of their union, so the index holds only the [`INDEXED`] smallest values of
//! each sketch: a pair of resemblance *J* shares none of them with a probability of about
//! (1 − *J*)^[`INDEXED`] (below 2 · 10⁻⁵ at the report's 0.5). Candidates are kept in a
//! vector that is sorted and deduplicated whenever it doubles, not in a set.
//!
//! [`SKETCH_SIZE`]: crate::fingerprint::SKETCH_SIZE

use crate::fingerprint::{Fingerprint, MIN_SHINGLES};

/// The smallest values of each sketch that go into the candidate index.
const INDEXED: usize = 16;
/// A value shared by more documents than this is boilerplate (a footer on every page); it is
/// skipped when looking for candidates, which bounds the work on large repositories.
const MAX_POSTING: usize = 256;

/// Pairs of documents (indices into `sketches`, smaller first) whose estimated resemblance is
/// at least `threshold`, with that resemblance; sorted by resemblance (highest first), then
/// index.
pub(crate) fn similar_pairs(
    sketches: &[Option<&Fingerprint>],
    threshold: f64,
) -> Vec<(usize, usize, f64)> {
    let mut index: Vec<(u64, u32)> = Vec::new();
    for (document, sketch) in sketches.iter().enumerate() {
        let (Some(sketch), Ok(document)) = (sketch, u32::try_from(document)) else {
            continue;
        };
        if sketch.shingles < MIN_SHINGLES {
            continue;
        }
        index.extend(smallest(&sketch.minima).map(|value| (value, document)));
    }
    index.sort_unstable();
    let mut candidates = Candidates::default();
    for posting in index.chunk_by(|a, b| a.0 == b.0) {
        if posting.len() > MAX_POSTING {
            continue;
        }
        for (position, &(_, a)) in posting.iter().enumerate() {
            for &(_, b) in &posting[position + 1..] {
                candidates.push(a.min(b), a.max(b));
            }
        }
    }
    let mut pairs: Vec<(usize, usize, f64)> = candidates
        .finish()
        .into_iter()
        .filter_map(|(a, b)| {
            let (a, b) = (a as usize, b as usize);
            let ratio = sketches
                .get(a)?
                .as_ref()?
                .resemblance(sketches.get(b)?.as_ref()?);
            (ratio >= threshold).then_some((a, b, ratio))
        })
        .collect();
    pairs.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    pairs
}

/// The [`INDEXED`] smallest distinct values of a sketch (sketches read back from hand-edited
/// JSON may be unsorted).
fn smallest(minima: &[u64]) -> impl Iterator<Item = u64> {
    let mut values = minima.to_vec();
    if !values.windows(2).all(|pair| pair[0] < pair[1]) {
        values.sort_unstable();
        values.dedup();
    }
    values.truncate(INDEXED);
    values.into_iter()
}

/// Distinct candidate pairs, in a vector compacted as it grows.
#[derive(Default)]
struct Candidates {
    pairs: Vec<(u32, u32)>,
    /// The length after the last compaction.
    distinct: usize,
}

impl Candidates {
    fn push(&mut self, a: u32, b: u32) {
        self.pairs.push((a, b));
        if self.pairs.len() >= 2 * self.distinct + 4096 {
            self.compact();
        }
    }

    fn compact(&mut self) {
        self.pairs.sort_unstable();
        self.pairs.dedup();
        self.distinct = self.pairs.len();
    }

    fn finish(mut self) -> Vec<(u32, u32)> {
        self.compact();
        self.pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::SKETCH_SIZE;

    fn sketch(values: impl IntoIterator<Item = u64>) -> Fingerprint {
        Fingerprint {
            shingles: 1000,
            minima: values.into_iter().collect(),
        }
    }

    #[test]
    fn pairs_above_the_threshold_are_found_and_ranked() {
        let a = sketch(0..SKETCH_SIZE as u64);
        // Shares the 96 smallest of a's values: 96 of the union's 128 smallest.
        let b = sketch((0..96).chain(1000..1032));
        // Shares nothing with a or b.
        let c = sketch(5000..5000 + SKETCH_SIZE as u64);
        // Too short to count, though identical to a.
        let mut short = sketch(0..SKETCH_SIZE as u64);
        short.shingles = MIN_SHINGLES - 1;
        let pairs = similar_pairs(&[Some(&a), Some(&b), Some(&c), None, Some(&short)], 0.5);
        assert_eq!(pairs, [(0, 1, 0.75)]);
        assert!(similar_pairs(&[Some(&a), Some(&b)], 0.76).is_empty());
    }

    #[test]
    fn values_shared_by_too_many_documents_make_no_candidates() {
        let copies: Vec<Fingerprint> = (0..=MAX_POSTING).map(|_| sketch(0..16)).collect();
        let refs: Vec<Option<&Fingerprint>> = copies.iter().map(Some).collect();
        assert!(similar_pairs(&refs, 0.5).is_empty());
        assert_eq!(
            similar_pairs(&refs[..MAX_POSTING], 0.5).len(),
            MAX_POSTING * (MAX_POSTING - 1) / 2
        );
    }

    #[test]
    fn unsorted_sketches_are_indexed_by_their_smallest_values() {
        let a = sketch((0..SKETCH_SIZE as u64).rev());
        let b = sketch(0..SKETCH_SIZE as u64);
        assert_eq!(similar_pairs(&[Some(&a), Some(&b)], 0.5), [(0, 1, 1.0)]);
    }
}
