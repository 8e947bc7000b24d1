//! Pages are minified by minifying the theme's templates once (`render::minify`). Every page
//! rendered from the minified templates must parse (html5ever, as browsers parse) to the same
//! document as the page rendered from the templates as written, but for whitespace a browser
//! does not render: runs of whitespace count as one space outside `pre`, `textarea`, `code`,
//! `script` and `style`, and none at all next to the edge of a block. minify-html, which
//! minified every page before, is the yardstick for how much is removed.

mod common;

use std::path::Path;

use common::{date, Fixture, SAMPLE_DATE};
use kanmin::output::OutputFile;
use kanmin::render::html::{engine, engine_as_written, render, site_pages, PageJob};
use kanmin::render::theme::SiteTheme;
use scraper::{ElementRef, Html, Node};

/// Elements laid out as blocks, table parts or not at all (the head's): whitespace beside
/// their edges is not rendered (CSS 2 §9.2 and §16.6.1, HTML's rendering section).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];
const WHITESPACE_KEPT: &[&str] = &["code", "pre", "script", "style", "textarea"];

/// The document as a reader gets it: elements with their attributes (sorted), comments, and
/// text with the whitespace a browser does not render taken out.
fn rendered_form(page: &[u8]) -> String {
    let document = Html::parse_document(&String::from_utf8_lossy(page));
    let mut out = String::new();
    write_element(document.root_element(), false, &mut out);
    out
}

fn write_element(element: ElementRef, keep_whitespace: bool, out: &mut String) {
    let name = element.value().name();
    let mut attributes: Vec<(&str, &str)> = element.value().attrs().collect();
    attributes.sort();
    out.push_str(&format!("<{name} {attributes:?}>"));
    let keep_whitespace = keep_whitespace || WHITESPACE_KEPT.contains(&name);
    // html5ever parses as a browser running scripts, which reads `noscript` as text; a browser
    // without scripts reads it as markup, and so is it compared.
    if name == "noscript" {
        let fragment = Html::parse_fragment(&element.text().collect::<String>());
        write_element(fragment.root_element(), keep_whitespace, out);
        out.push_str("</noscript>");
        return;
    }
    let is_block = |node: Option<scraper::node::Node>| matches!(node, Some(Node::Element(e)) if BLOCKS.contains(&e.name()));
    let children: Vec<_> = element.children().collect();
    let mut text = String::new();
    for (index, child) in children.iter().enumerate() {
        match child.value() {
            Node::Text(piece) => {
                text.push_str(piece);
                if matches!(
                    children.get(index + 1).map(|c| c.value()),
                    Some(Node::Text(_))
                ) {
                    continue;
                }
                let mut shown = if keep_whitespace {
                    text.clone()
                } else {
                    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
                };
                if !keep_whitespace {
                    let starts_spaced = text.starts_with(|c: char| c.is_ascii_whitespace());
                    let ends_spaced = text.ends_with(|c: char| c.is_ascii_whitespace());
                    let first = children[..index]
                        .iter()
                        .rev()
                        .find(|c| !matches!(c.value(), Node::Text(_)));
                    let block_before = first.map_or(BLOCKS.contains(&name), |c| {
                        is_block(Some(c.value().clone()))
                    });
                    let block_after = children.get(index + 1).map_or(BLOCKS.contains(&name), |c| {
                        is_block(Some(c.value().clone()))
                    });
                    if !shown.is_empty() {
                        if starts_spaced && !block_before {
                            shown.insert(0, ' ');
                        }
                        if ends_spaced && !block_after {
                            shown.push(' ');
                        }
                    } else if !text.is_empty() && !block_before && !block_after {
                        shown.push(' ');
                    }
                }
                if !shown.is_empty() {
                    out.push_str(&format!("{shown:?}"));
                }
                text.clear();
            }
            Node::Element(_) => write_element(
                ElementRef::wrap(*child).expect("an element"),
                keep_whitespace,
                out,
            ),
            Node::Comment(comment) => out.push_str(&format!("<!--{}-->", &**comment)),
            _ => {}
        }
    }
    out.push_str(&format!("</{name}>"));
}

fn reference_minify(page: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(page, &cfg)
}

/// Every page of the site, rendered from the default theme's templates minified and as written.
fn both_renderings(root: &Path) -> (Vec<OutputFile>, Vec<OutputFile>) {
    let checked = kanmin::check(root, date(SAMPLE_DATE)).expect("content checks");
    let theme = SiteTheme::load(root, None).expect("default theme loads");
    let mut minified = Vec::new();
    let mut as_written = Vec::new();
    // Every language: the English templates' output goes through the same minifier.
    for (site, locale) in kanmin::render::languages(&checked.site, &theme) {
        let site = &site;
        let pages = || -> Vec<PageJob> {
            let mut pages = site_pages(site, locale);
            pages.push(kanmin::render::search::render(site, locale).0);
            let data = kanmin::render::opendata::render(&checked.site).expect("open data renders");
            pages.push(kanmin::render::opendata::page_in(&data.page, site, locale));
            pages.extend(kanmin::render::stats::pages(site, locale));
            kanmin::render::jsonld::annotate(site, locale, &mut pages);
            pages
        };
        minified.extend(
            render(
                site,
                &engine(&theme, site).expect("engine"),
                &theme,
                pages(),
            )
            .expect("renders"),
        );
        as_written.extend(
            render(
                site,
                &engine_as_written(&theme, site).expect("engine"),
                &theme,
                pages(),
            )
            .expect("renders"),
        );
    }
    (minified, as_written)
}

fn assert_pages_read_the_same(root: &Path) {
    let (minified, as_written) = both_renderings(root);
    assert_eq!(minified.len(), as_written.len());
    assert!(
        minified.len() > 10,
        "a site of many pages: {}",
        minified.len()
    );
    let (mut minified_bytes, mut written_bytes, mut reference_bytes) = (0, 0, 0);
    for (page, original) in minified.iter().zip(&as_written) {
        assert_eq!(page.path, original.path);
        let (read, read_as_written) = (rendered_form(&page.bytes), rendered_form(&original.bytes));
        if read != read_as_written {
            let same = read
                .chars()
                .zip(read_as_written.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let context = |text: &str| {
                text.chars()
                    .skip(same.saturating_sub(200))
                    .take(400)
                    .collect::<String>()
            };
            panic!(
                "{} reads differently\n--- from minified templates\n{}\n--- as written\n{}",
                page.path,
                context(&read),
                context(&read_as_written)
            );
        }
        let reference = reference_minify(&original.bytes);
        minified_bytes += page.bytes.len();
        written_bytes += original.bytes.len();
        reference_bytes += reference.len();
    }
    // Most of what minify-html removes from a page comes from the templates.
    let removed = written_bytes - minified_bytes;
    let reference_removed = written_bytes - reference_bytes;
    eprintln!("{written_bytes} bytes as written; minified templates {minified_bytes}; minify-html {reference_bytes}");
    assert!(
        removed * 2 > reference_removed,
        "removed {removed} bytes; minify-html removes {reference_removed}"
    );
}

#[test]
fn sample_site_pages_read_the_same() {
    assert_pages_read_the_same(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn pages_of_odd_texts_read_the_same() {
    let site = Fixture::minimal();
    let texts = [
        "  前後に空白  ",
        "改行を\n\n含む\n  本文\n\n```\n  コード  ブロック\n```\n\n- 箇条書き\n  - 入れ子\n",
        "<pre>  整形済み  </pre> <b>太字</b> &amp; \"引用\" 'single'",
        "{{ not_tera }} {% not_tera %} <script>alert(1)</script>",
    ];
    for (n, text) in texts.iter().enumerate() {
        let yaml = common::yaml_string(text);
        site.write(
            &format!("content/partnerships/p{n}.yaml"),
            &common::partnership(&format!("タイトル {n}  空白"), &format!("body: {yaml}\n")),
        );
    }
    assert_pages_read_the_same(site.root());
}

#[test]
fn a_broken_template_is_reported_at_its_line_as_written() {
    let site = Fixture::minimal();
    site.write(
        "content/site.yaml",
        &format!("{}theme: custom\n", common::MINIMAL_SITE),
    );
    site.write(
        "themes/custom/templates/404.html",
        "<div>\n    <p>\n        見つかりません\n    </p>\n    {% if %}\n</div>\n",
    );
    let error = site.build_error();
    assert!(error.contains("404.html:5:"), "{error}");
    assert!(!error.contains("kanmin bug"), "{error}");
}
