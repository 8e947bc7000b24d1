//! Each record file's earlier versions, read from the git repository the content folder lies
//! in (with gix: no `git` binary is needed). Only the first-parent line of `HEAD` is read: on
//! the branch the site is published from, a merged branch is one change, made when it was
//! merged. A content folder outside any repository, or one without commits, has no history.
//!
//! Reading which record files each commit changed means reading and comparing a folder's
//! tree per commit (10,000 entries in a large corpus; spread over the cores, compared as git
//! stores them), so what was read is kept in a cache inside the repository's git folder
//! (`kanmin-history/`): a commit's changes never change, and the next build reads only the
//! commits made since.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gix::ObjectId;
use kanmin_messages::t;
use kanmin_public::diagnostics::Diagnostic;
use rayon::prelude::*;

use crate::{parse_yaml, Content, Partnership, Proposal, Sounding, Source, Theme};

/// The folders whose records have a history, in the order `Change::folder` indexes them.
const FOLDERS: [&str; 4] = ["partnerships", "themes", "proposals", "soundings"];

/// A commit that changed record files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Full hexadecimal commit id.
    pub commit: String,
    /// Committer time: when the change landed on the branch.
    pub seconds: i64,
    /// The committer's offset from UTC, in seconds.
    pub offset: i32,
}

/// A record file as one commit left it.
#[derive(Debug, Clone)]
pub struct Version<T> {
    pub stamp: Arc<Stamp>,
    /// `None` when the commit removed the file (or left text the loader cannot read today:
    /// such a version is unknown, and publishes nothing).
    pub record: Option<Arc<T>>,
    /// The oldest commit of a shallow clone: the state before it is unknown, so this version
    /// is where the known history starts, not a change made by that commit.
    pub baseline: bool,
}

/// Versions of the records that exist now, oldest first, by id.
#[derive(Debug, Default)]
pub struct History {
    pub partnerships: HashMap<String, Vec<Version<Partnership>>>,
    pub themes: HashMap<String, Vec<Version<Theme>>>,
    pub proposals: HashMap<String, Vec<Version<Proposal>>>,
    pub soundings: HashMap<String, Vec<Version<Sounding>>>,
    /// The repository is a shallow clone: the history starts at its oldest commit.
    pub shallow: bool,
    /// Commits read from the repository rather than the cache.
    pub commits_read: usize,
    pub commits: usize,
}

/// One record file a commit changed: the folder (an index into `FOLDERS`), the file name and
/// its new blob (none when removed).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    folder: u8,
    name: String,
    blob: Option<ObjectId>,
}

/// What one commit did to the record folders, against its first parent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CommitChanges {
    parent: Option<ObjectId>,
    seconds: i64,
    offset: i32,
    /// The parent is not in the repository (a shallow clone): `changes` list every file.
    baseline: bool,
    changes: Vec<Change>,
}

/// The history of `content`'s records, when `content_dir` lies in a git repository with
/// commits; `None` otherwise.
pub fn read(content_dir: &Path, content: &Content) -> Result<Option<History>, Diagnostic> {
    let fail = |err: &dyn std::fmt::Display| {
        Diagnostic::new(
            content_dir,
            "",
            t!("history-cannot-read", reason = err.to_string()),
        )
    };
    let Ok(repo) = gix::discover(content_dir) else {
        return Ok(None);
    };
    let Some(workdir) = repo.workdir() else {
        return Ok(None);
    };
    let (Ok(workdir), Ok(content_real)) = (workdir.canonicalize(), content_dir.canonicalize())
    else {
        return Ok(None);
    };
    let Ok(prefix) = content_real.strip_prefix(&workdir) else {
        return Ok(None);
    };
    let prefix = prefix.to_path_buf();
    let head = match repo.head_commit() {
        Ok(head) => head.id,
        // An unborn branch: a repository without commits yet.
        Err(_) => return Ok(None),
    };
    let cache_file = cache_path(repo.common_dir(), &prefix);
    let mut cache = cache_file.as_deref().map(read_cache).unwrap_or_default();
    let walked = walk(&repo, head, &prefix, &mut cache).map_err(|err| fail(&err))?;
    if walked.read > 0 {
        if let Some(path) = &cache_file {
            // A cache that cannot be written costs the next build time, nothing else.
            let _ = write_cache(path, &cache);
        }
    }
    let shallow = walked.chain.last().is_some_and(|(_, c)| c.baseline);
    let mut files: FileVersions = HashMap::new();
    for (id, commit) in walked.chain.iter().rev() {
        let stamp = Arc::new(Stamp {
            commit: id.to_string(),
            seconds: commit.seconds,
            offset: commit.offset,
        });
        for change in &commit.changes {
            if let Some(stem) = change.name.strip_suffix(".yaml") {
                files.entry((change.folder, stem)).or_default().push((
                    stamp.clone(),
                    change.blob,
                    commit.baseline,
                ));
            }
        }
    }
    let mut blobs = Blobs {
        repo: &repo,
        content_dir,
        files: &files,
    };
    Ok(Some(History {
        partnerships: blobs.versions(0, &content.partnerships)?,
        themes: blobs.versions(1, &content.themes)?,
        proposals: blobs.versions(2, &content.proposals)?,
        soundings: blobs.versions(3, &content.soundings)?,
        shallow,
        commits_read: walked.read,
        commits: walked.chain.len(),
    }))
}

/// Each record file's (commit, blob, baseline), oldest first, by (folder, file stem); no
/// blob where the commit removed the file.
type FileVersions<'a> = HashMap<(u8, &'a str), Vec<(Arc<Stamp>, Option<ObjectId>, bool)>>;

struct Walked {
    /// Newest first.
    chain: Vec<(ObjectId, CommitChanges)>,
    read: usize,
}

type GitError = Box<dyn std::error::Error + Send + Sync>;

/// The first-parent line from `head`, each commit's changes from the cache or the repository
/// (and then added to the cache).
fn walk(
    repo: &gix::Repository,
    head: ObjectId,
    prefix: &Path,
    cache: &mut HashMap<ObjectId, CommitChanges>,
) -> Result<Walked, GitError> {
    let mut chain = Vec::new();
    // Positions in `chain` of the commits the cache does not hold.
    let mut uncached: Vec<usize> = Vec::new();
    let mut next = Some(head);
    while let Some(id) = next {
        if let Some(cached) = cache.get(&id) {
            // A shallow clone deepened since: the boundary commit is read again.
            let deepened = cached.baseline && cached.parent.is_some_and(|p| repo.has_object(p));
            if !deepened {
                next = cached.parent.filter(|_| !cached.baseline);
                chain.push((id, cached.clone()));
                continue;
            }
        }
        let commit = repo.find_commit(id)?;
        let time = commit.time()?;
        let parent = commit.parent_ids().next().map(|p| p.detach());
        let baseline = parent.is_some_and(|p| !repo.has_object(p));
        uncached.push(chain.len());
        chain.push((
            id,
            CommitChanges {
                parent,
                seconds: time.seconds,
                offset: time.offset,
                baseline,
                changes: Vec::new(),
            },
        ));
        next = parent.filter(|_| !baseline);
    }
    // Each uncached commit against its parent, in runs of consecutive commits spread over the
    // cores (each with its own repository handle): within a run, a commit's folder trees are
    // read once and reused as the next commit's parent.
    let shared = repo.clone().into_sync();
    let runs: Vec<Vec<Change>> = uncached
        .par_chunks(RUN)
        .map_init(
            || shared.to_thread_local(),
            |repo, positions| {
                let mut trees = FolderTrees::new(repo, prefix);
                positions
                    .iter()
                    .map(|&position| {
                        let (id, commit) = &chain[position];
                        trees.changes(*id, commit.parent.filter(|_| !commit.baseline))
                    })
                    .collect::<Result<Vec<_>, GitError>>()
            },
        )
        .collect::<Result<Vec<_>, GitError>>()?
        .into_iter()
        .flatten()
        .collect();
    for (&position, changes) in uncached.iter().zip(runs) {
        let (id, commit) = &mut chain[position];
        commit.changes = changes;
        cache.insert(*id, commit.clone());
    }
    Ok(Walked {
        chain,
        read: uncached.len(),
    })
}

/// Uncached commits per run of `walk`: long enough that the run's first parent, read twice,
/// costs little; short enough to keep both cores busy on a few hundred new commits.
const RUN: usize = 64;

/// Folder tree ids by commit and folder trees' raw data by id, kept for the next commit.
struct FolderTrees<'r> {
    repo: &'r gix::Repository,
    prefix: &'r Path,
    folders: HashMap<ObjectId, [Option<ObjectId>; 4]>,
    data: HashMap<ObjectId, Arc<Vec<u8>>>,
}

impl<'r> FolderTrees<'r> {
    fn new(repo: &'r gix::Repository, prefix: &'r Path) -> Self {
        FolderTrees {
            repo,
            prefix,
            folders: HashMap::new(),
            data: HashMap::new(),
        }
    }

    /// The record files `commit` changed against `parent` (against nothing when `None`).
    fn changes(
        &mut self,
        commit: ObjectId,
        parent: Option<ObjectId>,
    ) -> Result<Vec<Change>, GitError> {
        let now = self.folders(Some(commit))?;
        let before = self.folders(parent)?;
        let mut changes = Vec::new();
        for folder in 0..FOLDERS.len() {
            if now[folder] != before[folder] {
                let new = self.data(now[folder])?;
                let old = self.data(before[folder])?;
                let kind = self.repo.object_hash();
                changes.extend(
                    differences(&old, &new, kind)?
                        .into_iter()
                        .map(|(name, blob)| Change {
                            folder: folder as u8,
                            name,
                            blob,
                        }),
                );
            }
        }
        // The walk goes from newer to older: the parent is the commit asked for next.
        self.folders.retain(|id, _| Some(*id) == parent);
        self.data.retain(|id, _| before.contains(&Some(*id)));
        Ok(changes)
    }

    fn folders(&mut self, commit: Option<ObjectId>) -> Result<[Option<ObjectId>; 4], GitError> {
        let Some(commit) = commit else {
            return Ok([None; 4]);
        };
        if let Some(found) = self.folders.get(&commit) {
            return Ok(*found);
        }
        let tree = self.repo.find_commit(commit)?.tree()?;
        let mut found = [None; 4];
        for (slot, folder) in found.iter_mut().zip(FOLDERS) {
            let path = self.prefix.join(folder);
            *slot = tree
                .lookup_entry_by_path(&path)?
                .filter(|e| e.mode().is_tree())
                .map(|e| e.object_id());
        }
        self.folders.insert(commit, found);
        Ok(found)
    }

    /// A folder tree's raw data, as git stores it (empty for no tree).
    fn data(&mut self, tree: Option<ObjectId>) -> Result<Arc<Vec<u8>>, GitError> {
        let Some(tree) = tree else {
            return Ok(Arc::default());
        };
        if let Some(found) = self.data.get(&tree) {
            return Ok(found.clone());
        }
        let data = Arc::new(self.repo.find_tree(tree)?.take_data());
        self.data.insert(tree, data.clone());
        Ok(data)
    }
}

/// Files added, changed or removed from the folder tree `old` to `new` (raw tree data),
/// without decoding the entries both share into owned names: a folder of 10,000 records
/// changes one file per commit.
fn differences(
    old: &[u8],
    new: &[u8],
    kind: gix::hash::Kind,
) -> Result<Vec<(String, Option<ObjectId>)>, GitError> {
    // Git sorts a tree's entries by name, a subfolder's as if it ended in `/`; among the
    // files alone, that is plain byte order.
    let files = |data| {
        gix::objs::TreeRefIter::from_bytes(data, kind)
            .filter(|entry| entry.as_ref().map_or(true, |entry| entry.mode.is_blob()))
    };
    let (mut old, mut new) = (files(old).peekable(), files(new).peekable());
    let mut out = Vec::new();
    let name = |entry: &gix::objs::tree::EntryRef<'_>| entry.filename.to_string();
    loop {
        let (o, n) = match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some(Err(_)), _) => return Err(old.next().unwrap().unwrap_err().into()),
            (_, Some(Err(_))) => return Err(new.next().unwrap().unwrap_err().into()),
            (o, n) => (
                o.map(|e| *e.as_ref().unwrap()),
                n.map(|e| *e.as_ref().unwrap()),
            ),
        };
        match (o, n) {
            (Some(o), Some(n)) if o.filename == n.filename => {
                if o.oid != n.oid {
                    out.push((name(&n), Some(n.oid.to_owned())));
                }
                old.next();
                new.next();
            }
            (Some(o), Some(n)) if o.filename < n.filename => {
                out.push((name(&o), None));
                old.next();
            }
            (Some(o), None) => {
                out.push((name(&o), None));
                old.next();
            }
            (_, Some(n)) => {
                out.push((name(&n), Some(n.oid.to_owned())));
                new.next();
            }
            (None, None) => break,
        }
    }
    Ok(out)
}

/// Reads and parses the versions of the records that exist now.
struct Blobs<'a> {
    repo: &'a gix::Repository,
    content_dir: &'a Path,
    files: &'a FileVersions<'a>,
}

impl Blobs<'_> {
    fn versions<T>(
        &mut self,
        folder: u8,
        records: &[(Arc<T>, Source)],
    ) -> Result<HashMap<String, Vec<Version<T>>>, Diagnostic>
    where
        T: serde::de::DeserializeOwned + Send + Sync + WithId,
    {
        // The version equal to the file as it is now is the record already loaded; only
        // older texts are read from the repository and parsed.
        let mut wanted: Vec<(ObjectId, PathBuf, String)> = Vec::new();
        let mut current: HashMap<&str, (ObjectId, &Arc<T>)> = HashMap::new();
        for (record, source) in records {
            let id = record.id();
            let Some(versions) = self.files.get(&(folder, id)) else {
                continue;
            };
            let now = gix::objs::compute_hash(
                gix::hash::Kind::Sha1,
                gix::objs::Kind::Blob,
                source.text.as_bytes(),
            )
            .ok();
            if let Some(now) = now {
                current.insert(id, (now, record));
            }
            for (_, blob, _) in versions {
                if let Some(blob) = blob.filter(|b| Some(*b) != now) {
                    wanted.push((blob, source.path.clone(), id.to_string()));
                }
            }
        }
        // Each file's versions one after the other, as they were written: in the pack, one
        // is most often stored as a change to the next, which the pack cache then holds.
        let mut seen = std::collections::HashSet::new();
        wanted.retain(|(blob, _, _)| seen.insert(*blob));
        // Read by each thread through its own handle, then parsed where read.
        let shared = self.repo.clone().into_sync();
        let parsed: HashMap<ObjectId, Arc<T>> = wanted
            .into_par_iter()
            .map_init(
                || shared.to_thread_local(),
                |repo, (blob, path, id)| {
                    let data = repo
                        .find_blob(blob)
                        .map(|mut b| b.take_data())
                        .map_err(|err| {
                            Diagnostic::new(
                                self.content_dir,
                                "",
                                t!("history-cannot-read", reason = err.to_string()),
                            )
                        })?;
                    Ok(parse_version(data, path, id).map(|record| (blob, record)))
                },
            )
            .filter_map(Result::transpose)
            .collect::<Result<_, Diagnostic>>()?;
        let mut out = HashMap::new();
        for (record, _) in records {
            let id = record.id();
            let Some(versions) = self.files.get(&(folder, id)) else {
                continue;
            };
            let now = current.get(id);
            let list: Vec<Version<T>> = versions
                .iter()
                .filter_map(|(stamp, blob, baseline)| {
                    let record = match blob {
                        None => None,
                        Some(blob) => match now {
                            Some((hash, record)) if hash == blob => Some(Arc::clone(record)),
                            // A text that cannot be read today is left out: it shows nothing.
                            _ => Some(parsed.get(blob)?.clone()),
                        },
                    };
                    Some(Version {
                        stamp: stamp.clone(),
                        record,
                        baseline: *baseline,
                    })
                })
                .collect();
            out.insert(id.to_string(), list);
        }
        Ok(out)
    }
}

/// A record as an older text of its file states it; `None` when today's loader cannot read
/// the text (such a version is unknown, and publishes nothing).
fn parse_version<T: serde::de::DeserializeOwned + WithId>(
    data: Vec<u8>,
    path: PathBuf,
    id: String,
) -> Option<Arc<T>> {
    let text = String::from_utf8(data).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let source = Source {
        path,
        text: Arc::from(text),
    };
    let mut record: T = parse_yaml(&source).ok()?;
    record.set_id(id);
    Some(Arc::new(record))
}

/// The records' id is their file name, not a field of their text.
pub trait WithId {
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
}

macro_rules! with_id {
    ($($kind:ty),*) => {$(
        impl WithId for $kind {
            fn id(&self) -> &str {
                &self.id
            }
            fn set_id(&mut self, id: String) {
                self.id = id;
            }
        }
    )*};
}
with_id!(Partnership, Theme, Proposal, Sounding);

const CACHE_HEADER: &str = "kanmin-history 1";

/// One cache file per content folder of the repository (a repository may hold several sites).
fn cache_path(git_dir: &Path, prefix: &Path) -> Option<PathBuf> {
    let key = prefix.to_string_lossy();
    let name = kanmin_public::name_slug(if key.is_empty() { "." } else { &key });
    Some(git_dir.join("kanmin-history").join(name))
}

/// The cache as written by `write_cache`; anything unreadable is an empty cache.
fn read_cache(path: &Path) -> HashMap<ObjectId, CommitChanges> {
    let Ok(text) = fs::read_to_string(path) else {
        return HashMap::new();
    };
    parse_cache(&text).unwrap_or_default()
}

fn parse_cache(text: &str) -> Option<HashMap<ObjectId, CommitChanges>> {
    let mut lines = text.lines();
    if lines.next()? != CACHE_HEADER {
        return None;
    }
    let mut cache = HashMap::new();
    let mut current: Option<(ObjectId, CommitChanges)> = None;
    let oid = |s: &str| ObjectId::from_hex(s.as_bytes()).ok();
    for line in lines {
        if let Some(change) = line.strip_prefix(' ') {
            let (folder, rest) = change.split_once(' ')?;
            let (blob, name) = rest.split_once(' ')?;
            let change = Change {
                folder: folder
                    .parse()
                    .ok()
                    .filter(|f| (*f as usize) < FOLDERS.len())?,
                name: name.to_string(),
                blob: if blob == "-" { None } else { Some(oid(blob)?) },
            };
            current.as_mut()?.1.changes.push(change);
        } else {
            let mut fields = line.split(' ');
            let id = oid(fields.next()?)?;
            let parent = match fields.next()? {
                "-" => None,
                hex => Some(oid(hex)?),
            };
            let seconds = fields.next()?.parse().ok()?;
            let offset = fields.next()?.parse().ok()?;
            let baseline = fields.next()? == "1";
            if let Some((id, changes)) = current.take() {
                cache.insert(id, changes);
            }
            current = Some((
                id,
                CommitChanges {
                    parent,
                    seconds,
                    offset,
                    baseline,
                    changes: Vec::new(),
                },
            ));
        }
    }
    if let Some((id, changes)) = current {
        cache.insert(id, changes);
    }
    Some(cache)
}

fn format_cache(cache: &HashMap<ObjectId, CommitChanges>) -> String {
    let mut ids: Vec<&ObjectId> = cache.keys().collect();
    ids.sort();
    let mut out = String::from(CACHE_HEADER);
    out.push('\n');
    for id in ids {
        let c = &cache[id];
        let parent = c.parent.map_or("-".to_string(), |p| p.to_string());
        out.push_str(&format!(
            "{id} {parent} {} {} {}\n",
            c.seconds,
            c.offset,
            u8::from(c.baseline)
        ));
        for change in &c.changes {
            let blob = change.blob.map_or("-".to_string(), |b| b.to_string());
            out.push_str(&format!(" {} {blob} {}\n", change.folder, change.name));
        }
    }
    out
}

/// Written beside and renamed into place, so a build never reads half a cache.
fn write_cache(path: &Path, cache: &HashMap<ObjectId, CommitChanges>) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut temp, format_cache(cache).as_bytes())?;
    temp.persist(path).map(drop).map_err(|err| err.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> ObjectId {
        ObjectId::from_hex(format!("{n:02x}").repeat(20).as_bytes()).unwrap()
    }

    /// A folder tree as git stores it, from (name, blob or subfolder) entries.
    fn tree(entries: &[(&str, u8, bool)]) -> Vec<u8> {
        use gix::objs::WriteTo;
        let mut tree = gix::objs::Tree::empty();
        for &(name, n, folder) in entries {
            tree.entries.push(gix::objs::tree::Entry {
                mode: if folder {
                    gix::objs::tree::EntryKind::Tree.into()
                } else {
                    gix::objs::tree::EntryKind::Blob.into()
                },
                filename: name.into(),
                oid: oid(n),
            });
        }
        tree.entries.sort();
        let mut out = Vec::new();
        tree.write_to(&mut out).unwrap();
        out
    }

    #[test]
    fn differences_of_folder_trees() {
        // `a.yaml-x` sorts before the subfolder `a.yaml` (as `a.yaml/`) in git's order.
        let old = tree(&[("a.yaml", 1, false), ("b.yaml", 2, false), ("sub", 7, true)]);
        let new = tree(&[
            ("a.yaml-x", 5, false),
            ("b.yaml", 3, false),
            ("c.yaml", 4, false),
            ("sub", 8, true),
            ("a.yaml", 6, true),
        ]);
        assert_eq!(
            differences(&old, &new, gix::hash::Kind::Sha1).unwrap(),
            vec![
                ("a.yaml".to_string(), None),
                ("a.yaml-x".to_string(), Some(oid(5))),
                ("b.yaml".to_string(), Some(oid(3))),
                ("c.yaml".to_string(), Some(oid(4))),
            ]
        );
        assert_eq!(
            differences(&[], &old, gix::hash::Kind::Sha1).unwrap().len(),
            2
        );
        assert!(differences(b"100644 broken", &old, gix::hash::Kind::Sha1).is_err());
    }

    #[test]
    fn the_cache_reads_back_what_it_wrote() {
        let mut cache = HashMap::new();
        cache.insert(
            oid(9),
            CommitChanges {
                parent: Some(oid(8)),
                seconds: 1_780_000_000,
                offset: 32_400,
                baseline: false,
                changes: vec![
                    Change {
                        folder: 0,
                        name: "a b.yaml".into(),
                        blob: Some(oid(1)),
                    },
                    Change {
                        folder: 3,
                        name: "c.yaml".into(),
                        blob: None,
                    },
                ],
            },
        );
        cache.insert(
            oid(8),
            CommitChanges {
                parent: None,
                seconds: -5,
                offset: -3600,
                baseline: true,
                changes: vec![],
            },
        );
        assert_eq!(parse_cache(&format_cache(&cache)), Some(cache));
        assert_eq!(parse_cache("something else\n"), None);
    }
}
