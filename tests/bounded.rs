//! Hostile input whose cost once grew far faster than its size: YAML aliases that expand a
//! small record to gigabytes, many free pages that every footer listed, theme templates that
//! loop without end. Each is refused with a located error or builds in size linear in its
//! input.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// A generous bound for a debug build on a shared machine; the unbounded cases took minutes
/// in release builds.
const QUICK: Duration = Duration::from_secs(20);

/// The red-team record: a 20,000-character string repeated through two alias levels in
/// `internal`, about 62 KB in all (123,600 copies: 2.5 GB once expanded).
fn alias_amplified(copies_per_list: usize, lists: usize) -> String {
    let text = "x".repeat(20_000);
    let inner = vec!["*a"; copies_per_list].join(", ");
    let outer = vec!["*b"; lists].join(", ");
    partnership("見守り", &format!("internal:\n  a: &a \"{text}\"\n  b: &b [{inner}]\n  c: [{outer}]\n"))
}

#[test]
fn alias_amplification_is_refused_at_the_alias_before_any_expensive_work() {
    let site = Fixture::minimal();
    let record = alias_amplified(12, 10_300);
    assert!((60_000..64_000).contains(&record.len()), "{}", record.len());
    site.write("content/partnerships/amplified.yaml", &record);
    let start = Instant::now();
    let error = site.build_error();
    let took = start.elapsed();
    assert!(took < QUICK, "refused after {took:?}");
    // Already the list `b` (line 15, after the record's fields) crosses four times the
    // record's size, at its 12th alias (column 54).
    assert!(error.contains("amplified.yaml:15:54:"), "{error}");
    assert!(error.contains("aliases"), "{error}");
    assert!(!site.output().exists());
}

#[test]
fn aliases_within_the_limit_still_build() {
    let site = Fixture::minimal();
    site.write("content/partnerships/named.yaml", &alias_amplified(1, 2));
    site.built();
}
