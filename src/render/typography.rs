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

/// `html` with French spaces in its text; borrowed when nothing changes. One pass over the
/// bytes, copying slices between the few places to change: it runs over every page (a national
/// guide's 270 MB; a pass per text segment with a set of chars to match took 5 % of a build).
pub fn french_spacing(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes can change nothing: skip to a tag, « : ; ! ? », or the first byte of « ».
        match bytes[i..].iter().position(|&b| matches!(b, b'<' | b':' | b';' | b'!' | b'?' | 0xC2)) {
            Some(skip) => i += skip,
            None => break,
        }
        if bytes[i] == b'<' {
            i = after_tag(html, i);
            continue;
        }
        // « and » are 0xC2 0xAB and 0xC2 0xBB in UTF-8.
        let space_before = i > 0 && bytes[i - 1] == b' ';
        let space = match (bytes[i], bytes.get(i + 1)) {
            (b':', _) | (0xC2, Some(0xBB)) if space_before => Some((i - 1, NBSP)),
            (b';' | b'!' | b'?', _) if space_before => Some((i - 1, NARROW_NBSP)),
            (0xC2, Some(0xAB)) if bytes.get(i + 2) == Some(&b' ') => Some((i + 2, NBSP)),
            _ => None,
        };
        // « » with one space between: that space is already replaced.
        if let Some((at, replacement)) = space.filter(|&(at, _)| at >= copied) {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
            out.push_str(&html[copied..at]);
            out.push(replacement);
            copied = at + 1;
        }
        i += 1;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Where the text goes on after the tag at `at`: after the tag (attributes are escaped: no
/// `>` inside them), or, for a raw element, at its end tag.
fn after_tag(html: &str, at: usize) -> usize {
    let bytes = html.as_bytes();
    let end = memchr::memchr(b'>', &bytes[at..]).map_or(bytes.len(), |e| at + e + 1);
    match RAW.iter().find(|name| opens(&html[at..end], name)) {
        Some(name) => {
            let close = format!("</{name}");
            memchr::memmem::find(&bytes[end..], close.as_bytes()).map_or(bytes.len(), |e| end + e)
        }
        None => end,
    }
}

/// Whether `tag` (`<…>`) opens the element `name`.
fn opens(tag: &str, name: &str) -> bool {
    tag.strip_prefix('<')
        .and_then(|t| t.get(..name.len()).filter(|n| n.eq_ignore_ascii_case(name)).map(|_| &t[name.len()..]))
        .is_some_and(|after| after.starts_with(['>', ' ', '\n', '\t', '/']))
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
