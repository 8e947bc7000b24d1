//! Verify: checks on the finished output, before anything is written.
//!
//! The leak scan is defence in depth behind the type boundary of `public`: it looks for the
//! text of every withheld value in every output file (SCHEMA.md, Disclosure rule 4), so text
//! pasted by hand from a protected field into a public one still stops the build. One
//! Aho-Corasick automaton over all withheld strings keeps it linear in the output size.

mod markup;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use markup::MarkupView;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::disclose::WithheldText;
use crate::render::OutputFile;
use crate::text::matching::{fold, needle, MIN_SENTENCE_CHARS, SENTENCE_MARKS};
use crate::text::normalize::normalize;

/// The strings that stand for one withheld value in output, in every encoding an output
/// format may give them, as written: the scan of bytes and views. The scan of folded text
/// (`matching::fold`) searches the pieces folded.
fn needles_for(withheld: &WithheldText, pieces: &[String]) -> BTreeSet<String> {
    let min_whole = withheld.min_whole_chars();
    let mut needles = BTreeSet::new();
    let mut rendered = Vec::new();
    for base in pieces {
        // Sentence marks are cut off a piece where it is a sentence, as it was cut out.
        let base = base.trim_end_matches(SENTENCE_MARKS).to_string();
        needles.insert(escape_html(&base));
        needles.insert(escape_json(&base));
        needles.insert(base.replace('"', "\"\""));
        needles.insert(escape_ics(&base));
        // XML text, as a workbook's shared strings hold it (quotes left as they are).
        needles.insert(
            base.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        );
        needles.insert(normalize(&base));
        needles.insert(collapse_whitespace(&base));
        // As a page's view reads the text if it was written with tags left as tags.
        rendered.extend(markup::text_of(&base));
        needles.insert(base);
    }
    needles.retain(|n| !n.trim().is_empty());
    // A page's view collapses whitespace in text, where any of these forms may stand. Such a
    // form may be much shorter than the value, and a short needle would match ordinary text.
    let collapsed: Vec<String> = needles.iter().map(|n| collapse_whitespace(n)).collect();
    needles.extend(
        collapsed
            .into_iter()
            .filter(|n| n.trim().chars().count() >= min_whole),
    );
    // With its tags out, a text may keep only a few words of ordinary prose ("ACME <Japan>"):
    // only a sentence's length is distinctive enough.
    needles.extend(
        rendered
            .into_iter()
            .filter(|n| n.trim().chars().count() >= MIN_SENTENCE_CHARS),
    );
    needles
}

/// The pieces of a withheld value the scan searches for: all but those `also_public`
/// acknowledges.
fn searched_pieces(withheld: &WithheldText) -> Vec<String> {
    withheld
        .pieces()
        .into_iter()
        .filter(|(_, acknowledged)| !acknowledged)
        .map(|(piece, _)| piece)
        .collect()
}

/// The folded forms of a withheld value's pieces, and of their text as a page shows it when
/// they hold markup.
fn folded_needles_for(pieces: &[String]) -> BTreeSet<String> {
    let mut needles = BTreeSet::new();
    for piece in pieces {
        needles.insert(needle(piece));
        let piece = piece.trim_end_matches(SENTENCE_MARKS);
        if let Some(text) =
            markup::text_of(piece).filter(|t| fold(t).chars().count() >= MIN_SENTENCE_CHARS)
        {
            needles.insert(fold(&text));
        }
    }
    needles.retain(|n| !n.is_empty());
    needles
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

fn escape_json(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted.trim_matches('"').to_string()
}

fn escape_ics(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
}

/// Runs of whitespace as one space, as a browser renders them.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text, &mut false);
    out
}

/// Appends `text` with its whitespace runs collapsed; `in_space` says whether `out` already
/// ends in one, so text arriving in pieces collapses as if it came whole. Copies the runs
/// between spaces as slices: most of a page is such runs.
fn push_collapsed(out: &mut String, text: &str, in_space: &mut bool) {
    let mut run_start = None;
    for (index, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(start) = run_start.take() {
                out.push_str(&text[start..index]);
            }
            if !*in_space {
                out.push(' ');
                *in_space = true;
            }
        } else if run_start.is_none() {
            run_start = Some(index);
            *in_space = false;
        }
    }
    if let Some(start) = run_start {
        out.push_str(&text[start..]);
    }
}

/// Fails when any withheld text appears in any output file, naming record, field and files.
pub fn leak_scan(files: &[OutputFile], withheld: &[WithheldText]) -> Result<(), Diagnostics> {
    verify(files, &LeakScanner::new(withheld), "/", |_| true, |_| false)
}

/// The automata over every encoding of every withheld text. Building them is the costly part
/// of a scan, so a live preview keeps one while the withheld texts stay the same.
pub struct LeakScanner {
    /// The needles as written and encoded, searched in bytes and views.
    written: Needles,
    /// The needles holding `<` or `>`, which a page's view may split where the page's bytes
    /// have them whole (`A<B` left unescaped reads as a tag; `-->` inside a comment ends it).
    /// Pages' bytes are scanned for these; there are seldom any.
    with_markup: Needles,
    /// The pieces folded, searched in folded views, files and file names.
    folded: Needles,
    /// Both kinds of needle of the values withheld only around their own record
    /// (`WithheldText::scope`), searched only in the files under a scope.
    scoped: Needles,
    scopes: HashSet<String>,
    withheld: Vec<WithheldText>,
}

/// An automaton over needles, and for each needle the withheld values it stands for.
struct Needles {
    automaton: Option<AhoCorasick>,
    owners: Vec<Vec<usize>>,
}

impl Needles {
    /// Identical needles of several values become one pattern: a leftmost-longest automaton
    /// reports only one of equal patterns, and a text repeated through YAML aliases would
    /// otherwise make the automaton as large as its expansion.
    fn new(needles: impl IntoIterator<Item = (String, usize)>) -> Needles {
        let mut by_needle: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (needle, owner) in needles {
            let owners = by_needle.entry(needle).or_default();
            if owners.last() != Some(&owner) {
                owners.push(owner);
            }
        }
        let (patterns, owners): (Vec<String>, Vec<Vec<usize>>) = by_needle.into_iter().unzip();
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                // The prefilter looks for rare bytes, and UTF-8 Japanese has none: it only
                // slowed the scan down (measured on the 10k corpus: leak scan 2.3 s → 1.9 s).
                .prefilter(false)
                .build(&patterns)
                .expect("withheld strings form a valid automaton")
        });
        Needles { automaton, owners }
    }

    /// The withheld values whose text occurs in `haystack`.
    fn owners_found_in(&self, haystack: &[u8], found: &mut HashSet<usize>) {
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_iter(haystack) {
                found.extend(&self.owners[m.pattern().as_usize()]);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }
}

impl LeakScanner {
    pub fn new(withheld: &[WithheldText]) -> LeakScanner {
        // The same text withheld twice by one record (a YAML alias repeats it) is one value.
        let mut seen = HashSet::new();
        let withheld: Vec<WithheldText> = withheld
            .iter()
            .filter(|t| seen.insert(*t))
            .cloned()
            .collect();
        // Each value's pieces once, for both kinds of needle.
        let pieces: Vec<Vec<String>> = withheld.par_iter().map(searched_pieces).collect();
        let (scoped_items, open_items): (Vec<usize>, Vec<usize>) =
            (0..withheld.len()).partition(|&index| withheld[index].scope.is_some());
        let written: Vec<(String, usize)> = open_items
            .par_iter()
            .flat_map_iter(|&index| {
                needles_for(&withheld[index], &pieces[index])
                    .into_iter()
                    .map(move |n| (n, index))
            })
            .collect();
        let folded: Vec<(String, usize)> = open_items
            .par_iter()
            .flat_map_iter(|&index| {
                folded_needles_for(&pieces[index])
                    .into_iter()
                    .map(move |n| (n, index))
            })
            .collect();
        let scoped = scoped_items.iter().flat_map(|&index| {
            needles_for(&withheld[index], &pieces[index])
                .into_iter()
                .chain(folded_needles_for(&pieces[index]))
                .map(move |n| (n, index))
        });
        let with_markup: Vec<(String, usize)> = written
            .iter()
            .filter(|(needle, _)| needle.contains(['<', '>']))
            .cloned()
            .collect();
        let scopes = scoped_items
            .iter()
            .filter_map(|&index| withheld[index].scope.clone())
            .collect();
        LeakScanner {
            written: Needles::new(written),
            with_markup: Needles::new(with_markup),
            folded: Needles::new(folded),
            scoped: Needles::new(scoped.collect::<Vec<_>>()),
            scopes,
            withheld,
        }
    }

    fn is_empty(&self) -> bool {
        self.written.is_empty() && self.folded.is_empty() && self.scoped.is_empty()
    }

    /// The withheld values found in one file: its bytes, its view (pages), its folded text
    /// and its name. Values withheld only around their own record count in its files only.
    fn scan(&self, file: &OutputFile, view: Option<&MarkupView>) -> HashSet<usize> {
        let mut leaked = HashSet::new();
        // An HTML page's view holds each of its bytes, as written or decoded (see `markup`),
        // and its folded form sees through every encoding a page gives text, so an HTML
        // page's bytes are scanned only for the needles the view may split. XML is read by
        // the same HTML rules, which know less of it, so its bytes and view are scanned for
        // the needles as written too.
        // Data files (JSON, CSV, iCalendar, text) are read only folded: the folded form
        // decodes their escapes and quoting.
        if file.is_html() {
            self.with_markup.owners_found_in(&file.bytes, &mut leaked);
        } else if let Some(view) = view {
            self.written.owners_found_in(&file.bytes, &mut leaked);
            self.written
                .owners_found_in(view.text.as_bytes(), &mut leaked);
        }
        let text = match view {
            Some(view) => std::borrow::Cow::Borrowed(view.text.as_str()),
            None => String::from_utf8_lossy(&file.bytes),
        };
        // iCalendar folds long lines anywhere; unfolded, a withheld sentence is whole again.
        let text = if file.path.ends_with(".ics") {
            std::borrow::Cow::Owned(text.replace("\r\n ", ""))
        } else {
            text
        };
        let folded = fold(&text);
        self.folded.owners_found_in(folded.as_bytes(), &mut leaked);
        // A theme's static file may be named with a withheld text.
        self.folded
            .owners_found_in(fold(&file.path).as_bytes(), &mut leaked);
        // A scope is a record's folder (`proposals/q-1/`): the first two segments of a path.
        let record_folder = file
            .path
            .match_indices('/')
            .nth(1)
            .map(|(at, _)| &file.path[..=at]);
        if let Some(folder) = record_folder.filter(|folder| self.scopes.contains(*folder)) {
            let mut near = HashSet::new();
            self.scoped.owners_found_in(&file.bytes, &mut near);
            self.scoped.owners_found_in(folded.as_bytes(), &mut near);
            leaked.extend(
                near.into_iter()
                    .filter(|&owner| self.withheld[owner].scope.as_deref() == Some(folder)),
            );
        }
        leaked
    }
}

/// The leak scan of the files `scan` picks and the link check of the pages `check_links`
/// picks, in one pass that reads each page once (`markup`): a rebuild whose withheld texts are
/// unchanged needs to scan only the files that changed, and one whose set of paths is
/// unchanged needs to check only the links of changed pages. Links must lead to a file of
/// `files`.
pub fn verify(
    files: &[OutputFile],
    scanner: &LeakScanner,
    base_path: &str,
    scan: impl Fn(&OutputFile) -> bool + Sync,
    check_links: impl Fn(&OutputFile) -> bool + Sync,
) -> Result<(), Diagnostics> {
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let findings: Vec<Finding> = files
        .par_iter()
        .flat_map_iter(|file| {
            let scanned = !scanner.is_empty() && scan(file);
            let linked = file.is_html() && check_links(file);
            let is_markup =
                file.is_html() || file.path.ends_with(".xml") || file.path.ends_with(".svg");
            let view = ((scanned && is_markup) || linked).then(|| MarkupView::of(&file.bytes));
            let leaked = if scanned {
                scanner.scan(file, view.as_ref().filter(|_| is_markup))
            } else {
                HashSet::new()
            };
            let broken = view
                .filter(|_| linked)
                .into_iter()
                .flat_map(|view| view.links)
                .filter_map(|link| {
                    let target = resolve(&file.path, &link, base_path)?;
                    (!existing.contains(target.as_str())).then(|| Finding::BrokenLink {
                        target,
                        page: file.path.clone(),
                        link,
                    })
                });
            let leaks = leaked.into_iter().map(|owner| Finding::Leak {
                path: file.path.clone(),
                owner,
            });
            leaks.chain(broken).collect::<Vec<_>>()
        })
        .collect();

    let mut diagnostics = Diagnostics::default();
    // One message per withheld value and per missing target: a template or theme error
    // repeats on every page.
    let mut leaks_by_owner: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut broken_by_target: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for finding in findings {
        match finding {
            Finding::Leak { path, owner } => leaks_by_owner.entry(owner).or_default().push(path),
            Finding::BrokenLink { target, page, link } => broken_by_target
                .entry(target)
                .or_default()
                .push((page, link)),
        }
    }
    for (owner, mut paths) in leaks_by_owner {
        paths.sort();
        diagnostics.push(leak_diagnostic(&scanner.withheld[owner], &paths));
    }
    for (target, mut sources) in broken_by_target {
        sources.sort();
        let (page, link) = &sources[0];
        diagnostics.push(Diagnostic::new(
            std::path::Path::new(page),
            "",
            crate::t!(
                "verify-broken-link",
                link = link.as_str(),
                others = sources.len() - 1,
                target = target.as_str()
            ),
        ));
    }
    diagnostics.into_result(())
}

enum Finding {
    Leak {
        path: String,
        owner: usize,
    },
    BrokenLink {
        target: String,
        page: String,
        link: String,
    },
}

/// One error per withheld value, with how many output files hold it and the first three.
/// The scan of the content (`disclose::scan_sources`) has already passed, so the text came
/// into the output another way: a template, a theme's file, a derived form.
fn leak_diagnostic(item: &WithheldText, paths: &[String]) -> Diagnostic {
    let shown: Vec<String> = paths.iter().take(3).map(|p| format!("`{p}`")).collect();
    Diagnostic::new(
        std::path::Path::new(&format!("content/{}", item.file())),
        item.field.clone(),
        crate::t!(
            "verify-leak",
            count = paths.len(),
            shown = shown.join(", "),
            more = paths.len().saturating_sub(3),
            text = preview(&item.text)
        ),
    )
}

fn preview(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = one_line.chars().take(40).collect();
    if one_line.chars().count() > 40 {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The output file a link from `page` points to, or None for links that leave the site.
fn resolve(page: &str, link: &str, base_path: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or("");
    if link.is_empty() || link.contains(':') || link.starts_with("//") {
        return None;
    }
    let mut parts: Vec<&str> = if let Some(absolute) = link.strip_prefix(base_path) {
        absolute.split('/').collect()
    } else if link.starts_with('/') {
        // An absolute path outside the site's base path cannot be checked from here.
        return None;
    } else {
        let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for segment in link.split('/') {
            match segment {
                ".." => {
                    parts.pop();
                }
                "." => {}
                other => parts.push(other),
            }
        }
        parts
    };
    if parts.last().is_some_and(|p| p.is_empty()) || parts.is_empty() {
        parts.retain(|p| !p.is_empty());
        parts.push("index.html");
    }
    parts.retain(|p| !p.is_empty());
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn withheld(field: &str, text: &str) -> WithheldText {
        WithheldText::new("proposal", "p1", field, text)
    }

    #[test]
    fn finds_a_pasted_sentence_through_markup_and_escaping() {
        let secret = withheld("idea", "独自の需要予測モデルで配車を最適化する。ほかの文。");
        let page = OutputFile::new(
            "a/index.html",
            "<p><strong>独自の需要予測</strong>モデルで配車を最適化する</p>",
        );
        assert!(leak_scan(&[page], std::slice::from_ref(&secret)).is_err());
        let json = OutputFile::new(
            "data/x.json",
            r#"{"s":"独自の需要予測モデルで配車を最適化する"}"#,
        );
        assert!(leak_scan(&[json], std::slice::from_ref(&secret)).is_err());
        let clean = OutputFile::new("b/index.html", "<p>公開の概要です。</p>");
        assert!(leak_scan(&[clean], &[secret]).is_ok());
    }

    #[test]
    fn finds_text_as_the_minifier_rewrites_it() {
        let secret = withheld("idea", "独自の  需要予測 'モデル' で配車を最適化");
        // The minifier collapses spaces and picks the shorter quoting and encoding.
        let text = OutputFile::new(
            "a/index.html",
            "<p>独自の 需要予測 &#39;モデル' で配車を最適化</p>",
        );
        assert!(leak_scan(&[text], std::slice::from_ref(&secret)).is_err());
        let attribute = OutputFile::new(
            "b/index.html",
            "<meta content='独自の 需要予測 &#39;モデル&#39; で配車を最適化'>",
        );
        assert!(leak_scan(&[attribute], std::slice::from_ref(&secret)).is_err());
        let structured = OutputFile::new(
            "d/index.html",
            r#"<script type=application/ld+json>{"description":"独自の  需要予測 'モデル' で配車を最適化"}</script>"#,
        );
        assert!(leak_scan(&[structured], std::slice::from_ref(&secret)).is_err());
        let quoted = withheld("idea", "独自の需要予測\"モデル\"で配車を最適化");
        let escaped = OutputFile::new(
            "e/index.html",
            r#"<script type=application/ld+json>{"d":"独自の需要予測\"モデル\"で配車を最適化"}</script>"#,
        );
        assert!(leak_scan(&[escaped], &[quoted]).is_err());
        let script_free = OutputFile::new(
            "c/index.html",
            "<script>var x = '<p>';</script><p>公開の概要です。</p>",
        );
        assert!(leak_scan(&[script_free], &[secret]).is_ok());
    }

    #[test]
    fn finds_width_variants_in_normalised_search_text() {
        let secret = withheld("proposer.name", "ＡＢＣテック株式会社");
        let index = OutputFile::new("search/docs.json", normalize("ＡＢＣテック株式会社の提案"));
        assert!(leak_scan(&[index], &[secret]).is_err());
    }

    #[test]
    fn markup_text_strips_tags_and_decodes_entities_once() {
        assert_eq!(
            markup::text_of("<p>R&amp;D &#39;x&#39; &amp;lt;</p><b>あ</b>い").as_deref(),
            Some("R&D 'x' &lt;あい")
        );
        assert_eq!(
            markup::text_of("a & b &copy;").as_deref(),
            Some("a & b \u{a9}")
        );
        assert_eq!(
            markup::text_of("本件の詳細は<a href=\"doc"),
            None,
            "cut inside a tag"
        );
    }

    #[test]
    fn whole_texts_are_found_through_their_sentences_and_short_ones_whole() {
        let long = withheld(
            "idea",
            "独自の需要予測モデルで配車を最適化する。\n\n需要の少ない時間帯は乗り合いにする。",
        );
        assert!(
            !needles_for(&long, &searched_pieces(&long))
                .iter()
                .any(|n| n.contains("最適化する。")),
            "the whole text is not a needle of its own"
        );
        let pasted = OutputFile::new("data/x.json", serde_json::to_string(&long.text).unwrap());
        assert!(leak_scan(&[pasted], std::slice::from_ref(&long)).is_err());
        let short = withheld("internal", "要確認：予算再調整");
        assert!(needles_for(&short, &searched_pieces(&short)).contains("要確認：予算再調整"));
        assert!(leak_scan(
            &[OutputFile::new("a/index.html", "<p>要確認：予算再調整</p>")],
            &[short]
        )
        .is_err());
    }

    #[test]
    fn short_values_are_not_searched_alone() {
        let secret = withheld("internal", "要確認");
        let page = OutputFile::new("a/index.html", "要確認");
        assert!(leak_scan(&[page], &[secret]).is_ok());
    }

    #[test]
    fn resolves_relative_and_base_links() {
        assert_eq!(
            resolve("partnerships/a/index.html", "../../themes/", "/colab/").as_deref(),
            Some("themes/index.html")
        );
        assert_eq!(
            resolve("index.html", "static/style.css", "/colab/").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(
            resolve("404.html", "/colab/search/?q=x", "/colab/").as_deref(),
            Some("search/index.html")
        );
        assert_eq!(
            resolve("404.html", "/colab/", "/colab/").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve("index.html", "https://example.org/", "/colab/"),
            None
        );
        assert_eq!(resolve("index.html", "#main", "/colab/"), None);
    }

    proptest::proptest! {
        #[test]
        fn text_in_pieces_collapses_as_if_whole(pieces in proptest::collection::vec("[ \\t\\n\u{3000}\u{a0}あa]{0,6}", 0..8)) {
            let mut out = String::new();
            let mut in_space = false;
            for piece in &pieces {
                push_collapsed(&mut out, piece, &mut in_space);
            }
            proptest::prop_assert_eq!(&out, &collapse_reference(&pieces.concat()));
        }
    }

    /// Character by character, as a browser's rule reads.
    fn collapse_reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match (c.is_whitespace(), out.ends_with(' ')) {
                (true, true) => {}
                (true, false) => out.push(' '),
                (false, _) => out.push(c),
            }
        }
        out
    }

    #[test]
    fn finds_text_whose_spaces_a_script_style_or_comment_wrote_differently() {
        let secret = withheld("idea", "独自の需要予測 モデルで配車を最適化");
        for page in [
            "<script>window.d={\"s\":\"独自の需要予測\u{3000}モデルで配車を最適化\"}</script>",
            "<script type=application/ld+json>{\"d\":\"独自の需要予測  モデルで配車を最適化\"}</script>",
            "<script>const s = `独自の需要予測\n    モデルで配車を最適化`;</script>",
            "<xmp>独自の需要予測\u{3000}モデルで配車を最適化</xmp>",
            "<!-- 独自の需要予測\n     モデルで配車を最適化 -->",
        ] {
            let file = OutputFile::new("a/index.html", page);
            assert!(leak_scan(&[file], std::slice::from_ref(&secret)).is_err(), "not found in {page}");
        }
    }

    #[test]
    fn finds_text_holding_markup_characters_where_the_page_has_them_whole() {
        for (secret, page) in [
            (
                "売上 > 前年比の三割増を目標とする",
                "<svg><text><![CDATA[売上 > 前年比の三割増を目標とする]]></text></svg>",
            ),
            (
                "Phase 1 --> Phase 2 で需要予測を導入",
                "<!-- Phase 1 --> Phase 2 で需要予測を導入 -->",
            ),
            (
                "条件は A<B の場合のみ有効とする",
                "<p>条件は A<B の場合のみ有効とする</p>",
            ),
        ] {
            let file = OutputFile::new("a/index.html", page);
            assert!(
                leak_scan(&[file], &[withheld("idea", secret)]).is_err(),
                "{secret} not found in {page}"
            );
        }
    }

    #[test]
    fn a_value_cut_inside_a_tag_or_with_few_words_outside_tags_flags_no_ordinary_page() {
        let cut = withheld("idea", "提案の評価は公開基準に基づき行う<internal memo");
        assert!(leak_scan(
            &[OutputFile::new(
                "a/index.html",
                "<p>提案の評価は公開基準に基づき行う。</p>"
            )],
            &[cut]
        )
        .is_ok());
        let name = withheld("partner.name", "ACME <Japan>");
        assert!(leak_scan(
            &[OutputFile::new("b/index.html", "<p>ACME Corporation</p>")],
            &[name]
        )
        .is_ok());
    }

    #[test]
    fn finds_withheld_text_whose_tags_reached_a_page_as_tags() {
        let secret = withheld("idea", "独自の<b>需要予測</b>モデルで配車を最適化");
        let page = OutputFile::new(
            "a/index.html",
            "<p>独自の<b>需要予測</b>モデルで配車を最適化</p>",
        );
        assert!(leak_scan(&[page], std::slice::from_ref(&secret)).is_err());
        let restyled = OutputFile::new(
            "b/index.html",
            "<p>独自の<strong class=x>需要予測</strong>モデルで配車を最適化</p>",
        );
        assert!(leak_scan(&[restyled], &[secret]).is_err());
    }

    #[test]
    fn finds_text_a_theme_put_in_an_attribute_name() {
        let secret = withheld("partner.name", "Acme Robotics Inc");
        let page = OutputFile::new(
            "a/index.html",
            "<div data-Acme Robotics Inc>公開の概要です。</div>",
        );
        assert!(leak_scan(&[page], &[secret]).is_err());
    }

    #[test]
    fn reads_unquoted_attributes_in_tags_only() {
        let links = |html: &str| MarkupView::of(html.as_bytes()).links;
        assert_eq!(
            links(r#"<a href=a/ class=x><a href="b/">"#),
            vec!["a/", "b/"]
        );
        assert!(links("<p>&lt;img src=x&gt;</p>").is_empty());
        assert_eq!(
            links("<a title='<img src=x>' href=&quot;a&amp;b>"),
            vec!["\"a&b"]
        );
    }
}
