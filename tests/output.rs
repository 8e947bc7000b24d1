//! Where a build may write: never over the records, the themes or the project, never over a
//! folder kanmin did not write (unless `--force`), never over a file; and what it says about
//! the output is what happened to it.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use sha2::{Digest, Sha256};

/// Every file under `dir` (relative path → SHA-256), folders included as empty entries.
fn manifest(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let digest = if entry.file_type().is_file() {
            Sha256::digest(std::fs::read(entry.path()).unwrap()).to_vec()
        } else {
            Vec::new()
        };
        files.insert(relative, digest);
    }
    files
}

fn kanmin(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .args(args)
        // The messages these tests read are the English table's.
        .env("KANMIN_LANG", "en")
        .env("SOURCE_DATE_EPOCH", "1796000000")
        .output()
        .expect("run kanmin")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A project with a theme folder too, so every folder a build must not replace exists.
fn project() -> Fixture {
    let site = Fixture::minimal();
    site.write("content/pages/about.md", "---\ntitle: 概要\n---\n本文\n");
    site.write("content/partnerships/p.yaml", &partnership("連携", ""));
    site.write("themes/default/static/extra.css", "body{}");
    site
}

#[test]
fn outputs_over_the_records_themes_or_project_are_refused_and_touch_nothing() {
    let site = project();
    let root = site.root();
    let before = manifest(root);
    let cases: [(PathBuf, &str); 8] = [
        (root.join("content"), "is the content folder"),
        (
            root.join("content/partnerships"),
            "lies inside the content folder",
        ),
        (root.join("content/new"), "lies inside the content folder"),
        (root.join("themes"), "is the themes folder"),
        (
            root.join("themes/default/static"),
            "lies inside the themes folder",
        ),
        (root.to_path_buf(), "contains the content folder"),
        (
            root.parent().unwrap().to_path_buf(),
            "contains the content folder",
        ),
        (root.join("public/../content"), "is the content folder"),
    ];
    for (output, reason) in cases {
        let result = kanmin(root, &["--force", "--output", output.to_str().unwrap()]);
        let message = stderr(&result);
        assert_eq!(
            result.status.code(),
            Some(2),
            "{}: {message}",
            output.display()
        );
        assert!(
            message.contains(reason) && message.contains("nothing was written"),
            "{}: {message}",
            output.display()
        );
        assert_eq!(
            manifest(root),
            before,
            "{}: the project is untouched",
            output.display()
        );
    }

    // The content folder reached through a symlink.
    #[cfg(unix)]
    {
        let link = tempfile::tempdir().unwrap();
        let alias = link.path().join("alias");
        std::os::unix::fs::symlink(root.join("content"), &alias).unwrap();
        let result = kanmin(root, &["--output", alias.to_str().unwrap()]);
        assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
        assert_eq!(manifest(root), before);
    }
}

#[test]
fn a_regular_file_is_refused_and_kept() {
    let site = project();
    let file = site.root().join("notes.txt");
    std::fs::write(&file, "大事なメモ").unwrap();
    let before = manifest(site.root());
    let result = kanmin(site.root(), &["--output", file.to_str().unwrap()]);
    let message = stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{message}");
    assert!(
        message.contains("is a file, not a folder") && message.contains("nothing was written"),
        "{message}"
    );
    assert!(!message.contains("left unchanged"), "{message}");
    assert_eq!(
        manifest(site.root()),
        before,
        "no staging folder, no change"
    );
}

#[test]
fn a_folder_kanmin_did_not_write_is_replaced_only_with_force() {
    let site = project();
    let folder = site.root().join("www");
    std::fs::create_dir_all(folder.join("photos")).unwrap();
    std::fs::write(folder.join("photos/ward-office.jpg"), "JPEG").unwrap();
    let before = manifest(site.root());
    let result = kanmin(site.root(), &["--output", folder.to_str().unwrap()]);
    let message = stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{message}");
    assert!(
        message.contains("--force") && message.contains(kanmin::output::MARKER),
        "{message}"
    );
    assert_eq!(manifest(site.root()), before);

    let result = kanmin(
        site.root(),
        &["--force", "--output", folder.to_str().unwrap()],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!folder.join("photos").exists());
    assert!(folder.join("index.html").is_file() && folder.join(kanmin::output::MARKER).is_file());
    // Once written by kanmin, the folder is replaced without --force.
    let result = kanmin(site.root(), &["--output", folder.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
}

#[test]
fn an_empty_folder_and_a_new_one_can_be_outputs() {
    let site = project();
    let empty = site.root().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for output in [empty, site.root().join("new/deeper/site")] {
        let result = kanmin(site.root(), &["--output", output.to_str().unwrap()]);
        assert!(
            result.status.success(),
            "{}: {}",
            output.display(),
            stderr(&result)
        );
        assert!(output.join("about/index.html").is_file());
    }
}

#[test]
fn the_default_output_is_marked_and_the_marker_is_no_page() {
    let site = project();
    site.built();
    assert!(site.exists(kanmin::output::MARKER));
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains(kanmin::output::MARKER), "{sitemap}");
    // A second build replaces it: it is a kanmin output now.
    site.built();
}

#[test]
fn a_content_error_leaves_the_output_as_it_was_and_says_so() {
    let site = project();
    assert!(kanmin(site.root(), &[]).status.success());
    let before = manifest(&site.output());
    site.write("content/partnerships/broken.yaml", "title: [");
    let result = kanmin(site.root(), &[]);
    let message = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{message}");
    assert!(message.contains("was left unchanged"), "{message}");
    assert_eq!(manifest(&site.output()), before);
}

#[test]
fn an_output_that_cannot_be_created_is_reported_as_unchanged_and_is() {
    let site = project();
    let file = site.root().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let before = manifest(site.root());
    let output = file.join("site");
    let result = kanmin(site.root(), &["--output", output.to_str().unwrap()]);
    let message = stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{message}");
    assert!(
        message.contains("writing the site failed") && message.contains("was left unchanged"),
        "{message}"
    );
    assert_eq!(manifest(site.root()), before);
}

/// A previous site that cannot be removed (a read-only folder inside it): the new site is in
/// place and the build says so, instead of claiming the old one was kept. Permissions do not
/// bind the superuser, so this runs only for other users.
#[cfg(unix)]
#[test]
fn a_previous_site_that_cannot_be_removed_is_reported_as_replaced() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: permissions do not restrict the superuser");
        return;
    }
    let site = project();
    assert!(kanmin(site.root(), &[]).status.success());
    let locked = site.output().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("file"), "x").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = kanmin(site.root(), &[]);
    let message = stderr(&result);
    let leftover: Vec<PathBuf> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".kanmin-"))
        .collect();
    for folder in &leftover {
        std::fs::set_permissions(
            folder.join("locked"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }
    assert!(result.status.success(), "{message}");
    assert!(message.contains("could not remove"), "{message}");
    assert!(!site.exists("locked"), "the new site is in place");
    assert_eq!(leftover.len(), 1, "{leftover:?}");
}

#[test]
fn a_site_written_before_outputs_were_marked_is_replaced_without_force() {
    let site = project();
    site.built();
    // As a kanmin from before the marker left it.
    std::fs::remove_file(site.output().join(kanmin::output::MARKER)).unwrap();
    let result = kanmin(site.root(), &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(site.exists(kanmin::output::MARKER));
}
