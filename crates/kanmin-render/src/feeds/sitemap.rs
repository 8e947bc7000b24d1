//! `sitemap.xml` and `robots.txt`, built from the final list of output files so that every
//! public page is listed and nothing else: a page exists only if a renderer produced it from
//! `public::Site`, so withheld records cannot appear.

use crate::xml;
use crate::OutputFile;
use std::collections::HashMap;

use kanmin_public::date::Date;
use kanmin_public::{Lang, Site};

/// The sitemaps protocol's limit of URLs per file; larger sites get a sitemap index.
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;

const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// Where sitemaps write a page's translations (`<xhtml:link rel="alternate" hreflang>`).
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Pages that exist for errors only and must not be indexed.
fn is_listed(path: &str) -> bool {
    path.ends_with(".html") && path != "404.html" && !path.ends_with("/404.html")
}

/// The URL a page file is served at: `partnerships/x/index.html` → `…/partnerships/x/`.
fn page_url(base_url: &str, path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html")
            .map_or(path, |dir| &path[..dir.len() + 1])
    };
    format!("{base_url}{path}")
}

/// Sitemap file(s) and robots.txt for the rendered `files`.
pub fn files(site: &Site, files: &[OutputFile]) -> Vec<OutputFile> {
    let base = &site.info.base_url;
    let lastmod: HashMap<&str, Date> = site
        .modified()
        .filter_map(|(_, path, day)| Some((path, day?)))
        .collect();
    let mut urls: Vec<String> = files
        .iter()
        .filter(|f| is_listed(&f.path))
        .map(|f| page_url(base, &f.path))
        .collect();
    urls.sort();
    urls.dedup();
    let mut out = Vec::new();
    if urls.len() <= MAX_URLS_PER_SITEMAP {
        out.push(OutputFile::new(
            "sitemap.xml",
            url_set(base, &urls, &lastmod),
        ));
    } else {
        let mut index = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"{NAMESPACE}\">\n"
        );
        for (number, chunk) in urls.chunks(MAX_URLS_PER_SITEMAP).enumerate() {
            let name = format!("sitemap-{}.xml", number + 1);
            index.push_str(&format!(
                "<sitemap><loc>{}</loc></sitemap>\n",
                xml::escape(&format!("{base}{name}"))
            ));
            out.push(OutputFile::new(name, url_set(base, chunk, &lastmod)));
        }
        index.push_str("</sitemapindex>\n");
        out.push(OutputFile::new("sitemap.xml", index));
    }
    out.push(OutputFile::new(
        "robots.txt",
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
    ));
    out
}

/// Every page is published in every language at the same path below the language's root,
/// so each URL lists all of them as its alternates.
/// `lastmod` holds the day of the last public change of record pages (by path below the
/// language's root), when the records have a history.
fn url_set(base: &str, urls: &[String], lastmod: &HashMap<&str, Date>) -> String {
    let mut out = String::with_capacity(urls.len() * 320 + 128);
    out.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NAMESPACE}\" xmlns:xhtml=\"{XHTML}\">\n"
    ));
    for url in urls {
        let path = url.strip_prefix(base).unwrap_or(url);
        let path = Lang::ALL
            .iter()
            .find_map(|lang| {
                path.strip_prefix(lang.prefix())
                    .filter(|_| !lang.prefix().is_empty())
            })
            .unwrap_or(path);
        out.push_str(&format!("<url><loc>{}</loc>", xml::escape(url)));
        if let Some(date) = lastmod.get(path) {
            out.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
        }
        for lang in Lang::ALL {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                lang.code(),
                xml::escape(&format!("{base}{}{path}", lang.prefix()))
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::page_url;

    #[test]
    fn page_urls_end_in_folders() {
        let base = "https://example.org/colab/";
        assert_eq!(page_url(base, "index.html"), "https://example.org/colab/");
        assert_eq!(
            page_url(base, "themes/a/index.html"),
            "https://example.org/colab/themes/a/"
        );
        assert_eq!(
            page_url(base, "other.html"),
            "https://example.org/colab/other.html"
        );
    }
}
