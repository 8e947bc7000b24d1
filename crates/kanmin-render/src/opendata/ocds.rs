//! OCDS 1.1 for the partnerships (`data/ocds/`), with what fits of the PPP profile: a release
//! package with one release per public change (from the history; without one, a release of
//! each partnership as it is now) and a record package with each partnership's compiled
//! release. The ward is the buyer and public authority, the partners the suppliers and
//! private parties, the dates milestones, the KPIs metrics, and protected fields are listed
//! as withheld information rather than left out silently. Written only when `site.yaml`
//! sets `ocid_prefix`, and from public records only, like every other file.

use serde_json::{json, Map, Value};

use kanmin_public::{self as public, PartnershipStatus};

use crate::opendata::DATA_DIR;
use crate::OutputFile;

pub const RELEASE_PACKAGE: &str = "ocds/release-package.json";
pub const RECORD_PACKAGE: &str = "ocds/record-package.json";

/// What the data package and the catalogue say of the two packages, in `files`' order.
pub struct Package {
    /// A name for the data package (`partnerships-ocds-releases`) and catalogue ids.
    pub name: &'static str,
    pub title: &'static str,
    pub title_en: &'static str,
    pub description: &'static str,
    /// The official schema the package follows.
    pub schema: &'static str,
}

pub const PACKAGES: [Package; 2] = [
    Package {
        name: "partnerships-ocds-releases",
        title: "連携事例（OCDSリリースパッケージ）",
        title_en: "Partnerships (OCDS release package)",
        description: "連携事例の公開内容の変更ごとに1つのリリースを収めた、Open Contracting Data Standard 1.1 のリリースパッケージ（PPPプロファイルのうち当てはまる部分）。",
        schema: "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json",
    },
    Package {
        name: "partnerships-ocds-records",
        title: "連携事例（OCDSレコードパッケージ）",
        title_en: "Partnerships (OCDS record package)",
        description: "連携事例ごとに、リリースを合成した現在の状態（compiledRelease）とリリースの一覧を収めた、Open Contracting Data Standard 1.1 のレコードパッケージ。",
        schema: "https://standard.open-contracting.org/schema/1__1__5/record-package-schema.json",
    },
];

/// The two packages, when the site has an ocid prefix.
pub fn files(site: &public::Site) -> Vec<OutputFile> {
    let Some(prefix) = &site.info.ocid_prefix else {
        return Vec::new();
    };
    let base = format!("{}{DATA_DIR}", site.info.base_url);
    let mut by_ocid: Vec<(String, Vec<Value>)> = Vec::new();
    for p in &site.partnerships {
        let ocid = format!("{prefix}-{}", p.id);
        let revisions = site
            .history
            .as_ref()
            .and_then(|h| h.partnerships.get(&p.id))
            .filter(|r| !r.is_empty());
        let releases: Vec<Value> = match revisions {
            Some(revisions) => revisions
                .iter()
                .enumerate()
                .map(|(n, r)| {
                    let id = format!("{ocid}-{}", &r.stamp.commit[..12.min(r.stamp.commit.len())]);
                    release(site, &r.record, &ocid, id, r.stamp.rfc3339(), n > 0)
                })
                .collect(),
            None => vec![release(
                site,
                p,
                &ocid,
                format!("{ocid}-{}", p.concluded_on.iso()),
                midnight(p.concluded_on),
                false,
            )],
        };
        by_ocid.push((ocid, releases));
    }
    by_ocid.sort_by(|a, b| a.0.cmp(&b.0));
    let published = by_ocid
        .iter()
        .flat_map(|(_, r)| r.iter())
        .filter_map(|r| r["date"].as_str())
        .max()
        .map(str::to_string)
        .unwrap_or_else(|| midnight(site.info.build_date));
    let head = |uri: &str| -> Map<String, Value> {
        let mut head = Map::new();
        head.insert("uri".into(), json!(format!("{base}{uri}")));
        head.insert("version".into(), json!("1.1"));
        head.insert("publishedDate".into(), json!(published));
        head.insert(
            "publisher".into(),
            json!({"name": format!("{}（{}）", site.info.municipality.name, site.info.contact.name)}),
        );
        head.insert("license".into(), json!(site.info.licence.url));
        head.insert("publicationPolicy".into(), json!(base.clone()));
        head
    };
    let mut releases = Vec::new();
    let mut records = Vec::new();
    for (ocid, list) in &by_ocid {
        records.push(json!({
            "ocid": ocid,
            "releases": list.iter().map(|r| json!({
                "url": format!("{base}{RELEASE_PACKAGE}#{}", r["id"].as_str().unwrap_or("")),
                "date": r["date"],
                "tag": r["tag"],
            })).collect::<Vec<_>>(),
            "compiledRelease": compile(ocid, list),
        }));
        releases.extend(list.iter().cloned());
    }
    let mut release_package = head(RELEASE_PACKAGE);
    release_package.insert("releases".into(), Value::Array(releases));
    let mut record_package = head(RECORD_PACKAGE);
    record_package.insert("records".into(), Value::Array(records));
    let write = |value: Map<String, Value>| {
        let mut bytes = serde_json::to_vec_pretty(&Value::Object(value)).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    };
    vec![
        OutputFile::new(
            format!("{DATA_DIR}{RELEASE_PACKAGE}"),
            write(release_package),
        ),
        OutputFile::new(format!("{DATA_DIR}{RECORD_PACKAGE}"), write(record_package)),
    ]
}

fn midnight(date: kanmin_public::date::Date) -> String {
    format!("{}T00:00:00+09:00", date.iso())
}

/// One release: the partnership's public view at `date`.
fn release(
    site: &public::Site,
    p: &public::Partnership,
    ocid: &str,
    id: String,
    date: String,
    update: bool,
) -> Value {
    let info = &site.info;
    let ward_id = format!("JP-LAC-{}", info.municipality.code);
    let mut parties = vec![json!({
        "id": ward_id,
        "name": info.municipality.name,
        "roles": ["buyer", "publicAuthority"],
        "contactPoint": {"name": info.contact.name},
    })];
    let mut suppliers = Vec::new();
    for (n, partner) in p.partners.iter().enumerate() {
        let number = partner.corporate_number.shown().cloned().flatten();
        let party_id = match &number {
            Some(number) => format!("JP-CN-{number}"),
            None => format!("{ocid}-partner-{}", n + 1),
        };
        let mut party = Map::new();
        party.insert("id".into(), json!(party_id));
        if let Some(name) = partner.name.shown() {
            party.insert("name".into(), json!(name));
        }
        if let Some(number) = &number {
            party.insert(
                "identifier".into(),
                json!({"scheme": "JP-CN", "id": number}),
            );
        }
        party.insert("roles".into(), json!(["supplier", "privateParty"]));
        let mut reference = Map::new();
        reference.insert("id".into(), json!(party_id));
        if let Some(name) = partner.name.shown() {
            reference.insert("name".into(), json!(name));
        }
        suppliers.push(Value::Object(reference));
        parties.push(Value::Object(party));
    }
    let status = match p.status {
        PartnershipStatus::Preparing => "pending",
        PartnershipStatus::Active => "active",
        PartnershipStatus::Completed => "terminated",
    };
    let summary = p.summary.shown().cloned();
    let mut contract = Map::new();
    contract.insert("id".into(), json!(format!("{ocid}-contract")));
    contract.insert("awardID".into(), json!(format!("{ocid}-award")));
    contract.insert("title".into(), json!(p.title));
    if let Some(summary) = &summary {
        contract.insert("description".into(), json!(summary));
    }
    contract.insert("status".into(), json!(status));
    contract.insert("dateSigned".into(), json!(midnight(p.concluded_on)));
    if let Some(period) = &p.period {
        let mut value = Map::new();
        value.insert("startDate".into(), json!(midnight(period.start)));
        if let Some(end) = period.end {
            value.insert("endDate".into(), json!(midnight(end)));
        }
        contract.insert("period".into(), Value::Object(value));
    }
    if let Some(Some(yen)) = p.ward_cost_yen.shown() {
        contract.insert("value".into(), json!({"amount": yen, "currency": "JPY"}));
    }
    if let Some(documents) = p.documents.shown() {
        let documents: Vec<Value> = documents
            .iter()
            .enumerate()
            .map(|(n, d)| json!({"id": format!("{}", n + 1), "title": d.title, "url": d.url, "documentType": document_type(d.kind)}))
            .collect();
        if !documents.is_empty() {
            contract.insert("documents".into(), Value::Array(documents));
        }
    }
    let mut milestones = vec![json!({
        "id": "concluded",
        "title": "締結",
        "type": "approval",
        "dateMet": midnight(p.concluded_on),
        "status": "met",
    })];
    if let Some(period) = &p.period {
        if let Some(end) = period.end {
            milestones.push(json!({
                "id": "end",
                "title": "終了予定",
                "type": "delivery",
                "dueDate": midnight(end),
                "status": if p.status == PartnershipStatus::Completed { "met" } else { "scheduled" },
            }));
        }
    }
    let mut implementation = Map::new();
    implementation.insert("milestones".into(), Value::Array(milestones));
    if let Some(kpis) = p.kpis.shown() {
        let metrics: Vec<Value> = kpis
            .iter()
            .enumerate()
            .map(|(n, k)| {
                let mut observations = Vec::new();
                for (kind, value) in [("target", &k.target), ("actual", &k.actual)] {
                    if let Some(value) = value {
                        let mut observation = Map::new();
                        observation.insert("id".into(), json!(kind));
                        match value {
                            public::KpiValue::Number(n) => {
                                observation.insert("measure".into(), json!(n));
                            }
                            public::KpiValue::Text(t) => {
                                observation.insert("notes".into(), json!(t));
                            }
                        }
                        if let Some(unit) = &k.unit {
                            observation.insert("unit".into(), json!({"name": unit}));
                        }
                        observations.push(Value::Object(observation));
                    }
                }
                json!({"id": format!("{}", n + 1), "title": k.name, "observations": observations})
            })
            .collect();
        if !metrics.is_empty() {
            implementation.insert("metrics".into(), Value::Array(metrics));
        }
    }
    contract.insert("implementation".into(), Value::Object(implementation));

    let mut release = Map::new();
    release.insert("ocid".into(), json!(ocid));
    release.insert("id".into(), json!(id));
    release.insert("date".into(), json!(date));
    release.insert(
        "tag".into(),
        json!([if update { "contractUpdate" } else { "contract" }]),
    );
    release.insert("initiationType".into(), json!("tender"));
    release.insert("language".into(), json!("ja"));
    release.insert("parties".into(), Value::Array(parties));
    release.insert(
        "buyer".into(),
        json!({"id": ward_id, "name": info.municipality.name}),
    );
    let mut planning = Map::new();
    if let Some(summary) = &summary {
        planning.insert("rationale".into(), json!(summary));
    }
    planning.insert(
        "documents".into(),
        json!([{"id": "page", "title": p.title, "url": format!("{}{}", info.base_url, p.path), "documentType": "projectPlan", "language": "ja"}]),
    );
    release.insert("planning".into(), Value::Object(planning));
    release.insert(
        "awards".into(),
        json!([{"id": format!("{ocid}-award"), "status": "active", "date": midnight(p.concluded_on), "suppliers": suppliers}]),
    );
    release.insert("contracts".into(), json!([Value::Object(contract)]));
    if !p.withheld_fields.is_empty() {
        let reason = p.withheld_reason.clone().unwrap_or_default();
        let withheld: Vec<Value> = p
            .withheld_fields
            .iter()
            .enumerate()
            .map(|(n, field)| json!({"id": format!("{}", n + 1), "field": field, "name": field, "justification": reason}))
            .collect();
        release.insert("withheldInformation".into(), Value::Array(withheld));
    }
    Value::Object(release)
}

fn document_type(kind: public::DocumentKind) -> &'static str {
    match kind {
        public::DocumentKind::Agreement => "contractSigned",
        public::DocumentKind::Report => "completionCertificate",
        public::DocumentKind::Press => "tenderNotice",
        public::DocumentKind::Other => "other",
    }
}

/// The compiled release of one ocid's releases (oldest first), by OCDS's merge rules as
/// ocdskit applies them: objects merge field by field, arrays of objects with `id` merge item
/// by item, other values and arrays are replaced by the newer release's.
fn compile(ocid: &str, releases: &[Value]) -> Value {
    let mut compiled = Value::Object(Map::new());
    for release in releases {
        merge(&mut compiled, release);
    }
    let date = releases
        .last()
        .and_then(|r| r["date"].as_str())
        .unwrap_or("")
        .to_string();
    if let Value::Object(map) = &mut compiled {
        map.insert("id".into(), json!(format!("{ocid}-{date}")));
        map.insert("tag".into(), json!(["compiled"]));
    }
    compiled
}

fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(key) {
                    Some(existing) if value.is_object() || is_identified(value) => {
                        merge(existing, value)
                    }
                    _ => {
                        let mut fresh = if value.is_object() {
                            Value::Object(Map::new())
                        } else if is_identified(value) {
                            Value::Array(Vec::new())
                        } else {
                            value.clone()
                        };
                        if value.is_object() || is_identified(value) {
                            merge(&mut fresh, value);
                        }
                        into.insert(key.clone(), fresh);
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(from)) => {
            for item in from {
                let id = &item["id"];
                match into.iter_mut().find(|existing| &existing["id"] == id) {
                    Some(existing) => merge(existing, item),
                    None => {
                        let mut fresh = Value::Object(Map::new());
                        merge(&mut fresh, item);
                        into.push(fresh);
                    }
                }
            }
        }
        (into, from) => *into = from.clone(),
    }
}

/// An array of objects that all have an `id`: merged item by item.
fn is_identified(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| !items.is_empty() && items.iter().all(|i| i.get("id").is_some()))
}
