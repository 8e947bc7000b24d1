//! A build killed at any moment leaves `public/` holding the previous site or the new one,
//! whole, and the next build removes whatever the killed one left beside it.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use sha2::{Digest, Sha256};

/// Every file of `dir` by relative path, with its SHA-256.
fn manifest(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    assert!(dir.is_dir(), "{} is missing", dir.display());
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                relative,
                Sha256::digest(std::fs::read(e.path()).unwrap()).to_vec(),
            )
        })
        .collect()
}

/// Two versions of one site: every page differs (the title is on each), and there are enough
/// files that writing them takes a while, so some kills land in the write stage.
fn write_version(site: &Fixture, version: &str) {
    site.write(
        "content/site.yaml",
        &MINIMAL_SITE.replace("テスト区 官民連携", &format!("テスト区 官民連携 {version}")),
    );
    for i in 0..150 {
        site.write(
            &format!("content/partnerships/p{i}.yaml"),
            &partnership(&format!("連携 {i} 版{version}"), ""),
        );
    }
}

fn spawn_build(root: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .env("SOURCE_DATE_EPOCH", "1796000000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run kanmin")
}

fn build_whole(root: &Path) -> Duration {
    let start = Instant::now();
    let status = spawn_build(root).wait().unwrap();
    assert!(status.success());
    start.elapsed()
}

const KILLS: u32 = 25;

#[test]
fn killed_builds_leave_the_old_or_the_new_site_and_no_leftovers() {
    let site = Fixture::minimal();
    let public = site.output();
    let mut versions = BTreeMap::new();
    let mut took = Duration::ZERO;
    for version in ["A", "B"] {
        write_version(&site, version);
        took = took.max(build_whole(site.root()));
        versions.insert(version, manifest(&public));
    }
    assert!(versions["A"] != versions["B"]);

    let mut outcomes = BTreeMap::<&str, u32>::new();
    for i in 0..KILLS {
        let target = if i % 2 == 0 { "A" } else { "B" };
        write_version(&site, target);
        let before = manifest(&public);
        // Spread over the whole build, a little past its end, with a varying offset.
        let delay = took.mul_f64(1.1 * f64::from(i) / f64::from(KILLS))
            + Duration::from_micros(u64::from(i * 7919 % 5000));
        let mut child = spawn_build(site.root());
        std::thread::sleep(delay);
        // SIGKILL, by the child's process id.
        let _ = child.kill();
        let _ = child.wait();
        let after = manifest(&public);
        let outcome = if after == versions[target] {
            "new"
        } else if after == before {
            "old"
        } else {
            panic!("kill {i} after {delay:?}: public/ is neither the previous site nor the new one, whole");
        };
        *outcomes.entry(outcome).or_default() += 1;
    }
    eprintln!("{KILLS} kills over a {took:?} build: {outcomes:?}");

    build_whole(site.root());
    let mut beside: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(
        beside,
        ["content", "public"],
        "the next build removes what killed builds left"
    );
    let last = if (KILLS - 1).is_multiple_of(2) {
        "A"
    } else {
        "B"
    };
    assert!(
        manifest(&public) == versions[last],
        "the last build wrote version {last}"
    );
}
