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
use crate::output::OutputFile;
use crate::render::markdown;
use crate::search::normalize;

/// Shortest organisation identity (name, 法人番号, URL) searched for as a whole: shorter names
/// ("A社") occur in ordinary text too often to mean anything.
pub const MIN_IDENTITY_CHARS: usize = 4;
/// Shortest other whole value searched for.
pub const MIN_VALUE_CHARS: usize = 8;
/// Sentences of longer texts are searched for from this length (SCHEMA.md rule 4).
pub const MIN_SENTENCE_CHARS: usize = 10;

/// The strings that stand for one withheld value in output, in every encoding an output
/// format may give them.
fn needles_for(withheld: &WithheldText) -> BTreeSet<String> {
    let text = withheld.text.trim();
    let identity = [".name", ".corporate_number", ".url"].iter().any(|s| withheld.field.ends_with(s));
    let min_whole = if identity { MIN_IDENTITY_CHARS } else { MIN_VALUE_CHARS };
    // Sentences of the normalised text too: NFKC may join a character to the one before it
    // across a sentence's trimmed edge, so a normalised sentence is not always a piece of the
    // normalised whole.
    let mut bases: BTreeSet<String> =
        [text.to_string(), markdown::to_plain_text(text), normalize(text)].iter().flat_map(|s| sentences(s)).collect();
    // Wherever the whole text occurs, each of its own sentences occurs, in every encoding
    // below (each maps character by character), so the whole is needed only without them.
    // Long texts are most of the automaton, whose build time grows with its size.
    if sentences(text).is_empty() && text.chars().count() >= min_whole {
        bases.insert(text.to_string());
    }
    let mut needles = BTreeSet::new();
    let mut rendered = Vec::new();
    for base in bases {
        needles.insert(escape_html(&base));
        needles.insert(escape_json(&base));
        needles.insert(base.replace('"', "\"\""));
        needles.insert(escape_ics(&base));
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
    needles.extend(collapsed.into_iter().filter(|n| n.trim().chars().count() >= min_whole));
    // With its tags out, a text may keep only a few words of ordinary prose ("ACME <Japan>"):
    // only a sentence's length is distinctive enough.
    needles.extend(rendered.into_iter().filter(|n| n.trim().chars().count() >= MIN_SENTENCE_CHARS));
    needles
}

/// Sentences of at least `MIN_SENTENCE_CHARS` characters, split at Japanese and Latin stops
/// and line breaks.
pub fn sentences(text: &str) -> Vec<String> {
    text.split(['。', '．', '！', '？', '!', '?', '\n'])
        .map(|s| s.trim().trim_start_matches(['-', '*', '#', '>', '|', ' ']).trim())
        .filter(|s| s.chars().count() >= MIN_SENTENCE_CHARS)
        .map(str::to_string)
        .collect()
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
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,")
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

/// Fails when any withheld text appears in any output file, naming record, field and file.
pub fn leak_scan(files: &[OutputFile], withheld: &[WithheldText]) -> Result<(), Diagnostics> {
    verify(files, &LeakScanner::new(withheld), "/", |_| true, |_| false)
}

/// The automaton over every encoding of every withheld text. Building it is the costly part
/// of a scan, so a live preview keeps one while the withheld texts stay the same.
pub struct LeakScanner {
    all: Needles,
    /// The needles holding `<` or `>`, which a page's view may split where the page's bytes
    /// have them whole (`A<B` left unescaped reads as a tag; `-->` inside a comment ends it).
    /// Pages' bytes are scanned for these; there are seldom any.
    with_markup: Needles,
    withheld: Vec<WithheldText>,
}

/// An automaton over needles, and for each needle the withheld value it stands for.
struct Needles {
    automaton: Option<AhoCorasick>,
    owners: Vec<usize>,
}

impl Needles {
    fn new(needles: Vec<(String, usize)>) -> Needles {
        let (patterns, owners): (Vec<String>, Vec<usize>) = needles.into_iter().unzip();
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
            found.extend(automaton.find_iter(haystack).map(|m| self.owners[m.pattern().as_usize()]));
        }
    }
}

impl LeakScanner {
    pub fn new(withheld: &[WithheldText]) -> LeakScanner {
        let needles: Vec<(String, usize)> =
            withheld.iter().enumerate().flat_map(|(index, item)| needles_for(item).into_iter().map(move |n| (n, index))).collect();
        let with_markup = needles.iter().filter(|(needle, _)| needle.contains(['<', '>'])).cloned().collect();
        LeakScanner { all: Needles::new(needles), with_markup: Needles::new(with_markup), withheld: withheld.to_vec() }
    }

    /// The withheld values whose text occurs in `haystack`.
    fn owners_found_in(&self, haystack: &[u8], found: &mut HashSet<usize>) {
        self.all.owners_found_in(haystack, found);
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
            let scanned = scanner.all.automaton.is_some() && scan(file);
            let linked = file.is_html() && check_links(file);
            let is_markup = file.is_html() || file.path.ends_with(".xml") || file.path.ends_with(".svg");
            let view = ((scanned && is_markup) || linked).then(|| MarkupView::of(&file.bytes));
            let mut leaked = HashSet::new();
            if scanned {
                // An HTML page's view holds each of its bytes, as written or decoded (see
                // `markup`), so its bytes need no scan of their own. XML is read by the same
                // HTML rules, which know less of it, so its bytes are scanned too.
                if file.is_html() {
                    scanner.with_markup.owners_found_in(&file.bytes, &mut leaked);
                } else {
                    scanner.owners_found_in(&file.bytes, &mut leaked);
                }
                if let Some(view) = view.as_ref().filter(|_| is_markup) {
                    scanner.owners_found_in(view.text.as_bytes(), &mut leaked);
                }
                if file.path.ends_with(".ics") {
                    // iCalendar folds long lines anywhere; unfolded, a withheld sentence is whole again.
                    let unfolded = String::from_utf8_lossy(&file.bytes).replace("\r\n ", "").replace("\\n", "\n");
                    scanner.owners_found_in(unfolded.as_bytes(), &mut leaked);
                }
            }
            let broken = view.filter(|_| linked).into_iter().flat_map(|view| view.links).filter_map(|link| {
                let target = resolve(&file.path, &link, base_path)?;
                (!existing.contains(target.as_str())).then(|| Finding::BrokenLink { target, page: file.path.clone(), link })
            });
            let leaks = leaked.into_iter().map(|owner| Finding::Leak { path: file.path.clone(), owner });
            leaks.chain(broken).collect::<Vec<_>>()
        })
        .collect();

    let mut diagnostics = Diagnostics::default();
    // One message per missing target: a theme error repeats on every page.
    let mut broken_by_target: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for finding in findings {
        match finding {
            Finding::Leak { path, owner } => diagnostics.push(leak_diagnostic(&scanner.withheld[owner], &path)),
            Finding::BrokenLink { target, page, link } => broken_by_target.entry(target).or_default().push((page, link)),
        }
    }
    for (target, mut sources) in broken_by_target {
        sources.sort();
        let (page, link) = &sources[0];
        let others = match sources.len() - 1 {
            0 => String::new(),
            n => format!(" and {n} other page{}", if n == 1 { "" } else { "s" }),
        };
        diagnostics.push(Diagnostic::new(
            std::path::Path::new(page),
            "",
            format!("broken link `{link}`{others}: the output has no `{target}` (a link in the content's Markdown, or a template or theme error)"),
        ));
    }
    diagnostics.into_result(())
}

enum Finding {
    Leak { path: String, owner: usize },
    BrokenLink { target: String, page: String, link: String },
}

fn leak_diagnostic(item: &WithheldText, path: &str) -> Diagnostic {
    Diagnostic::new(
        std::path::Path::new(&format!("content/{}s/{}.yaml", item.kind, item.id)),
        item.field.clone(),
        format!(
            "withheld text leaked into output file `{path}`: \"{}\". It is protected or unpublished, yet a public field contains it (pasted into a summary?). Remove it from the public text, or publish it deliberately by changing `disclosure`.",
            preview(&item.text)
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
        WithheldText { kind: "proposal", id: "p1".into(), field: field.into(), text: text.into() }
    }

    #[test]
    fn finds_a_pasted_sentence_through_markup_and_escaping() {
        let secret = withheld("idea", "独自の需要予測モデルで配車を最適化する。ほかの文。");
        let page = OutputFile::new("a/index.html", "<p><strong>独自の需要予測</strong>モデルで配車を最適化する</p>");
        assert!(leak_scan(&[page], std::slice::from_ref(&secret)).is_err());
        let json = OutputFile::new("data/x.json", r#"{"s":"独自の需要予測モデルで配車を最適化する"}"#);
        assert!(leak_scan(&[json], std::slice::from_ref(&secret)).is_err());
        let clean = OutputFile::new("b/index.html", "<p>公開の概要です。</p>");
        assert!(leak_scan(&[clean], &[secret]).is_ok());
    }

    #[test]
    fn finds_text_as_the_minifier_rewrites_it() {
        let secret = withheld("idea", "独自の  需要予測 'モデル' で配車を最適化");
        // The minifier collapses spaces and picks the shorter quoting and encoding.
        let text = OutputFile::new("a/index.html", "<p>独自の 需要予測 &#39;モデル' で配車を最適化</p>");
        assert!(leak_scan(&[text], std::slice::from_ref(&secret)).is_err());
        let attribute = OutputFile::new("b/index.html", "<meta content='独自の 需要予測 &#39;モデル&#39; で配車を最適化'>");
        assert!(leak_scan(&[attribute], std::slice::from_ref(&secret)).is_err());
        let structured = OutputFile::new(
            "d/index.html",
            r#"<script type=application/ld+json>{"description":"独自の  需要予測 'モデル' で配車を最適化"}</script>"#,
        );
        assert!(leak_scan(&[structured], std::slice::from_ref(&secret)).is_err());
        let quoted = withheld("idea", "独自の需要予測\"モデル\"で配車を最適化");
        let escaped = OutputFile::new("e/index.html", r#"<script type=application/ld+json>{"d":"独自の需要予測\"モデル\"で配車を最適化"}</script>"#);
        assert!(leak_scan(&[escaped], &[quoted]).is_err());
        let script_free = OutputFile::new("c/index.html", "<script>var x = '<p>';</script><p>公開の概要です。</p>");
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
        assert_eq!(markup::text_of("<p>R&amp;D &#39;x&#39; &amp;lt;</p><b>あ</b>い").as_deref(), Some("R&D 'x' &lt;あい"));
        assert_eq!(markup::text_of("a & b &copy;").as_deref(), Some("a & b \u{a9}"));
        assert_eq!(markup::text_of("本件の詳細は<a href=\"doc"), None, "cut inside a tag");
    }

    #[test]
    fn whole_texts_are_found_through_their_sentences_and_short_ones_whole() {
        let long = withheld("idea", "独自の需要予測モデルで配車を最適化する。\n\n需要の少ない時間帯は乗り合いにする。");
        assert!(!needles_for(&long).iter().any(|n| n.contains("最適化する。")), "the whole text is not a needle of its own");
        let pasted = OutputFile::new("data/x.json", serde_json::to_string(&long.text).unwrap());
        assert!(leak_scan(&[pasted], std::slice::from_ref(&long)).is_err());
        let short = withheld("internal", "要確認：予算再調整");
        assert!(needles_for(&short).contains("要確認：予算再調整"));
        assert!(leak_scan(&[OutputFile::new("a/index.html", "<p>要確認：予算再調整</p>")], &[short]).is_err());
    }

    #[test]
    fn short_values_are_not_searched_alone() {
        let secret = withheld("internal", "要確認");
        let page = OutputFile::new("a/index.html", "要確認");
        assert!(leak_scan(&[page], &[secret]).is_ok());
    }

    #[test]
    fn resolves_relative_and_base_links() {
        assert_eq!(resolve("partnerships/a/index.html", "../../themes/", "/colab/").as_deref(), Some("themes/index.html"));
        assert_eq!(resolve("index.html", "static/style.css", "/colab/").as_deref(), Some("static/style.css"));
        assert_eq!(resolve("404.html", "/colab/search/?q=x", "/colab/").as_deref(), Some("search/index.html"));
        assert_eq!(resolve("404.html", "/colab/", "/colab/").as_deref(), Some("index.html"));
        assert_eq!(resolve("index.html", "https://example.org/", "/colab/"), None);
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
            ("売上 > 前年比の三割増を目標とする", "<svg><text><![CDATA[売上 > 前年比の三割増を目標とする]]></text></svg>"),
            ("Phase 1 --> Phase 2 で需要予測を導入", "<!-- Phase 1 --> Phase 2 で需要予測を導入 -->"),
            ("条件は A<B の場合のみ有効とする", "<p>条件は A<B の場合のみ有効とする</p>"),
        ] {
            let file = OutputFile::new("a/index.html", page);
            assert!(leak_scan(&[file], &[withheld("idea", secret)]).is_err(), "{secret} not found in {page}");
        }
    }

    #[test]
    fn a_value_cut_inside_a_tag_or_with_few_words_outside_tags_flags_no_ordinary_page() {
        let cut = withheld("idea", "提案の評価は公開基準に基づき行う<internal memo");
        assert!(leak_scan(&[OutputFile::new("a/index.html", "<p>提案の評価は公開基準に基づき行う。</p>")], &[cut]).is_ok());
        let name = withheld("partner.name", "ACME <Japan>");
        assert!(leak_scan(&[OutputFile::new("b/index.html", "<p>ACME Corporation</p>")], &[name]).is_ok());
    }

    #[test]
    fn finds_withheld_text_whose_tags_reached_a_page_as_tags() {
        let secret = withheld("idea", "独自の<b>需要予測</b>モデルで配車を最適化");
        let page = OutputFile::new("a/index.html", "<p>独自の<b>需要予測</b>モデルで配車を最適化</p>");
        assert!(leak_scan(&[page], std::slice::from_ref(&secret)).is_err());
        let restyled = OutputFile::new("b/index.html", "<p>独自の<strong class=x>需要予測</strong>モデルで配車を最適化</p>");
        assert!(leak_scan(&[restyled], &[secret]).is_err());
    }

    #[test]
    fn finds_text_a_theme_put_in_an_attribute_name() {
        let secret = withheld("partner.name", "Acme Robotics Inc");
        let page = OutputFile::new("a/index.html", "<div data-Acme Robotics Inc>公開の概要です。</div>");
        assert!(leak_scan(&[page], &[secret]).is_err());
    }

    #[test]
    fn reads_unquoted_attributes_in_tags_only() {
        let links = |html: &str| MarkupView::of(html.as_bytes()).links;
        assert_eq!(links(r#"<a href=a/ class=x><a href="b/">"#), vec!["a/", "b/"]);
        assert!(links("<p>&lt;img src=x&gt;</p>").is_empty());
        assert_eq!(links("<a title='<img src=x>' href=&quot;a&amp;b>"), vec!["\"a&b"]);
    }
}
