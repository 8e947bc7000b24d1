//! The ways in for ward staff, as they use them: `kanmin template` writes a workbook, a clerk
//! fills it (openpyxl stands in for Excel), `kanmin import` turns it into records that
//! `build` publishes; bad workbooks are refused cell by cell with nothing written; `new`
//! writes a skeleton of every field; the JSON Schemas check files as the loader does.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{require_tool, Fixture, SAMPLE_DATE};

fn kanmin(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .args(args)
        .current_dir(root)
        .env("SOURCE_DATE_EPOCH", "1796083200") // 2026-12-01
        .env_remove("KANMIN_LANG")
        .output()
        .expect("kanmin runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A file of the project (not of the built site, which `Fixture::read` reads).
fn read(fixture: &Fixture, relative: &str) -> String {
    std::fs::read_to_string(fixture.root().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn openpyxl_available() -> bool {
    require_tool(
        "python3 openpyxl",
        Command::new("python3")
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success()),
    )
}

/// Fills `template` with `rows` (see tests/intake/fill.py) into `out`.
fn fill(template: &Path, rows: serde_json::Value, out: &Path) {
    let rows_path = out.with_extension("json");
    std::fs::write(&rows_path, serde_json::to_vec(&rows).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/intake/fill.py");
    let output = Command::new("python3")
        .arg(script)
        .args([template, &rows_path, out])
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{}", stderr(&output));
}

/// Every file under `dir` with its bytes: to show that a refused import changed nothing.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn template(fixture: &Fixture, kind: &str) -> PathBuf {
    let path = fixture.root().join(format!("{kind}-template.xlsx"));
    let output = kanmin(fixture.root(), &["template", kind, path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    path
}

#[test]
fn a_filled_template_becomes_published_records() {
    if !openpyxl_available() {
        return;
    }
    let fixture = Fixture::sample();
    let partnerships = template(&fixture, "partnerships");
    let filled = fixture.root().join("連携実績.xlsx");
    fill(
        &partnerships,
        serde_json::json!({
            "連携事例": [
                {"ID": "kaimono-shien", "名称": "買い物支援の移動販売", "概要": "移動販売車が団地を回り、\n高齢の方の買い物を支えます。",
                 "状態": "実施中", "パターン": "パターン2 広める", "連携の経緯": "民間提案型", "協定等の種別": "協定",
                 "締結日": {"date": "2026-06-15"}, "所管課": "経済産業部 商業課、高齢福祉部 高齢福祉課",
                 "区の負担額(円)": "１２０，０００円", "SDGsゴール": "3、11", "実施期間開始日": "令和8年7月1日", "実証実験提案制度": "いいえ"},
                {"ID": "toshokan-ai", "名称": "図書館の蔵書案内", "概要": "蔵書の案内を試します。", "状態": "準備中",
                 "パターン": "co-create", "連携の経緯": "テーマ設定型", "協定等の種別": "協定・覚書なし",
                 "締結日": "2026/9/1", "所管課": "教育委員会事務局 中央図書館", "区の関わり方": "協力\n後援"}
            ],
            "連携先": [
                {"ID": "kaimono-shien", "名称": "株式会社とくしまる世田谷", "種別": "企業"},
                {"ID": "toshokan-ai", "名称": "区内大学図書館研究会", "種別": "団体"}
            ],
            "成果指標": [
                {"ID": "kaimono-shien", "名称": "利用者数", "単位": "人", "目標値": 500}
            ]
        }),
        &filled,
    );
    let output = kanmin(
        fixture.root(),
        &["import", "partnerships", filled.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("新規 2 件"), "{}", stdout(&output));
    let record = read(&fixture, "content/partnerships/kaimono-shien.yaml");
    assert!(
        record.starts_with(
            "# yaml-language-server: $schema=../../docs/schemas/partnerships.schema.json\n"
        ),
        "{record}"
    );
    assert!(record.contains("ward_cost_yen: 120000\n"), "{record}");
    assert!(
        record.contains("period:\n  start: 2026-07-01\n"),
        "{record}"
    );
    assert!(
        record
            .contains("summary: |-\n  移動販売車が団地を回り、\n  高齢の方の買い物を支えます。\n"),
        "{record}"
    );
    assert!(fixture
        .root()
        .join("docs/schemas/partnerships.schema.json")
        .exists());

    // A proposal with its idea protected: imported, and the idea stays out of the site.
    let proposals = template(&fixture, "proposals");
    let filled = fixture.root().join("提案.xlsx");
    fill(
        &proposals,
        serde_json::json!({
            "提案": [
                {"ID": "ido-hanbai-teian", "名称": "移動販売の提案", "概要": "団地での移動販売の提案です。",
                 "受付日": {"date": "2026-05-01"}, "提案の経路": "民間提案型", "提案者名称": "株式会社とくしまる世田谷",
                 "提案者種別": "企業", "所管課": "経済産業部 商業課", "状態": "採用", "提案の内容": "冷蔵車の巡回経路を曜日ごとに最適化する独自の手法。",
                 "公開範囲の協議": "はい", "公開範囲の協議日": {"date": "2026-05-20"}, "非公開項目": "idea", "非公開の理由": "提案者のノウハウ保護のため"}
            ]
        }),
        &filled,
    );
    let output = kanmin(
        fixture.root(),
        &["import", "proposals", filled.to_str().unwrap()],
    );
    assert!(
        output.status.success(),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );

    fixture
        .build_on(SAMPLE_DATE)
        .expect("the imported records build");
    let page = fixture.read("partnerships/kaimono-shien/index.html");
    assert!(page.contains("買い物支援の移動販売"));
    assert!(page.contains("株式会社とくしまる世田谷"));
    let csv = fixture.read("data/partnerships.csv");
    let row = csv
        .lines()
        .find(|l| l.starts_with("kaimono-shien,") || l.contains(",kaimono-shien,"))
        .unwrap_or_else(|| panic!("no row for the import in {csv}"));
    assert!(row.contains("120000"), "{row}");
    let kpis = fixture.read("data/partnership_kpis.csv");
    assert!(kpis.contains("利用者数"), "{kpis}");
    assert!(fixture.exists("partnerships/toshokan-ai/index.html"));
    assert!(fixture.exists("proposals/ido-hanbai-teian/index.html"));
    for (path, bytes) in fixture.output_files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("冷蔵車の巡回経路"),
            "the protected idea reached {path}"
        );
    }
}

#[test]
fn a_bad_workbook_is_refused_cell_by_cell_and_nothing_is_written() {
    if !openpyxl_available() {
        return;
    }
    let fixture = Fixture::sample();
    let partnerships = template(&fixture, "partnerships");
    let before = tree(&fixture.root().join("content"));
    let filled = fixture.root().join("bad.xlsx");
    let valid = |id: &str| {
        serde_json::json!({"ID": id, "名称": "取組み", "概要": "概要です。", "状態": "実施中", "パターン": "パターン1 導入する",
            "連携の経緯": "民間提案型", "協定等の種別": "協定", "締結日": {"date": "2026-04-01"}, "所管課": "政策経営部 政策企画課"})
    };
    let mut date_as_text = valid("date-as-text");
    date_as_text["締結日"] = "来年4月ごろ".into();
    let mut unknown_label = valid("unknown-label");
    unknown_label["状態"] = "継続中".into();
    let mut empty_required = valid("empty-required");
    empty_required.as_object_mut().unwrap().remove("名称");
    let mut formula = valid("formula");
    formula["区の負担額(円)"] = serde_json::json!({"formula": "=1000*3"});
    let mut merged = valid("merged");
    merged["所管課"] = serde_json::json!({"value": "政策経営部 政策企画課", "merge_down": 1});
    let mut misspelt = valid("misspelt");
    misspelt["締結目"] = "2026-04-01".into();
    // The sample content has this partnership already.
    let existing = valid("akiya-matching");
    fill(
        &partnerships,
        serde_json::json!({
            "連携事例": [date_as_text, unknown_label, empty_required, formula, merged, valid("twice"), valid("twice"), misspelt, existing],
            "連携先": [
                {"ID": "date-as-text", "名称": "a", "種別": "企業"}, {"ID": "unknown-label", "名称": "a", "種別": "企業"},
                {"ID": "empty-required", "名称": "a", "種別": "企業"}, {"ID": "formula", "名称": "a", "種別": "企業"},
                {"ID": "merged", "名称": "a", "種別": "企業"}, {"ID": "twice", "名称": "a", "種別": "企業"},
                {"ID": "misspelt", "名称": "a", "種別": "企業"}, {"ID": "akiya-matching", "名称": "a", "種別": "企業"},
                {"ID": "nowhere", "名称": "a", "種別": "企業"}
            ]
        }),
        &filled,
    );
    let output = kanmin(fixture.root(), &["import", "partnerships", "bad.xlsx"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stderr(&output);
    let expect = [
        // Row 2: the first record row.
        "bad.xlsx: シート「連携事例」 2行 K列「締結日」: 来年4月ごろ は日付ではありません",
        "bad.xlsx: シート「連携事例」 3行 E列「状態」: 「継続中」は選択肢にありません",
        "bad.xlsx: シート「連携事例」 4行 B列「名称」: 必須の項目が空です",
        "bad.xlsx: シート「連携事例」 5行",
        "数式（=1000*3）は取り込めません",
        "セルが結合されています（",
        "bad.xlsx: シート「連携事例」 8行 A列「ID」: ID「twice」は bad.xlsx: シート「連携事例」 7行 にもあります",
        "「締結目」: 知らない見出しです。「締結日」のことですか？",
        "bad.xlsx: シート「連携事例」 10行 A列「ID」: content/partnerships/akiya-matching.yaml は既にあります。書き換えるには --update を付けてください",
        "bad.xlsx: シート「連携先」 10行 A列「ID」: ID「nowhere」の記録がシート「連携事例」にありません",
        "何も書き込んでいません",
    ];
    for line in expect {
        assert!(report.contains(line), "missing 「{line}」 in:\n{report}");
    }
    assert_eq!(
        tree(&fixture.root().join("content")),
        before,
        "content changed"
    );
}

#[test]
fn imported_records_are_checked_with_the_rest_of_the_content() {
    if !openpyxl_available() {
        return;
    }
    let fixture = Fixture::sample();
    let partnerships = template(&fixture, "partnerships");
    let before = tree(&fixture.root().join("content"));
    let filled = fixture.root().join("links.xlsx");
    fill(
        &partnerships,
        serde_json::json!({
            "連携事例": [{"ID": "bad-link", "名称": "取組み", "概要": "概要です。", "状態": "実施中", "パターン": "パターン1 導入する",
                "連携の経緯": "テーマ設定型", "協定等の種別": "協定", "締結日": {"date": "2026-04-01"}, "所管課": "政策経営部 政策企画課",
                "募集テーマID": "no-such-theme"}],
            "連携先": [{"ID": "bad-link", "名称": "a", "種別": "企業", "法人番号": "1234567890123"}]
        }),
        &filled,
    );
    let output = kanmin(fixture.root(), &["import", "partnerships", "links.xlsx"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stderr(&output);
    // The loader's and the validator's findings, at the cells they came from.
    assert!(
        report.contains("links.xlsx: シート「連携事例」 2行")
            && report.contains("「募集テーマID」: 項目 `theme`"),
        "{report}"
    );
    assert!(
        report.contains(
            "links.xlsx: シート「連携先」 2行 F列「法人番号」: 項目 `partners[0].corporate_number`"
        ),
        "{report}"
    );
    assert_eq!(tree(&fixture.root().join("content")), before);
}

#[test]
fn update_rewrites_only_the_fields_that_changed() {
    if !openpyxl_available() {
        return;
    }
    let fixture = Fixture::sample();
    let partnerships = template(&fixture, "partnerships");
    let row = serde_json::json!({"ID": "kosodate-hiroba", "名称": "子育てひろば", "概要": "親子の居場所です。", "状態": "実施中",
        "パターン": "パターン1 導入する", "連携の経緯": "民間提案型", "協定等の種別": "協定", "締結日": {"date": "2026-04-01"},
        "所管課": "子ども・若者部 子ども家庭課"});
    let partners =
        serde_json::json!([{"ID": "kosodate-hiroba", "名称": "NPO法人ひろば", "種別": "NPO法人"}]);
    let first = fixture.root().join("first.xlsx");
    fill(
        &partnerships,
        serde_json::json!({"連携事例": [row.clone()], "連携先": partners.clone()}),
        &first,
    );
    assert!(
        kanmin(fixture.root(), &["import", "partnerships", "first.xlsx"])
            .status
            .success()
    );
    // A clerk adds a comment and a staff note by hand.
    let path = "content/partnerships/kosodate-hiroba.yaml";
    let hand_edited = read(&fixture, path).replace(
        "status: active\n",
        "# 2026年度から拡充予定\nstatus: active\n",
    ) + "internal:\n  contact: 担当 山田\n";
    fixture.write(path, &hand_edited);

    let same = kanmin(
        fixture.root(),
        &["import", "partnerships", "first.xlsx", "--update"],
    );
    assert!(same.status.success(), "{}", stderr(&same));
    assert!(stdout(&same).contains("変更なし 1 件"), "{}", stdout(&same));
    assert_eq!(read(&fixture, path), hand_edited);

    let mut changed = row;
    changed["状態"] = "終了".into();
    let second = fixture.root().join("second.xlsx");
    fill(
        &partnerships,
        serde_json::json!({"連携事例": [changed], "連携先": partners}),
        &second,
    );
    let output = kanmin(
        fixture.root(),
        &["import", "partnerships", "second.xlsx", "--update"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("更新 1 件"), "{}", stdout(&output));
    assert_eq!(
        read(&fixture, path),
        hand_edited.replace("status: active\n", "status: completed\n")
    );
}

#[test]
fn csv_files_import_like_the_sheets_of_a_workbook() {
    let fixture = Fixture::sample();
    let header = "ID,名称,概要,状態,パターン,連携の経緯,協定等の種別,締結日,所管課\n";
    let record = "csv-kiroku,ＣＳＶの取組み,概要です。,実施中,パターン3 共に創る,その他,覚書,２０２６－０４－０１,政策経営部 政策企画課\n";
    // Excel's "CSV UTF-8" starts with a byte-order mark.
    let mut main = b"\xEF\xBB\xBF".to_vec();
    main.extend_from_slice(format!("{header}{record}").as_bytes());
    std::fs::write(fixture.root().join("連携実績.csv"), main).unwrap();
    // Excel's plain "CSV" on Japanese Windows is Shift_JIS.
    let (partners, _, _) =
        encoding_rs::SHIFT_JIS.encode("ID,名称,種別\ncsv-kiroku,株式会社しーえすぶい,企業\n");
    std::fs::write(fixture.root().join("連携実績_連携先.csv"), partners).unwrap();
    let output = kanmin(
        fixture.root(),
        &[
            "import",
            "partnerships",
            "連携実績.csv",
            "連携実績_連携先.csv",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let record = read(&fixture, "content/partnerships/csv-kiroku.yaml");
    assert!(
        record.contains("title: ＣＳＶの取組み\n"),
        "prose keeps its width: {record}"
    );
    assert!(record.contains("concluded_on: 2026-04-01\n"), "{record}");
    assert!(record.contains("pattern: co-create\n"), "{record}");
    assert!(
        record.contains("  - name: 株式会社しーえすぶい\n    kind: company\n"),
        "{record}"
    );
    fixture.build_on(SAMPLE_DATE).expect("builds");
}

#[test]
fn messages_speak_japanese_unless_english_is_asked_for() {
    let fixture = Fixture::sample();
    let check = kanmin(fixture.root(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("記録に誤りはありません（作成日 2026-12-01）"),
        "{}",
        stdout(&check)
    );
    assert!(
        stdout(&check).contains("公開しない記録（"),
        "{}",
        stdout(&check)
    );
    let english = kanmin(fixture.root(), &["--lang", "en", "check"]);
    assert!(
        stdout(&english).contains("content is valid (build date 2026-12-01)"),
        "{}",
        stdout(&english)
    );
    fixture.write(
        "content/partnerships/typo.yaml",
        &common::partnership("見守り", "").replace("summary:", "sumary:"),
    );
    let failed = kanmin(fixture.root(), &["build"]);
    assert_eq!(failed.status.code(), Some(1));
    let report = stderr(&failed);
    assert!(
        report.contains("エラー: 知らない項目 `sumary` です"),
        "{report}"
    );
    assert!(
        report.contains("content/partnerships/typo.yaml:2:1"),
        "{report}"
    );
    assert!(report.contains("ビルドできませんでした。"), "{report}");
    let failed = kanmin(fixture.root(), &["--lang", "en", "build"]);
    assert!(
        stderr(&failed).contains("error: unknown field `sumary`, expected one of"),
        "{}",
        stderr(&failed)
    );

    let japanese = kanmin(fixture.root(), &["import", "partnerships", "missing.xlsx"]);
    assert!(
        stderr(&japanese).contains("を読み込めません"),
        "{}",
        stderr(&japanese)
    );
    let english = kanmin(
        fixture.root(),
        &["--lang", "en", "import", "partnerships", "missing.xlsx"],
    );
    assert!(
        stderr(&english).contains("cannot read missing.xlsx"),
        "{}",
        stderr(&english)
    );
    let by_variable = Command::new(env!("CARGO_BIN_EXE_kanmin"))
        .args(["new", "partnership", "BAD ID"])
        .current_dir(fixture.root())
        .env("KANMIN_LANG", "en")
        .output()
        .unwrap();
    assert!(
        stderr(&by_variable).contains("cannot be an id"),
        "{}",
        stderr(&by_variable)
    );
    let unknown = kanmin(fixture.root(), &["template", "contracts", "x.xlsx"]);
    assert!(
        stderr(&unknown).contains("partnerships, themes, proposals, soundings"),
        "{}",
        stderr(&unknown)
    );
}

/// Every field of the kind is in the skeleton; with every `#` of a commented-out field
/// removed, the file loads as a record, so the skeleton and the loader agree on the fields.
#[test]
fn new_writes_a_skeleton_of_every_field() {
    for kind in ["partnerships", "themes", "proposals", "soundings"] {
        let fixture = Fixture::sample();
        let output = kanmin(fixture.root(), &["new", kind, "sample-new"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let path = format!("content/{kind}/sample-new.yaml");
        let skeleton = read(&fixture, &path);
        let form = kanmin::intake::fields::form(kanmin::intake::fields::kind_named(kind).unwrap());
        for sheet in &form.sheets {
            for column in sheet
                .columns
                .iter()
                .filter(|c| c.path != "id" && c.path != "order")
            {
                assert!(
                    skeleton.contains(&format!("# {}", column.header)),
                    "{kind}: no 「{}」 in\n{skeleton}",
                    column.header
                );
            }
        }
        // As written, the skeleton is a valid record.
        let check = kanmin(fixture.root(), &["check"]);
        assert!(check.status.success(), "{kind}: {}", stderr(&check));
        // Every field brought in.
        let everything: String = skeleton
            .lines()
            .map(|line| match line.strip_prefix('#') {
                Some(rest) if !rest.starts_with(' ') && !rest.is_empty() => format!("{rest}\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        let site = kanmin::content::decode(
            Path::new("site.yaml"),
            read(&fixture, "content/site.yaml").into_bytes(),
        )
        .unwrap();
        let mut content = kanmin::content::from_site(site).unwrap();
        let source =
            kanmin::content::decode(Path::new(&path), everything.clone().into_bytes()).unwrap();
        kanmin::content::add_record(&mut content, kind, "sample-new", source)
            .unwrap_or_else(|d| panic!("{kind}: {d}\n{everything}"));
        let again = kanmin(fixture.root(), &["new", kind, "sample-new"]);
        assert_eq!(again.status.code(), Some(1));
        assert!(stderr(&again).contains("既にあります"));
    }
}

#[test]
fn the_schemas_in_docs_are_the_ones_kanmin_writes() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas");
    for (name, bytes) in kanmin::intake::schema::files() {
        let kept = std::fs::read(docs.join(&name)).unwrap_or_default();
        assert!(
            kept == bytes,
            "docs/schemas/{name} is out of date: run `cargo run -- schema docs/schemas`"
        );
    }
}

/// yaml-language-server reads the same schemas an editor uses; check-jsonschema stands in
/// for it: the sample content passes, broken records fail where the loader fails them.
#[test]
fn the_sample_content_passes_its_schemas_and_broken_records_fail() {
    let available = Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !require_tool("check-jsonschema", available) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schemas = root.join("docs/schemas");
    let check = |schema: &str, files: &[PathBuf]| {
        Command::new("check-jsonschema")
            .arg("--schemafile")
            .arg(schemas.join(schema))
            .args(files)
            .output()
            .unwrap()
    };
    for kind in ["partnerships", "themes", "proposals", "soundings"] {
        let files: Vec<PathBuf> = std::fs::read_dir(root.join("content").join(kind))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        let output = check(&format!("{kind}.schema.json"), &files);
        assert!(output.status.success(), "{kind}: {}", stdout(&output));
    }
    let site = check("site.schema.json", &[root.join("content/site.yaml")]);
    assert!(site.status.success(), "{}", stdout(&site));

    let fixture = Fixture::minimal();
    // Each a valid partnership with one mistake: (what was right, what was typed).
    let broken = [
        ("title:", "titel:", "'titel' was unexpected"),
        ("status: active", "status: actve", "'actve' is not one of"),
        (
            "concluded_on: 2026-05-01",
            "concluded_on: 2025-13-01",
            "does not match",
        ),
        (
            "departments:",
            "sdgs: [18]\ndepartments:",
            "18 is greater than the maximum of 17",
        ),
        (
            "departments:",
            "disclosure:\n  protected: [secret]\ndepartments:",
            "'secret' does not match",
        ),
    ];
    for (i, (right, typed, expected)) in broken.iter().enumerate() {
        let text = common::partnership("見守り", "");
        assert!(text.contains(right), "{right}");
        let relative = format!("content/partnerships/broken-{i}.yaml");
        fixture.write(&relative, &text.replacen(right, typed, 1));
        let output = check(
            "partnerships.schema.json",
            &[fixture.root().join(&relative)],
        );
        assert!(!output.status.success(), "{typed} passed");
        assert!(
            stdout(&output).contains(expected),
            "{typed}: {}",
            stdout(&output)
        );
    }
    let valid = fixture.root().join("content/partnerships/valid.yaml");
    std::fs::write(&valid, common::partnership("見守り", "")).unwrap();
    assert!(check("partnerships.schema.json", &[valid]).status.success());
}
