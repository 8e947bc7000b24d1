//! Any bytes as the file of any record kind: decoding, parsing, validation and disclosure
//! must answer with diagnostics, never a panic or a hang.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use kanmin::content::{self, Source};
use libfuzzer_sys::fuzz_target;

const FOLDERS: [&str; 5] = ["partnerships", "themes", "proposals", "soundings", "pages"];

const SITE: &str = "title: 試験区 官民連携\nbase_url: https://example.org/colab/\n\
municipality: {name: 世田谷区, prefecture: 東京都, code: \"131121\"}\n\
contact: {name: 窓口, department: 政策経営部}\n";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let folder = FOLDERS[usize::from(selector) % FOLDERS.len()];
    let site = Source { path: "content/site.yaml".into(), text: Arc::from(SITE) };
    let mut site_content = content::from_site(site).expect("the fixed site.yaml is valid");
    let extension = if folder == "pages" { "md" } else { "yaml" };
    let path = format!("content/{folder}/fuzz.{extension}");
    let Ok(source) = content::decode(Path::new(&path), bytes.to_vec()) else { return };
    if content::add_record(&mut site_content, folder, "fuzz", source).is_err() {
        return;
    }
    // Errors are fine (links to records that do not exist, empty fields); panics are not.
    let diagnostics = kanmin::content::validate::validate(&site_content);
    if let Err(diagnostics) = diagnostics {
        let report = diagnostics.to_string();
        assert!(report.contains(&path), "every diagnostic names the file: {report}");
        return;
    }
    let date = kanmin::date::Date::parse("2026-11-30").expect("fixed date");
    let _ = kanmin::disclose::disclose(&site_content, date);
});
