//! Write: every output file passes through here. The output path is checked before anything
//! is touched, so a mistyped `--output` cannot replace the records, the themes or a folder
//! kanmin did not write. The site is then written to a staging folder beside the output and
//! exchanged with it in one step, so the output always holds the old site or the new one,
//! whole, even when the build is killed.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

/// Written into every output folder: a later build replaces a folder only when it holds this
/// file (or nothing at all), since anything else may be a folder named by mistake.
pub const MARKER: &str = ".kanmin-output";
const MARKER_TEXT: &str =
    "This folder was written by `kanmin build`, which replaces all of it on every build.\n";

pub use kanmin_render::OutputFile;

#[derive(Debug)]
pub enum WriteError {
    DuplicatePath(String),
    UnsafePath(String),
    Refused {
        path: PathBuf,
        reason: String,
    },
    Io {
        /// What was being done, as the message table names it: `creating`, `reading`,
        /// `resolving`, `writing`, `moving-in`, `moving-aside`, `swapping`.
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    Stranded {
        output: PathBuf,
        previous: PathBuf,
        staging: PathBuf,
        source: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            WriteError::DuplicatePath(path) => {
                crate::t!("write-duplicate-path", path = path.as_str())
            }
            WriteError::UnsafePath(path) => crate::t!("write-unsafe-path", path = path.as_str()),
            WriteError::Refused { path, reason } => crate::t!(
                "write-refused",
                path = path.display().to_string(),
                reason = reason.as_str()
            ),
            WriteError::Io {
                action,
                path,
                source,
            } => crate::t!(
                "write-failed",
                action = *action,
                path = path.display().to_string(),
                reason = source.to_string()
            ),
            WriteError::Stranded {
                output,
                previous,
                staging,
                source,
            } => crate::t!(
                "write-stranded",
                output = output.display().to_string(),
                reason = source.to_string(),
                previous = previous.display().to_string(),
                staging = staging.display().to_string()
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { source, .. } | WriteError::Stranded { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl WriteError {
    /// Whether the output still holds exactly what it held before the build.
    pub fn output_unchanged(&self) -> bool {
        !matches!(self, WriteError::Stranded { .. })
    }
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

/// Which existing folder a build may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// An empty folder, or one holding `MARKER` (a site kanmin wrote).
    KanminOutput,
    /// Any folder (`--force`); the content, themes and project folders are still refused.
    AnyFolder,
}

/// An output folder that passed `Destination::check`, as an absolute path.
#[derive(Debug, Clone)]
pub struct Destination {
    output: PathBuf,
}

impl Destination {
    /// Checks that writing to `output` cannot destroy anything of the project at `root` or
    /// anything kanmin did not write. Reads only; nothing is created or removed.
    pub fn check(root: &Path, output: &Path, replace: Replace) -> Result<Destination, WriteError> {
        let refuse = |reason: String| {
            Err(WriteError::Refused {
                path: output.to_path_buf(),
                reason,
            })
        };
        let resolved = resolve(output).map_err(io_error("resolving", output))?;
        let project = resolve(root).map_err(io_error("resolving", root))?;
        for folder in ["content", "themes"] {
            let what = folder;
            let folder =
                resolve(&root.join(folder)).map_err(io_error("resolving", &root.join(folder)))?;
            if resolved == folder {
                return refuse(crate::t!(
                    "refuse-is-folder",
                    what = what,
                    path = folder.display().to_string()
                ));
            }
            if folder.starts_with(&resolved) {
                return refuse(crate::t!(
                    "refuse-contains-folder",
                    what = what,
                    path = folder.display().to_string()
                ));
            }
            if resolved.starts_with(&folder) {
                return refuse(crate::t!(
                    "refuse-inside-folder",
                    what = what,
                    path = folder.display().to_string()
                ));
            }
        }
        if project.starts_with(&resolved) {
            return refuse(crate::t!(
                "refuse-project-folder",
                path = project.display().to_string()
            ));
        }
        if resolved.parent().is_none() {
            return refuse(crate::t!("refuse-root"));
        }
        match fs::symlink_metadata(output) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {}
            Err(err) => return Err(io_error("reading", output)(err)),
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return refuse(crate::t!("refuse-symlink"));
            }
            Ok(metadata) if !metadata.is_dir() => return refuse(crate::t!("refuse-file")),
            Ok(_) => {
                let marked = fs::symlink_metadata(output.join(MARKER)).is_ok_and(|m| m.is_file())
                    || written_before_markers(output);
                let empty = fs::read_dir(output)
                    .map_err(io_error("reading", output))?
                    .next()
                    .is_none();
                if !marked && !empty && replace == Replace::KanminOutput {
                    return refuse(crate::t!("refuse-not-kanmin-output", marker = MARKER));
                }
            }
        }
        Ok(Destination { output: resolved })
    }

    pub fn path(&self) -> &Path {
        &self.output
    }
}

/// A site written by a kanmin from before outputs were marked: its Atom feed names kanmin
/// as its generator near the top. Without this, every ward's existing `public/` would be
/// refused once, on the first build after an upgrade.
fn written_before_markers(output: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = fs::File::open(output.join("feeds/atom.xml"))
        .and_then(|file| file.take(4096).read_to_end(&mut head));
    read.is_ok() && String::from_utf8_lossy(&head).contains("<generator>kanmin</generator>")
}

/// `path` made absolute with every symlink resolved, also when its last components do not
/// exist yet: the nearest existing ancestor is resolved and the rest appended (those parts
/// cannot be symlinks, so `..` among them is taken literally).
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let parts: Vec<Component> = absolute.components().collect();
    for split in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        if let Ok(mut real) = head.canonicalize() {
            for part in &parts[split..] {
                match part {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::Normal(name) => real.push(name),
                    _ => {}
                }
            }
            return Ok(real);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        "no part of the path exists",
    ))
}

/// What a successful write could not tidy up: folders of the previous site or of killed
/// builds that could not be removed (the next build tries again).
#[derive(Debug, Default)]
pub struct Written {
    pub not_removed: Vec<(PathBuf, io::Error)>,
}

/// Replaces the folder of `destination` with exactly `files` (and `MARKER`).
pub fn write_site(
    destination: &Destination,
    files: &mut [OutputFile],
) -> Result<Written, WriteError> {
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Some(pair) = files.windows(2).find(|w| w[0].path == w[1].path) {
        return Err(WriteError::DuplicatePath(pair[0].path.clone()));
    }
    if let Some(marker) = files.iter().find(|f| f.path == MARKER) {
        return Err(WriteError::DuplicatePath(marker.path.clone()));
    }
    if let Some(bad) = files.iter().find(|f| !is_safe_relative(&f.path)) {
        return Err(WriteError::UnsafePath(bad.path.clone()));
    }

    let output = destination.path();
    // A resolved path other than the file-system root (refused) ends in a name.
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        unreachable!("Destination::check refuses the file-system root")
    };
    let name = name.to_string_lossy();
    fs::create_dir_all(parent).map_err(io_error("creating", parent))?;
    let mut written = Written {
        not_removed: remove_leftovers(parent, &name),
    };
    let staging = parent.join(leftover_name(&name, STAGING, std::process::id()));
    let previous = parent.join(leftover_name(&name, PREVIOUS, std::process::id()));

    let result = stage(&staging, files, output).and_then(|()| swap(output, &staging, &previous));
    match result {
        Ok(old) => {
            if let Some(old) = old {
                if let Err(err) = fs::remove_dir_all(&old) {
                    written.not_removed.push((old, err));
                }
            }
            Ok(written)
        }
        Err(err) => {
            if err.output_unchanged() {
                let _ = fs::remove_dir_all(&staging);
            }
            Err(err)
        }
    }
}

const STAGING: &str = "staging";
const PREVIOUS: &str = "previous";

/// `.public.kanmin-staging-PID`: hidden beside the output, and recognisable by the next build
/// when this one is killed.
fn leftover_name(output_name: &str, role: &str, pid: u32) -> String {
    format!(".{output_name}.kanmin-{role}-{pid}")
}

/// Removes the staging and previous-site folders that builds which no longer run left beside
/// the output (killed, or out of power). Returns the ones that could not be removed.
fn remove_leftovers(parent: &Path, output_name: &str) -> Vec<(PathBuf, io::Error)> {
    let mut failed = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return failed;
    };
    let prefix = format!(".{output_name}.kanmin-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = [STAGING, PREVIOUS]
            .iter()
            .find_map(|role| rest.strip_prefix(role).and_then(|r| r.strip_prefix('-')))
            .and_then(|pid| pid.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        if pid == std::process::id() || process_runs(pid) {
            continue;
        }
        if let Err(err) = fs::remove_dir_all(entry.path()) {
            failed.push((entry.path(), err));
        }
    }
    failed
}

/// Whether a process with this id runs: another build writing beside the same output keeps
/// its staging folder. A dead build's id taken by an unrelated process only delays the
/// removal to a later build.
#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks that the process exists without signalling it.
    // SAFETY: kill(2) with signal 0 has no effect besides its return value.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a portable check, every other build's folder counts as a leftover: two builds
/// writing beside the same output at once are not supported there.
#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    false
}

/// Writes `files` and `MARKER` into `staging`. A file whose bytes the current output already
/// holds is hard-linked instead: no data is written, and removing the previous site afterwards
/// only drops a link instead of freeing blocks. The previous site is never written to, so a
/// failed build still leaves it untouched.
fn stage(staging: &Path, files: &[OutputFile], current: &Path) -> Result<(), WriteError> {
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
    })?;
    let marker = staging.join(MARKER);
    fs::write(&marker, MARKER_TEXT).map_err(io_error("writing", &marker))
}

/// Whether `path` is a regular file (not a symlink) with exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|existing| existing == bytes)
}

/// Puts `staging` in place of `output`. Returns the folder now holding the previous site, for
/// the caller to remove. Every error but `Stranded` leaves `output` as it was.
fn swap(output: &Path, staging: &Path, previous: &Path) -> Result<Option<PathBuf>, WriteError> {
    match fs::symlink_metadata(output) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            fs::rename(staging, output).map_err(io_error("moving-in", output))?;
            return Ok(None);
        }
        Err(err) => return Err(io_error("reading", output)(err)),
        Ok(_) => {}
    }
    match exchange(staging, output) {
        Ok(()) => return Ok(Some(staging.to_path_buf())),
        Err(err) if !exchange_unsupported(&err) => return Err(io_error("swapping", output)(err)),
        Err(_) => {}
    }
    // Without an atomic exchange there is a moment without `output`; a build killed then
    // leaves the previous site in `previous`, which the next build removes.
    fs::rename(output, previous).map_err(io_error("moving-aside", output))?;
    if let Err(source) = fs::rename(staging, output) {
        return match fs::rename(previous, output) {
            Ok(()) => Err(io_error("moving-in", output)(source)),
            Err(_) => Err(WriteError::Stranded {
                output: output.to_path_buf(),
                previous: previous.to_path_buf(),
                staging: staging.to_path_buf(),
                source,
            }),
        };
    }
    Ok(Some(previous.to_path_buf()))
}

/// Exchanges two folders in one step: renameat2(2) with `RENAME_EXCHANGE` (Linux 3.15, on
/// the common file systems).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the swap takes two renames (see `swap`).
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Errors that mean "no atomic exchange here" (old kernel or libc, a file system without it)
/// rather than "this exchange failed".
fn exchange_unsupported(err: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(
        err.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    err.kind() == io::ErrorKind::Unsupported
}

fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn destination(out: &Path) -> Destination {
        let root = out.parent().unwrap();
        Destination::check(root, out, Replace::KanminOutput).unwrap()
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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
        write_site(
            &destination(&out),
            &mut [OutputFile::new("old.html", "old")],
        )
        .unwrap();
        write_site(
            &destination(&out),
            &mut [OutputFile::new("a/index.html", "new")],
        )
        .unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(out.join(MARKER).is_file());
        assert_eq!(
            entries(dir.path()),
            ["public"],
            "no staging folders left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_reused_and_changed_ones_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &destination(&out),
            &mut [
                OutputFile::new("same.html", "same"),
                OutputFile::new("edit.html", "old"),
            ],
        )
        .unwrap();
        let kept = out.join("same.html");
        let old_inode = std::os::unix::fs::MetadataExt::ino(&fs::metadata(&kept).unwrap());
        write_site(
            &destination(&out),
            &mut [
                OutputFile::new("same.html", "same"),
                OutputFile::new("edit.html", "new"),
            ],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(out.join("edit.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(&kept).unwrap(), "same");
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&fs::metadata(&kept).unwrap()),
            old_inode,
            "reused, not rewritten"
        );
    }

    #[test]
    fn duplicate_paths_fail_before_touching_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &destination(&out),
            &mut [OutputFile::new("keep.html", "keep")],
        )
        .unwrap();
        let err = write_site(
            &destination(&out),
            &mut [OutputFile::new("x", "1"), OutputFile::new("x", "2")],
        );
        assert!(matches!(err, Err(WriteError::DuplicatePath(_))));
        let err = write_site(&destination(&out), &mut [OutputFile::new(MARKER, "mine")]);
        assert!(matches!(err, Err(WriteError::DuplicatePath(_))));
        assert_eq!(fs::read_to_string(out.join("keep.html")).unwrap(), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_builds_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A process that has exited, and one that runs (this test's parent, the test runner).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let alive = std::os::unix::process::parent_id();
        for name in [
            leftover_name("public", STAGING, dead),
            leftover_name("public", PREVIOUS, dead),
            leftover_name("public", STAGING, alive),
        ] {
            fs::create_dir_all(dir.path().join(name).join("a")).unwrap();
        }
        write_site(
            &destination(&out),
            &mut [OutputFile::new("index.html", "new")],
        )
        .unwrap();
        assert_eq!(
            entries(dir.path()),
            [
                leftover_name("public", STAGING, alive),
                "public".to_string()
            ]
        );
    }

    #[test]
    fn paths_resolve_before_they_exist() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(
            resolve(&dir.path().join("a/b/../c")).unwrap(),
            real.join("a/c")
        );
        assert_eq!(resolve(&dir.path().join("a/..")).unwrap(), real);
    }
}
