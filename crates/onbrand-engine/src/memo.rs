//! Per-segment memoisation: a value computed once per distinct segment (its kind and prose),
//! reused for the segments an edit did not touch.
//!
//! The checks and the tone measurement keep their per-segment results here;
//! [`crate::lint::cache::LintCache`] holds one memo of each per open document and explains the
//! invariants (same results as a cold lint, no source positions inside, bounded memory). This
//! module is a leaf so that both can use it without depending on the lint front door.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

use crate::document::{Detail, SegmentKind};

/// A segment's kind and detail: what decides which rules look at it.
pub(crate) type Role = (SegmentKind, Detail);

/// Whether a computed value may be served again for the same segment.
pub(crate) trait Reuse {
    fn reusable(&self) -> bool {
        true
    }
}

/// Values computed per segment, keyed by the segment's kind and prose.
///
/// Keys are a 64-bit hash of kind and text; every entry keeps its kind and text, and a lookup
/// compares them, so a hash collision costs a recomputation, never a wrong result.
pub(crate) struct SegmentMemo<V> {
    /// Values of the version being linted (after a lint: of the last version).
    current: HashMap<u64, Slot<V>, BuildHasherDefault<PassThrough>>,
    /// Values of the previous version that this version has not reused yet.
    previous: HashMap<u64, Slot<V>, BuildHasherDefault<PassThrough>>,
    /// Computations and reuses since the memo was made, for
    /// [`crate::lint::cache::LintCache::stats`].
    pub(crate) computed: usize,
    pub(crate) reused: usize,
}

impl<V> Default for SegmentMemo<V> {
    fn default() -> Self {
        SegmentMemo {
            current: HashMap::default(),
            previous: HashMap::default(),
            computed: 0,
            reused: 0,
        }
    }
}

struct Slot<V> {
    kind: Role,
    text: Box<str>,
    value: V,
}

impl<V> Slot<V> {
    fn holds(&self, kind: Role, text: &str) -> bool {
        self.kind == kind && *self.text == *text
    }
}

impl<V: Reuse> SegmentMemo<V> {
    /// The value for a segment of `kind` with prose `text`: reused from this version (a repeated
    /// segment) or the previous one, else computed (and kept when it is reusable).
    pub(crate) fn get_or_compute(
        &mut self,
        kind: Role,
        text: &str,
        compute: impl FnOnce() -> V,
    ) -> &V {
        let key = key(kind, text);
        match self.current.entry(key) {
            Entry::Occupied(slot)
                if slot.get().holds(kind, text) && slot.get().value.reusable() =>
            {
                self.reused += 1;
                &slot.into_mut().value
            }
            entry => {
                let slot = match self.previous.remove(&key) {
                    Some(slot) if slot.holds(kind, text) && slot.value.reusable() => {
                        self.reused += 1;
                        slot
                    }
                    _ => {
                        self.computed += 1;
                        Slot {
                            kind,
                            text: text.into(),
                            value: compute(),
                        }
                    }
                };
                // A colliding entry of this version is replaced: it was already used.
                match entry {
                    Entry::Occupied(mut occupied) => {
                        occupied.insert(slot);
                        &occupied.into_mut().value
                    }
                    Entry::Vacant(vacant) => &vacant.insert(slot).value,
                }
            }
        }
    }
}

impl<V> SegmentMemo<V> {
    pub(crate) fn begin(&mut self) {
        // The last version's values become the candidates for reuse.
        std::mem::swap(&mut self.current, &mut self.previous);
        self.current.clear();
    }

    pub(crate) fn end(&mut self) {
        self.previous.clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.current.len() + self.previous.len()
    }
}

/// The memo key: a hash of the segment's kind and prose (fixed keys, so deterministic).
fn key(kind: Role, text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    kind.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// The memo's keys are hashes already: use them as they are.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by `u64` keys; anything else still hashes deterministically.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Value(String, bool);

    impl Reuse for Value {
        fn reusable(&self) -> bool {
            self.1
        }
    }

    fn lint_version(
        memo: &mut SegmentMemo<Value>,
        segments: &[(SegmentKind, &str)],
    ) -> Vec<String> {
        memo.begin();
        let out = segments
            .iter()
            .map(|&(kind, text)| {
                memo.get_or_compute((kind, Detail::None), text, || {
                    Value(text.to_uppercase(), true)
                })
                .0
                .clone()
            })
            .collect();
        memo.end();
        out
    }

    #[test]
    fn unchanged_segments_are_reused_and_changed_ones_computed() {
        let mut memo = SegmentMemo::default();
        let first = lint_version(
            &mut memo,
            &[
                (SegmentKind::Heading, "Intro"),
                (SegmentKind::Paragraph, "one"),
                (SegmentKind::Paragraph, "two"),
            ],
        );
        assert_eq!(first, ["INTRO", "ONE", "TWO"]);
        assert_eq!((memo.computed, memo.reused), (3, 0));
        let second = lint_version(
            &mut memo,
            &[
                (SegmentKind::Heading, "Intro"),
                (SegmentKind::Paragraph, "one!"),
                (SegmentKind::Paragraph, "two"),
            ],
        );
        assert_eq!(second, ["INTRO", "ONE!", "TWO"]);
        assert_eq!((memo.computed, memo.reused), (4, 2));
    }

    #[test]
    fn the_kind_is_part_of_the_key() {
        let mut memo = SegmentMemo::default();
        lint_version(&mut memo, &[(SegmentKind::Paragraph, "Same words")]);
        lint_version(&mut memo, &[(SegmentKind::Heading, "Same words")]);
        assert_eq!((memo.computed, memo.reused), (2, 0));
    }

    #[test]
    fn repeated_segments_share_one_entry_and_moved_ones_are_found() {
        let mut memo = SegmentMemo::default();
        lint_version(
            &mut memo,
            &[
                (SegmentKind::Paragraph, "a"),
                (SegmentKind::Paragraph, "b"),
                (SegmentKind::Paragraph, "a"),
            ],
        );
        assert_eq!((memo.computed, memo.reused, memo.len()), (2, 1, 2));
        // Paragraphs swapped: both are reused.
        lint_version(
            &mut memo,
            &[(SegmentKind::Paragraph, "b"), (SegmentKind::Paragraph, "a")],
        );
        assert_eq!((memo.computed, memo.reused), (2, 3));
    }

    #[test]
    fn memory_holds_the_last_version_only() {
        let mut memo = SegmentMemo::default();
        for round in 0..100 {
            let text = format!("paragraph typed {round} times");
            lint_version(
                &mut memo,
                &[
                    (SegmentKind::Heading, "Title"),
                    (SegmentKind::Paragraph, &text),
                ],
            );
            assert_eq!(memo.len(), 2, "round {round}");
        }
        let emptied = lint_version(&mut memo, &[]);
        assert!(emptied.is_empty());
        assert_eq!(memo.len(), 0);
    }

    #[test]
    fn values_that_are_not_reusable_are_recomputed() {
        let mut memo = SegmentMemo::default();
        for _ in 0..3 {
            memo.begin();
            let value = memo.get_or_compute((SegmentKind::Paragraph, Detail::None), "x", || {
                Value("fresh".into(), false)
            });
            assert_eq!(value.0, "fresh");
            memo.end();
        }
        assert_eq!((memo.computed, memo.reused), (3, 0));
    }
}
