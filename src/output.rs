//! Write: every output file passes through here. The site is written to a staging folder
//! beside the output and swapped in only after everything succeeded, so a failed build
//! leaves the previous `public/` exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One file of the built site, by its path relative to the output root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into() }
    }

    pub fn is_html(&self) -> bool {
        self.path.ends_with(".html")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("two outputs claim the same path `{0}`")]
    DuplicatePath(String),
    #[error("output path `{0}` is not a plain relative path")]
    UnsafePath(String),
    #[error("{action} {path}: {source}")]
    Io { action: &'static str, path: PathBuf, source: io::Error },
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io { action, path, source }
}

/// Replaces `output` with exactly `files`.
pub fn write_site(output: &Path, files: &mut [OutputFile]) -> Result<(), WriteError> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(WriteError::DuplicatePath(pair[0].path.clone()));
    }
    if let Some(bad) = files.iter().find(|f| !is_safe_relative(&f.path)) {
        return Err(WriteError::UnsafePath(bad.path.clone()));
    }

    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error("creating", &parent))?;
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.kanmin-staging-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.kanmin-previous-{}", std::process::id()));

    let result = stage(&staging, files, output).and_then(|()| swap(output, &staging, &previous));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Writes `files` into `staging`. A file whose bytes the current output already holds is
/// hard-linked instead: no data is written, and removing the previous site afterwards only
/// drops a link instead of freeing blocks. The previous site is never written to, so a failed
/// build still leaves it untouched.
fn stage(staging: &Path, files: &[OutputFile], current: &Path) -> Result<(), WriteError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(io_error("removing stale", staging))?;
    }
    fs::create_dir_all(staging).map_err(io_error("creating", staging))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(io_error("creating", dir))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        let existing = current.join(&file.path);
        if holds(&existing, &file.bytes) && fs::hard_link(&existing, &path).is_ok() {
            return Ok(());
        }
        fs::write(&path, &file.bytes).map_err(io_error("writing", &path))
    })
}

/// Whether `path` is a regular file (not a symlink) with exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|existing| existing == bytes)
}

fn swap(output: &Path, staging: &Path, previous: &Path) -> Result<(), WriteError> {
    if output.exists() {
        fs::rename(output, previous).map_err(io_error("moving aside", output))?;
        if let Err(err) = fs::rename(staging, output) {
            // Put the old site back so the failure costs nothing.
            let _ = fs::rename(previous, output);
            return Err(io_error("moving into place", output)(err));
        }
        fs::remove_dir_all(previous).map_err(io_error("removing", previous))?;
    } else {
        fs::rename(staging, output).map_err(io_error("moving into place", output))?;
    }
    Ok(())
}

fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert!(is_safe_relative("partnerships/a/index.html"));
        assert!(!is_safe_relative("../etc/passwd"));
        assert!(!is_safe_relative("/abs"));
        assert!(!is_safe_relative("a//b"));
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &mut [OutputFile::new("old.html", "old")]).unwrap();
        write_site(&out, &mut [OutputFile::new("a/index.html", "new")]).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_reused_and_changed_ones_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &mut [OutputFile::new("same.html", "same"), OutputFile::new("edit.html", "old")]).unwrap();
        let kept = out.join("same.html");
        let old_inode = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&kept).unwrap());
        write_site(&out, &mut [OutputFile::new("same.html", "same"), OutputFile::new("edit.html", "new")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("edit.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(&kept).unwrap(), "same");
        assert_eq!(std::os::unix::fs::MetadataExt::ino(&fs::metadata(&kept).unwrap()), old_inode, "reused, not rewritten");
    }

    #[test]
    fn duplicate_paths_fail_before_touching_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &mut [OutputFile::new("keep.html", "keep")]).unwrap();
        let err = write_site(&out, &mut [OutputFile::new("x", "1"), OutputFile::new("x", "2")]);
        assert!(matches!(err, Err(WriteError::DuplicatePath(_))));
        assert_eq!(fs::read_to_string(out.join("keep.html")).unwrap(), "keep");
    }
}
