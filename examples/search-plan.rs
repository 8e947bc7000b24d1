//! Lists the files a browser downloads for a FIRST search on a built site, by running the
//! reference query (the algorithm static/search.js runs) over the built index:
//! `cargo run --release --example search-plan -- PUBLIC_DIR QUERY...`
//! Prints one line per query: the query, the number of results, the files (relative to
//! PUBLIC_DIR: the search page, its style sheet, the gram shards of the query and the doc
//! shards of the first page of results), and the document ids of that first page,
//! tab-separated.
//! bench/search.sh sums the files' sizes.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kanmin::render::search::index::Layout;
use kanmin::render::search::query::{doc_shard_path, search, IndexSource, Query};

/// Results on the first page (PAGE_SIZE in static/search.js).
const FIRST_PAGE: usize = 10;

struct Recording<'a> {
    root: &'a Path,
    files: RefCell<BTreeMap<String, &'static [u8]>>,
}

impl IndexSource for Recording<'_> {
    fn file(&self, path: &str) -> Option<&[u8]> {
        let mut files = self.files.borrow_mut();
        if !files.contains_key(path) {
            let bytes = std::fs::read(self.root.join("search").join(path)).ok()?;
            // Leaked on purpose: a short-lived measuring tool, each file read at most once.
            files.insert(path.to_string(), Box::leak(bytes.into_boxed_slice()));
        }
        files.get(path).copied()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((public, queries)) = args.split_first() else {
        eprintln!("usage: search-plan PUBLIC_DIR QUERY...");
        std::process::exit(2);
    };
    let root = Path::new(public);
    let page = std::fs::read_to_string(root.join("search/index.html")).unwrap_or_default();
    let Some(layout) = Layout::from_search_page(&page) else {
        eprintln!("{}: no search page with an index layout", root.display());
        std::process::exit(1);
    };
    for text in queries {
        let source = Recording {
            root,
            files: RefCell::new(BTreeMap::new()),
        };
        let query = Query::new(text);
        let Some(hits) = search(&source, &layout, &query) else {
            eprintln!("index files missing or damaged for `{text}`");
            std::process::exit(1);
        };
        for hit in hits.iter().take(FIRST_PAGE) {
            if source.file(&doc_shard_path(&layout, hit.doc)).is_none() {
                eprintln!("doc shard missing for `{text}`");
                std::process::exit(1);
            }
        }
        let files: BTreeSet<String> = source
            .files
            .borrow()
            .keys()
            .map(|p| format!("search/{p}"))
            .collect();
        // The script is written into the search page.
        let page_files = ["search/index.html", "static/style.css"];
        let list: Vec<&str> = page_files
            .iter()
            .copied()
            .chain(files.iter().map(String::as_str))
            .collect();
        let first_page: Vec<String> = hits
            .iter()
            .take(FIRST_PAGE)
            .map(|h| h.doc.to_string())
            .collect();
        println!(
            "{text}\t{}\t{}\t{}",
            hits.len(),
            list.join(" "),
            first_page.join(" ")
        );
    }
}
