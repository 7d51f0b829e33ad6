//! What a page may not contain, read by a real HTML parser (html5ever through `scraper`), as
//! browsers read it: executable code from anywhere, and inline style or script that the pages'
//! Content-Security-Policy (no `unsafe-inline`) would block.

use scraper::{Html, Node};

/// The scripts a page may carry: the theme's own files (`src` to a file of the site) and a
/// JSON-LD data block (open data), whose text must stay valid JSON.
fn allowed_script(element: &scraper::node::Element, text: &str) -> Result<(), String> {
    match (element.attr("src"), element.attr("type")) {
        (Some(src), _) if is_relative_file(src) && text.trim().is_empty() => Ok(()),
        (None, Some("application/ld+json")) => {
            serde_json::from_str::<serde_json::Value>(text).map(drop).map_err(|e| format!("JSON-LD invalide : {e}"))
        }
        _ => Err(format!("élément script non autorisé : {}", element_source(element))),
    }
}

fn is_relative_file(src: &str) -> bool {
    !src.contains(':') && !src.starts_with("//")
}

fn element_source(element: &scraper::node::Element) -> String {
    let attrs: Vec<String> = element.attrs().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    format!("<{} {}>", element.name(), attrs.join(" "))
}

/// A URL that a browser would run as script: `javascript:` (or `vbscript:`) once the
/// characters browsers ignore are taken out.
fn runs_script(value: &str) -> bool {
    let folded: String =
        value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).flat_map(char::to_lowercase).collect();
    folded.starts_with("javascript:") || folded.starts_with("vbscript:")
}

/// Everything in `html` that executes code or that the CSP forbids; empty when the page is safe.
pub fn violations(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let Node::Element(element) = node.value() else { continue };
        let name = element.name();
        if name == "script" {
            let text: String = node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
            if let Err(problem) = allowed_script(element, &text) {
                found.push(problem);
            }
        }
        if name == "style" {
            found.push("élément style en ligne (interdit par la CSP)".into());
        }
        for (attr, value) in element.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("attribut de gestionnaire d'événement {attr} : {}", element_source(element)));
            } else if attr == "style" {
                found.push(format!("attribut style (interdit par la CSP) : {}", element_source(element)));
            } else if runs_script(value) {
                found.push(format!("URL javascript: : {}", element_source(element)));
            }
        }
        if matches!(name, "iframe" | "object" | "embed" | "base" | "frame") {
            found.push(format!("élément {name} : {}", element_source(element)));
        }
    }
    found
}
