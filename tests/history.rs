//! Records' history from the content's git repository: a repository in a temp dir with dated
//! commits (create, edit a public field, edit only a protected field, review a proposal,
//! delete a record), built and read back as a visitor and a feed reader see it.

mod common;

use std::path::Path;
use std::process::Command;

use common::{commit, git, partnership, proposal, runs, Fixture};

const PROTECTED: &str = "\
disclosure:
  reviewed: true
  protected: [ward_cost_yen, \"partners[0].name\"]
ward_cost_yen: 480000
internal:
  memo: 担当者の内部メモです。
";

const IDEA: &str = "提案者だけが知る独自の回収ルート設計と料金体系の工夫";
const OLD_IDEA: &str = "以前の版だけにあった配送拠点の配置についての非公開の工夫";

const REVIEWED: &str = "disclosure:\n  reviewed: true\n  protected: [idea]\n";

/// The repository every test starts from, one commit per step.
fn repository() -> Fixture {
    let fixture = Fixture::minimal();
    git(
        fixture.root(),
        &["init", "-q", "-b", "main"],
        "2026-04-01T09:00:00+09:00",
    );
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("地域見守りの連携", PROTECTED),
    );
    fixture.write(
        "content/partnerships/gone.yaml",
        &partnership("取り下げた連携", ""),
    );
    fixture.write(
        "content/proposals/kaishu.yaml",
        &proposal("回収の提案", &format!("idea: {OLD_IDEA}\n")),
    );
    commit(&fixture, "2026-04-01T09:00:00+09:00");
    fixture.write(
        "content/partnerships/mimamori.yaml",
        &partnership("地域見守りと防災の連携", PROTECTED),
    );
    commit(&fixture, "2026-05-10T14:30:00+09:00");
    fixture.write(
        "content/proposals/kaishu.yaml",
        &proposal("回収の提案", &format!("idea: {IDEA}\n{REVIEWED}")),
    );
    commit(&fixture, "2026-06-15T10:00:00+09:00");
    fixture.remove("content/partnerships/gone.yaml");
    commit(&fixture, "2026-07-01T10:00:00+09:00");
    fixture
}

#[test]
fn record_pages_show_their_public_changes() {
    let fixture = repository();
    fixture.built();
    let page = fixture.read("partnerships/mimamori/index.html");
    assert!(page.contains("更新履歴"), "{page}");
    assert!(
        page.contains("最終更新日：令和8年(2026年)5月10日"),
        "{page}"
    );
    assert!(page.contains("地域見守りの連携</span> → <span>地域見守りと防災の連携"));
    assert!(page.contains("datetime=\"2026-05-10T14:30:00+09:00\""));
    // The proposal was withheld until it was reviewed: its history starts then.
    let proposal = fixture.read("proposals/kaishu/index.html");
    assert!(
        proposal.contains("最終更新日：令和8年(2026年)6月15日"),
        "{proposal}"
    );
    assert!(!proposal.contains("令和8年(2026年)4月1日"));
    // A removed record has no page and no entry anywhere.
    assert!(!fixture.exists("partnerships/gone/index.html"));
    let feed = fixture.read("feeds/changes.xml");
    assert!(!feed.contains("取り下げた連携"));
    let english = fixture.read("en/partnerships/mimamori/index.html");
    assert!(english.contains("Change history"), "{english}");
}

#[test]
fn feeds_and_sitemap_follow_the_changes() {
    let fixture = repository();
    fixture.built();
    let feed = fixture.read("feeds/changes.xml");
    let first = feed
        .find("地域見守りと防災の連携")
        .expect("the edit is an entry");
    let proposal = feed.find("回収の提案").expect("the review is an entry");
    assert!(proposal < first, "newest first:\n{feed}");
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    let sitemap = fixture.read("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.org/colab/partnerships/mimamori/</loc><lastmod>2026-05-10</lastmod>"
    ));
    let department = fixture
        .output_files()
        .into_iter()
        .find(|(path, _)| path.starts_with("departments/") && path.ends_with("/atom.xml"))
        .expect("a department feed");
    let text = String::from_utf8(department.1).unwrap();
    assert!(text.contains("地域見守りと防災の連携"));
    let folder = department.0.trim_end_matches("atom.xml");
    let index = fixture.read(&format!("{folder}index.html"));
    assert!(
        index.contains(&format!("../../{folder}atom.xml")),
        "the department page links its feed"
    );
    assert!(fixture.read("index.html").contains("feeds/changes.xml"));
}

#[test]
fn open_data_and_feeds_date_each_record_by_its_last_public_change() {
    let fixture = repository();
    fixture.built();
    let modified = |file: &str, id: &str| {
        let data: serde_json::Value = serde_json::from_str(&fixture.read(file)).unwrap();
        let records = data
            .as_array()
            .or_else(|| data["records"].as_array())
            .unwrap()
            .clone();
        records
            .into_iter()
            .find(|r| r["id"] == id)
            .map(|r| r["modified"].clone())
            .unwrap()
    };
    assert_eq!(modified("data/partnerships.json", "mimamori"), "2026-05-10");
    // Reviewed on 06-15: the withheld first version dates nothing.
    assert_eq!(modified("data/proposals.json", "kaishu"), "2026-06-15");
    let csv = fixture.read("data/partnerships.csv");
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",最終更新日"), "{header}");
    assert!(csv.contains(",2026-05-10\r\n"), "{csv}");
    // The catalogue dates the dataset by its latest change.
    let catalogue = fixture.read("data/catalog.ttl");
    assert!(
        catalogue.contains("dct:modified \"2026-06-15\"^^xsd:date"),
        "{catalogue}"
    );
    // A change is an instant: its commit time, not the day's midnight.
    let feed = fixture.read("feeds/changes.xml");
    assert!(
        feed.contains("<updated>2026-05-10T14:30:00+09:00</updated>"),
        "{feed}"
    );

    // Outside a repository nothing is dated.
    let plain = Fixture::minimal();
    plain.write("content/partnerships/a.yaml", &partnership("連携", ""));
    plain.built();
    let data: serde_json::Value =
        serde_json::from_str(&plain.read("data/partnerships.json")).unwrap();
    let record = data
        .as_array()
        .or_else(|| data["records"].as_array())
        .unwrap()[0]
        .clone();
    assert!(record["modified"].is_null(), "{record}");
}

#[test]
fn a_commit_changing_only_withheld_data_changes_no_byte() {
    let fixture = repository();
    fixture.built();
    let before = fixture.output_files();
    // The protected amount, the protected partner, the staff note and the protected idea.
    let edited = PROTECTED
        .replace("480000", "520000")
        .replace("担当者の内部メモです。", "別の内部メモです。");
    let text = partnership("地域見守りと防災の連携", &edited)
        .replace("見守りテック株式会社", "別名テック株式会社");
    let text = text.replace("    corporate_number: \"8700110005901\"\n", "");
    fixture.write("content/partnerships/mimamori.yaml", &text);
    fixture.write(
        "content/proposals/kaishu.yaml",
        &proposal(
            "回収の提案",
            &format!("idea: {IDEA}を改めました\n{REVIEWED}"),
        ),
    );
    commit(&fixture, "2026-08-01T10:00:00+09:00");
    fixture.built();
    let after = fixture.output_files();
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(before.len(), after.len());
    assert!(changed.is_empty(), "changed: {changed:?}");
}

#[test]
fn past_values_stay_withheld_under_todays_protection() {
    let fixture = repository();
    // The earliest version had the idea unprotected but the proposal unreviewed; a later
    // public version must not show the old idea, and neither may any file.
    fixture.built();
    for (path, bytes) in fixture.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [IDEA, OLD_IDEA, "480000", "48万", "担当者の内部メモ"] {
            assert!(!text.contains(secret), "{secret} in {path}");
        }
    }
    // A value protected today that an old version showed in public is caught by the scan.
    let leaky = partnership("地域見守りと防災の連携", PROTECTED).replace(
        "summary: 区と企業が連携して地域の見守りを進める取組みです。",
        "summary: 区と企業が連携して地域の見守りを進める取組みです。区の負担は480000円です。",
    );
    fixture.write("content/partnerships/mimamori.yaml", &leaky);
    commit(&fixture, "2026-08-01T10:00:00+09:00");
    let error = fixture.build_error();
    assert!(error.contains("ward_cost_yen"), "{error}");
}

#[test]
fn a_folder_outside_any_repository_has_no_history() {
    let fixture = Fixture::minimal();
    fixture.write("content/partnerships/a.yaml", &partnership("連携", ""));
    fixture.built();
    assert!(!fixture.exists("feeds/changes.xml"));
    let page = fixture.read("partnerships/a/index.html");
    assert!(!page.contains("更新履歴"));
    assert!(!fixture.read("sitemap.xml").contains("lastmod"));
}

#[test]
fn a_second_build_reads_the_cache() {
    let fixture = repository();
    fixture.built();
    let first = fixture.output_files();
    let cache = fixture.root().join(".git/kanmin-history");
    assert!(cache.is_dir(), "the cache is written inside .git");
    fixture.built();
    assert_eq!(first, fixture.output_files(), "the cache changes nothing");
    // A damaged cache is read as none.
    for entry in std::fs::read_dir(&cache).unwrap() {
        std::fs::write(entry.unwrap().path(), "garbage").unwrap();
    }
    fixture.built();
    assert_eq!(first, fixture.output_files());
}

#[test]
fn a_partner_protected_today_is_hidden_where_it_stood_in_past_versions() {
    let fixture = Fixture::minimal();
    git(
        fixture.root(),
        &["init", "-q", "-b", "main"],
        "2026-04-01T09:00:00+09:00",
    );
    let record = |partners: &str, extra: &str| {
        partnership("二社との連携", extra).replace(
            "  - name: 見守りテック株式会社\n    kind: company\n    corporate_number: \"8700110005901\"\n",
            partners,
        )
    };
    let a = "  - name: 秘匿ロジスティクス株式会社\n    kind: company\n";
    let b = "  - name: 公開商事株式会社\n    kind: company\n";
    fixture.write(
        "content/partnerships/two.yaml",
        &record(&format!("{a}{b}"), ""),
    );
    commit(&fixture, "2026-04-01T09:00:00+09:00");
    let protect = "disclosure:\n  reviewed: true\n  protected: [\"partners[1].name\"]\n";
    fixture.write(
        "content/partnerships/two.yaml",
        &record(&format!("{b}{a}"), protect),
    );
    commit(&fixture, "2026-05-01T09:00:00+09:00");
    fixture.built();
    for (path, bytes) in fixture.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("秘匿ロジスティクス"), "in {path}");
    }
    assert!(fixture
        .read("partnerships/two/index.html")
        .contains("更新履歴"));
}

#[test]
fn a_long_history_read_at_once_or_bit_by_bit_gives_the_same_site() {
    // More commits than one run of the parallel walk, read by a first build at once and,
    // in a copy, by builds after every few dozen commits (each adding to the cache).
    let site = format!("{}ocid_prefix: ocds-t3st01\n", common::MINIMAL_SITE);
    let at_once = Fixture::minimal();
    let bit_by_bit = Fixture::minimal();
    for fixture in [&at_once, &bit_by_bit] {
        git(
            fixture.root(),
            &["init", "-q", "-b", "main"],
            "2026-04-01T09:00:00+09:00",
        );
        fixture.write("content/site.yaml", &site);
    }
    for n in 0..150u32 {
        let date = format!(
            "2026-04-{:02}T{:02}:{:02}:00+09:00",
            1 + n / 24,
            n % 24,
            n % 60
        );
        for fixture in [&at_once, &bit_by_bit] {
            let id = ["a", "b", "c"][n as usize % 3];
            let summary = format!("summary: 第{n}版の説明です。");
            fixture.write(
                &format!("content/partnerships/{id}.yaml"),
                &partnership(&format!("連携{id}"), "").replace(
                    "summary: 区と企業が連携して地域の見守りを進める取組みです。",
                    &summary,
                ),
            );
            commit(fixture, &date);
        }
        if [29, 99].contains(&n) {
            bit_by_bit.built();
        }
    }
    at_once.built();
    bit_by_bit.built();
    assert_eq!(at_once.output_files(), bit_by_bit.output_files());
    let releases: serde_json::Value =
        serde_json::from_str(&at_once.read("data/ocds/release-package.json")).unwrap();
    let of_a = releases["releases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ocid"] == "ocds-t3st01-a")
        .count();
    assert_eq!(of_a, 50, "every public change of `a` is a release");
}

/// The shared OCDS 1.1.5 schemas beside the repository (`../shared/ocds-1.1.5`).
fn ocds_schemas() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/ocds-1.1.5")
}

#[test]
fn ocds_releases_follow_the_history_and_pass_the_official_schemas() {
    let fixture = repository();
    let site = format!("{}ocid_prefix: ocds-t3st01\n", common::MINIMAL_SITE);
    fixture.write("content/site.yaml", &site);
    commit(&fixture, "2026-07-02T10:00:00+09:00");
    fixture.built();
    let releases: serde_json::Value =
        serde_json::from_str(&fixture.read("data/ocds/release-package.json")).unwrap();
    let mimamori: Vec<&serde_json::Value> = releases["releases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ocid"] == "ocds-t3st01-mimamori")
        .collect();
    assert_eq!(mimamori.len(), 2, "one release per public change");
    assert_eq!(mimamori[0]["tag"][0], "contract");
    assert_eq!(mimamori[1]["tag"][0], "contractUpdate");
    assert_eq!(mimamori[1]["date"], "2026-05-10T14:30:00+09:00");
    let withheld = mimamori[1]["withheldInformation"].as_array().unwrap();
    assert!(withheld.iter().any(|w| w["field"] == "ward_cost_yen"));
    let text = fixture.read("data/ocds/record-package.json");
    assert!(!text.contains("480000") && !text.contains("見守りテック"));
    let records: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(records["records"].as_array().unwrap().len(), 1);
    // Listed with the other files: in the data package and as distributions in the catalogue.
    let package: serde_json::Value =
        serde_json::from_str(&fixture.read("data/datapackage.json")).unwrap();
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    assert!(paths.contains(&"ocds/release-package.json"), "{paths:?}");
    assert!(paths.contains(&"ocds/record-package.json"), "{paths:?}");
    let catalogue = fixture.read("data/catalog.ttl");
    for file in ["release-package.json", "record-package.json"] {
        assert!(
            catalogue.contains(&format!("<https://example.org/colab/data/ocds/{file}>")),
            "{catalogue}"
        );
        assert!(catalogue.contains(
            &format!("<https://standard.open-contracting.org/schema/1__1__5/{file}")
                .replace(".json", "-schema.json")
        ));
    }

    let tools = runs(
        "python3",
        &["-c", "import jsonschema, referencing, ocdskit"],
    ) && ocds_schemas().is_dir();
    if !common::require_tool(
        "python3 jsonschema, referencing, ocdskit and ../shared/ocds-1.1.5",
        tools,
    ) {
        return;
    }
    let output = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ocds/check.py"))
        .arg(ocds_schemas())
        .arg(fixture.output().join("data/ocds/release-package.json"))
        .arg(fixture.output().join("data/ocds/record-package.json"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_past_withheld_text_pasted_as_clerks_paste_it_fails_the_build() {
    // The proposal's unreviewed first version held OLD_IDEA, which no public version shows.
    let spaced: String = OLD_IDEA
        .chars()
        .enumerate()
        .flat_map(|(i, c)| (i == 6).then_some('\u{3000}').into_iter().chain([c]))
        .collect();
    for pasted in [spaced, format!("{}\u{200b}", &OLD_IDEA)] {
        let fixture = repository();
        let summary = format!("summary: 見守りの取組みです。{pasted}");
        let text = partnership("地域見守りと防災の連携", PROTECTED).replace(
            "summary: 区と企業が連携して地域の見守りを進める取組みです。",
            &summary,
        );
        fixture.write("content/partnerships/mimamori.yaml", &text);
        commit(&fixture, "2026-08-01T10:00:00+09:00");
        let error = fixture.build_error();
        assert!(
            error.contains("kaishu") || error.contains("proposal"),
            "{error}"
        );
    }
}
