//! The disclosure boundary as the crate graph holds it: code that renders cannot name a raw
//! record, because no rendering crate depends, even through another crate, on the crate that
//! holds them. `cargo metadata` tells the graph as Cargo builds it.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Workspace crates and the workspace crates each depends on (any kind of dependency).
fn workspace_graph() -> BTreeMap<String, BTreeSet<String>> {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let names: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["name"].as_str().unwrap().to_string())
                .filter(|d| names.contains(d))
                .collect();
            (p["name"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

fn reachable(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(name) = stack.pop() {
        for dep in &graph[&name] {
            if seen.insert(dep.clone()) {
                stack.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn renderers_cannot_reach_raw_records() {
    let graph = workspace_graph();
    for crate_name in ["kanmin-render", "kanmin-public", "kanmin-text"] {
        assert!(
            graph.contains_key(crate_name),
            "{crate_name} is a workspace crate: {graph:?}"
        );
        let deps = reachable(&graph, crate_name);
        for raw in ["kanmin-content", "kanmin-disclose"] {
            assert!(
                !deps.contains(raw),
                "{crate_name} depends on {raw} (through {deps:?})"
            );
        }
    }
}

#[test]
fn only_disclosure_meets_both_sides() {
    let graph = workspace_graph();
    let both: BTreeSet<&str> = graph
        .iter()
        .filter(|(_, deps)| deps.contains("kanmin-content") && deps.contains("kanmin-public"))
        .map(|(name, _)| name.as_str())
        .collect();
    // The binary crate runs every stage, so it sees both; of the library crates, disclosure alone.
    assert_eq!(both, BTreeSet::from(["kanmin", "kanmin-disclose"]));
    assert!(
        !reachable(&graph, "kanmin-content").contains("kanmin-render"),
        "loading depends on rendering"
    );
}
