//! Markdown of the guide: `@/` links and sanitized HTML.
//!
//! Editors link records by kind and id (`@/structures/ml-vierzon`); [`links`] finds them and
//! every other destination (with their place, for `check`) and [`to_html`] rewrites them into relative URLs, then
//! `ammonia` removes whatever raw HTML could run code (script, event handlers, `javascript:`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// A link to a record: `@/reseaux/cio#horaires` → kind `reseaux`, id `cio`, anchor `horaires`.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordLink<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    pub anchor: Option<&'a str>,
}

/// A destination relative to the page (`../x/`, `doc.pdf`): it depends on where the text is
/// shown, so it is only right by chance. Not `@/`, not a fragment, no scheme (`https:`, `mailto:`).
pub fn is_relative(dest: &str) -> bool {
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    !(dest.is_empty() || dest.starts_with("@/") || dest.starts_with('#') || dest.starts_with('/') || has_scheme)
}

/// The kinds a `@/` link may name (folder names of the content format).
pub const LINK_KINDS: [&str; 5] = ["reseaux", "structures", "territoires", "parcours", "pages"];

pub fn parse_link(dest: &str) -> Option<Result<RecordLink<'_>, String>> {
    let rest = dest.strip_prefix("@/")?;
    let (path, anchor) = match rest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".md").or_else(|| path.strip_suffix(".yaml")).unwrap_or(path);
    Some(match path.split_once('/') {
        Some((kind, id)) if LINK_KINDS.contains(&kind) && !id.is_empty() => {
            // `@/structures/cher/ml-vierzon`: sub-folders of structures are free, the id is last.
            let id = id.rsplit('/').next().unwrap_or(id);
            Ok(RecordLink { kind, id, anchor })
        }
        _ => Err(format!(
            "lien « {dest} » mal formé : attendu @/<type>/<id> avec un type parmi {}",
            LINK_KINDS.join(", ")
        )),
    })
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Every link and image destination of `text`, with the byte range of the destination.
pub fn links(text: &str) -> Vec<(Range<usize>, String)> {
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let source = &text[range.clone()];
        let at = source.find(dest.as_ref()).map_or(range.clone(), |i| range.start + i..range.start + i + dest.len());
        links.push((at, dest.to_string()));
    }
    links
}

/// Renders Markdown to sanitized HTML. `resolve` turns a `@/` destination into a URL relative to
/// the page being written; an unresolved one (already reported by `check`) becomes plain text.
/// Headings move so that the text's highest one is an `h2`: the page's own title is its only
/// `h1`, and a text that starts at `##` does not skip a level (axe `heading-order`).
pub fn to_html(text: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut unresolved_depth = 0usize;
    let top = top_heading(text);
    let events = Parser::new_ext(text, options()).filter_map(|event| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if dest_url.starts_with("@/") => {
            match resolve(&dest_url) {
                Some(url) => Some(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(url), title, id })),
                None => {
                    unresolved_depth += 1;
                    None
                }
            }
        }
        Event::End(TagEnd::Link) if unresolved_depth > 0 => {
            unresolved_depth -= 1;
            None
        }
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Some(Event::Start(Tag::Heading { level: below_title(level, top), id, classes, attrs }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(below_title(level, top)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitize(&out)
}

/// The highest heading level of `text` (1 for `#`), 1 when it has none.
fn top_heading(text: &str) -> usize {
    Parser::new_ext(text, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1)
}

/// `level` moved so that `top` becomes `h2`, within `h2`…`h6`.
fn below_title(level: HeadingLevel, top: usize) -> HeadingLevel {
    let moved = (level as usize + 2).saturating_sub(top).clamp(2, 6);
    HeadingLevel::try_from(moved).unwrap_or(HeadingLevel::H6)
}

/// Only markup, never code: ammonia's safe defaults (no script, style, event handler or
/// `javascript:` URL), relative links kept, external links marked `noopener noreferrer`.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(dest: &str) -> Option<String> {
        match parse_link(dest)? {
            Ok(link) if link.id != "absent" => Some(format!("../{}/{}/index.html", link.kind, link.id)),
            _ => None,
        }
    }

    fn check(markdown: &str, expected_html: &str) {
        assert_eq!(to_html(markdown, &resolve).trim(), expected_html, "for {markdown:?}");
    }

    #[test]
    fn rewrites_record_links() {
        check(
            "[ML](@/structures/ml-vierzon)",
            "<p><a href=\"../structures/ml-vierzon/index.html\" rel=\"noopener noreferrer\">ML</a></p>",
        );
        check("[x](@/structures/absent)", "<p>x</p>");
    }

    #[test]
    fn removes_code_from_raw_html() {
        check("<script>alert(1)</script>ok", "ok");
        check("<a href=\"javascript:alert(1)\" onclick=\"x()\">y</a>", "<p><a rel=\"noopener noreferrer\">y</a></p>");
        check("<img src=x onerror=alert(1)>", "<img src=\"x\">");
    }

    #[test]
    fn the_highest_heading_becomes_h2() {
        check("# Titre\n\n## Sous-titre", "<h2>Titre</h2>\n<h3>Sous-titre</h3>");
        check("## Titre\n\n### Sous-titre", "<h2>Titre</h2>\n<h3>Sous-titre</h3>");
        check("### Titre\n\n###### Bas", "<h2>Titre</h2>\n<h5>Bas</h5>");
    }

    #[test]
    fn finds_links_with_their_place() {
        let text = "Voir [la ML](@/structures/ml-x), [CIO](@/reseaux/cio) et ![plan](plan.png).";
        let links = links(text);
        assert_eq!(links.len(), 3);
        assert_eq!(&text[links[0].0.clone()], "@/structures/ml-x");
        assert_eq!(&text[links[1].0.clone()], "@/reseaux/cio");
        assert_eq!(&text[links[2].0.clone()], "plan.png");
    }

    #[test]
    fn tells_relative_destinations() {
        for relative in ["plan.png", "../autre/", "pages/x", "./a#b"] {
            assert!(is_relative(relative), "{relative}");
        }
        for other in ["@/pages/x", "#horaires", "/plan.png", "https://exemple.fr", "mailto:a@b.fr", "tel:+33123"] {
            assert!(!is_relative(other), "{other}");
        }
    }

    #[test]
    fn parses_link_kinds() {
        assert_eq!(parse_link("@/structures/cher/ml-vierzon").unwrap().unwrap().id, "ml-vierzon");
        assert!(parse_link("@/inconnu/x").unwrap().is_err());
        assert!(parse_link("https://example.org").is_none());
    }
}
