//! Open data under /data/: parity with the pages, the CSV rules, nothing withheld in any
//! format, and the external validators (frictionless, rdflib, jsonschema) on the real output.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{partnership, proposal, require_tool, Fixture};

const KINDS: [&str; 4] = ["partnerships", "themes", "proposals", "soundings"];
const BOM: &[u8] = b"\xEF\xBB\xBF";

fn json(fixture: &Fixture, kind: &str) -> serde_json::Value {
    serde_json::from_str(&fixture.read(&format!("data/{kind}.json"))).expect("valid JSON")
}

/// (header, rows) of a CSV file, after checking it starts with a BOM.
fn csv(fixture: &Fixture, kind: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(fixture.output().join(format!("data/{kind}.csv"))).unwrap();
    assert!(bytes.starts_with(BOM), "{kind}.csv starts with a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(&bytes[BOM.len()..]);
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    (header, rows)
}

fn column<'a>(header: &[String], rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let index = header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    rows.iter().map(|r| r[index].as_str()).collect()
}

fn record<'a>(data: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    data["records"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no record {id}"))
}

/// Ids of the detail pages of a kind: `<kind>/<id>/index.html`, not list pages.
fn page_ids(fixture: &Fixture, kind: &str) -> BTreeSet<String> {
    fixture
        .output_files()
        .into_iter()
        .filter_map(|(path, _)| {
            let rest = path.strip_prefix(&format!("{kind}/"))?.strip_suffix("/index.html")?;
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
        let json_ids: BTreeSet<String> =
            data["records"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
        let (header, rows) = csv(&fixture, kind);
        let csv_ids: BTreeSet<String> = column(&header, &rows, "id").into_iter().map(str::to_string).collect();
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

#[test]
fn csv_follows_the_machine_readability_rules() {
    let fixture = Fixture::sample();
    fixture.built();
    for kind in KINDS {
        let bytes = std::fs::read(fixture.output().join(format!("data/{kind}.csv"))).unwrap();
        let text = std::str::from_utf8(&bytes[BOM.len()..]).unwrap();
        let (header, rows) = csv(&fixture, kind);
        // One record per line: no line break inside any cell.
        assert_eq!(text.matches("\r\n").count(), rows.len() + 1, "{kind}: one line per record");
        assert_eq!(text.matches('\n').count(), rows.len() + 1, "{kind}: no bare line feeds");
        assert!(rows.iter().flatten().all(|cell| !cell.contains(['\n', '\r'])));
        assert_eq!(header[..3], ["全国地方公共団体コード", "id", "地方公共団体名"]);
        assert!(column(&header, &rows, "全国地方公共団体コード").iter().all(|c| *c == "131121"));
        assert!(column(&header, &rows, "地方公共団体名").iter().all(|c| *c == "世田谷区"));
        assert!(rows.iter().all(|r| r.len() == header.len()));
    }
    let (header, rows) = csv(&fixture, "partnerships");
    let is_iso_date = |d: &str| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-';
    assert!(column(&header, &rows, "締結日").iter().all(|d| is_iso_date(d)));
    let costs = column(&header, &rows, "区の負担額(円)");
    assert!(costs.iter().any(|c| !c.is_empty()), "the sample has ward costs");
    assert!(costs.iter().all(|c| c.chars().all(|ch| ch.is_ascii_digit())), "digits only: {costs:?}");
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
    assert_eq!(record["policy_areas"], serde_json::json!(["@福祉", "-防災"]));
    assert_eq!(record["ward_cost_yen"], 500000);

    let (header, rows) = csv(&fixture, "partnerships");
    let at = column(&header, &rows, "id").iter().position(|id| *id == "formula").unwrap();
    let cell = |name: &str| column(&header, &rows, name)[at].to_string();
    assert_eq!(cell("名称"), format!("'{title}"));
    assert_eq!(cell("施策分野"), "'@福祉;-防災");
    assert_eq!(cell("詳細"), "一行目です。 二行目です。");
    assert_eq!(cell("区の負担額(円)"), "500000", "numbers are not neutralised");
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
        for secret in [SECRET_TITLE, SECRET_SUMMARY, SECRET_IDEA, SECRET_PROPOSER, SECRET_NOTE, "未協議テック株式会社"] {
            assert!(!text.contains(secret), "{path} contains withheld text {secret}");
        }
        assert!(!text.contains("unreviewed"), "{path} mentions the unreviewed proposal's id");
    }

    let proposals = json(&fixture, "proposals");
    let published = record(&proposals, "protected");
    assert!(published["idea"].is_null());
    assert!(published["proposer"]["name"].is_null());
    assert_eq!(published["proposer"]["kind"], "company");
    // A protected name withholds what identifies it as well.
    assert_eq!(
        published["withheld_fields"],
        serde_json::json!(["idea", "proposer.name", "proposer.corporate_number", "proposer.url"])
    );
    assert!(published["proposer"]["corporate_number"].is_null());
    let (header, rows) = csv(&fixture, "proposals");
    let ids = column(&header, &rows, "id");
    let at = ids.iter().position(|id| *id == "protected").unwrap();
    assert_eq!(column(&header, &rows, "提案の内容")[at], "");
    assert_eq!(column(&header, &rows, "提案者名称")[at], "");
    assert_eq!(column(&header, &rows, "非公開項目")[at], "idea;proposer.name;proposer.corporate_number;proposer.url");

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
    assert!(error.contains("outcomes") && error.contains("U+0000"), "{error}");
}

#[test]
fn a_list_item_holding_the_separator_fails_the_build() {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/semicolon.yaml",
        &partnership("区切り文字を含む連携", "policy_areas: [\"防災;減災\"]\n"),
    );
    let error = fixture.build_error();
    assert!(error.contains("content/partnerships/semicolon.yaml") && error.contains("policy_areas"), "{error}");
    assert!(error.contains("；"), "suggests the full-width separator: {error}");
}

#[test]
fn data_page_lists_every_file_with_its_size_and_columns() {
    let fixture = Fixture::sample();
    fixture.built();
    let page = fixture.read("data/index.html");
    let files = fixture.output_files();
    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("data/") && p != "data/index.html") {
        let name = path.strip_prefix("data/").unwrap();
        assert!(page.contains(name), "the page links {name}");
        let size = kanmin::render::opendata::human_size(bytes.len());
        assert!(page.contains(&size), "the page gives the size of {name}: {size}");
    }
    for kind in KINDS {
        let (header, _) = csv(&fixture, kind);
        for name in header {
            assert!(page.contains(&format!("<th scope=row>{name}</th>")) || page.contains(&format!("<th scope=\"row\">{name}</th>")), "{kind}: column {name} on the page");
        }
    }
    for words in ["UTF-8（BOM付き）", "サイト更新のたびに再生成", "出典", "CC BY 4.0"] {
        assert!(page.contains(words), "the page says {words}");
    }
}

#[test]
fn data_files_are_byte_identical_across_builds() {
    let fixture = Fixture::sample();
    fixture.built();
    let first: Vec<_> = fixture.output_files().into_iter().filter(|(p, _)| p.starts_with("data/")).collect();
    fixture.built();
    let second: Vec<_> = fixture.output_files().into_iter().filter(|(p, _)| p.starts_with("data/")).collect();
    assert_eq!(first, second);
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).output().is_ok_and(|o| o.status.success())
}

#[test]
fn frictionless_validates_the_data_package() {
    if !require_tool("frictionless", runs("frictionless", &["--version"])) {
        return;
    }
    let fixture = fixture_with_withheld_data();
    fixture.built();
    let package = fixture.output().join("data/datapackage.json");
    let output = Command::new("frictionless").arg("validate").arg(&package).output().unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "frictionless validate failed:\n{report}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(report.matches("VALID").count() - report.matches("INVALID").count(), KINDS.len(), "{report}");
}

/// Runs a Python script with the output folder as its argument; fails with its output.
fn python(fixture: &Fixture, script: &str) {
    let output = Command::new("python3").arg("-c").arg(script).arg(fixture.output()).output().unwrap();
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
    assert len(distributions) == 2, distributions
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
assert len(sizes) == 8, sizes
"#;

#[test]
fn json_files_match_their_json_schemas() {
    if !require_tool("python3 jsonschema", runs("python3", &["-c", "import jsonschema"])) {
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
