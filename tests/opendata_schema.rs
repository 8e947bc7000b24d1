//! The JSON Schemas are as strict as the loader: a property test writes records with one
//! value varied (ids, dates, SDGs, yen, 法人番号), builds each, and checks with the python
//! `jsonschema` validator that the record validates exactly when the loader accepted it.

mod common;

use std::process::Command;

use common::{partnership, require_tool, Fixture};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

#[derive(Debug, Clone)]
enum Varied {
    Id(String),
    ConcludedOn(String),
    Sdgs(Vec<i64>),
    WardCost(i64),
    CorporateNumber(String),
}

/// 13 digits whose first is the check digit of the other twelve, as the loader requires.
fn valid_corporate_number(body: &[u32]) -> String {
    let digits: String = body
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap())
        .collect();
    format!(
        "{}{digits}",
        kanmin::content::validate::corporate_check_digit(body)
    )
}

fn varied() -> impl Strategy<Value = Varied> {
    prop_oneof![
        // A leading letter keeps clear of reserved names; the rest may break the id rule.
        "[a-zA-Z0-9_-]{0,6}".prop_map(|rest| Varied::Id(format!("p{rest}"))),
        (1990u32..2040, 0u32..14, 0u32..33)
            .prop_map(|(y, m, d)| Varied::ConcludedOn(format!("{y:04}-{m:02}-{d:02}"))),
        proptest::collection::btree_set(-1i64..20, 0..4)
            .prop_map(|goals| Varied::Sdgs(goals.into_iter().collect())),
        (-1000i64..3_000_000).prop_map(Varied::WardCost),
        proptest::collection::vec(0u32..10, 12)
            .prop_map(|body| Varied::CorporateNumber(valid_corporate_number(&body))),
        "[0-9]{10,12}|[0-9]{14,15}|[0-9]{12}[A-Z]".prop_map(Varied::CorporateNumber),
    ]
}

/// The content file's name and text for a case, and the JSON record it would publish as,
/// made from the record `base` published with nothing varied.
fn case(varied: &Varied, base: &Value) -> (String, String, Value) {
    let mut record = base.clone();
    let mut id = "base".to_string();
    let mut extra = String::new();
    let mut yaml = partnership("検証用の連携", "");
    match varied {
        Varied::Id(new) => {
            id = new.clone();
            record["id"] = json!(new);
        }
        Varied::ConcludedOn(date) => {
            yaml = yaml.replace(
                "concluded_on: 2026-05-01",
                &format!("concluded_on: \"{date}\""),
            );
            record["concluded_on"] = json!(date);
        }
        Varied::Sdgs(goals) => {
            extra = format!("sdgs: {goals:?}\n");
            record["sdgs"] = json!(goals);
        }
        Varied::WardCost(yen) => {
            extra = format!("ward_cost_yen: {yen}\n");
            record["ward_cost_yen"] = json!(yen);
        }
        Varied::CorporateNumber(number) => {
            yaml = yaml.replace("\"8700110005901\"", &format!("\"{number}\""));
            record["partners"][0]["corporate_number"] = json!(number);
        }
    }
    (id, format!("{yaml}{extra}"), record)
}

fn build(id: &str, yaml: &str) -> Option<Value> {
    let fixture = Fixture::minimal();
    fixture.write(&format!("content/partnerships/{id}.yaml"), yaml);
    fixture.build().ok()?;
    let data: Value = serde_json::from_str(&fixture.read("data/partnerships.json")).unwrap();
    Some(data["records"][0].clone())
}

const CHECK: &str = r##"
import sys, json
from jsonschema import Draft202012Validator
schema, document, cases = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
wrong = []
for case in cases:
    errors = list(validator.iter_errors(dict(document, records=[case["record"]], count=1)))
    if bool(errors) == case["accepted"]:
        wrong.append((case["varied"], case["accepted"], [e.message for e in errors]))
assert not wrong, "\n".join(map(str, wrong))
accepted = sum(c["accepted"] for c in cases)
assert 0 < accepted < len(cases), f"{accepted} of {len(cases)} accepted: the cases must cover both"
"##;

#[test]
fn json_schema_accepts_exactly_what_the_loader_accepts() {
    let available = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !require_tool("python3 jsonschema", available) {
        return;
    }
    let fixture = Fixture::minimal();
    fixture.write(
        "content/partnerships/base.yaml",
        &partnership("検証用の連携", ""),
    );
    fixture.built();
    let document: Value = serde_json::from_str(&fixture.read("data/partnerships.json")).unwrap();
    let base = document["records"][0].clone();

    let cases = std::cell::RefCell::new(Vec::new());
    let mut runner = TestRunner::new(Config {
        cases: 48,
        ..Config::default()
    });
    runner
        .run(&varied(), |varied| {
            let (id, yaml, record) = case(&varied, &base);
            let built = build(&id, &yaml);
            let accepted = built.is_some();
            cases.borrow_mut().push(json!({ "varied": format!("{varied:?}"), "accepted": accepted, "record": built.unwrap_or(record) }));
            Ok(())
        })
        .unwrap();

    let dir = fixture.root();
    std::fs::write(
        dir.join("cases.json"),
        serde_json::to_vec(&cases.into_inner()).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("document.json"),
        serde_json::to_vec(&document).unwrap(),
    )
    .unwrap();
    let output = Command::new("python3")
        .arg("-c")
        .arg(CHECK)
        .arg(
            fixture
                .output()
                .join("data/schema/partnerships.schema.json"),
        )
        .arg(dir.join("document.json"))
        .arg(dir.join("cases.json"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "records and schema disagree:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
