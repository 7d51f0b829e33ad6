//! French typography of a rendered page: a non-breaking space before « : », « ; », « ! », « ? »
//! and inside « », so that a line never starts with a colon or a closing quote. Done once on the
//! page's HTML rather than in each template and view, so that editors' text gets it too.
//!
//! Only text is touched: not tags and their attributes, nor the content of `script`, `style`,
//! `pre`, `code` and `textarea` (a JSON-LD block or an example must stay as written).

use std::borrow::Cow;

/// Before « : » and inside « »: a no-break space; before « ; ! ? »: a narrow one, as French
/// typography sets them.
const NBSP: char = '\u{a0}';
const NARROW_NBSP: char = '\u{202f}';

/// Elements whose content is not prose.
const RAW: [&str; 5] = ["script", "style", "pre", "code", "textarea"];

/// `html` with French spaces in its text; borrowed when nothing changes.
pub fn french_spacing(html: &str) -> Cow<'_, str> {
    if !html.contains([':', ';', '!', '?', '«', '»']) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while !rest.is_empty() {
        // Text up to the next tag.
        let text_end = rest.find('<').unwrap_or(rest.len());
        push_text(&mut out, &rest[..text_end]);
        rest = &rest[text_end..];
        if rest.is_empty() {
            break;
        }
        // The tag itself, as is (attributes are escaped: no `>` inside them).
        let tag_end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..tag_end];
        out.push_str(tag);
        rest = &rest[tag_end..];
        // A raw element: its content as is, up to its end tag.
        if let Some(name) = RAW.iter().find(|name| opens(tag, name)) {
            let close = format!("</{name}");
            let end = rest.find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    Cow::Owned(out)
}

/// Whether `tag` (`<…>`) opens the element `name`.
fn opens(tag: &str, name: &str) -> bool {
    tag.strip_prefix('<')
        .and_then(|t| t.get(..name.len()).filter(|n| n.eq_ignore_ascii_case(name)).map(|_| &t[name.len()..]))
        .is_some_and(|after| after.starts_with(['>', ' ', '\n', '\t', '/']))
}

/// `text` with its spaces before or after French punctuation made unbreakable. Copies slices
/// between the few places to change rather than char by char: it runs over every page.
fn push_text(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (i, mark) in text.match_indices([':', ';', '!', '?', '»', '«']) {
        let space = match mark {
            ":" | "»" if i > 0 && bytes[i - 1] == b' ' => Some((i - 1, NBSP)),
            ";" | "!" | "?" if i > 0 && bytes[i - 1] == b' ' => Some((i - 1, NARROW_NBSP)),
            "«" if bytes.get(i + mark.len()) == Some(&b' ') => Some((i + mark.len(), NBSP)),
            _ => None,
        };
        // « » with one space between: that space is already replaced.
        if let Some((at, replacement)) = space.filter(|&(at, _)| at >= copied) {
            out.push_str(&text[copied..at]);
            out.push(replacement);
            copied = at + 1;
        }
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::french_spacing;

    /// The page `input` reads as `expected`, where `~` stands for a no-break space and `^` for a
    /// narrow one.
    fn check(input: &str, expected: &str) {
        let expected = expected.replace('~', "\u{a0}").replace('^', "\u{202f}");
        assert_eq!(french_spacing(input), expected, "{input}");
    }

    #[test]
    fn spaces_before_french_punctuation_do_not_break() {
        check("<p>Téléphone : 02</p>", "<p>Téléphone~: 02</p>");
        check("<p>Où aller ? Ici ; là ! « Oui »</p>", "<p>Où aller^? Ici^; là^! «~Oui~»</p>");
        check("<h1>Bassin de Vierzon</h1>", "<h1>Bassin de Vierzon</h1>");
        check("<p>« » ; « ? »</p>", "<p>«~» ; «~?~»</p>".replace(" ;", "^;").as_str());
        // Already right, or no space: unchanged.
        check("<p>https://exemple.fr/a?b=c</p>", "<p>https://exemple.fr/a?b=c</p>");
    }

    #[test]
    fn tags_attributes_and_raw_elements_are_left_as_written() {
        check(
            r#"<a title="Note : ici" href="?q=a ?">Lien : là</a>"#,
            r#"<a title="Note : ici" href="?q=a ?">Lien~: là</a>"#,
        );
        check(
            "<script type=\"application/ld+json\">{\"a\" : \"b ?\"}</script><p>c : d</p>",
            "<script type=\"application/ld+json\">{\"a\" : \"b ?\"}</script><p>c~: d</p>",
        );
        check("<pre>a : b</pre><code>x ; y</code><p>e ! </p>", "<pre>a : b</pre><code>x ; y</code><p>e^! </p>");
        // A tag that only starts like a raw one is prose.
        check("<precis>a : b</precis>", "<precis>a~: b</precis>");
    }
}
