//! `--shard auto`: the parallel job's index and count, from the CI system that runs it.
//!
//! Each system names them differently, and some count from 0, some from 1:
//! - GitLab CI `parallel:`: `CI_NODE_INDEX` (1-based) of `CI_NODE_TOTAL`;
//! - Buildkite `parallelism:`: `BUILDKITE_PARALLEL_JOB` (0-based) of `BUILDKITE_PARALLEL_JOB_COUNT`;
//! - CircleCI `parallelism:`: `CIRCLE_NODE_INDEX` (0-based) of `CIRCLE_NODE_TOTAL`;
//! - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (0-based); the count is not in the pod's
//!   environment, so the Job sets `ONBRAND_SHARD_COUNT` to its `completions`.

use super::Shard;

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

/// The shard of this job, from the first system whose index variable is set.
pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Result<Shard, String> {
    for (index_name, one_based, count_name) in SYSTEMS {
        let Some(index) = var(index_name) else {
            continue;
        };
        let count = var(count_name).ok_or(format!(
            "--shard auto: {index_name} is set but {count_name} is not"
        ))?;
        let number = |name: &str, value: &str| {
            value
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("--shard auto: {name}={value:?} is not a number"))
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
            _ => Err(format!(
                "--shard auto: {index_name} is out of range for {count_name}={count}"
            )),
        };
    }
    Err(
        "--shard auto: no CI shard variables found (CI_NODE_INDEX, BUILDKITE_PARALLEL_JOB, \
         CIRCLE_NODE_INDEX, JOB_COMPLETION_INDEX with ONBRAND_SHARD_COUNT)"
            .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(pairs: &[(&str, &str)]) -> Result<Shard, String> {
        from_environment(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
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
}
