//! Link gate: every internal `href`, `src`, `srcset` and form `action` of a generated page must
//! lead to a file of the output, and a `#fragment` into a page to an `id` of that page.
//!
//! Pages are scanned while their HTML is still in memory, from the rendering threads
//! ([`Gate::scan`]); a link to a known page is settled there and then. What remains (links to
//! assets, data files, static files, fragments, and the broken ones) is few per page and is
//! verified once every file has been written ([`verify`]), before the output is swapped in.
//!
//! The scanner reads the markup that the build itself serialized (tera templates, ammonia):
//! tags with quoted or unquoted attributes, comments, and the raw text of `script` and `style`
//! skipped. It is a single forward pass over the bytes, several times faster than a full HTML
//! tokenizer, which matters at national scale (21,000 pages, 240 MB).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use memchr::memmem;
use rayon::prelude::*;

/// At most this many broken links are listed in the error (the count says the rest).
const LISTED: usize = 20;

/// Elements whose text is not markup, with how they close.
const RAW_TEXT: [(&str, &str); 2] = [("script", "</script"), ("style", "</style")];

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "action"];

/// What the rendering threads need to settle the links of a page.
pub struct Gate {
    /// Files of the pages about to be written (`territoires/x/index.html`).
    pages: HashSet<String>,
    /// Absolute base URL with a trailing `/`: links that start with it are internal.
    base_url: Option<String>,
}

/// The links of one page that could not be settled while scanning it, and its `id`s.
pub struct Scan {
    page: String,
    ids: Vec<String>,
    pending: Vec<Link>,
}

impl Scan {
    /// How many links of the page are left for [`verify`].
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The scan as one line of JSON, for a rebuild that keeps the page ([`Scan::read`]).
    pub fn note(&self) -> String {
        let pending: Vec<_> = self.pending.iter().map(|l| (&l.written, &l.file, &l.fragment)).collect();
        serde_json::to_string(&(&self.ids, pending)).unwrap_or_default()
    }

    /// The scan of `page` that [`Scan::note`] wrote, if `note` is one.
    pub fn read(page: &str, note: &str) -> Option<Scan> {
        type Noted = (Vec<String>, Vec<(String, String, Option<String>)>);
        let (ids, pending): Noted = serde_json::from_str(note).ok()?;
        let pending = pending.into_iter().map(|(written, file, fragment)| Link { written, file, fragment }).collect();
        Some(Scan { page: page.to_string(), ids, pending })
    }
}

/// A link still to verify: as written, and resolved from the site root.
struct Link {
    written: String,
    file: String,
    fragment: Option<String>,
}

impl Gate {
    pub fn new(pages: impl IntoIterator<Item = String>, base_url: Option<&str>) -> Gate {
        Gate { pages: pages.into_iter().collect(), base_url: base_url.map(str::to_string) }
    }

    /// Scans the page written at `page` (a path from the site root).
    pub fn scan(&self, page: &str, html: &str) -> Scan {
        let dir = page.rfind('/').map_or("", |i| &page[..=i]);
        let mut scan = Scan { page: page.to_string(), ids: Vec::new(), pending: Vec::new() };
        for_each_attribute(html, |name, value| {
            if name.eq_ignore_ascii_case("id") {
                scan.ids.push(decode_entities(value).into_owned());
            } else if name.eq_ignore_ascii_case("srcset") {
                for candidate in value.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or("");
                    self.settle(page, dir, url, &mut scan.pending);
                }
            } else if URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a)) {
                self.settle(page, dir, value, &mut scan.pending);
            }
        });
        // Anchors into the page itself (the skip link on every page) are settled here.
        let ids = &scan.ids;
        scan.pending.retain(|l| l.file != page || !l.fragment.as_ref().is_some_and(|f| ids.contains(f)));
        scan
    }

    /// Keeps `value` for [`verify`] unless it is external or a plain link to a known page.
    fn settle(&self, page: &str, dir: &str, value: &str, pending: &mut Vec<Link>) {
        let written = decode_entities(value);
        let Some((file, fragment)) = self.resolve(page, dir, &written) else { return };
        if fragment.is_none() && self.pages.contains(&file) {
            return;
        }
        let fragment = fragment.map(str::to_string);
        pending.push(Link { written: written.into_owned(), file, fragment });
    }

    /// The file (from the site root) and fragment a link leads to; `None` for another host or
    /// scheme. A link that climbs above the root resolves to `..`, which no file has.
    fn resolve<'a>(&self, page: &str, dir: &str, link: &'a str) -> Option<(String, Option<&'a str>)> {
        let (from, path) = match &self.base_url {
            Some(base) if link.starts_with(base.as_str()) => ("", &link[base.len()..]),
            _ if is_external(link) => return None,
            _ => match link.strip_prefix('/') {
                Some(rooted) => ("", rooted),
                None => (dir, link),
            },
        };
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (path, None),
        };
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() && from == dir {
            return Some((page.to_string(), fragment));
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        Some((normalize(from, &decoded), fragment))
    }
}

/// Calls `found(as written, decoded)` for every URL of `html` that the gate verifies (`href`,
/// `src`, `action`, each candidate of `srcset`): `check` reads the raw HTML of Markdown with it.
pub fn for_each_url(html: &str, mut found: impl FnMut(&str, &str)) {
    for_each_attribute(html, |name, value| {
        if name.eq_ignore_ascii_case("srcset") {
            for candidate in value.split(',') {
                let url = candidate.split_whitespace().next().unwrap_or("");
                found(url, &decode_entities(url));
            }
        } else if URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a)) {
            found(value, &decode_entities(value));
        }
    });
}

/// `http:`, `mailto:`, `tel:`, `data:`… or `//host/`.
fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    let scheme = link.split([':', '/', '?', '#']).next().unwrap_or("");
    link.len() > scheme.len()
        && link.as_bytes()[scheme.len()] == b':'
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// Joins `path` to the folder `dir` (both from the site root), resolving `.` and `..`; a folder
/// stands for its `index.html`. Written into one string, segment by segment: the gate calls it
/// for every link of every page.
pub fn normalize(dir: &str, path: &str) -> String {
    let mut file = String::with_capacity(dir.len() + path.len() + "index.html".len());
    let push = |file: &mut String, part: &str| {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str(part);
    };
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        push(&mut file, part);
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if !file.is_empty() && file != ".." && !file.ends_with("/..") => {
                file.truncate(file.rfind('/').unwrap_or(0));
            }
            _ => push(&mut file, part),
        }
    }
    if path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") {
        push(&mut file, "index.html");
    }
    file
}

/// What the scans of every page left to verify, merged by target as pages are rendered. A
/// national guide leaves some 280,000 links pending (each page names the style sheet and its
/// territory's anchors) to 64,000 targets: kept per page, they were about 75 MB; merged, with
/// each page's `id`s in one string, about 28 MB.
#[derive(Default)]
pub struct Pending {
    /// The `id`s of each page, separated by newlines (an `id` has no whitespace).
    ids: HashMap<Arc<str>, String>,
    /// Per target (file and fragment), the links that lead there.
    targets: HashMap<(String, Option<String>), Referrers>,
}

/// The links that lead to one target: how many (distinct page and link as written), and the
/// first in page order, which an error names.
struct Referrers {
    count: usize,
    first: (Arc<str>, String),
}

impl Pending {
    /// Adds what the scan of a page left.
    pub fn add(&mut self, scan: Scan) {
        let Scan { page, ids, mut pending } = scan;
        let page: Arc<str> = page.into();
        pending.sort_by(|a, b| a.written.cmp(&b.written));
        pending.dedup_by(|a, b| a.written == b.written);
        for Link { written, file, fragment } in pending {
            let first = (page.clone(), written);
            self.targets
                .entry((file, fragment))
                .and_modify(|r| {
                    r.count += 1;
                    if first < r.first {
                        r.first = first.clone();
                    }
                })
                .or_insert_with(|| Referrers { count: 1, first });
        }
        self.ids.insert(page, ids.join("\n"));
    }
}

impl FromIterator<Scan> for Pending {
    fn from_iter<I: IntoIterator<Item = Scan>>(scans: I) -> Pending {
        let mut pending = Pending::default();
        scans.into_iter().for_each(|scan| pending.add(scan));
        pending
    }
}

/// Verifies what the scans left pending, once every file is written: `exists` tells whether a
/// file (path from the site root) is in the output. The error lists the broken links in French.
pub fn verify(pending: Pending, exists: impl Fn(&str) -> bool + Sync) -> Result<(), String> {
    let files: HashSet<&str> = pending.targets.keys().map(|(file, _)| file.as_str()).collect();
    let present: HashSet<&str> = files.into_par_iter().filter(|f| exists(f)).collect();
    let broken: Vec<(String, &Referrers)> = pending
        .targets
        .iter()
        .filter_map(|((file, fragment), referrers)| {
            problem(file, fragment.as_deref(), &pending.ids, &present).map(|p| (p, referrers))
        })
        .collect();
    if broken.is_empty() {
        return Ok(());
    }
    let count: usize = broken.iter().map(|(_, r)| r.count).sum();
    let mut lines: Vec<String> = broken.iter().map(|(problem, r)| line(problem, r)).collect();
    lines.sort();
    let links = if count > 1 { "liens internes cassés" } else { "lien interne cassé" };
    let mut message = format!("{count} {links} dans les pages produites :");
    for line in lines.iter().take(LISTED) {
        message.push_str("\n  ");
        message.push_str(line);
    }
    if lines.len() > LISTED {
        let others = lines.len() - LISTED;
        let targets = if others > 1 { "autres cibles" } else { "autre cible" };
        message.push_str(&format!("\n  … et {others} {targets}"));
    }
    message.push_str(
        "\n(un gabarit du thème, ou un lien écrit dans une fiche ou une page, vise un fichier que le site ne contient \
         pas ; dans le contenu, écrivez les liens vers les fiches avec @/, par exemple @/structures/<id>, et vers les \
         fichiers du dossier static/ avec @/static/<chemin> ; `bonneporte check` indique le fichier, la ligne et la \
         colonne de chaque lien du contenu qui ne mène nulle part)",
    );
    Err(message)
}

/// A broken target as the error lists it: the first page that leads there, the link as
/// written, what is wrong, and how many other links lead there.
fn line(problem: &str, referrers: &Referrers) -> String {
    let (page, written) = &referrers.first;
    match referrers.count - 1 {
        0 => format!("{page} : « {written} » {problem}"),
        others => {
            let more = if others > 1 { format!("{others} autres liens") } else { "1 autre lien".into() };
            format!("{page} : « {written} » {problem} (et {more} vers la même cible)")
        }
    }
}

/// Why a link to `file` (and `fragment`) is broken, if it is.
fn problem(
    file: &str,
    fragment: Option<&str>,
    ids: &HashMap<Arc<str>, String>,
    present: &HashSet<&str>,
) -> Option<String> {
    if !present.contains(file) {
        return Some(format!("mène à {file}, qui n'existe pas dans le site"));
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let page_ids = ids.get(file)?; // an anchor into a file that is not a page
    (!page_ids.split('\n').any(|id| id == fragment))
        .then(|| format!("vise l'ancre #{fragment}, qu'aucun élément de {file} ne porte"))
}

/// Calls `found(name as written, raw value)` for every attribute of every tag of `html`.
fn for_each_attribute(html: &str, mut found: impl FnMut(&str, &str)) {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        at += offset + 1;
        if bytes[at..].starts_with(b"!--") {
            at = memmem::find(&bytes[at..], b"-->").map_or(bytes.len(), |end| at + end + 3);
            continue;
        }
        if !bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = at + bytes[at..].iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(bytes.len() - at);
        let tag = &html[at..name_end];
        at = attributes(html, name_end, &mut found);
        if let Some(close) = RAW_TEXT.iter().find(|(name, _)| tag.eq_ignore_ascii_case(name)).map(|(_, close)| close) {
            at = memmem::find(&bytes[at..], close.as_bytes()).map_or(bytes.len(), |end| at + end);
        }
    }
}

/// Reads the attributes of a tag from `at` (just after its name) to its `>`; returns the index
/// after it.
fn attributes(html: &str, mut at: usize, found: &mut impl FnMut(&str, &str)) -> usize {
    let bytes = html.as_bytes();
    let is_space = |b: u8| b.is_ascii_whitespace();
    loop {
        while at < bytes.len() && (is_space(bytes[at]) || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            // A tag left open at the end of a text (`<a href=x`): nothing after it.
            return bytes.len();
        }
        if bytes[at] == b'>' {
            return at + 1;
        }
        let start = at;
        while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') && !is_space(bytes[at]) {
            at += 1;
        }
        let name = &html[start..at];
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        if bytes.get(at) != Some(&b'=') {
            continue; // an attribute without value
        }
        at += 1;
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        let (value, next) = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = memchr::memchr(quote, &bytes[at + 1..]).map_or(bytes.len(), |e| at + 1 + e);
                (&html[at + 1..end], (end + 1).min(bytes.len()))
            }
            _ => {
                let end = bytes[at..].iter().position(|&b| is_space(b) || b == b'>').map_or(bytes.len(), |e| at + e);
                (&html[at..end], end)
            }
        };
        found(name, value);
        at = next;
    }
}

/// Decodes the character references that serializers put in attribute values.
fn decode_entities(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|end| Some((entity(&rest[1..end])?, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "lt" => Some('<'),
        "gt" => Some('>'),
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> Gate {
        Gate::new(["index.html".to_string(), "a/index.html".to_string()], Some("https://exemple.fr/guide/"))
    }

    /// (page, html, pending links as `file#fragment`)
    const SCANS: [(&str, &str, &[&str]); 14] = [
        ("a/index.html", r#"<a href="../index.html">x</a><a href="index.html">"#, &[]),
        ("a/index.html", r#"<link href="../assets/site.css"><img src=../x.png alt="">"#, &["assets/site.css", "x.png"]),
        ("a/index.html", r##"<a href="#contenu">x</a>"##, &["a/index.html#contenu"]),
        ("a/index.html", r##"<main id="contenu"><a href="#contenu">x</a>"##, &[]),
        ("index.html", r#"<a href="https://ailleurs.fr/">x</a><a href="mailto:a@b.fr">m</a>"#, &[]),
        ("index.html", r#"<a href="https://exemple.fr/guide/b/">x</a>"#, &["b/index.html"]),
        ("index.html", r#"<img srcset="i/a.png 1x, i/b.png 2x" alt="">"#, &["i/a.png", "i/b.png"]),
        ("index.html", r#"<p>texte href="faux.html"</p><!-- <a href="c.html"> -->"#, &[]),
        ("index.html", r#"<script type="application/ld+json">{"a":"<a href='x.html'>"}</script>"#, &[]),
        ("index.html", r#"<a title="a>b" href="q%20r.html?x=1&amp;y=2">x</a>"#, &["q r.html"]),
        // Tags left open at the end of a text (content's raw HTML, read by `check`).
        ("index.html", r#"<a href="d.html""#, &["d.html"]),
        ("index.html", "<a href=e.html", &["e.html"]),
        ("index.html", "texte <a ", &[]),
        ("index.html", "<", &[]),
    ];

    #[test]
    fn scans_keep_only_what_the_page_set_does_not_settle() {
        let gate = gate();
        for (page, html, expected) in SCANS {
            let scan = gate.scan(page, html);
            let pending: Vec<String> = scan
                .pending
                .iter()
                .map(|l| format!("{}{}", l.file, l.fragment.as_deref().map(|f| format!("#{f}")).unwrap_or_default()))
                .collect();
            assert_eq!(pending, expected, "{html}");
        }
    }

    #[test]
    fn resolves_dot_segments_and_folders() {
        assert_eq!(normalize("a/b/", "../c/"), "a/c/index.html");
        assert_eq!(normalize("a/", "../../x.css"), "../x.css");
        assert_eq!(normalize("", "./"), "index.html");
        assert_eq!(normalize("a/", "b.txt"), "a/b.txt");
        assert_eq!(normalize("", "../../a/../b/"), "../../b/index.html");
        assert_eq!(normalize("a/b/c/", "../../.."), "index.html");
        assert_eq!(normalize("a/b/", "./c/./d.html"), "a/b/c/d.html");
    }

    #[test]
    fn verify_names_the_page_and_the_link() {
        let gate = gate();
        let scans: Pending = [
            gate.scan("index.html", r##"<main id="contenu"><a href="a/#absente">x</a><a href="#contenu">c</a>"##),
            gate.scan("a/index.html", r#"<link href="../assets/site.css"><a href="../perdu/">p</a>"#),
        ]
        .into_iter()
        .collect();
        let written = ["assets/site.css", "index.html", "a/index.html"];
        let error = verify(scans, |f| written.contains(&f)).expect_err("broken links");
        assert!(error.contains("index.html : « a/#absente » vise l'ancre #absente"), "{error}");
        assert!(error.contains("a/index.html : « ../perdu/ » mène à perdu/index.html"), "{error}");
        assert!(error.starts_with("2 liens internes cassés"), "{error}");
    }

    #[test]
    fn verify_counts_every_link_and_names_each_target_once() {
        let gate = gate();
        let pages = ["index.html", "a/index.html", "b/index.html"];
        let scans: Pending = pages
            .iter()
            .map(|page| gate.scan(page, r#"<link href="/assets/perdu.css"><link href="/assets/perdu.css">"#))
            .collect();
        let error = verify(scans, |_| false).expect_err("broken links");
        assert!(error.starts_with("3 liens internes cassés"), "{error}");
        assert!(
            error.contains(
                "a/index.html : « /assets/perdu.css » mène à assets/perdu.css, qui n'existe pas dans le site \
                 (et 2 autres liens vers la même cible)"
            ),
            "{error}"
        );
        assert_eq!(error.matches("perdu.css »").count(), 1, "{error}");
    }
}
