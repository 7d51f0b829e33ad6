//! Markdown of the guide: `@/` links and sanitized HTML.
//!
//! Editors link records by kind and id (`@/structures/ml-vierzon`) and files of the guide's
//! `static/` folder by their path in it (`@/static/img/porte.png`); [`links`] finds them and every
//! other destination (with their place, for `check`) and [`to_html`] rewrites them into relative
//! URLs, then `ammonia` removes whatever raw HTML could run code (script, event handlers,
//! `javascript:`).

use std::ops::Range;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

use crate::content::model::RecordKind;

/// A `@/` link: to a record (`@/reseaux/cio#horaires` → a network, id `cio`, anchor
/// `horaires`) or to a file of `static/` (`@/static/img/porte.png` → [`Target::Static`], id
/// `img/porte.png`, its path in `static/` as written).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordLink<'a> {
    pub target: Target,
    pub id: &'a str,
    pub anchor: Option<&'a str>,
}

/// What a `@/` link names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// A record of a kind with pages ([`RecordKind::LINKED`]).
    Record(RecordKind),
    /// A file of the guide's `static/` folder, copied to the root of the site.
    Static,
}

/// A destination of the site that is not written `@/`: it depends on where it is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Local {
    /// Relative to the page (`../x/`, `doc.pdf`): only right from pages at one depth.
    Relative,
    /// From the server's root (`/img/x.png`): wrong under a sub-path and opened from disk.
    Rooted,
}

/// Whether `dest` is a link into the site written without `@/`: not a fragment (`#x`), no
/// scheme (`https:`, `mailto:`), not `//host/`.
pub fn local(dest: &str) -> Option<Local> {
    let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if dest.is_empty() || dest.starts_with("@/") || dest.starts_with('#') || dest.starts_with("//") || has_scheme {
        None
    } else if dest.starts_with('/') {
        Some(Local::Rooted)
    } else {
        Some(Local::Relative)
    }
}

/// How a `@/static/<path>` link names the guide's `static/` folder.
pub const STATIC: &str = "static";

pub fn parse_link(dest: &str) -> Option<Result<RecordLink<'_>, String>> {
    let rest = dest.strip_prefix("@/")?;
    let (path, anchor) = match rest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (rest, None),
    };
    if let Some(file) = path.strip_prefix("static/") {
        return Some(if file.is_empty() || file.ends_with('/') {
            Err(format!("lien « {dest} » mal formé : attendu @/static/<chemin du fichier dans static/>"))
        } else {
            Ok(RecordLink { target: Target::Static, id: file, anchor })
        });
    }
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".md").or_else(|| path.strip_suffix(".yaml")).unwrap_or(path);
    let kind = path.split_once('/').and_then(|(folder, id)| Some((RecordKind::of_folder(folder)?, id)));
    Some(match kind {
        Some((kind, id)) if !id.is_empty() => {
            // `@/structures/cher/ml-vierzon`: sub-folders of structures are free, the id is last.
            let id = id.rsplit('/').next().unwrap_or(id);
            Ok(RecordLink { target: Target::Record(kind), id, anchor })
        }
        _ => {
            let folders: Vec<&str> = RecordKind::LINKED.iter().filter_map(|k| k.folder()).collect();
            Err(format!(
                "lien « {dest} » mal formé : attendu @/<type>/<id> avec un type parmi {}, ou @/static/<chemin> pour un \
                 fichier de static/",
                folders.join(", ")
            ))
        }
    })
}

/// The path in `static/` that a `@/static/` link names, its `%xx` decoded (`Mon%20plan.pdf`).
pub fn static_path(id: &str) -> String {
    percent_decode_str(id).decode_utf8_lossy().into_owned()
}

/// What a path keeps of its characters in a URL: the rest is `%xx` encoded.
const PATH: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');

/// `path` (a file of the site, `/`-separated) as a URL path.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// A destination of a Markdown text, as [`links`] finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dest {
    /// Byte range of the destination in the text (of its link or HTML element when it is not
    /// written as such, like an e-mail autolink's).
    pub range: Range<usize>,
    /// The destination as the page will have it: `mailto:` for an e-mail autolink
    /// (`<accueil@exemple.fr>`), character references decoded in raw HTML.
    pub url: String,
    /// Written in raw HTML (`<img src="…">`): `@/` is not resolved there.
    pub raw_html: bool,
}

/// The destination a page gets for `dest`: a `@/` link resolved (`None`: it leads nowhere),
/// any other as written.
fn resolved<'a>(dest: CowStr<'a>, resolve: &dyn Fn(&str) -> Option<String>) -> Option<CowStr<'a>> {
    if dest.starts_with("@/") { resolve(&dest).map(CowStr::from) } else { Some(dest) }
}

/// Every link and image destination of `text`, Markdown or raw HTML (`href`, `src`, `srcset`),
/// or why the text is too costly to render, with where it is (more than [`MAX_TEXT_BYTES`], or nested deeper than [`MAX_NESTING`]): one pass over the
/// parser's events answers both, as `check` asks both of every text.
pub fn links(text: &str) -> Result<Vec<Dest>, (Range<usize>, String)> {
    if text.len() > MAX_TEXT_BYTES {
        let first_line = text.find('\n').unwrap_or(text.len()).min(80);
        let first_line = (0..=first_line).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        return Err((
            0..first_line,
            format!("texte de {} ko : la limite est de {} ko", text.len() / 1024, MAX_TEXT_BYTES / 1024),
        ));
    }
    let mut links = Vec::new();
    let locate = |range: &Range<usize>, written: &str| {
        let source = &text[range.clone()];
        source.find(written).map_or(range.clone(), |i| range.start + i..range.start + i + written.len())
    };
    let (mut markdown, mut html) = (0usize, 0usize);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match &event {
            Event::Start(Tag::Link { link_type, dest_url, .. })
            | Event::Start(Tag::Image { link_type, dest_url, .. }) => {
                let url = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                links.push(Dest { range: locate(&range, dest_url), url, raw_html: false });
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                crate::linkcheck::for_each_url(raw, |written, url| {
                    links.push(Dest { range: locate(&range, written), url: url.to_string(), raw_html: true });
                });
                html = html_depth(raw, html);
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => markdown += 1,
            Event::End(_) => markdown = markdown.saturating_sub(1),
            _ => {}
        }
        if markdown + html > MAX_NESTING {
            let message = format!(
                "plus de {MAX_NESTING} niveaux imbriqués (citations « > », listes, mises en forme, balises HTML)"
            );
            return Err((range, message));
        }
    }
    Ok(links)
}

/// The largest Markdown text the build renders: far beyond any page of a guide, small enough that
/// rendering and sanitizing it stays a matter of milliseconds and megabytes.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// The deepest nesting of a Markdown text (quotes, lists, emphasis, links, raw HTML elements)
/// that the build renders. Sanitizing HTML costs time with the square of its depth, and
/// serializing it recurses: a few thousand `>` would take minutes or overflow the stack.
pub const MAX_NESTING: usize = 32;

/// The number of open HTML elements after `raw`, from `depth` before it: each start tag opens
/// one (but void and self-closing ones), each end tag closes one. A count, not a parser: enough
/// to bound the depth that the sanitizer will meet.
fn html_depth(raw: &str, mut depth: usize) -> usize {
    const VOID: [&str; 14] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
    let mut rest = raw;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..end].ends_with('/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.to_ascii_lowercase().as_str()) {
            depth += 1;
        }
    }
    depth
}

/// Renders Markdown to sanitized HTML. `resolve` turns a `@/` destination into a URL relative to
/// the page being written; an unresolved one (already reported by `check`) becomes plain text.
/// Headings move so that the text's highest one is an `h2`: the page's own title is its only
/// `h1`, and a text that starts at `##` does not skip a level (axe `heading-order`).
/// An image whose `@/` destination does not resolve keeps its description as text.
pub fn to_html(text: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    if plain_paragraph(text) {
        return format!("<p>{text}</p>\n");
    }
    parsed_html(text, resolve)
}

/// Whether `text` is one paragraph of plain words, which the parser and the sanitizer would give
/// back as written: one line, starting with a letter (not a list, heading or code block), ending
/// with no space, without a character that Markdown or HTML reads or that the sanitizer writes
/// as an entity. Most descriptions of a directory are: a national guide's 20,000 partner pages
/// skip both.
fn plain_paragraph(text: &str) -> bool {
    const READ: [char; 18] = [
        '\\', '`', '*', '_', '[', ']', '<', '>', '&', '"', '|', '~', '\n', '\r', '\t', '\u{a0}', '\u{202f}', '\u{2028}',
    ];
    text.starts_with(char::is_alphabetic) && !text.ends_with(char::is_whitespace) && !text.contains(READ)
}

/// [`to_html`] through the parser and the sanitizer.
fn parsed_html(text: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    // Per open link or image: whether it was dropped (its end is dropped too).
    let mut dropped: Vec<bool> = Vec::new();
    let top = top_heading(text);
    let events = Parser::new_ext(text, options()).filter_map(|event| match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let resolved = resolved(dest_url, resolve);
            dropped.push(resolved.is_none());
            resolved.map(|dest_url| Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let resolved = resolved(dest_url, resolve);
            dropped.push(resolved.is_none());
            resolved.map(|dest_url| Event::Start(Tag::Image { link_type, dest_url, title, id }))
        }
        Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
            (!dropped.pop().unwrap_or(false)).then_some(Event::End(end))
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

    #[test]
    fn a_plain_paragraph_skips_the_parser_with_the_same_html() {
        let plain = [
            "Accueil des jeunes de 16 à 25 ans sortis de l'école, pour trouver une formation.",
            "Saint-Amand-Montrond : conseil en évolution professionnelle (CEP), 2 conseillers.",
            "Voir https://example.org/page?x=1 ou écrire à contact@example.org !",
            "Ouvert du lundi au vendredi ; fermé le 1er mai. Tél. 02 48 00 00 00 — accès PMR.",
            "Élan # pas un titre, 3. pas une liste, a - b + c = d, 50 % {x} ^ $ @ ' ’ « » …",
        ];
        for text in plain {
            assert!(plain_paragraph(text), "{text}");
            assert_eq!(to_html(text, &|_| None), parsed_html(text, &|_| None), "{text}");
        }
        let read = ["- liste", "1. liste", "# Titre", "    code", "a *b*", "a\nb", "a & b", "a \u{a0}b", "«a»", "a  "];
        for text in read {
            assert!(!plain_paragraph(text), "{text:?}");
        }
    }

    fn resolve(dest: &str) -> Option<String> {
        match parse_link(dest)? {
            Ok(RecordLink { target: Target::Static, id, .. }) if id != "absent.png" => Some(format!("../{id}")),
            Ok(RecordLink { target: Target::Record(kind), id, .. }) if id != "absent" => {
                Some(format!("../{}/{id}/index.html", kind.folder().unwrap_or_default()))
            }
            _ => None,
        }
    }

    fn check(markdown: &str, expected_html: &str) {
        assert_eq!(to_html(markdown, &resolve).trim(), expected_html, "for {markdown:?}");
    }

    fn links_or_cost(text: &str) -> Option<(Range<usize>, String)> {
        links(text).err()
    }

    #[test]
    fn a_deep_or_huge_text_is_refused_where_it_gets_too_deep() {
        assert_eq!(links_or_cost("> > cit\n\n- a\n  - b\n\n<div><p>x</p></div>"), None);
        let quotes = format!("{}x", ">".repeat(5000));
        let (range, message) = links_or_cost(&quotes).expect("too deep");
        assert!(range.start < 40, "{range:?}");
        assert!(message.starts_with("plus de 32 niveaux"), "{message}");
        let divs = format!("<div>\n{}", "<div>".repeat(100));
        assert!(links_or_cost(&divs).is_some());
        let closed = "<div></div><br><img src=a.png/>".repeat(100);
        assert_eq!(links_or_cost(&closed), None, "closed and void elements do not nest");
        let (range, message) = links_or_cost(&"é".repeat(MAX_TEXT_BYTES)).expect("too big");
        assert!(message.contains("la limite est de 256 ko"), "{message}");
        assert_eq!(range, 0..80);
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
    fn rewrites_static_images_and_keeps_the_description_of_a_missing_one() {
        check("![Une porte](@/static/img/porte.png)", "<p><img src=\"../img/porte.png\" alt=\"Une porte\"></p>");
        check("![Une porte](@/static/absent.png) ouverte", "<p>Une porte ouverte</p>");
        check("[![p](@/static/p.png)](@/structures/absent)", "<p><img src=\"../p.png\" alt=\"p\"></p>");
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
        let links = links(text).expect("renderable");
        assert_eq!(links.len(), 3);
        assert_eq!(&text[links[0].range.clone()], "@/structures/ml-x");
        assert_eq!(&text[links[1].range.clone()], "@/reseaux/cio");
        assert_eq!(&text[links[2].range.clone()], "plan.png");
        assert!(links.iter().all(|l| !l.raw_html));
    }

    #[test]
    fn an_email_autolink_is_a_mailto_link() {
        let text = "Écrivez à <accessibilite@example.org>.";
        let links = links(text).expect("renderable");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].url, "mailto:accessibilite@example.org");
        assert_eq!(&text[links[0].range.clone()], "accessibilite@example.org");
        assert_eq!(local(&links[0].url), None);
    }

    #[test]
    fn finds_the_urls_of_raw_html() {
        let text = "Voici <a href=\"../x/index.html?a=1&amp;b=2\">x</a>.\n\n<img src=\"@/static/p.png\" alt=\"\">\n";
        let links = links(text).expect("renderable");
        let urls: Vec<(&str, bool)> = links.iter().map(|l| (l.url.as_str(), l.raw_html)).collect();
        assert_eq!(urls, [("../x/index.html?a=1&b=2", true), ("@/static/p.png", true)]);
        assert_eq!(&text[links[1].range.clone()], "@/static/p.png");
    }

    #[test]
    fn tells_local_destinations() {
        for relative in ["plan.png", "../autre/", "pages/x", "./a#b"] {
            assert_eq!(local(relative), Some(Local::Relative), "{relative}");
        }
        assert_eq!(local("/plan.png"), Some(Local::Rooted));
        for other in ["@/pages/x", "#horaires", "//cdn.example/x", "https://exemple.fr", "mailto:a@b.fr", "tel:+33123"]
        {
            assert_eq!(local(other), None, "{other}");
        }
    }

    #[test]
    fn parses_link_kinds() {
        assert_eq!(parse_link("@/structures/cher/ml-vierzon").unwrap().unwrap().id, "ml-vierzon");
        assert!(parse_link("@/inconnu/x").unwrap().is_err());
        assert!(parse_link("https://example.org").is_none());
        let file = parse_link("@/static/docs/plan.yaml#page=2").unwrap().unwrap();
        assert_eq!((file.target, file.id, file.anchor), (Target::Static, "docs/plan.yaml", Some("page=2")));
        assert!(parse_link("@/static/").unwrap().is_err());
        assert!(parse_link("@/static/img/").unwrap().is_err());
        assert_eq!(static_path("Mon%20plan.pdf"), "Mon plan.pdf");
        assert_eq!(encode_path("Mon plan #2.pdf"), "Mon%20plan%20%232.pdf");
    }
}
