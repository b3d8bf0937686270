//! Sharding: one of N deterministic parts of a run, for CI matrices (`onbrand check --shard 2/4`).
//!
//! A file belongs to the shard its path's stable hash names ([`Shard::contains`]): the same
//! split on every machine and every run, so N jobs cover every file exactly once and their JSON
//! reports merge into one (`onbrand report --merge`).
//!
//! [`Shard::from_environment`] (`--shard auto`) reads the job's index and count from the CI
//! system that runs it. Each system names them differently, and some count from 0, some from 1:
//! - GitLab CI `parallel:`: `CI_NODE_INDEX` (1-based) of `CI_NODE_TOTAL`;
//! - Buildkite `parallelism:`: `BUILDKITE_PARALLEL_JOB` (0-based) of `BUILDKITE_PARALLEL_JOB_COUNT`;
//! - CircleCI `parallelism:`: `CIRCLE_NODE_INDEX` (0-based) of `CIRCLE_NODE_TOTAL`;
//! - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based); the count is not in the pod's
//!   environment, so the Job sets `ONBRAND_SHARD_COUNT` to its `completions`.

use std::path::Path;

use crate::baseline::StableHash;

/// One of N deterministic parts of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which part, from 0.
    pub index: u64,
    /// How many parts.
    pub count: u64,
}

/// A shard that cannot be read (`--shard 5/4`, CI variables missing or out of range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardError(String);

impl std::fmt::Display for ShardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShardError {}

/// Index variable, whether it is 1-based, count variable.
const SYSTEMS: [(&str, bool, &str); 4] = [
    ("CI_NODE_INDEX", true, "CI_NODE_TOTAL"),
    (
        "BUILDKITE_PARALLEL_JOB",
        false,
        "BUILDKITE_PARALLEL_JOB_COUNT",
    ),
    ("CIRCLE_NODE_INDEX", false, "CIRCLE_NODE_TOTAL"),
    ("JOB_COMPLETION_INDEX", false, "ONBRAND_SHARD_COUNT"),
];

impl Shard {
    /// The shard of this job, from the first system whose index variable is set; `var` reads
    /// the environment (`|name| std::env::var(name).ok()`).
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Result<Shard, ShardError> {
        for (index_name, one_based, count_name) in SYSTEMS {
            let Some(index) = var(index_name) else {
                continue;
            };
            let count = var(count_name).ok_or(ShardError(format!(
                "--shard auto: {index_name} is set but {count_name} is not"
            )))?;
            let number = |name: &str, value: &str| {
                value.trim().parse::<u64>().map_err(|_| {
                    ShardError(format!("--shard auto: {name}={value:?} is not a number"))
                })
            };
            let index = number(index_name, &index)?;
            let count = number(count_name, &count)?;
            let index = if one_based {
                index.checked_sub(1)
            } else {
                Some(index)
            };
            return match index {
                Some(index) if index < count => Ok(Shard { index, count }),
                _ => Err(ShardError(format!(
                    "--shard auto: {index_name} is out of range for {count_name}={count}"
                ))),
            };
        }
        Err(ShardError(
            "--shard auto: no CI shard variables found (CI_NODE_INDEX, BUILDKITE_PARALLEL_JOB, \
         CIRCLE_NODE_INDEX, JOB_COMPLETION_INDEX with ONBRAND_SHARD_COUNT)"
                .to_owned(),
        ))
    }

    /// `I/N` as people write it (1 ≤ I ≤ N, `2/4`).
    pub fn parse(text: &str) -> Result<Shard, ShardError> {
        let invalid = || {
            ShardError(format!(
                "`{text}` is not a shard: write I/N with 1 ≤ I ≤ N, e.g. 2/4"
            ))
        };
        let (index, count) = text.split_once('/').ok_or_else(invalid)?;
        let index: u64 = index.trim().parse().map_err(|_| invalid())?;
        let count: u64 = count.trim().parse().map_err(|_| invalid())?;
        if index == 0 || index > count {
            return Err(invalid());
        }
        Ok(Shard {
            index: index - 1,
            count,
        })
    }

    /// Whether `path` (as the run names it) belongs to this shard: by a stable hash of the
    /// path as printed, with `/` separators, so every platform splits alike.
    pub fn contains(&self, path: &Path) -> bool {
        let mut hash = StableHash::new();
        hash.write(crate::display_path(path).replace('\\', "/").as_bytes());
        hash.finish() % self.count == self.index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(pairs: &[(&str, &str)]) -> Result<Shard, String> {
        Shard::from_environment(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
        .map_err(|error| error.to_string())
    }

    #[test]
    fn each_system_maps_to_a_zero_based_shard() {
        let expect = |index, count| Ok(Shard { index, count });
        assert_eq!(
            shard(&[("CI_NODE_INDEX", "1"), ("CI_NODE_TOTAL", "3")]),
            expect(0, 3)
        );
        assert_eq!(
            shard(&[("CI_NODE_INDEX", "3"), ("CI_NODE_TOTAL", "3")]),
            expect(2, 3)
        );
        assert_eq!(
            shard(&[
                ("BUILDKITE_PARALLEL_JOB", "0"),
                ("BUILDKITE_PARALLEL_JOB_COUNT", "2")
            ]),
            expect(0, 2)
        );
        assert_eq!(
            shard(&[("CIRCLE_NODE_INDEX", "4"), ("CIRCLE_NODE_TOTAL", "5")]),
            expect(4, 5)
        );
        assert_eq!(
            shard(&[("JOB_COMPLETION_INDEX", "1"), ("ONBRAND_SHARD_COUNT", "4")]),
            expect(1, 4)
        );
    }

    #[test]
    fn missing_or_inconsistent_variables_are_errors() {
        assert!(shard(&[]).unwrap_err().contains("no CI shard variables"));
        assert!(
            shard(&[("CI_NODE_INDEX", "0"), ("CI_NODE_TOTAL", "3")])
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            shard(&[("CIRCLE_NODE_INDEX", "5"), ("CIRCLE_NODE_TOTAL", "5")])
                .unwrap_err()
                .contains("out of range")
        );
        assert!(
            shard(&[("JOB_COMPLETION_INDEX", "1")])
                .unwrap_err()
                .contains("ONBRAND_SHARD_COUNT is not")
        );
        assert!(
            shard(&[
                ("BUILDKITE_PARALLEL_JOB", "x"),
                ("BUILDKITE_PARALLEL_JOB_COUNT", "2")
            ])
            .unwrap_err()
            .contains("not a number")
        );
    }

    #[test]
    fn written_shards_count_from_one() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 1, count: 4 }));
        assert_eq!(Shard::parse(" 1 / 1 "), Ok(Shard { index: 0, count: 1 }));
        for bad in ["0/4", "5/4", "2", "a/4", "2/b", "/"] {
            assert_eq!(
                Shard::parse(bad).map_err(|error| error.to_string()),
                Err(format!(
                    "`{bad}` is not a shard: write I/N with 1 ≤ I ≤ N, e.g. 2/4"
                ))
            );
        }
    }

    #[test]
    fn every_path_is_in_exactly_one_shard_and_the_split_is_stable() {
        let paths: Vec<String> = (0..200).map(|i| format!("docs/page-{i}.md")).collect();
        let shards: Vec<Shard> = (0..3).map(|index| Shard { index, count: 3 }).collect();
        let mut sizes = [0usize; 3];
        for path in &paths {
            let owners: Vec<u64> = shards
                .iter()
                .filter(|shard| shard.contains(Path::new(path)))
                .map(|shard| shard.index)
                .collect();
            assert_eq!(owners.len(), 1, "{path}: {owners:?}");
            sizes[owners[0] as usize] += 1;
        }
        // An even enough split (FNV-1a of the path), and the same one in every release:
        // shards of one CI run may come from different machines.
        assert!(sizes.iter().all(|&size| size > 40), "{sizes:?}");
        let owner = |path: &str| shards.iter().position(|s| s.contains(Path::new(path)));
        assert_eq!(
            [owner("README.md"), owner("docs/a.md"), owner("./docs/a.md")],
            [owner("README.md"), owner("docs/a.md"), owner("docs/a.md")]
        );
        // Pinned: FNV-1a of the path modulo the count (computed independently).
        let of_four =
            |path: &str| (0..4).find(|&index| Shard { index, count: 4 }.contains(Path::new(path)));
        assert_eq!(
            [
                of_four("docs/a.md"),
                of_four("README.md"),
                of_four("blog/post.md")
            ],
            [Some(1), Some(2), Some(3)]
        );
    }
}
