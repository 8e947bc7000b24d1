//! The data catalogue in DCAT-AP 3, as JSON-LD (`catalog.jsonld`) and Turtle (`catalog.ttl`),
//! both written from one list of statements so they always say the same thing. Shaped for
//! ckanext-dcat's harvester: catalogue, publisher, one dataset per record kind with contact
//! point, keywords and licence, and one distribution per file with sizes and media types.

use serde_json::{json, Map, Value as Json};

use super::schema;
use super::{DatasetFiles, FileInfo, Licence, DATA_DIR};
use kanmin_public as public;

const PREFIXES: [(&str, &str); 6] = [
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
const EU_THEME_GOVERNMENT: &str = "http://publications.europa.eu/resource/authority/data-theme/GOVE";
const EU_FREQUENCY_IRREGULAR: &str = "http://publications.europa.eu/resource/authority/frequency/IRREG";

/// The object of a statement.
enum Object {
    Iri(String),
    /// Japanese text.
    Text(String),
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
        Node { id, types: vec![ty], statements: Vec::new() }
    }

    fn iri(mut self, predicate: &'static str, iri: impl Into<String>) -> Node {
        self.statements.push((predicate, Object::Iri(iri.into())));
        self
    }

    fn text(mut self, predicate: &'static str, text: impl Into<String>) -> Node {
        self.statements.push((predicate, Object::Text(text.into())));
        self
    }

    fn typed(mut self, predicate: &'static str, value: impl Into<String>, datatype: &'static str) -> Node {
        self.statements.push((predicate, Object::Typed(value.into(), datatype)));
        self
    }
}

fn distribution(id: String, title: String, file: &FileInfo, media_type: &str, format: &str, licence: &Licence, landing: &str) -> Node {
    Node::new(id, "dcat:Distribution")
        .text("dct:title", title)
        .iri("dcat:accessURL", landing)
        .iri("dcat:downloadURL", &file.url)
        .iri("dcat:mediaType", format!("{IANA_MEDIA_TYPES}{media_type}"))
        .iri("dct:format", format!("{EU_FILE_TYPE}{format}"))
        .typed("dcat:byteSize", file.bytes.to_string(), "xsd:nonNegativeInteger")
        .iri("dct:license", &licence.url)
}

fn graph(site: &public::Site, datasets: &[DatasetFiles]) -> Vec<Node> {
    let base = &site.info.base_url;
    let landing = format!("{base}{DATA_DIR}");
    let municipality = &site.info.municipality;
    let licence = Licence::of(site);
    let modified = site.info.build_date.iso();
    let publisher = format!("{landing}#publisher");
    let contact = format!("{landing}#contact");
    let catalogue = format!("{landing}#catalog");

    let mut nodes = Vec::new();
    let mut catalogue_node = Node::new(catalogue, "dcat:Catalog")
        .text("dct:title", format!("{}の官民連携データカタログ", municipality.name))
        .text(
            "dct:description",
            format!("{}が公開する官民連携（連携事例、募集テーマ、提案、サウンディング型市場調査）のデータの一覧です。", municipality.name),
        )
        .iri("dct:publisher", &publisher)
        .iri("foaf:homepage", base)
        .iri("dct:language", EU_LANGUAGE_JPN)
        .iri("dct:license", &licence.url)
        .typed("dct:modified", &modified, "xsd:date");
    for files in datasets {
        catalogue_node = catalogue_node.iri("dcat:dataset", format!("{landing}#dataset-{}", schema::dataset_name(files.kind)));
    }
    nodes.push(catalogue_node);

    nodes.push(
        Node::new(publisher, "foaf:Agent")
            .text("foaf:name", &municipality.name)
            .iri("foaf:homepage", base)
            .typed("dct:identifier", &municipality.code, "xsd:string"),
    );
    let desk = &site.info.contact;
    let mut contact_node = Node::new(contact.clone(), "vcard:Organization")
        .text("vcard:fn", format!("{} {}（{}）", municipality.name, desk.department, desk.name));
    if let Some(email) = &desk.email {
        contact_node = contact_node.iri("vcard:hasEmail", format!("mailto:{email}"));
    }
    if let Some(url) = &desk.url {
        contact_node = contact_node.iri("vcard:hasURL", url);
    }
    if let Some(phone) = &desk.phone {
        contact_node = contact_node.iri("vcard:hasTelephone", format!("tel:{}", phone.replace(' ', "")));
    }
    nodes.push(contact_node);

    for files in datasets {
        let name = schema::dataset_name(files.kind);
        let title = schema::dataset_title(files.kind);
        let csv_id = format!("{landing}#distribution-{name}-csv");
        let json_id = format!("{landing}#distribution-{name}-json");
        let mut dataset = Node::new(format!("{landing}#dataset-{name}"), "dcat:Dataset")
            .text("dct:title", format!("{}（{}）", title, municipality.name))
            .text("dct:description", schema::dataset_description(files.kind))
            .typed("dct:identifier", format!("{}-{name}", municipality.code), "xsd:string")
            .iri("dct:publisher", format!("{landing}#publisher"))
            .iri("dcat:contactPoint", &contact)
            .iri("dct:license", &licence.url)
            .iri("dct:language", EU_LANGUAGE_JPN)
            .iri("dcat:theme", EU_THEME_GOVERNMENT)
            .iri("dct:accrualPeriodicity", EU_FREQUENCY_IRREGULAR)
            .iri("dcat:landingPage", &landing)
            .typed("dct:modified", &modified, "xsd:date")
            .iri("dcat:distribution", &csv_id)
            .iri("dcat:distribution", &json_id);
        for keyword in schema::dataset_keywords(files.kind) {
            dataset = dataset.text("dcat:keyword", *keyword);
        }
        dataset = dataset.text("dcat:keyword", &municipality.name);
        nodes.push(dataset);
        nodes.push(
            distribution(csv_id, format!("{title}（CSV、UTF-8 BOM付き）"), &files.csv, "text/csv", "CSV", &licence, &landing)
                .iri("dct:conformsTo", format!("{base}{DATA_DIR}datapackage.json")),
        );
        nodes.push(
            distribution(json_id, format!("{title}（JSON）"), &files.json, "application/json", "JSON", &licence, &landing)
                .iri("dct:conformsTo", &files.json_schema.url),
        );
    }
    nodes
}

fn json_object(object: &Object) -> Json {
    match object {
        Object::Iri(iri) => json!({ "@id": iri }),
        Object::Text(text) => json!({ "@value": text, "@language": "ja" }),
        Object::Typed(value, datatype) => json!({ "@value": value, "@type": datatype }),
    }
}

fn json_ld(nodes: &[Node]) -> Vec<u8> {
    let context: Map<String, Json> = PREFIXES.iter().map(|(p, iri)| (p.to_string(), json!(iri))).collect();
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
    let mut bytes = serde_json::to_vec_pretty(&json!({ "@context": context, "@graph": graph })).unwrap_or_default();
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
                Object::Typed(value, datatype) => format!("{}^^{datatype}", turtle_string(value)),
            };
            out.push_str(&format!(" ;\n    {predicate} {object}"));
        }
        out.push_str(" .\n");
    }
    out.into_bytes()
}

/// (JSON-LD, Turtle) of the catalogue.
pub fn write(site: &public::Site, datasets: &[DatasetFiles]) -> (Vec<u8>, Vec<u8>) {
    let nodes = graph(site, datasets);
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
