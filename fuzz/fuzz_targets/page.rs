//! Any bytes as an output page: the leak scan must not panic or hang, and a withheld sentence
//! written anywhere in the page's bytes (text, tag, attribute, comment, script) is found.
#![no_main]

use kanmin::disclose::WithheldText;
use kanmin::output::OutputFile;
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "独自の需要予測モデルで配車";

fuzz_target!(|data: &[u8]| {
    let withheld = WithheldText { kind: "proposal", id: "p1".into(), field: "idea".into(), text: SECRET.into() };
    let page = OutputFile::new("a/index.html", data.to_vec());
    let found = kanmin::verify::leak_scan(&[page], &[withheld]).is_err();
    let written = data.windows(SECRET.len()).any(|window| window == SECRET.as_bytes());
    assert!(found || !written, "a page holding the withheld sentence passed the scan: {:?}", String::from_utf8_lossy(data));
});
