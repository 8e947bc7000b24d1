//! Disclosure as a clerk meets it: withheld text found at the public field that holds it,
//! coincidences acknowledged record by record, protection with a reason and an end date, and
//! the paste variants and side channels an independent review tried.

mod common;

use common::*;

/// A stock phrase of administrative writing, in a protected idea and in public summaries.
const STOCK: &str = "区民サービスの向上と地域の活性化を図る。";
/// A sentence of know-how that only the protected idea holds.
const KNOW_HOW: &str = "独自の需要予測モデルで見守り訪問の順路を毎朝組み替える。";

fn protected_idea(extra_disclosure: &str) -> String {
    proposal(
        "見守り訪問の効率化",
        &format!(
            "idea: |\n  {STOCK}\n  {KNOW_HOW}\ndisclosure:\n  reviewed: true\n  reviewed_on: 2026-06-10\n  protected: [idea]\n{extra_disclosure}"
        ),
    )
}

fn partnership_with_summary(title: &str, summary: &str) -> String {
    partnership(title, "").replace(
        "summary: 区と企業が連携して地域の見守りを進める取組みです。",
        &format!("summary: {summary}"),
    )
}

/// Every output file's text, for assertions that something is in no output byte.
fn all_output(site: &Fixture) -> String {
    site.output_files()
        .into_iter()
        .map(|(path, bytes)| format!("{path}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect()
}

fn error_lines(error: &str) -> Vec<&str> {
    error.lines().filter(|l| l.starts_with("error: ")).collect()
}

#[test]
fn a_stock_phrase_is_one_error_at_the_public_field_and_builds_once_acknowledged() {
    let site = Fixture::minimal();
    site.write("content/proposals/q-9.yaml", &protected_idea(""));
    site.write(
        "content/partnerships/p-1.yaml",
        &partnership_with_summary("見守りの連携", &format!("見守りの取組みで{STOCK}")),
    );
    let error = site.build_error();
    let errors = error_lines(&error);
    assert_eq!(errors.len(), 1, "{error}");
    // `summary:` is on line 2 of the partnership; the error points at its value.
    assert!(
        errors[0].contains("content/partnerships/p-1.yaml:2:"),
        "{error}"
    );
    assert!(errors[0].contains("field `summary`"), "{error}");
    assert!(
        errors[0].contains("content/proposals/q-9.yaml (`idea`"),
        "{error}"
    );
    assert!(
        error.contains(&format!("- \"{STOCK}\"")),
        "the line to add: {error}"
    );
    assert!(!site.output().exists(), "nothing written");

    site.write(
        "content/proposals/q-9.yaml",
        &protected_idea(&format!("  also_public:\n    - \"{STOCK}\"\n")),
    );
    site.built();
    let output = all_output(&site);
    assert!(
        output.contains("区民サービスの向上と地域の活性化を図る"),
        "the acknowledged phrase is public"
    );
    assert!(
        !output.contains("独自の需要予測モデル"),
        "the idea's other sentence stays withheld"
    );
    assert!(
        !output.contains("順路を毎朝組み替える"),
        "the idea's other sentence stays withheld"
    );

    // Acknowledging one phrase acknowledges nothing else: a real paste still fails.
    site.write(
        "content/partnerships/p-2.yaml",
        &partnership_with_summary("別の連携", &format!("この連携では{KNOW_HOW}")),
    );
    let error = site.build_error();
    assert!(
        error.contains("content/partnerships/p-2.yaml:2:") && error.contains("field `summary`"),
        "{error}"
    );
}

#[test]
fn an_unreviewed_proposal_titled_like_a_partnership_is_reported_at_the_title_and_builds_once_acknowledged(
) {
    let site = Fixture::minimal();
    let title = "地域見守りネットワークの構築";
    site.write(
        "content/partnerships/mimamori.yaml",
        &partnership(title, ""),
    );
    site.write("content/proposals/hidden.yaml", &proposal(title, ""));
    let error = site.build_error();
    let errors = error_lines(&error);
    assert_eq!(errors.len(), 1, "{error}");
    assert!(
        errors[0].contains("content/partnerships/mimamori.yaml:1:8: field `title`"),
        "{error}"
    );
    assert!(
        errors[0].contains("proposals/hidden.yaml (`title`, the record is not yet published)"),
        "{error}"
    );

    site.write(
        "content/proposals/hidden.yaml",
        &proposal(
            title,
            &format!("disclosure:\n  also_public: [\"{title}\"]\n"),
        ),
    );
    site.built();
    assert!(!site.exists("proposals/hidden/index.html"));
    let output = all_output(&site);
    assert!(
        !output.contains("proposals/hidden"),
        "no page, link or data row of its own"
    );
    assert!(
        !output.contains("提案テック株式会社"),
        "its proposer stays withheld"
    );
    assert!(
        !output.contains("地域の見守りに関する提案です"),
        "its summary stays withheld"
    );
}

#[test]
fn a_protection_ends_on_its_until_date_and_not_the_day_before() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/timed.yaml",
        &protected_idea("  reason: 特許出願中のため\n  until: 2027-04-01\n"),
    );
    site.build_on("2027-03-31").unwrap();
    let page = site.read("proposals/timed/index.html");
    assert!(!page.contains("順路を毎朝組み替える"));
    assert!(page.contains("特許出願中のため"), "the reason is shown");
    assert!(
        page.contains("2027年)4月1日"),
        "the day of publication is shown"
    );
    let data = site.read("data/proposals.json");
    assert!(
        data.contains("\"withheld_reason\":\"特許出願中のため\"")
            || data.contains("\"withheld_reason\": \"特許出願中のため\""),
        "{data}"
    );
    assert!(data.contains("2027-04-01"));
    assert!(!data.contains("順路を毎朝組み替える"));

    site.build_on("2027-04-01").unwrap();
    let page = site.read("proposals/timed/index.html");
    assert!(
        page.contains("順路を毎朝組み替える"),
        "published on the day"
    );
    assert!(
        !page.contains("特許出願中のため"),
        "nothing is withheld any more"
    );
}

#[test]
fn hundreds_of_coincidences_give_a_bounded_report() {
    let site = Fixture::minimal();
    site.write("content/proposals/q-9.yaml", &protected_idea(""));
    for i in 0..300 {
        site.write(
            &format!("content/partnerships/p-{i}.yaml"),
            &partnership_with_summary(&format!("連携{i}"), STOCK),
        );
    }
    let error = match site.build() {
        Err(kanmin::BuildError::Content(diagnostics)) => {
            assert_eq!(
                diagnostics.len(),
                300,
                "one error per public field and withheld value"
            );
            diagnostics.summary(50, |d| format!("error: {d}\n"))
        }
        other => panic!("expected content errors, got {:?}", other.map(|_| ())),
    };
    assert!(
        error.lines().count() <= 52,
        "{} lines",
        error.lines().count()
    );
    assert!(
        error.contains("more; `kanmin check` lists them all"),
        "{error}"
    );
    assert!(error.ends_with("300 errors"), "{error}");
}

#[test]
fn paste_variants_of_a_protected_sentence_are_found() {
    let secret = "独自のAI需要予測モデルでカートの配置を毎朝組み替える";
    let variants = [
        "独自のＡＩ需要予測モデルでカートの配置を毎朝組み替える",
        "独自のai需要予測モデルでｶｰﾄの配置を毎朝組み替える",
        "独自のAI需要予測モデルで\n  カートの配置を毎朝組み替える",
        "独自のAI需要予測　モデルでカートの配置を 毎朝組み替える",
        "独自のAI需\u{200b}要予測モデルでカー\u{ad}トの配置を毎朝組み替える",
        "独自のAI需要予測モデルで\u{feff}カートの配置を毎朝組\u{2060}み替える",
        "独自のAI需要予測モデルでカ\u{2800}ートの配置を毎朝組み替える",
    ];
    // NFD, as text copied on macOS arrives: ガ as カ and a combining mark.
    let nfd_secret = "独自の需要予測でガイドの配置を毎朝組み替える";
    let nfd_variant = "独自の需要予測でカ\u{3099}イドの配置を毎朝組み替える";
    // An older input method's spacing sound mark reads as the combining one: ハ゜ is パ.
    let spacing_secret = "独自の需要予測でパトロールの順路を毎朝組み替える";
    let spacing_variant = "独自の需要予測でハ\u{309c}トロールの順路を毎朝組み替える";
    for (secret, variant) in variants
        .iter()
        .map(|v| (secret, *v))
        .chain([(nfd_secret, nfd_variant), (spacing_secret, spacing_variant)])
    {
        let site = Fixture::minimal();
        site.write(
            "content/proposals/q.yaml",
            &proposal(
                "配置の提案",
                &format!("idea: {secret}。\ndisclosure: {{reviewed: true, protected: [idea]}}\n"),
            ),
        );
        site.write(
            "content/partnerships/p.yaml",
            &partnership_with_summary("連携", &yaml_string(&format!("連携では{variant}。"))),
        );
        let error = site.build_error();
        assert!(
            error.contains("field `summary`") && error.contains("(`idea`"),
            "{variant:?}: {error}"
        );
    }
    // A character reference reaches the page as the character: the scan of the output finds it.
    let site = Fixture::minimal();
    site.write(
        "content/proposals/q.yaml",
        &proposal(
            "配置の提案",
            &format!("idea: {secret}。\ndisclosure: {{reviewed: true, protected: [idea]}}\n"),
        ),
    );
    site.write(
        "content/partnerships/p.yaml",
        &partnership_with_summary(
            "連携",
            "独自のAI需要予測モデルでカー&shy;トの配置を毎朝組み替える",
        ),
    );
    let error = site.build_error();
    assert!(
        error.contains("withheld text reached") && error.contains("field `idea`"),
        "{error}"
    );
    // The error points at the protected field in the record, as the content errors do.
    let record = std::fs::read_to_string(site.root().join("content/proposals/q.yaml")).unwrap();
    let line = record.lines().position(|l| l.starts_with("idea:")).unwrap() + 1;
    assert!(
        error.contains(&format!("content/proposals/q.yaml:{line}:")),
        "{error}"
    );
}

#[test]
fn an_english_sentence_and_a_percent_encoded_url_are_found() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/q.yaml",
        &proposal(
            "配置の提案",
            "idea: |\n  We rebalance the shared carts every morning from a demand forecast. Other text follows here.\ndisclosure: {reviewed: true, protected: [idea]}\n",
        ),
    );
    site.write(
        "content/partnerships/p.yaml",
        &partnership_with_summary("連携", "\"In short: we REBALANCE the shared carts every\n  morning from a demand forecast, as agreed.\""),
    );
    let error = site.build_error();
    assert!(error.contains("field `summary`"), "{error}");

    let site = Fixture::minimal();
    site.write(
        "content/soundings/s.yaml",
        "title: 公園の活用\nsummary: 公園の活用について事業者と対話しました。\ndepartments: [みどり33推進担当部 公園緑地課]\nannounced_on: 2026-04-01\n\
         documents:\n  - {title: 提案資料, url: \"https://example.jp/資料/提案書.pdf\", kind: other}\n\
         disclosure: {reviewed: true, protected: [documents]}\n",
    );
    site.write(
        "content/partnerships/p.yaml",
        &partnership("連携", "documents:\n  - {title: 参考資料, url: \"https://example.jp/%E8%B3%87%E6%96%99/%E6%8F%90%E6%A1%88%E6%9B%B8.pdf\", kind: other}\n"),
    );
    let error = site.build_error();
    assert!(
        error.contains("field `documents[0].url`") && error.contains("(`documents`"),
        "{error}"
    );
}

#[test]
fn a_protected_proposer_that_is_a_public_partner_elsewhere_stays_withheld_around_its_own_record() {
    let site = Fixture::minimal();
    let company = "みどり総合サービス株式会社";
    // The same company is a public partner of an unrelated partnership.
    site.write(
        "content/partnerships/other.yaml",
        &partnership("公園の清掃", "").replace("見守りテック株式会社", company),
    );
    let protected_proposer = |summary: &str| {
        format!(
            "title: 見守りの提案\nsummary: {summary}\nreceived_on: 2026-06-01\nroute: private-proposal\n\
             proposer:\n  name: {company}\n  kind: company\n  corporate_number: \"8700110005901\"\n  url: https://midori.example.jp/\n\
             departments: [保健福祉政策部 保健医療福祉推進課]\nstatus: reviewing\n\
             disclosure: {{reviewed: true, protected: [proposer.name]}}\n"
        )
    };
    site.write(
        "content/proposals/q.yaml",
        &protected_proposer("見守りに関する提案です。"),
    );
    site.built();
    let page = site.read("proposals/q/index.html");
    assert!(
        !page.contains(company),
        "the name is withheld on its own page"
    );
    assert!(
        !page.contains("8700110005901"),
        "its 法人番号 identifies it as well"
    );
    assert!(
        !page.contains("midori.example.jp"),
        "its URL identifies it as well"
    );
    assert!(
        site.read("partnerships/other/index.html").contains(company),
        "still a public partner elsewhere"
    );
    let data = site.read("data/proposals.json");
    assert!(
        !data.contains(company) && !data.contains("8700110005901"),
        "{data}"
    );

    // A paste of the name into its own proposal's summary is refused at the summary.
    site.write(
        "content/proposals/q.yaml",
        &protected_proposer(&format!("{company}からの提案です。")),
    );
    let error = site.build_error();
    assert!(
        error.contains("content/proposals/q.yaml:2:") && error.contains("field `summary`"),
        "{error}"
    );
}

#[test]
fn protecting_the_whole_proposer_withholds_its_kind() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/q.yaml",
        &proposal(
            "見守りの提案",
            "disclosure: {reviewed: true, protected: [proposer]}\n",
        )
        .replace("kind: company", "kind: financial"),
    );
    site.built();
    let output = all_output(&site);
    assert!(!output.contains("提案テック株式会社"));
    for path in ["proposals/q/index.html", "proposals/index.html"] {
        assert!(
            !site.read(path).contains("金融機関"),
            "{path} shows the proposer's kind"
        );
    }
    for path in ["data/proposals.json", "data/proposals.csv"] {
        assert!(
            !site.read(path).contains("financial"),
            "{path} holds the proposer's kind"
        );
        assert!(
            !site.read(path).contains("金融機関"),
            "{path} holds the proposer's kind"
        );
    }
}

#[test]
fn a_protected_amount_is_found_in_its_formatted_forms() {
    for pasted in [
        "95万円",
        "950,000円",
        "950000円",
        "¥950,000",
        "￥９５０，０００",
        "0.95百万円",
        "九十五万円",
        "95万 円",
    ] {
        let site = Fixture::minimal();
        site.write(
            "content/partnerships/p.yaml",
            &partnership(
                "費用の連携",
                "ward_cost_yen: 950000\ndisclosure: {protected: [ward_cost_yen]}\n",
            ),
        );
        site.write(
            "content/partnerships/q.yaml",
            &partnership_with_summary("別の連携", &format!("区の負担は{pasted}でした。")),
        );
        let error = site.build_error();
        assert!(
            error.contains("content/partnerships/q.yaml:2:") && error.contains("(`ward_cost_yen`"),
            "{pasted}: {error}"
        );
    }
}

#[test]
fn a_theme_file_named_with_withheld_text_fails_the_build() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/hidden.yaml",
        &proposal("秘密の見守り提案タイトル", ""),
    );
    site.write("themes/default/static/秘密の見守り提案タイトル.txt", "x");
    let error = site.build_error();
    assert!(
        error.contains("proposals/hidden.yaml") && error.contains("output file"),
        "{error}"
    );
}

#[test]
fn the_status_of_a_withheld_proposal_changes_no_output_byte() {
    let build = |status: &str| {
        let site = Fixture::minimal();
        site.write(
            "content/partnerships/p.yaml",
            &partnership("見守りの連携", ""),
        );
        site.write(
            "content/proposals/hidden.yaml",
            &proposal("秘密の見守り提案タイトル", "")
                .replace("status: reviewing", &format!("status: {status}")),
        );
        site.built();
        site.output_files()
    };
    let reviewing = build("reviewing");
    let adopted = build("adopted");
    assert_eq!(reviewing.len(), adopted.len());
    for ((path, a), (_, b)) in reviewing.iter().zip(&adopted) {
        assert!(a == b, "{path} tells the withheld proposal's status");
    }
}

#[test]
fn bad_disclosure_blocks_fail_at_their_line_and_keep_the_old_site() {
    let site = Fixture::minimal();
    site.write("content/proposals/q.yaml", &protected_idea(""));
    site.built();
    let before = site.output_files();
    for (extra, expected) in [
        (
            "  also_public: [\"どの記録にもない文です。\"]\n",
            "q.yaml:17:17: field `disclosure.also_public[0]`",
        ),
        ("  until: 2026-06-01\n", "field `disclosure.until`"),
        ("  protect: [idea]\n", "protect"),
    ] {
        site.write("content/proposals/q.yaml", &protected_idea(extra));
        let error = site.build_error();
        assert!(error.contains(expected), "{extra}: {error}");
        assert_eq!(site.output_files(), before, "the old site is untouched");
    }
}

#[test]
fn an_acknowledgement_no_public_text_needs_is_a_warning() {
    let site = Fixture::minimal();
    site.write(
        "content/proposals/q-9.yaml",
        &protected_idea(&format!("  also_public:\n    - \"{STOCK}\"\n")),
    );
    let report = site
        .build()
        .expect("an unneeded entry does not stop the build");
    assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    assert!(
        report.warnings[0]
            .to_string()
            .contains("disclosure.also_public[0]"),
        "{}",
        report.warnings[0]
    );
    assert!(
        !all_output(&site).contains("区民サービスの向上と地域の活性化を図る"),
        "acknowledged, yet still withheld where no public text has it"
    );
}

#[test]
fn the_command_line_bounds_a_build_report_and_check_lists_acknowledgements_and_ending_protections()
{
    let site = Fixture::minimal();
    site.write(
        "content/proposals/q-9.yaml",
        &protected_idea("  until: 2026-12-10\n"),
    );
    for i in 0..120 {
        site.write(
            &format!("content/partnerships/p-{i}.yaml"),
            &partnership_with_summary(&format!("連携{i}"), STOCK),
        );
    }
    let run = |command: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kanmin"))
            .args([command, "--root", site.root().to_str().unwrap()])
            // The messages these tests read are the English table's.
            .env("KANMIN_LANG", "en")
            .env("SOURCE_DATE_EPOCH", "1795000000") // 2026-11-18 in Japan
            .output()
            .unwrap()
    };
    let built = run("build");
    assert_eq!(built.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(stderr.lines().count() < 70, "{stderr}");
    assert!(
        stderr.contains("the errors in public fields come from 1 withheld text"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "120 errors 「区民サービスの向上と地域の活性化を図る。」 withheld by 1 record"
        ),
        "{stderr}"
    );
    let checked = run("check");
    assert_eq!(
        String::from_utf8_lossy(&checked.stderr)
            .matches("error: ")
            .count(),
        120,
        "check lists every error"
    );

    site.write(
        "content/proposals/q-9.yaml",
        &protected_idea(&format!(
            "  until: 2026-12-10\n  also_public:\n    - \"{STOCK}\"\n"
        )),
    );
    let checked = run("check");
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(
        stdout.contains(&format!("proposal q-9: 「{STOCK}」")),
        "{stdout}"
    );
    assert!(
        stdout.contains("protections ending within 30 days (1):")
            && stdout.contains("from 2026-12-10 (22 days)"),
        "{stdout}"
    );
}

#[test]
fn a_protected_proposer_linked_to_a_partnership_naming_it_is_reported_at_the_link() {
    let site = Fixture::minimal();
    let company = "みどり総合サービス株式会社";
    site.write(
        "content/partnerships/park.yaml",
        &partnership("公園の清掃", "proposal: q\n").replace("見守りテック株式会社", company),
    );
    site.write(
        "content/proposals/q.yaml",
        &format!(
            "title: 公園の提案\nsummary: 公園に関する提案です。\nreceived_on: 2026-04-01\nroute: private-proposal\n\
             proposer:\n  name: {company}\n  kind: company\ndepartments: [みどり33推進担当部 公園緑地課]\nstatus: adopted\n\
             disclosure: {{reviewed: true, protected: [proposer.name]}}\n"
        ),
    );
    let error = site.build_error();
    assert!(
        error.contains("content/proposals/q.yaml") && error.contains("field `partnership`"),
        "{error}"
    );
    assert!(error.contains("public partner"), "{error}");
}
