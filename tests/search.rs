//! Search: the index holds every published record and nothing withheld, and the reference
//! query (the algorithm static/search.js runs) finds exactly the records containing a query.

mod common;

use std::collections::BTreeMap;

use common::{search_fixture, Fixture};
use kanmin::date::Date;
use kanmin::output::OutputFile;
use kanmin::public::RecordKind;
use kanmin::render::search::documents::SearchDoc;
use kanmin::render::search::index::{self, Layout};
use kanmin::render::search::query::{self, search, IndexSource, Query};
use proptest::prelude::*;

/// Index files of a built site or of an in-memory build, by path under `search/`.
struct Files(BTreeMap<String, Vec<u8>>);

impl IndexSource for Files {
    fn file(&self, path: &str) -> Option<&[u8]> {
        self.0.get(path).map(Vec::as_slice)
    }
}

impl Files {
    fn from_output(files: Vec<OutputFile>) -> Files {
        Files(
            files
                .into_iter()
                .filter_map(|f| Some((f.path.strip_prefix("search/")?.to_string(), f.bytes)))
                .collect(),
        )
    }

    fn from_site(fixture: &Fixture) -> (Files, Layout) {
        let files = fixture
            .output_files()
            .into_iter()
            .filter_map(|(path, bytes)| Some((path.strip_prefix("search/")?.to_string(), bytes)))
            .collect();
        let layout = Layout::from_search_page(&fixture.read("search/index.html"))
            .expect("layout on the search page");
        (Files(files), layout)
    }
}

/// Paths of the records a query finds, best first.
fn paths(fixture: &Fixture, query: Query) -> Vec<String> {
    let (files, layout) = Files::from_site(fixture);
    let hits = search(&files, &layout, &query).expect("index files readable");
    hits.iter()
        .map(|hit| {
            let shard = &files.0[&format!("docs/{}.json", hit.doc / layout.docs_per_shard)];
            let docs: Vec<serde_json::Value> = serde_json::from_slice(shard).unwrap();
            docs[(hit.doc % layout.docs_per_shard) as usize][0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn finds_width_kana_kanji_latin_and_one_character_queries() {
    let fixture = search_fixture();
    let find = |q: &str| paths(&fixture, Query::new(q));
    assert_eq!(find("iot"), ["partnerships/mimamori/"]);
    assert_eq!(find("ＩＯＴ"), ["partnerships/mimamori/"]);
    // Title match first, then newest first.
    assert_eq!(
        find("シェアサイクル"),
        ["partnerships/cycle/", "partnerships/old-cycle/"]
    );
    assert_eq!(
        find("ｼｪｱｻｲｸﾙ"),
        ["partnerships/cycle/", "partnerships/old-cycle/"]
    );
    // Every record names its partner 見守りテック; the title match ranks first, then newest first.
    assert_eq!(
        find("見守り"),
        [
            "partnerships/mimamori/",
            "partnerships/cycle/",
            "proposals/open/",
            "partnerships/old-cycle/",
            "partnerships/chorus/"
        ]
    );
    assert_eq!(find("猫"), ["partnerships/mimamori/"]);
    assert_eq!(find("サイクル 分析"), ["partnerships/old-cycle/"]);
    assert!(find("サイクル 猫").is_empty());
    // Each gram covering the term occurs in one record, but never at the term's offsets:
    // no false hit. With the missing character, the same record is found.
    assert!(find("ポート増やしま").is_empty());
    assert_eq!(find("ポートを増やしま"), ["partnerships/cycle/"]);
}

#[test]
fn facets_narrow_results() {
    let fixture = search_fixture();
    let find = |q: Query| paths(&fixture, q);
    assert_eq!(
        find(Query::new("見守り").with_facet("kind", "proposal")),
        ["proposals/open/"]
    );
    assert_eq!(
        find(Query::new("サイクル").with_facet("fy", "2024")),
        ["partnerships/old-cycle/"]
    );
    assert_eq!(
        find(Query::new("").with_facet("status", "reviewing")),
        ["proposals/open/"]
    );
    assert!(find(Query::new("サイクル").with_facet("dept", "存在しない課")).is_empty());
}

#[test]
fn withheld_text_is_not_searchable() {
    let fixture = search_fixture();
    assert!(paths(&fixture, Query::new("極秘ドローン")).is_empty());
    assert!(paths(&fixture, Query::new("暗号方式")).is_empty());
    assert!(paths(&fixture, Query::new("河川敷")).is_empty());
    for (path, bytes) in fixture
        .output_files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
    {
        let text = String::from_utf8_lossy(&bytes);
        for secret in ["極秘ドローン", "暗号方式", "未公開の極秘", "河川敷で荷物"]
        {
            assert!(!text.contains(secret), "{path} contains {secret}");
        }
    }
}

#[test]
fn the_search_page_writes_its_script_in_and_publishes_the_hash() {
    let fixture = search_fixture();
    let html = fixture.read("search/index.html");
    assert!(html.contains("<label for=search-q>"), "labelled field");
    assert!(html.contains("aria-live=polite"), "announced result count");
    assert!(html.contains("<noscript>"));
    let script = fixture.read("static/search.js");
    let inline = html
        .split("<script type=module async>")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next());
    assert_eq!(
        inline,
        Some(script.as_str()),
        "the page holds static/search.js as written"
    );
    // What a host's Content-Security-Policy lists to allow it: sha256 of the script, base64.
    let digest = {
        use sha2::Digest;
        sha2::Sha256::digest(script.as_bytes())
    };
    let expected = format!("'sha256-{}'\n", base64(&digest));
    assert_eq!(fixture.read("search/csp.txt"), expected);
}

#[test]
fn a_theme_may_load_the_script_as_a_file_for_a_strict_policy() {
    let site = Fixture::minimal();
    site.write(
        "themes/default/templates/search.html",
        &common::self_only_search_page(),
    );
    site.built();
    let html = site.read("search/index.html");
    assert!(
        html.contains(r#"<script type=module async src="../static/search.js"></script>"#),
        "{html}"
    );
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script type=application/ld+json").count() + 1
    );
}

/// Standard base64 with padding, written out here so the test does not share the build's code.
fn base64(bytes: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = String::new();
    for byte in bytes {
        bits.push_str(&format!("{byte:08b}"));
    }
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|six| {
            let value =
                six.iter().fold(0, |v, &b| v * 2 + usize::from(b == b'1')) << (6 - six.len());
            alphabet[value] as char
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

#[test]
fn grams_with_large_postings_have_files_of_their_own_and_are_found() {
    let fixture = search_fixture();
    let (files, layout) = Files::from_site(&fixture);
    let own: Vec<&str> = layout
        .own_files
        .split(' ')
        .filter(|h| !h.is_empty())
        .collect();
    assert!(
        !own.is_empty(),
        "the chorus record's shout has a posting too large for a shared shard"
    );
    for hash in &own {
        assert!(
            files.0.contains_key(&format!("grams/h{hash}.bin")),
            "file of {hash}"
        );
    }
    assert!(query::gram_shard_path(&layout, "ヤッホ").starts_with("grams/h"));
    assert!(
        query::gram_shard_path(&layout, "ポート").ends_with(".bin")
            && !query::gram_shard_path(&layout, "ポート").contains("/h")
    );
    assert_eq!(
        paths(&fixture, Query::new("ヤッホー")),
        ["partnerships/chorus/"]
    );
    assert_eq!(
        paths(&fixture, Query::new("ｯﾎｰ 合唱")),
        ["partnerships/chorus/"]
    );
    assert_eq!(
        paths(&fixture, Query::new("ポート")),
        ["partnerships/cycle/"]
    );
}

#[test]
fn a_theme_search_page_without_the_full_layout_fails_the_build() {
    let default_page = include_str!("../themes/default/templates/search.html");
    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!("{}theme: custom\n", common::MINIMAL_SITE),
    );
    // A search page copied from an older theme: it lacks `data-own-files`.
    let old_page = default_page.replace(r#"data-own-files="{{ search_index.own_files }}" "#, "");
    assert_ne!(old_page, default_page);
    site.write("themes/custom/templates/search.html", &old_page);
    let error = site.build_error();
    assert!(
        error.contains("data-own-files") && error.contains("search.html"),
        "{error}"
    );

    // A theme whose search page does not use kanmin's client is left alone.
    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!("{}theme: custom\n", common::MINIMAL_SITE),
    );
    site.write(
        "themes/custom/templates/search.html",
        "{% extends \"base.html\" %}{% block content %}<h1>検索</h1>{% endblock content %}",
    );
    site.built();
}

fn doc(title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        kind: RecordKind::Partnership,
        path: format!("partnerships/{}/", title.len()),
        title: title.to_string(),
        date: Date::parse("2026-04-01").unwrap(),
        departments: Vec::new(),
        body: body.to_string(),
        lead: body.to_string(),
        organisations: Vec::new(),
        facets: Vec::new(),
    }
}

fn in_memory(docs: &[SearchDoc]) -> (Files, Layout) {
    let built = index::build(docs);
    (Files::from_output(built.files), built.layout)
}

proptest! {
    // A small alphabet makes repeated and overlapping grams likely; terms of up to eight
    // characters cover the one-key, one-gram and several-gram cases.
    #[test]
    fn every_substring_is_found_and_nothing_else(
        texts in proptest::collection::vec("[あいうアイｱ猫ab ]{0,30}", 1..6),
        pick in any::<proptest::sample::Index>(),
        start in any::<proptest::sample::Index>(),
        len in 1usize..10,
        probe in "[あいう猫ab]{1,8}",
    ) {
        let docs: Vec<SearchDoc> = texts.iter().map(|t| doc("題", t)).collect();
        let (files, layout) = in_memory(&docs);
        let normalized: Vec<String> = docs.iter().map(|d| kanmin::text::normalize::normalize(&format!("{}\n{}", d.title, d.body))).collect();

        let chosen = pick.index(docs.len());
        let chars: Vec<char> = normalized[chosen].chars().collect();
        let from = start.index(chars.len());
        let term: String = chars[from..(from + len).min(chars.len())].iter().take_while(|c| !c.is_whitespace()).collect();
        if !term.is_empty() {
            let hits = search(&files, &layout, &Query::new(&term)).unwrap();
            prop_assert!(hits.iter().any(|h| h.doc as usize == chosen), "{term:?} not found in doc {chosen}");
        }

        let term = kanmin::text::normalize::normalize(&probe);
        let expected: Vec<usize> = (0..docs.len()).filter(|&i| normalized[i].contains(&term)).collect();
        let mut found: Vec<usize> = search(&files, &layout, &Query::new(&probe)).unwrap().iter().map(|h| h.doc as usize).collect();
        found.sort();
        prop_assert_eq!(found, expected);
    }
}

/// Phrases the generated records are made of: kana, kanji, Latin in both widths, half-width
/// katakana and punctuation, so that queries need NFKC and case folding to match.
const PHRASES: [&str; 24] = [
    "見守り",
    "シェアサイクル",
    "ｼｪｱｻｲｸﾙ",
    "ＩｏＴ",
    "iot",
    "子育て支援",
    "防災",
    "センサー",
    "商業課",
    "猫",
    "ポート",
    "地域",
    "の",
    "を",
    "、",
    "。",
    "ABC",
    "ａｂｃ",
    "たまがわ",
    "モビリティ",
    "実証",
    "事業者",
    "ｾﾝｻｰ",
    "令和",
];

/// A deterministic stream of numbers for the generated records and queries.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    /// `fewest` to `fewest + spread - 1` phrases run together.
    fn phrases(&mut self, fewest: usize, spread: usize) -> String {
        let count = fewest + self.below(spread);
        (0..count)
            .map(|_| PHRASES[self.below(PHRASES.len())])
            .collect()
    }
}

#[test]
fn the_page_script_finds_the_same_records_in_the_same_order_as_the_reference_query() {
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !common::require_tool("node", node) {
        return;
    }
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/search-compare.mjs");
    for seed in 1..=3u64 {
        let mut rng = Lcg(seed);
        let site = Fixture::minimal();
        let mut texts = Vec::new();
        for n in 0..30 {
            let title = format!("{}{n}", rng.phrases(1, 3));
            // One record repeats a phrase often enough for its grams to get files of their own.
            let body = if n == 7 {
                "ヤッホー。".repeat(6000)
            } else {
                rng.phrases(3, 30)
            };
            let date = format!(
                "20{}-0{}-1{}",
                23 + rng.below(4),
                1 + rng.below(9),
                rng.below(10)
            );
            let record = common::partnership(
                &common::yaml_string(&title),
                &format!("body: {}", common::yaml_string(&body)),
            )
            .replace("2026-05-01", &date);
            site.write(&format!("content/partnerships/p{n}.yaml"), &record);
            texts.push(format!("{title}{body}"));
        }
        site.built();
        let mut queries: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for n in 0..60 {
            let chars: Vec<char> = texts[rng.below(texts.len())].chars().collect();
            let start = rng.below(chars.len());
            let term: String = chars[start..(start + 1 + rng.below(8)).min(chars.len())]
                .iter()
                .collect();
            let text = match n % 4 {
                0 => term,
                1 => format!("{term} {}", PHRASES[rng.below(PHRASES.len())]),
                2 => rng.phrases(1, 2),
                _ => format!(
                    "{}　{}",
                    PHRASES[rng.below(PHRASES.len())],
                    PHRASES[rng.below(PHRASES.len())]
                ),
            };
            let facets = if n % 5 == 0 {
                vec![("fy".to_string(), format!("{}", 2022 + rng.below(5)))]
            } else {
                Vec::new()
            };
            queries.push((text, facets));
        }
        let (files, layout) = Files::from_site(&site);
        assert!(
            !layout.own_files.is_empty(),
            "seed {seed}: no gram has a file of its own"
        );
        let expected: Vec<Vec<u32>> = queries
            .iter()
            .map(|(text, facets)| {
                let query = facets
                    .iter()
                    .fold(Query::new(text), |q, (f, v)| q.with_facet(f, v));
                search(&files, &layout, &query)
                    .expect("index files readable")
                    .iter()
                    .map(|h| h.doc)
                    .collect()
            })
            .collect();
        assert!(
            expected.iter().filter(|ids| ids.len() > 1).count() >= 20,
            "seed {seed}: too few queries with several results"
        );
        let queries_file = site.root().join("queries.json");
        std::fs::write(&queries_file, serde_json::to_string(&queries).unwrap()).unwrap();
        let output = std::process::Command::new("node")
            .arg(&script)
            .arg(site.output())
            .arg(&queries_file)
            .output()
            .expect("run node");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let actual: Vec<Vec<u32>> =
            serde_json::from_slice(&output.stdout).expect("node prints JSON");
        for ((query, want), got) in queries.iter().zip(&expected).zip(&actual) {
            assert_eq!(got, want, "seed {seed}, query {query:?}");
        }
        assert_eq!(actual.len(), expected.len());
    }
}
