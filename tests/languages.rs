//! The site in English under `/en/`: switcher links, hreflang (head and sitemap), lang
//! attributes, fallbacks for untranslated texts, feeds, search, and disclosure in both
//! languages.

mod common;

use common::*;

fn translated_and_untranslated() -> Fixture {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership(
            "見守りの連携",
            "en:\n  title: Watching over older residents\n  summary: The ward and a company watch over older residents together.\n",
        ),
    );
    fixture.write(
        "content/partnerships/untranslated.yaml",
        &partnership("翻訳のない連携", ""),
    );
    fixture
}

#[test]
fn every_page_has_its_english_twin_and_links_to_it() {
    let fixture = translated_and_untranslated();
    fixture.built();
    let ja = fixture.read("partnerships/mimamori/index.html");
    let en = fixture.read("en/partnerships/mimamori/index.html");
    assert!(
        ja.contains("<html lang=\"ja\">") || ja.contains("<html lang=ja>"),
        "{ja}"
    );
    assert!(
        en.contains("<html lang=\"en\">") || en.contains("<html lang=en>"),
        "{en}"
    );
    // The switcher leads to the same page in the other language, relative to the page.
    assert!(ja
        .contains(r#"href="../../en/partnerships/mimamori/" hreflang="en" lang="en">English</a>"#));
    assert!(
        en.contains(r#"href="../../../partnerships/mimamori/" hreflang="ja" lang="ja">日本語</a>"#)
    );
    for page in [&ja, &en] {
        assert!(page
            .contains(r#"hreflang="ja" href="https://example.org/colab/partnerships/mimamori/""#));
        assert!(page.contains(
            r#"hreflang="en" href="https://example.org/colab/en/partnerships/mimamori/""#
        ));
    }
    assert!(en.contains("Watching over older residents"));
    assert!(en.contains("Concluded on"));
    assert!(en.contains("1 May 2026 (Reiwa 8)"));
    let sitemap = fixture.read("sitemap.xml");
    assert!(sitemap.contains(
        r#"<loc>https://example.org/colab/en/partnerships/mimamori/</loc><xhtml:link rel="alternate" hreflang="ja" href="https://example.org/colab/partnerships/mimamori/"/>"#
    ));
    assert!(!sitemap.contains("en/404.html"));
}

#[test]
fn an_untranslated_record_shows_its_japanese_marked_and_says_so() {
    let fixture = translated_and_untranslated();
    fixture.built();
    let en = fixture.read("en/partnerships/untranslated/index.html");
    assert!(en.contains("lang=\"ja\">翻訳のない連携</h1>"), "{en}");
    assert!(en.contains("not translated yet"));
    let translated = fixture.read("en/partnerships/mimamori/index.html");
    assert!(!translated.contains("not translated yet"));
    // Department names stay Japanese, and say so.
    assert!(translated.contains("lang=\"ja\">保健福祉政策部 保健医療福祉推進課"));
}

#[test]
fn english_feeds_and_search_index_exist_in_english() {
    let fixture = translated_and_untranslated();
    fixture.built();
    let atom = fixture.read("en/feeds/atom.xml");
    assert!(atom.contains("xml:lang=\"en\""));
    assert!(atom.contains("Watching over older residents"));
    assert!(atom.contains("https://example.org/colab/en/partnerships/mimamori/"));
    assert!(fixture
        .read("en/feeds/themes.ics")
        .contains("BEGIN:VCALENDAR"));
    let search = fixture.read("en/search/index.html");
    assert!(search.contains("Search for"));
    let english_index: String = fixture
        .output_files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("en/search/docs/"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    assert!(english_index.contains("Watching over older residents"));
}

#[test]
fn a_protected_field_is_withheld_in_english_too() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/proposals/p.yaml",
        &(proposal("見守りの提案", "idea: 電力センサーで見守るノウハウ。\n").replace(
            "  kind: company\n",
            "  kind: company\n  name_en: Teian Tech Ltd.\n",
        ) + "en:\n  idea: Know-how of watching over residents with power sensors.\n  title: A watching-over proposal\n"
            + "disclosure:\n  reviewed: true\n  protected: [idea, proposer.name]\n"),
    );
    fixture.built();
    for (path, bytes) in fixture.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("power sensors"), "{path}");
        assert!(!text.contains("Teian Tech"), "{path}");
    }
    assert!(fixture
        .read("en/proposals/p/index.html")
        .contains("A watching-over proposal"));
}

#[test]
fn a_withheld_english_text_pasted_into_a_public_english_field_fails_the_build() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/proposals/p.yaml",
        &(proposal("見守りの提案", "idea: 電力センサーで見守るノウハウ。\n")
            + "en:\n  idea: Know-how of watching over residents with power sensors.\n  summary: Know-how of watching over residents with power sensors.\n"
            + "disclosure:\n  reviewed: true\n  protected: [idea]\n"),
    );
    let error = fixture.build_error();
    assert!(error.contains("en.summary"), "{error}");
    assert!(error.contains("en.idea"), "{error}");
}

#[test]
fn a_withheld_japanese_text_pasted_into_a_public_english_field_fails_the_build() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/proposals/p.yaml",
        &(proposal(
            "見守りの提案",
            "idea: 電力センサーで見守る独自のノウハウです。\n",
        ) + "en:\n  summary: Our idea, 電力センサーで見守る独自のノウハウです。\n"
            + "disclosure:\n  reviewed: true\n  protected: [idea]\n"),
    );
    let error = fixture.build_error();
    assert!(error.contains("field `en.summary`"), "{error}");
    assert!(error.contains("(`idea`, protected)"), "{error}");
    assert!(error.contains("p.yaml:12:12"), "{error}");
}

#[test]
fn an_unreviewed_proposal_is_withheld_in_english_too() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/proposals/secret.yaml",
        &(proposal("未公開の提案", "")
            + "en:\n  title: An unpublished proposal about river drones\n"),
    );
    fixture.built();
    assert!(!fixture.exists("en/proposals/secret/index.html"));
    for (path, bytes) in fixture.output_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("river drones"),
            "{path}"
        );
    }
}

#[test]
fn an_unknown_field_of_an_english_block_is_an_error_with_its_line() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/p.yaml",
        &partnership("連携", "en:\n  titel: Typo\n"),
    );
    let error = fixture.build_error();
    assert!(error.contains("titel"), "{error}");
    assert!(error.contains("p.yaml:14:3"), "{error}");
}

#[test]
fn the_english_data_page_describes_the_files_both_languages_share() {
    let fixture = translated_and_untranslated();
    fixture.built();
    let page = fixture.read("en/data/index.html");
    assert!(page.contains("Creative Commons Attribution 4.0 International"));
    assert!(
        page.contains(r#"href="../../data/partnerships.csv""#),
        "{page}"
    );
    assert!(!fixture.exists("en/data/partnerships.csv"));
    // English column titles beside the Japanese headers, on the page and in the package.
    assert!(page.contains("The ward&#39;s cost (yen)") || page.contains("The ward's cost (yen)"));
    let package: serde_json::Value =
        serde_json::from_str(&fixture.read("data/datapackage.json")).unwrap();
    let fields = package["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap();
    let cost = fields
        .iter()
        .find(|f| f["name"] == "区の負担額(円)")
        .expect("the cost column");
    assert_eq!(cost["titles"]["en"], "The ward's cost (yen)");
    assert_eq!(cost["titles"]["ja"], cost["title"]);
    let catalogue = fixture.read("data/catalog.ttl");
    assert!(
        catalogue.contains("\"Partnerships (世田谷区)\"@en"),
        "{catalogue}"
    );
}

#[test]
fn english_pages_write_english_labels_dates_and_amounts() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/p.yaml",
        &partnership("連携", "ward_cost_yen: 950000\n"),
    );
    fixture.built();
    let en = fixture.read("en/partnerships/p/index.html");
    for expected in [
        "Running",
        "Pattern 1: Introduce",
        "¥950,000",
        "FY2026 (Reiwa 8)",
        "1 May 2026 (Reiwa 8)",
    ] {
        assert!(en.contains(expected), "{expected}");
    }
    let ja = fixture.read("partnerships/p/index.html");
    for expected in [
        "実施中",
        "950,000円",
        "令和8年度(2026年度)",
        "令和8年(2026年)5月1日",
    ] {
        assert!(ja.contains(expected), "{expected}");
    }
}
