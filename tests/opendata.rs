//! Open data under /data/: parity with the pages, the CSV rules, the workbooks, nothing
//! withheld in any format, and the external validators (frictionless, check-datapackage,
//! rdflib, pyshacl with the DCAT-AP 3.0.1 shapes, ckanext-dcat, jsonschema) on the real output.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{partnership, proposal, require_tool, runs, Fixture};

const KINDS: [&str; 4] = ["partnerships", "themes", "proposals", "soundings"];
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn json(fixture: &Fixture, kind: &str) -> serde_json::Value {
    serde_json::from_str(&fixture.read(&format!("data/{kind}.json"))).expect("valid JSON")
}

/// (header, rows) of a CSV file (`partnerships`, `partnership_partners`), after checking it
/// starts with a BOM.
fn csv(fixture: &Fixture, kind: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(fixture.output().join(format!("data/{kind}.csv"))).unwrap();
    assert!(bytes.starts_with(BOM), "{kind}.csv starts with a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let index = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[index].as_str()).collect()
}

fn record<'a>(data: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    data["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

/// Ids of the detail pages of a kind: `<kind>/<id>/index.html`, not list pages.
fn page_ids(fixture: &Fixture, kind: &str) -> BTreeSet<String> {
    fixture
        .output_files()
        .into_iter()
        .filter_map(|(path, _)| {
            let rest = path
                .strip_prefix(&format!("{kind}/"))?
                .strip_suffix("/index.html")?;
            (!rest.contains('/') && rest != "page").then(|| rest.to_string())
        })
        .collect()
}

#[test]
fn json_csv_and_pages_hold_the_same_records() {
    let fixture = Fixture::sample();
    fixture.built();
    for kind in KINDS {
        let data = json(&fixture, kind);
        let json_ids: BTreeSet<String> = data["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
        let (header, rows) = csv(&fixture, kind);
        let csv_ids: BTreeSet<String> = column(&header, &rows, "ID")
            .into_iter()
            .map(str::to_string)
            .collect();
        let pages = page_ids(&fixture, kind);
        assert!(!pages.is_empty(), "{kind} has pages");
        assert_eq!(json_ids, pages, "{kind}: JSON and pages");
        assert_eq!(csv_ids, pages, "{kind}: CSV and pages");
        assert_eq!(data["count"], pages.len());
        for r in data["records"].as_array().unwrap() {
            let id = r["id"].as_str().unwrap();
            assert_eq!(r["url"], format!("https://example.org/colab/{kind}/{id}/"));
        }
    }
}

/// Stems of every CSV file the build wrote.
fn csv_files(fixture: &Fixture) -> Vec<String> {
    fixture
        .output_files()
        .into_iter()
        .filter_map(|(path, _)| {
            Some(
                path.strip_prefix("data/")?
                    .strip_suffix(".csv")?
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn csv_follows_the_machine_readability_rules() {
    let fixture = Fixture::sample();
    fixture.built();
    let files = csv_files(&fixture);
    for name in &files {
        let bytes = std::fs::read(fixture.output().join(format!("data/{name}.csv"))).unwrap();
        let text = std::str::from_utf8(&bytes[BOM.len()..]).unwrap();
        let (header, rows) = csv(&fixture, name);
        // One record per line: no line break inside any cell, and no list joined in a cell.
        assert_eq!(
            text.matches("\r\n").count(),
            rows.len() + 1,
            "{name}: one line per row"
        );
        assert_eq!(
            text.matches('\n').count(),
            rows.len() + 1,
            "{name}: no bare line feeds"
        );
        assert!(rows
            .iter()
            .flatten()
            .all(|cell| !cell.contains(['\n', '\r'])));
        assert!(rows.iter().all(|r| r.len() == header.len()));
        if !KINDS.contains(&name.as_str()) {
            assert_eq!(
                header[..2],
                ["ID", "番号"],
                "{name}: a child table is keyed by the record's ID"
            );
            let (_, parent_rows) = csv(&fixture, &format!("{}s", name.split('_').next().unwrap()));
            let parents: BTreeSet<&str> = parent_rows.iter().map(|r| r[1].as_str()).collect();
            assert!(
                rows.iter().all(|r| parents.contains(r[0].as_str())),
                "{name}: every row belongs to a record"
            );
        }
    }
    for kind in KINDS {
        let (header, rows) = csv(&fixture, kind);
        assert_eq!(
            header[..3],
            ["全国地方公共団体コード", "ID", "地方公共団体名"]
        );
        assert!(column(&header, &rows, "全国地方公共団体コード")
            .iter()
            .all(|c| *c == "131121"));
        assert!(column(&header, &rows, "地方公共団体名")
            .iter()
            .all(|c| *c == "世田谷区"));
    }
    for table in [
        "partnership_partners",
        "partnership_kpis",
        "partnership_documents",
        "theme_documents",
        "sounding_documents",
    ] {
        assert!(
            files.contains(&table.to_string()),
            "{table}.csv is written: {files:?}"
        );
    }
    // The sample's partnerships list several partners: one row each, numbered in order.
    let (header, rows) = csv(&fixture, "partnership_partners");
    let data = json(&fixture, "partnerships");
    let expected: usize = data["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partners"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), expected);
    let numbers = column(&header, &rows, "法人番号");
    assert!(
        numbers.iter().any(|n| !n.is_empty())
            && numbers
                .iter()
                .all(|n| n.is_empty() || (n.len() == 13 && n.chars().all(|c| c.is_ascii_digit()))),
        "{numbers:?}"
    );
    let (header, rows) = csv(&fixture, "partnerships");
    let is_iso_date = |d: &str| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-';
    assert!(column(&header, &rows, "締結日")
        .iter()
        .all(|d| is_iso_date(d)));
    let costs = column(&header, &rows, "区の負担額(円)");
    assert!(
        costs.iter().any(|c| !c.is_empty()),
        "the sample has ward costs"
    );
    assert!(
        costs
            .iter()
            .all(|c| c.chars().all(|ch| ch.is_ascii_digit())),
        "digits only: {costs:?}"
    );
    let patterns = column(&header, &rows, "パターン");
    let codes = column(&header, &rows, "パターン(コード)");
    for (label, code) in patterns.iter().zip(codes) {
        let expected = match code {
            "introduce" => "パターン1 導入する",
            "spread" => "パターン2 広める",
            "co-create" => "パターン3 共に創る",
            other => panic!("unknown pattern code {other}"),
        };
        assert_eq!(*label, expected);
    }
}

#[test]
fn formulas_are_neutralised_in_csv_text_and_kept_exact_in_json() {
    let fixture = Fixture::sample();
    fixture.write(
        "content/partnerships/formula.yaml",
        &partnership(
            "\"=HYPERLINK(\\\"https://evil.example/\\\",\\\"詳細\\\")\"",
            "ward_cost_yen: 500000\nbody: |\n  一行目です。\n  二行目です。\npolicy_areas: [\"@福祉\", \"-防災\"]\n",
        ),
    );
    fixture.built();
    let title = "=HYPERLINK(\"https://evil.example/\",\"詳細\")";
    let data = json(&fixture, "partnerships");
    let record = record(&data, "formula");
    assert_eq!(record["title"], title, "JSON keeps the exact value");
    assert_eq!(record["body"], "一行目です。\n二行目です。\n");
    assert_eq!(
        record["policy_areas"],
        serde_json::json!(["@福祉", "-防災"])
    );
    assert_eq!(record["ward_cost_yen"], 500000);

    let (header, rows) = csv(&fixture, "partnerships");
    let at = column(&header, &rows, "ID")
        .iter()
        .position(|id| *id == "formula")
        .unwrap();
    let cell = |name: &str| column(&header, &rows, name)[at].to_string();
    assert_eq!(cell("名称"), format!("'{title}"));
    let (area_header, area_rows) = csv(&fixture, "partnership_policy_areas");
    let areas: Vec<Vec<&str>> = area_rows
        .iter()
        .filter(|r| r[0] == "formula")
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(area_header, ["ID", "番号", "施策分野"]);
    assert_eq!(
        areas,
        [["formula", "1", "'@福祉"], ["formula", "2", "'-防災"]],
        "one value per cell, each neutralised"
    );
    assert_eq!(cell("詳細"), "一行目です。 二行目です。");
    assert_eq!(
        cell("区の負担額(円)"),
        "500000",
        "numbers are not neutralised"
    );
    assert_eq!(cell("締結日"), "2026-05-01", "dates are not neutralised");
}

const SECRET_TITLE: &str = "未協議の秘密提案タイトルです";
const SECRET_SUMMARY: &str = "まだ公開範囲を協議していない提案の概要文です";
const SECRET_IDEA: &str = "独自開発の需要予測アルゴリズムで配車を最適化する仕組み";
const SECRET_PROPOSER: &str = "極秘ノウハウ株式会社";
const SECRET_NOTE: &str = "担当者メモ：予算要求の見込みはまだ立っていません";

fn fixture_with_withheld_data() -> Fixture {
    let fixture = Fixture::sample();
    fixture.write(
        "content/proposals/unreviewed.yaml",
        &proposal(SECRET_TITLE, "")
            .replace("地域の見守りに関する提案です。", SECRET_SUMMARY)
            .replace("提案テック株式会社", "未協議テック株式会社"),
    );
    fixture.write(
        "content/proposals/protected.yaml",
        &format!(
            "{}idea: {SECRET_IDEA}\ninternal:\n  memo: {SECRET_NOTE}\ndisclosure:\n  reviewed: true\n  reviewed_on: 2026-07-01\n  protected: [idea, proposer.name]\n",
            proposal("公開する提案", "").replace("提案テック株式会社", SECRET_PROPOSER)
        ),
    );
    fixture.write(
        "content/partnerships/linked-partnership.yaml",
        &partnership("未協議の提案から生まれた連携", "proposal: unreviewed\n"),
    );
    fixture
}

#[test]
fn withheld_records_fields_and_notes_are_in_no_data_file() {
    let fixture = fixture_with_withheld_data();
    fixture.built();
    let files = fixture.output_files();
    assert!(files.iter().any(|(p, _)| p == "data/proposals.csv"));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for secret in [
            SECRET_TITLE,
            SECRET_SUMMARY,
            SECRET_IDEA,
            SECRET_PROPOSER,
            SECRET_NOTE,
            "未協議テック株式会社",
        ] {
            assert!(
                !text.contains(secret),
                "{path} contains withheld text {secret}"
            );
        }
        assert!(
            !text.contains("unreviewed"),
            "{path} mentions the unreviewed proposal's id"
        );
    }

    let proposals = json(&fixture, "proposals");
    let published = record(&proposals, "protected");
    assert!(published["idea"].is_null());
    assert!(published["proposer"]["name"].is_null());
    assert_eq!(published["proposer"]["kind"], "company");
    // A protected name withholds what identifies it as well.
    assert_eq!(
        published["withheld_fields"],
        serde_json::json!([
            "idea",
            "proposer.name",
            "proposer.corporate_number",
            "proposer.url"
        ])
    );
    assert!(published["proposer"]["corporate_number"].is_null());
    let (header, rows) = csv(&fixture, "proposals");
    let ids = column(&header, &rows, "ID");
    let at = ids.iter().position(|id| *id == "protected").unwrap();
    assert_eq!(column(&header, &rows, "提案の内容")[at], "");
    assert_eq!(column(&header, &rows, "提案者名称")[at], "");
    let (_, withheld) = csv(&fixture, "proposal_withheld_fields");
    let withheld: Vec<&str> = withheld
        .iter()
        .filter(|r| r[0] == "protected")
        .map(|r| r[2].as_str())
        .collect();
    assert_eq!(
        withheld,
        [
            "idea",
            "proposer.name",
            "proposer.corporate_number",
            "proposer.url"
        ]
    );
    // The workbook, unzipped: no withheld text in any of its parts.
    for (entry, text) in xlsx_entries(&fixture, "proposals") {
        for secret in [
            SECRET_TITLE,
            SECRET_SUMMARY,
            SECRET_IDEA,
            SECRET_PROPOSER,
            SECRET_NOTE,
            "未協議テック株式会社",
            "unreviewed",
        ] {
            assert!(
                !text.contains(secret),
                "proposals.xlsx {entry} contains withheld text {secret}"
            );
        }
    }
    assert!(
        xlsx_entries(&fixture, "proposals")
            .iter()
            .any(|(_, text)| text.contains("公開する提案")),
        "the workbook holds the published proposal"
    );

    let partnerships = json(&fixture, "partnerships");
    assert!(record(&partnerships, "linked-partnership")["proposal"].is_null());
}

#[test]
fn a_control_character_in_a_published_text_fails_the_build() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/nul.yaml",
        &partnership("制御文字を含む連携", "outcomes: \"効果\\0の検証\"\n"),
    );
    let error = fixture.build_error();
    assert!(error.contains("content/partnerships/nul.yaml"), "{error}");
    assert!(
        error.contains("outcomes") && error.contains("U+0000"),
        "{error}"
    );
}

#[test]
fn markdown_is_plain_text_in_csv_and_kept_in_json() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/md.yaml",
        &partnership("書式つきの連携", "outcomes: |\n  ## 成果\n  **参加者**が[増えました](https://example.org/)。\npolicy_areas: [\"防災;減災\"]\n"),
    );
    fixture.built();
    let (header, rows) = csv(&fixture, "partnerships");
    assert_eq!(
        column(&header, &rows, "効果の検証"),
        ["成果 参加者が増えました。"]
    );
    assert_eq!(
        record(&json(&fixture, "partnerships"), "md")["outcomes"],
        "## 成果\n**参加者**が[増えました](https://example.org/)。\n"
    );
    let (_, areas) = csv(&fixture, "partnership_policy_areas");
    assert_eq!(
        areas,
        [["md", "1", "防災;減災"]],
        "a semicolon is just text in its own cell"
    );
}

/// Every entry of a workbook: (name, text).
fn xlsx_entries(fixture: &Fixture, kind: &str) -> Vec<(String, String)> {
    let bytes = std::fs::read(fixture.output().join(format!("data/{kind}.xlsx"))).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).unwrap();
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut text).unwrap();
            (
                entry.name().to_string(),
                String::from_utf8_lossy(&text).into_owned(),
            )
        })
        .collect()
}

#[test]
fn workbooks_are_stored_and_dated_the_build_date() {
    let fixture = Fixture::sample();
    fixture.built();
    for kind in KINDS {
        let bytes = std::fs::read(fixture.output().join(format!("data/{kind}.xlsx"))).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for index in 0..archive.len() {
            let entry = archive.by_index(index).unwrap();
            assert_eq!(
                entry.compression(),
                zip::CompressionMethod::Stored,
                "{kind}.xlsx {}",
                entry.name()
            );
            let time = entry.last_modified().unwrap();
            assert_eq!(
                (time.year(), time.month(), time.day()),
                (2026, 11, 30),
                "{kind}.xlsx {}",
                entry.name()
            );
        }
        let core = xlsx_entries(&fixture, kind)
            .into_iter()
            .find(|(name, _)| name == "docProps/core.xml")
            .unwrap()
            .1;
        assert!(core.contains("2026-11-30T00:00:00Z"), "{core}");
    }
}

#[test]
fn data_page_lists_every_file_with_its_size_and_columns() {
    let fixture = Fixture::sample();
    fixture.built();
    let page = fixture.read("data/index.html");
    let files = fixture.output_files();
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.starts_with("data/") && p != "data/index.html")
    {
        let name = path.strip_prefix("data/").unwrap();
        assert!(page.contains(name), "the page links {name}");
        let size = kanmin::render::opendata::human_size(bytes.len());
        assert!(
            page.contains(&size),
            "the page gives the size of {name}: {size}"
        );
    }
    for name in csv_files(&fixture) {
        let (header, _) = csv(&fixture, &name);
        for column in header {
            assert!(
                page.contains(&format!("<th scope=row>{column}</th>"))
                    || page.contains(&format!("<th scope=\"row\">{column}</th>")),
                "{name}: column {column} on the page"
            );
        }
    }
    // The note for consumers of the earlier files: where a joined column went.
    assert!(
        page.contains("連携先名称、連携先種別(コード)") || page.contains("連携先名称、連携先種別"),
        "the page lists the old partner columns"
    );
    assert!(
        page.contains("partnership_partners.csvの名称"),
        "and where they are now"
    );
    for words in [
        "UTF-8（BOM付き）",
        "サイト更新のたびに再生成",
        "出典",
        "CC BY 4.0",
        "表計算ソフトで見たり集計したりするときはExcel形式",
        "以前のCSVからの変更点",
    ] {
        assert!(page.contains(words), "the page says {words}");
    }
}

#[test]
fn data_files_are_byte_identical_across_builds() {
    let fixture = Fixture::sample();
    fixture.built();
    let first: Vec<_> = fixture
        .output_files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("data/"))
        .collect();
    fixture.built();
    let second: Vec<_> = fixture
        .output_files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("data/"))
        .collect();
    assert_eq!(first, second);
}

#[test]
fn frictionless_validates_the_data_package() {
    if !require_tool("frictionless", runs("frictionless", &["--version"])) {
        return;
    }
    let fixture = fixture_with_withheld_data();
    fixture.built();
    let package = fixture.output().join("data/datapackage.json");
    let output = Command::new("frictionless")
        .arg("validate")
        .arg(&package)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "frictionless validate failed:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let descriptor: serde_json::Value =
        serde_json::from_str(&fixture.read("data/datapackage.json")).unwrap();
    let resources = descriptor["resources"].as_array().unwrap().len();
    let ocds_packages = fixture
        .output_files()
        .iter()
        .filter(|(path, _)| path.starts_with("data/ocds/"))
        .count();
    assert_eq!(ocds_packages, 2, "the sample site sets an ocid prefix");
    assert_eq!(
        resources,
        csv_files(&fixture).len() + KINDS.len() + ocds_packages,
        "every CSV file, workbook and OCDS package is a resource"
    );
    assert_eq!(
        report.matches("VALID").count() - report.matches("INVALID").count(),
        resources,
        "{report}"
    );
}

/// Runs a Python script with the output folder as its argument; fails with its output.
fn python(fixture: &Fixture, script: &str) {
    python_with("python3", fixture, script);
}

/// `python` with another interpreter (a validator's own environment).
fn python_with(program: &str, fixture: &Fixture, script: &str) {
    let output = Command::new(program)
        .arg("-c")
        .arg(script)
        .arg(fixture.output())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python check failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn catalogue_parses_as_rdf_with_the_properties_harvesters_need() {
    if !require_tool("python3 rdflib", runs("python3", &["-c", "import rdflib"])) {
        return;
    }
    let fixture = Fixture::sample();
    fixture.built();
    python(&fixture, CATALOGUE_CHECK);
}

const CATALOGUE_CHECK: &str = r#"
import sys, rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, RDF
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
out = sys.argv[1] + "/data/"
graph = rdflib.Graph().parse(out + "catalog.jsonld", format="json-ld")
turtle = rdflib.Graph().parse(out + "catalog.ttl", format="turtle")
assert isomorphic(graph, turtle), "JSON-LD and Turtle differ"
def one(s, p):
    values = list(graph.objects(s, p))
    assert values, f"{s} has no {p}"
    return values[0]
catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
assert len(catalogs) == 1, catalogs
catalog = catalogs[0]
one(catalog, DCT.title); one(catalog, DCT.description)
publisher = one(catalog, DCT.publisher)
assert (publisher, RDF.type, FOAF.Agent) in graph
assert str(one(publisher, FOAF.name)) == "世田谷区"
datasets = list(graph.objects(catalog, DCAT.dataset))
assert len(datasets) == 4, datasets
sizes = {}
for dataset in datasets:
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    for p in (DCT.title, DCT.description, DCT.publisher, DCAT.keyword, DCT.modified):
        one(dataset, p)
    assert str(one(dataset, DCT.license)) == "https://creativecommons.org/licenses/by/4.0/"
    contact = one(dataset, DCAT.contactPoint)
    one(contact, VCARD.fn); one(contact, VCARD.hasEmail)
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) >= 3, distributions
    for d in distributions:
        for p in (DCAT.accessURL, DCT.format):
            one(d, p)
        assert str(one(d, DCAT.mediaType)).startswith("https://www.iana.org/assignments/media-types/")
        url = str(one(d, DCAT.downloadURL))
        sizes[url] = int(one(d, DCAT.byteSize))
import os
for url, size in sizes.items():
    path = out + url.split("/data/", 1)[1]
    assert os.path.getsize(path) == size, (url, size, os.path.getsize(path))
files = {f for f in os.listdir(out) if f.endswith((".csv", ".xlsx", ".json")) and f != "datapackage.json"}
files |= {"ocds/" + f for f in os.listdir(out + "ocds")}
assert len(files) > 2 and any(f.startswith("ocds/") for f in files), files
assert {url.split("/data/", 1)[1] for url in sizes} == files, (sorted(sizes), sorted(files))
"#;

#[test]
fn json_files_match_their_json_schemas() {
    if !require_tool(
        "python3 jsonschema",
        runs("python3", &["-c", "import jsonschema"]),
    ) {
        return;
    }
    let fixture = fixture_with_withheld_data();
    fixture.built();
    python(&fixture, JSON_SCHEMA_CHECK);
}

const JSON_SCHEMA_CHECK: &str = r#"
import sys, json
from jsonschema import Draft202012Validator
out = sys.argv[1] + "/data/"
for kind in ["partnerships", "themes", "proposals", "soundings"]:
    schema = json.load(open(f"{out}schema/{kind}.schema.json", encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = json.load(open(f"{out}{kind}.json", encoding="utf-8"))
    assert data["records"], kind
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{kind}: {list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, "\n".join(errors[:10])
    broken = dict(data, records=[dict(data["records"][0], surprise=1)])
    assert list(validator.iter_errors(broken)), f"{kind}: the schema must reject unknown keys"
"#;

/// A validator found by an environment variable (CI points it into its own virtual
/// environment, check-datapackage needing a newer Python than the system's) or on PATH.
fn tool(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_string())
}

#[test]
fn check_datapackage_accepts_the_package_strictly() {
    let program = tool("KANMIN_CHECK_DATAPACKAGE", "check-datapackage");
    if !require_tool("check-datapackage", runs(&program, &["--version"])) {
        return;
    }
    let fixture = fixture_with_withheld_data();
    fixture.built();
    let package = fixture.output().join("data/datapackage.json");
    let output = Command::new(&program)
        .arg("check")
        .arg("--strict")
        .arg(&package)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && report.contains("All checks passed"),
        "check-datapackage:\n{report}"
    );
    let descriptor: serde_json::Value =
        serde_json::from_str(&fixture.read("data/datapackage.json")).unwrap();
    assert_eq!(
        descriptor["$schema"],
        "https://datapackage.org/profiles/2.0/datapackage.json"
    );
    for resource in descriptor["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["format"] == "csv")
    {
        assert_eq!(resource["type"], "table");
        assert_eq!(resource["encoding"], "utf-8");
    }
}

#[test]
fn catalogue_conforms_to_the_dcat_ap_shapes() {
    if !require_tool(
        "python3 pyshacl",
        runs("python3", &["-c", "import pyshacl"]),
    ) {
        return;
    }
    let fixture = Fixture::sample();
    fixture.built();
    python(&fixture, SHACL_CHECK);
}

/// The shapes are in ../shared (see its README), beside the checkout.
const SHACL_CHECK: &str = r##"
import sys, os, rdflib, pyshacl
from rdflib.namespace import SH
shapes_dir = os.path.join(os.path.dirname(os.path.abspath(os.getcwd())), "shared", "dcat-ap-3.0.1")
data = rdflib.Graph().parse(sys.argv[1] + "/data/catalog.ttl", format="turtle")
def results(*files):
    shapes = rdflib.Graph()
    for f in files:
        shapes.parse(os.path.join(shapes_dir, f), format="turtle")
    _, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return [(str(report.value(r, SH.resultSeverity)).split("#")[-1], str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
            for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)]
found = results("shapes.ttl", "range.ttl")
assert not found, found
# What the content cannot answer: when the catalogue was first issued, and the ward's
# geometry (site.yaml has neither).
unanswerable = {"http://purl.org/dc/terms/issued", "http://www.w3.org/ns/dcat#bbox", "http://www.w3.org/ns/dcat#centroid"}
warnings = results("shapes_recommended.ttl")
assert warnings and all(path in unanswerable for _, _, path in warnings), warnings
"##;

#[test]
fn ckan_harvests_the_catalogue_with_ckanext_dcat() {
    let python_program = tool("KANMIN_CKAN_PYTHON", "python3");
    if !require_tool(
        "ckanext-dcat",
        runs(&python_program, &["-c", "import ckanext.dcat.processors"]),
    ) {
        return;
    }
    let fixture = Fixture::sample();
    fixture.built();
    python_with(&python_program, &fixture, CKAN_CHECK);
}

/// ckanext-dcat's own parser and DCAT-AP 3 profile, as its harvester runs them; no CKAN
/// database is involved in parsing.
const CKAN_CHECK: &str = r##"
import sys, os, re, json
from ckantoolkit import config
from ckanext.dcat.processors import RDFParser
out = sys.argv[1] + "/data/"

def harvest(locale):
    # ckanext-dcat takes the title in the portal's default language when there is one.
    config["ckan.locale_default"] = locale
    parser = RDFParser(profiles=["euro_dcat_ap_3"])
    parser.parse(open(out + "catalog.ttl", encoding="utf-8").read(), _format="turtle")
    return {d["title"]: d for d in parser.datasets()}

# A Japanese portal (data.go.jp runs CKAN in Japanese) harvests the Japanese titles, an
# English one the English titles; the rest is checked as the English one reads it (the
# licence is recognised by its English register title).
japanese = {"連携事例（世田谷区）", "テーマ設定型 募集テーマ（世田谷区）", "提案（世田谷区）",
            "サウンディング型市場調査（世田谷区）"}
assert set(harvest("ja")) == japanese, sorted(harvest("ja"))
datasets = harvest("en")
titles = {"Partnerships (Setagaya City)": "partnerships",
          "Theme-based calls for proposals (Setagaya City)": "themes",
          "Proposals (Setagaya City)": "proposals", "Market soundings (Setagaya City)": "soundings"}
assert set(datasets) == set(titles), sorted(datasets)
files = sorted(os.listdir(out))
for title, kind in titles.items():
    d = datasets[title]
    assert d["license_id"] == "cc-by", d["license_id"]
    extras = {e["key"]: e["value"] for e in d["extras"]}
    assert re.fullmatch(r"[a-z0-9_-]{2,100}", extras["identifier"]), extras["identifier"]
    urls = {r["url"]: r for r in d["resources"]}
    singular = kind[:-1]
    expected = {f for f in files if f in (kind + ".csv", kind + ".json", kind + ".xlsx") or f.startswith(singular + "_")}
    if kind == "partnerships":
        # The sample site sets an ocid prefix: its OCDS packages are distributions too.
        expected |= {"ocds/" + f for f in os.listdir(out + "ocds")}
    assert {u.split("/data/", 1)[1] for u in urls} == expected, (sorted(urls), sorted(expected))
    for url, r in urls.items():
        want = {"csv": ("CSV", "text/csv"), "json": ("JSON", "application/json"),
                "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}[url.rsplit(".", 1)[1]]
        assert (r["format"], r["mimetype"]) == want, (url, r["format"], r["mimetype"])
        assert r["download_url"] == url and r["name"], r
"##;

#[test]
fn workbooks_hold_the_csv_tables_with_typed_cells() {
    if !require_tool(
        "python3 openpyxl",
        runs("python3", &["-c", "import openpyxl"]),
    ) {
        return;
    }
    let fixture = Fixture::sample();
    fixture.write(
        "content/partnerships/leading-zero.yaml",
        &partnership("北海道の団体との連携", "ward_cost_yen: 1234567\n"),
    );
    // Longer than an Excel cell may be: the workbook cuts it and says so, the CSV keeps it.
    fixture.write(
        "content/partnerships/long.yaml",
        &partnership(
            "長い説明の連携",
            &format!("body: {}\n", "長い説明です。".repeat(6000)),
        ),
    );
    fixture.built();
    python(&fixture, WORKBOOK_CHECK);
}

/// Every sheet equals its CSV file cell by cell (same definitions), with the types a CSV
/// cannot carry.
const WORKBOOK_CHECK: &str = r##"
import sys, csv, datetime, os, openpyxl
out = sys.argv[1] + "/data/"
csv.field_size_limit(1 << 24)
cut = 0
for kind in ["partnerships", "themes", "proposals", "soundings"]:
    book = openpyxl.load_workbook(out + kind + ".xlsx")
    description = book[book.sheetnames[-1]]
    assert book.sheetnames[-1] == "項目の説明", book.sheetnames
    described = {}
    for row in description.iter_rows(min_row=2, values_only=True):
        described.setdefault(row[1], []).append(row[2])
    tables = [f[:-4] for f in sorted(os.listdir(out)) if f.endswith(".csv") and (f == kind + ".csv" or f.startswith(kind[:-1] + "_"))]
    assert sorted(described) == sorted(t + ".csv" for t in tables), (sorted(described), tables)
    for sheet_name, file in zip(book.sheetnames[:-1], [r for r in dict.fromkeys(r[1] for r in description.iter_rows(min_row=2, values_only=True))]):
        sheet = book[sheet_name]
        assert sheet.freeze_panes == "A2", (kind, sheet_name, sheet.freeze_panes)
        rows = list(csv.reader(open(out + file, encoding="utf-8-sig", newline="")))
        header, body = rows[0], rows[1:]
        assert [c.value for c in sheet[1]] == header == described[file], (file, header)
        assert sheet.max_row == len(body) + 1, (file, sheet.max_row, len(body))
        for cells, values in zip(sheet.iter_rows(min_row=2), body):
            for name, cell, value in zip(header, cells, values):
                if value == "":
                    assert cell.value is None, (file, name, cell.value)
                elif cell.data_type == "s" and len(value) > 32767:
                    note = "…（長いため省略しました。全文はCSVとJSONにあります）"
                    assert cell.value == value[:32767 - len(note)] + note, (file, name, len(cell.value))
                    cut += 1
                elif cell.data_type == "s":
                    assert cell.value == value.removeprefix("'") or cell.value == value, (file, name, cell.value, value)
                elif cell.is_date:
                    assert cell.value.date().isoformat() == value and cell.number_format == "yyyy-mm-dd", (file, name, cell.value)
                elif cell.data_type == "b":
                    assert str(cell.value).lower() == value, (file, name, cell.value, value)
                else:
                    assert cell.data_type == "n" and float(value) == cell.value, (file, name, cell.value, value)
                if name in ("全国地方公共団体コード", "法人番号", "ID") and value:
                    assert cell.data_type == "s", (file, name, cell.value)
                if name.endswith("(円)") and value:
                    assert cell.data_type == "n" and cell.number_format == "#,##0", (file, name, cell.number_format)
        for letter, dimension in sheet.column_dimensions.items():
            assert 2 <= dimension.width <= 61, (file, letter, dimension.width)
book = openpyxl.load_workbook(out + "partnerships.xlsx")
sheet = book["連携事例"]
header = [c.value for c in sheet[1]]
row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "leading-zero")
assert row[header.index("区の負担額(円)")].value == 1234567
assert cut == 1, cut
"##;
