//! Each record file's earlier versions, read from the git repository the content folder lies
//! in (with gix: no `git` binary is needed). Only the first-parent line of `HEAD` is read: on
//! the branch the site is published from, a merged branch is one change, made when it was
//! merged. A content folder outside any repository, or one without commits, has no history.
//!
//! Reading which record files each commit changed means decoding a folder's tree twice per
//! commit (10,000 entries each in a large corpus), so what was read is kept in a cache inside
//! the repository's git folder (`kanmin-history/`): a commit's changes never change, and the
//! next build reads only the commits made since.

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
    // Each uncached commit against its parent; a folder's tree is decoded once for the
    // commit and reused as the next one's parent.
    let mut trees = FolderTrees::new(repo, prefix);
    for &position in &uncached {
        let (id, commit) = &chain[position];
        let now = trees.folders(Some(*id))?;
        let before = if commit.baseline {
            [None; 4]
        } else {
            trees.folders(commit.parent)?
        };
        let mut changes = Vec::new();
        for folder in 0..FOLDERS.len() {
            if now[folder] != before[folder] {
                let new = trees.entries(now[folder])?;
                let old = trees.entries(before[folder])?;
                changes.extend(
                    differences(&old, &new)
                        .into_iter()
                        .map(|(name, blob)| Change {
                            folder: folder as u8,
                            name,
                            blob,
                        }),
                );
            }
        }
        let (id, commit) = &mut chain[position];
        commit.changes = changes;
        cache.insert(*id, commit.clone());
    }
    Ok(Walked {
        chain,
        read: uncached.len(),
    })
}

/// Folder tree ids by commit and folder entries by tree, each looked up once.
struct FolderTrees<'r> {
    repo: &'r gix::Repository,
    prefix: &'r Path,
    folders: HashMap<ObjectId, [Option<ObjectId>; 4]>,
    entries: HashMap<ObjectId, Arc<Vec<(String, ObjectId)>>>,
}

impl<'r> FolderTrees<'r> {
    fn new(repo: &'r gix::Repository, prefix: &'r Path) -> Self {
        FolderTrees {
            repo,
            prefix,
            folders: HashMap::new(),
            entries: HashMap::new(),
        }
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
        // Only the latest commit's parent is asked for again.
        self.folders.clear();
        self.folders.insert(commit, found);
        Ok(found)
    }

    /// The blobs of a folder tree, by file name, in git's order (sorted by name).
    fn entries(
        &mut self,
        tree: Option<ObjectId>,
    ) -> Result<Arc<Vec<(String, ObjectId)>>, GitError> {
        let Some(tree) = tree else {
            return Ok(Arc::new(Vec::new()));
        };
        if let Some(found) = self.entries.get(&tree) {
            return Ok(found.clone());
        }
        let object = self.repo.find_tree(tree)?;
        let decoded = object.decode()?;
        let mut entries: Vec<(String, ObjectId)> = decoded
            .entries
            .iter()
            .filter(|e| e.mode.is_blob())
            .map(|e| (e.filename.to_string(), e.oid.to_owned()))
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let entries = Arc::new(entries);
        if self.entries.len() > 4 {
            self.entries.clear();
        }
        self.entries.insert(tree, entries.clone());
        Ok(entries)
    }
}

/// Files added, changed or removed from `old` to `new` (both sorted by name).
fn differences(
    old: &[(String, ObjectId)],
    new: &[(String, ObjectId)],
) -> Vec<(String, Option<ObjectId>)> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(o), Some(n)) if o.0 == n.0 => {
                if o.1 != n.1 {
                    out.push((n.0.clone(), Some(n.1)));
                }
                i += 1;
                j += 1;
            }
            (Some(o), Some(n)) if o.0 < n.0 => {
                out.push((o.0.clone(), None));
                i += 1;
            }
            (Some(o), None) => {
                out.push((o.0.clone(), None));
                i += 1;
            }
            (_, Some(n)) => {
                out.push((n.0.clone(), Some(n.1)));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
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
        wanted.sort();
        wanted.dedup_by(|a, b| a.0 == b.0);
        let mut texts = Vec::with_capacity(wanted.len());
        for (blob, path, id) in wanted {
            let data = self
                .repo
                .find_blob(blob)
                .map(|b| b.data.clone())
                .map_err(|err| {
                    Diagnostic::new(
                        self.content_dir,
                        "",
                        t!("history-cannot-read", reason = err.to_string()),
                    )
                })?;
            texts.push((blob, path, id, data));
        }
        let parsed: HashMap<ObjectId, Arc<T>> = texts
            .into_par_iter()
            .filter_map(|(blob, path, id, data)| {
                let text = String::from_utf8(data).ok()?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
                let source = Source {
                    path,
                    text: Arc::from(text),
                };
                let mut record: T = parse_yaml(&source).ok()?;
                record.set_id(id);
                Some((blob, Arc::new(record)))
            })
            .collect();
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

    #[test]
    fn differences_of_sorted_folders() {
        let old = vec![("a.yaml".into(), oid(1)), ("b.yaml".into(), oid(2))];
        let new = vec![("b.yaml".into(), oid(3)), ("c.yaml".into(), oid(4))];
        assert_eq!(
            differences(&old, &new),
            vec![
                ("a.yaml".to_string(), None),
                ("b.yaml".to_string(), Some(oid(3))),
                ("c.yaml".to_string(), Some(oid(4))),
            ]
        );
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
