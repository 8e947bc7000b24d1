//! Any bytes as an output page: the leak scan must not panic or hang, and a withheld sentence
//! written anywhere in the page's bytes (text, tag, attribute, comment, script) is found.
#![no_main]

use kanmin::disclose::WithheldText;
use kanmin::output::OutputFile;
use libfuzzer_sys::fuzz_target;

/// Prose, and prose with spaces and the characters that open and close markup.
const SECRETS: [&str; 2] = ["独自の需要予測モデルで配車", "売上 > 前年比の <b>三割増 --> 目標"];

fuzz_target!(|data: &[u8]| {
    for secret in SECRETS {
        let withheld = WithheldText::new("proposal", "p1", "idea", secret);
        let page = OutputFile::new("a/index.html", data.to_vec());
        let found = kanmin::verify::leak_scan(&[page], &[withheld]).is_err();
        let written = data.windows(secret.len()).any(|window| window == secret.as_bytes());
        assert!(found || !written, "a page holding {secret:?} passed the scan: {:?}", String::from_utf8_lossy(data));
    }
});
