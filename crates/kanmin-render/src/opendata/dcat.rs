//! The data catalogue in DCAT-AP 3, as JSON-LD (`catalog.jsonld`) and Turtle (`catalog.ttl`),
//! both written from one list of statements so they always say the same thing. Shaped for
//! ckanext-dcat's harvester: catalogue, publisher, one dataset per record kind with contact
//! point, keywords and licence, and one distribution per file with sizes and media types.
//! The IRIs the statements point to (licence, media types, vocabulary concepts) are typed as
//! the DCAT-AP range shapes ask and labelled as CKAN reads them: the licence by the title of
//! CKAN's licence register, a media type by its name (`text/csv`), which CKAN maps to a format.

use serde_json::{json, Map, Value as Json};

use super::schema;
use super::{ocds, DatasetFiles, FileInfo, Licence, DATA_DIR};
use kanmin_public as public;
use kanmin_public::RecordKind;

const PREFIXES: [(&str, &str); 9] = [
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
];

const IANA_MEDIA_TYPES: &str = "https://www.iana.org/assignments/media-types/";
const EU_FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const EU_LANGUAGE_JPN: &str = "http://publications.europa.eu/resource/authority/language/JPN";
const EU_THEMES: &str = "http://publications.europa.eu/resource/authority/data-theme";
const EU_THEME_GOVERNMENT: &str =
    "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const EU_AVAILABILITY_STABLE: &str =
    "http://publications.europa.eu/resource/authority/planned-availability/STABLE";
const ADMS_ATTRIBUTION: &str = "http://purl.org/adms/licencetype/Attribution";
const ADMS_LOCAL_AUTHORITY: &str = "http://purl.org/adms/publishertype/LocalAuthority";
const XLSX_MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const EU_FREQUENCY_IRREGULAR: &str =
    "http://publications.europa.eu/resource/authority/frequency/IRREG";

/// The object of a statement.
enum Object {
    Iri(String),
    /// Japanese text.
    Text(String),
    /// Text in no language: names and codes.
    Plain(String),
    /// English text: the names CKAN's registers know.
    English(String),
    Typed(String, &'static str),
}

/// One subject and what is said about it; predicates are prefixed names (`dct:title`).
struct Node {
    id: String,
    types: Vec<&'static str>,
    statements: Vec<(&'static str, Object)>,
}

impl Node {
    fn new(id: String, ty: &'static str) -> Node {
        Node {
            id,
            types: vec![ty],
            statements: Vec::new(),
        }
    }

    fn also(mut self, ty: &'static str) -> Node {
        self.types.push(ty);
        self
    }

    fn literal(mut self, predicate: &'static str, text: impl Into<String>) -> Node {
        self.statements
            .push((predicate, Object::Plain(text.into())));
        self
    }

    fn iri(mut self, predicate: &'static str, iri: impl Into<String>) -> Node {
        self.statements.push((predicate, Object::Iri(iri.into())));
        self
    }

    fn text(mut self, predicate: &'static str, text: impl Into<String>) -> Node {
        self.statements.push((predicate, Object::Text(text.into())));
        self
    }

    /// An English literal (`"…"@en`) beside the Japanese one of the same predicate.
    fn english(mut self, predicate: &'static str, text: impl Into<String>) -> Node {
        self.statements
            .push((predicate, Object::English(text.into())));
        self
    }

    fn typed(
        mut self,
        predicate: &'static str,
        value: impl Into<String>,
        datatype: &'static str,
    ) -> Node {
        self.statements
            .push((predicate, Object::Typed(value.into(), datatype)));
        self
    }
}

/// One file of a dataset as a distribution.
struct Download<'a> {
    id: String,
    title: String,
    title_en: String,
    description: String,
    file: &'a FileInfo,
    media_type: &'static str,
    format: &'static str,
    conforms_to: String,
}

fn distribution(download: Download, licence: &Licence, landing: &str) -> Node {
    let Download {
        id,
        title,
        title_en,
        description,
        file,
        media_type,
        format,
        conforms_to,
    } = download;
    Node::new(id, "dcat:Distribution")
        .text("dct:title", title)
        .english("dct:title", title_en)
        .text("dct:description", description)
        .iri("dcat:accessURL", landing)
        .iri("dcat:downloadURL", &file.url)
        .iri("dcat:mediaType", format!("{IANA_MEDIA_TYPES}{media_type}"))
        .iri("dct:format", format!("{EU_FILE_TYPE}{format}"))
        .typed(
            "dcat:byteSize",
            file.bytes.to_string(),
            "xsd:nonNegativeInteger",
        )
        .iri("dct:license", &licence.url)
        .iri("dcatap:availability", EU_AVAILABILITY_STABLE)
        .iri("dct:conformsTo", conforms_to)
}

/// The IRIs statements point to, typed as the range shapes ask: a licence, media types and
/// formats, vocabulary concepts, pages.
fn referenced(site: &public::Site, licence: &Licence, standards: &[String]) -> Vec<Node> {
    let base = &site.info.base_url;
    let mut licence_node =
        Node::new(licence.url.clone(), "dct:LicenseDocument").text("dct:title", &licence.title);
    if let Some(title) = licence.register_title {
        licence_node
            .statements
            .push(("dct:title", Object::English(title.to_string())));
    }
    let mut nodes = Vec::new();
    // Every licence this site names asks for attribution, except CC0.
    if licence.id != "CC0-1.0" && licence.register_title.is_some() {
        licence_node = licence_node.iri("dct:type", ADMS_ATTRIBUTION);
        nodes.push(
            Node::new(ADMS_ATTRIBUTION.to_string(), "skos:Concept")
                .literal("skos:prefLabel", "Attribution"),
        );
    }
    nodes.push(licence_node);
    for (media_type, format) in [
        ("text/csv", "CSV"),
        ("application/json", "JSON"),
        (XLSX_MEDIA_TYPE, "XLSX"),
    ] {
        nodes.push(
            Node::new(format!("{IANA_MEDIA_TYPES}{media_type}"), "dct:MediaType")
                .literal("rdfs:label", media_type),
        );
        nodes.push(
            Node::new(format!("{EU_FILE_TYPE}{format}"), "dct:MediaTypeOrExtent")
                .literal("rdfs:label", format),
        );
    }
    nodes.push(
        Node::new(EU_LANGUAGE_JPN.to_string(), "dct:LinguisticSystem")
            .literal("rdfs:label", "Japanese"),
    );
    nodes.push(
        Node::new(EU_FREQUENCY_IRREGULAR.to_string(), "dct:Frequency")
            .literal("rdfs:label", "irregular"),
    );
    nodes.push(
        Node::new(EU_THEMES.to_string(), "skos:ConceptScheme").literal("dct:title", "Data theme"),
    );
    nodes.push(
        Node::new(EU_THEME_GOVERNMENT.to_string(), "skos:Concept")
            .iri("skos:inScheme", EU_THEMES)
            .literal("skos:prefLabel", "Government and public sector"),
    );
    nodes.push(
        Node::new(EU_AVAILABILITY_STABLE.to_string(), "skos:Concept")
            .literal("skos:prefLabel", "stable"),
    );
    nodes.push(
        Node::new(ADMS_LOCAL_AUTHORITY.to_string(), "skos:Concept")
            .literal("skos:prefLabel", "Local Authority"),
    );
    nodes.push(Node::new(base.clone(), "foaf:Document"));
    nodes.push(Node::new(format!("{base}{DATA_DIR}"), "foaf:Document"));
    for standard in standards {
        nodes.push(Node::new(standard.clone(), "dct:Standard"));
    }
    nodes
}

fn graph(site: &public::Site, datasets: &[DatasetFiles], ocds_files: &[FileInfo]) -> Vec<Node> {
    let base = &site.info.base_url;
    let landing = format!("{base}{DATA_DIR}");
    let municipality = &site.info.municipality;
    let licence = &site.info.licence;
    // With a history, a dataset was last modified by its records' latest public change;
    // without one, the build that wrote it is all that is known.
    let modified_of = |kind: Option<kanmin_public::RecordKind>| {
        site.modified()
            .filter(|(of, _, _)| kind.is_none_or(|k| k == *of))
            .filter_map(|(_, _, day)| day)
            .max()
            .unwrap_or(site.info.build_date)
            .iso()
    };
    let modified = modified_of(None);
    let publisher = format!("{landing}#publisher");
    let contact = format!("{landing}#contact");
    let catalogue = format!("{landing}#catalog");
    let spatial = format!("{landing}#spatial");
    let package = format!("{landing}datapackage.json");

    let mut nodes = Vec::new();
    // English titles name the municipality by its English name where site.yaml gives one.
    let municipality_en = site
        .info
        .en
        .municipality
        .as_deref()
        .unwrap_or(&municipality.name);
    let mut catalogue_node = Node::new(catalogue, "dcat:Catalog")
        .text("dct:title", format!("{}の官民連携データカタログ", municipality.name))
        .english(
            "dct:title",
            format!("Public-private partnership data catalogue of {municipality_en}"),
        )
        .text(
            "dct:description",
            format!("{}が公開する官民連携（連携事例、募集テーマ、提案、サウンディング型市場調査）のデータの一覧です。", municipality.name),
        )
        .iri("dct:publisher", &publisher)
        .iri("foaf:homepage", base)
        .iri("dct:language", EU_LANGUAGE_JPN)
        .iri("dct:license", &licence.url)
        .iri("dct:spatial", &spatial)
        .iri("dcat:themeTaxonomy", EU_THEMES)
        .typed("dct:modified", &modified, "xsd:date");
    for files in datasets {
        catalogue_node = catalogue_node.iri(
            "dcat:dataset",
            format!("{landing}#dataset-{}", schema::dataset_name(files.kind)),
        );
    }
    nodes.push(catalogue_node);

    nodes.push(
        Node::new(publisher, "foaf:Agent")
            .text("foaf:name", &municipality.name)
            .iri("foaf:homepage", base)
            .iri("dct:type", ADMS_LOCAL_AUTHORITY)
            .typed("dct:identifier", &municipality.code, "xsd:string"),
    );
    nodes.push(
        Node::new(spatial.clone(), "dct:Location")
            .text(
                "skos:prefLabel",
                format!("{}{}", municipality.prefecture, municipality.name),
            )
            .typed("dct:identifier", &municipality.code, "xsd:string"),
    );
    let desk = &site.info.contact;
    let mut contact_node = Node::new(contact.clone(), "vcard:Organization")
        .also("vcard:Kind")
        .text(
            "vcard:fn",
            format!("{} {}（{}）", municipality.name, desk.department, desk.name),
        );
    if let Some(email) = &desk.email {
        contact_node = contact_node.iri("vcard:hasEmail", format!("mailto:{email}"));
    }
    if let Some(url) = &desk.url {
        contact_node = contact_node.iri("vcard:hasURL", url);
    }
    if let Some(phone) = &desk.phone {
        contact_node = contact_node.iri(
            "vcard:hasTelephone",
            format!("tel:{}", phone.replace(' ', "")),
        );
    }
    nodes.push(contact_node);

    let mut standards = vec![package.clone()];
    for files in datasets {
        let name = schema::dataset_name(files.kind);
        let title = schema::dataset_title(files.kind);
        let title_en = schema::dataset_title_en(files.kind);
        let mut downloads = vec![Download {
            id: format!("{landing}#distribution-{name}-xlsx"),
            title: format!("{title}（Excel形式）"),
            title_en: format!("{title_en} (Excel)"),
            description: format!("{title}の表を1つのブックにまとめたもの。1つの表が1つのシートで、「項目の説明」シートに列の説明があります。"),
            file: &files.xlsx,
            media_type: XLSX_MEDIA_TYPE,
            format: "XLSX",
            conforms_to: package.clone(),
        }];
        for table in &files.tables {
            downloads.push(Download {
                id: format!("{landing}#distribution-{}-csv", table.def.name),
                title: format!("{}（CSV、UTF-8 BOM付き）", table.def.title),
                title_en: format!("{} (CSV, UTF-8 with BOM)", table.def.title_en),
                description: table.def.description.clone(),
                file: &table.file,
                media_type: "text/csv",
                format: "CSV",
                conforms_to: package.clone(),
            });
        }
        downloads.push(Download {
            id: format!("{landing}#distribution-{name}-json"),
            title: format!("{title}（JSON）"),
            title_en: format!("{title_en} (JSON)"),
            description: format!("{title}の記録をMarkdown形式の文章を含めて元の値のまま収録したもの。JSONスキーマに従います。"),
            file: &files.json,
            media_type: "application/json",
            format: "JSON",
            conforms_to: files.json_schema.url.clone(),
        });
        standards.push(files.json_schema.url.clone());
        if files.kind == RecordKind::Partnership {
            for (package, file) in ocds::PACKAGES.iter().zip(ocds_files) {
                downloads.push(Download {
                    id: format!("{landing}#distribution-{}", package.name),
                    title: package.title.to_string(),
                    title_en: package.title_en.to_string(),
                    description: package.description.to_string(),
                    file,
                    media_type: "application/json",
                    format: "JSON",
                    conforms_to: package.schema.to_string(),
                });
                standards.push(package.schema.to_string());
            }
        }
        let mut dataset = Node::new(format!("{landing}#dataset-{name}"), "dcat:Dataset")
            .text("dct:title", format!("{}（{}）", title, municipality.name))
            .english("dct:title", format!("{title_en} ({municipality_en})"))
            .text("dct:description", schema::dataset_description(files.kind))
            .typed(
                "dct:identifier",
                format!("{}-{name}", municipality.code),
                "xsd:string",
            )
            .iri("dct:publisher", format!("{landing}#publisher"))
            .iri("dcat:contactPoint", &contact)
            .iri("dct:license", &licence.url)
            .iri("dct:language", EU_LANGUAGE_JPN)
            .iri("dcat:theme", EU_THEME_GOVERNMENT)
            .iri("dct:accrualPeriodicity", EU_FREQUENCY_IRREGULAR)
            .iri("dct:spatial", &spatial)
            .iri("dcat:landingPage", &landing)
            .typed("dct:modified", modified_of(Some(files.kind)), "xsd:date");
        if let Some((start, end)) = files.period {
            let period = format!("{landing}#period-{name}");
            dataset = dataset.iri("dct:temporal", &period);
            nodes.push(
                Node::new(period, "dct:PeriodOfTime")
                    .typed("dcat:startDate", start.iso(), "xsd:date")
                    .typed("dcat:endDate", end.iso(), "xsd:date"),
            );
        }
        for download in &downloads {
            dataset = dataset.iri("dcat:distribution", &download.id);
        }
        for keyword in schema::dataset_keywords(files.kind) {
            dataset = dataset.text("dcat:keyword", *keyword);
        }
        dataset = dataset.text("dcat:keyword", &municipality.name);
        nodes.push(dataset);
        nodes.extend(
            downloads
                .into_iter()
                .map(|download| distribution(download, licence, &landing)),
        );
    }
    nodes.extend(referenced(site, licence, &standards));
    nodes
}

fn json_object(object: &Object) -> Json {
    match object {
        Object::Iri(iri) => json!({ "@id": iri }),
        Object::Text(text) => json!({ "@value": text, "@language": "ja" }),
        Object::Plain(text) => json!(text),
        Object::English(text) => json!({ "@value": text, "@language": "en" }),
        Object::Typed(value, datatype) => json!({ "@value": value, "@type": datatype }),
    }
}

fn json_ld(nodes: &[Node]) -> Vec<u8> {
    let context: Map<String, Json> = PREFIXES
        .iter()
        .map(|(p, iri)| (p.to_string(), json!(iri)))
        .collect();
    let graph: Vec<Json> = nodes
        .iter()
        .map(|node| {
            let mut object = Map::new();
            object.insert("@id".into(), json!(node.id));
            object.insert("@type".into(), json!(node.types));
            for (predicate, value) in &node.statements {
                match object.get_mut(*predicate) {
                    Some(Json::Array(values)) => values.push(json_object(value)),
                    _ => {
                        object.insert(predicate.to_string(), json!([json_object(value)]));
                    }
                }
            }
            Json::Object(object)
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&json!({ "@context": context, "@graph": graph }))
        .unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A Turtle string literal: quotes, backslashes and line breaks escaped.
fn turtle_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An IRI reference; characters Turtle forbids inside `<>` are percent-encoded.
fn turtle_iri(iri: &str) -> String {
    let mut out = String::from("<");
    for c in iri.chars() {
        if c <= ' ' || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\') {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('>');
    out
}

fn turtle(nodes: &[Node]) -> Vec<u8> {
    let mut out = String::new();
    for (prefix, iri) in PREFIXES {
        out.push_str(&format!("@prefix {prefix}: {} .\n", turtle_iri(iri)));
    }
    for node in nodes {
        out.push('\n');
        out.push_str(&turtle_iri(&node.id));
        out.push_str(&format!("\n    a {}", node.types.join(", ")));
        for (predicate, object) in &node.statements {
            let object = match object {
                Object::Iri(iri) => turtle_iri(iri),
                Object::Text(text) => format!("{}@ja", turtle_string(text)),
                Object::Plain(text) => turtle_string(text),
                Object::English(text) => format!("{}@en", turtle_string(text)),
                Object::Typed(value, datatype) => format!("{}^^{datatype}", turtle_string(value)),
            };
            out.push_str(&format!(" ;\n    {predicate} {object}"));
        }
        out.push_str(" .\n");
    }
    out.into_bytes()
}

/// (JSON-LD, Turtle) of the catalogue.
/// The catalogue as JSON-LD and Turtle; `ocds_files` (none, or the two packages) are
/// distributions of the partnerships.
pub fn write(
    site: &public::Site,
    datasets: &[DatasetFiles],
    ocds_files: &[FileInfo],
) -> (Vec<u8>, Vec<u8>) {
    let nodes = graph(site, datasets, ocds_files);
    (json_ld(&nodes), turtle(&nodes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turtle_escapes_literals_and_iris() {
        assert_eq!(turtle_string("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(turtle_iri("https://x.org/a b"), "<https://x.org/a%20b>");
    }
}
