//! The same pages for Hugo: a Hugo site made from a bonneporte output, one Markdown file per
//! page (its `<h1>` as title, the text of its `<main>` as paragraphs), under a minimal theme
//! (header, menu, main, footer; a list page lists its pages). Taxonomies, feeds, sitemap and
//! `robots.txt` are off, so that Hugo writes about one file per page, as the comparison asks.

use std::fs;
use std::io;
use std::path::Path;

const CONFIG: &str = r#"baseURL = "https://exemple.invalid/"
languageCode = "fr"
title = "Guide synthétique (données de test)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
"#;

const BASEOF: &str = r#"<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav aria-label="Menu"><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Données synthétiques générées pour un banc d'essai.</p></footer></body></html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"#;

/// Writes into `site` (replaced) a Hugo site with one content file per `index.html` page of the
/// bonneporte output `public`. Returns how many content files it wrote.
pub fn mirror(public: &Path, site: &Path) -> io::Result<usize> {
    if site.exists() {
        fs::remove_dir_all(site)?;
    }
    for (file, text) in [
        ("hugo.toml", CONFIG),
        ("layouts/_default/baseof.html", BASEOF),
        ("layouts/_default/single.html", SINGLE),
        ("layouts/_default/list.html", LIST),
    ] {
        write(&site.join(file), text)?;
    }
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(public).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_name() != "index.html" {
            continue;
        }
        let folder = entry.path().parent().unwrap_or(public).strip_prefix(public).map_err(io::Error::other)?;
        let html = fs::read_to_string(entry.path())?;
        write(&site.join("content").join(content_file(public, folder)), &markdown(&html))?;
        pages += 1;
    }
    Ok(pages)
}

/// The content file of the page in `folder`: a section (`_index.md`) when other pages lie under
/// it, a leaf bundle (`index.md`) otherwise.
fn content_file(public: &Path, folder: &Path) -> std::path::PathBuf {
    let has_children = fs::read_dir(public.join(folder))
        .map(|entries| entries.filter_map(Result::ok).any(|e| e.path().join("index.html").is_file()))
        .unwrap_or(false);
    folder.join(if folder.as_os_str().is_empty() || has_children { "_index.md" } else { "index.md" })
}

/// Front matter with the page's `<h1>`, then the text of its `<main>`, a paragraph per block.
fn markdown(html: &str) -> String {
    let main = between(html, "<main", "</main>").unwrap_or(html);
    let title = between(main, "<h1", "</h1>").map(text).unwrap_or_default();
    let body: Vec<String> = text(main).lines().map(str::trim).filter(|l| !l.is_empty()).map(escape_markdown).collect();
    format!("---\ntitle: '{}'\n---\n\n{}\n", title.trim().replace('\'', "''"), body.join("\n\n"))
}

fn between<'a>(html: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = html.find(open)?;
    let start = start + html[start..].find('>')? + 1;
    Some(&html[start..start + html[start..].find(close)?])
}

/// The text of an HTML fragment: tags dropped, block ends as line breaks, the few entities a page
/// uses decoded.
fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else { break };
        let tag = &rest[lt + 1..lt + gt];
        if ["/p", "/li", "/h", "br", "/dd", "/dt", "/div", "/section"].iter().any(|t| tag.starts_with(t)) {
            out.push('\n');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#x27;", "'")
}

/// Keeps a line of text a paragraph: no heading, list or HTML read into it.
fn escape_markdown(line: &str) -> String {
    line.replace('\\', "\\\\").replace('<', "&lt;").replace(['#', '*', '_', '[', ']', '`'], " ")
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}
