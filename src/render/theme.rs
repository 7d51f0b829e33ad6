//! Theme: tera templates and static assets, embedded in the binary so that it works alone.
//!
//! Here is a guide, give me its templates: the default theme (`themes/default/`), with any
//! file of the guide's own `theme/` folder (same layout: `templates/`, `static/`) taking the
//! place of the default one. Templates are parsed once per build.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::output::{Key, Output};

/// Templates are layout, not code: tera's `get_env` reads the environment of the build (a CI
/// secret would be published), so a theme that names it is refused, and the function itself
/// answers an error. tera (without its `builtins` feature) has no other function reaching out of
/// the context: `range` and `throw` are pure, `include` and `import` name loaded templates only.
const REFUSED_FUNCTION: &str = "get_env";

static DEFAULT: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    tera: Tera,
    /// Static files, relative to `static/`, with their bytes; written under `assets/`.
    assets: Vec<(String, Vec<u8>)>,
    /// Headers and footers rendered so far, by the JSON of what they received.
    chromes: Mutex<HashMap<String, Arc<ChromeHtml>>>,
    /// The hash of every template and asset, by name: a rebuild keeps a page only with the
    /// same theme (`reuse`).
    fingerprint: blake3::Hash,
}

/// A page's header and footer, as HTML: `c.header` and `c.footer` in `base.html`.
#[derive(serde::Serialize)]
pub struct ChromeHtml {
    pub header: String,
    pub footer: String,
}

impl Theme {
    /// The default theme, overridden by the files of `override_dir` if given.
    pub fn load(override_dir: Option<&Path>) -> Result<Theme, String> {
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut assets: Vec<(String, Vec<u8>)> = Vec::new();
        collect_embedded(&DEFAULT, &mut templates, &mut assets);
        if let Some(dir) = override_dir {
            collect_override(dir, &mut templates, &mut assets)?;
        }
        if let Some((name, _)) = templates.iter().find(|(_, text)| text.contains(REFUSED_FUNCTION)) {
            return Err(format!(
                "thème : le gabarit {name} appelle {REFUSED_FUNCTION}, refusé : un gabarit met en page, il ne lit \
                 pas l'environnement (une variable de la CI, un secret, y serait publiée)"
            ));
        }
        let mut tera = Tera::default();
        // tera's only function that reaches outside the context; replaced, should a template call it anyway.
        tera.register_function(REFUSED_FUNCTION, |_: &std::collections::HashMap<String, tera::Value>| {
            Err(tera::Error::msg(format!("{REFUSED_FUNCTION} est refusé : un gabarit ne lit pas l'environnement")))
        });
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        templates.sort_by(|a, b| a.0.cmp(&b.0));
        assets.sort_by(|a, b| a.0.cmp(&b.0));
        let fingerprint = fingerprint(&templates, &assets);
        tera.add_raw_templates(templates).map_err(|e| format!("thème : {}", error_chain(&e)))?;
        Ok(Theme { tera, assets, chromes: Mutex::default(), fingerprint })
    }

    /// What the theme's files hash to, in name order.
    pub fn fingerprint(&self) -> blake3::Hash {
        self.fingerprint
    }

    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, String> {
        self.tera.render(template, context).map_err(|e| format!("gabarit {template} : {}", error_chain(&e)))
    }

    /// The site's header and footer (`header.html`, `footer.html`) rendered with `l` set to
    /// `chrome`, once per distinct value: 21,000 pages of a national guide share a few dozen of
    /// them, so each costs one rendering, not one per page.
    pub fn chrome(&self, chrome: &impl serde::Serialize) -> Result<Arc<ChromeHtml>, String> {
        let json = serde_json::to_value(chrome).map_err(|e| format!("contexte de header.html : {e}"))?;
        let key = json.to_string();
        if let Some(done) = self.chromes.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(done.clone());
        }
        let context = tera::Context::from_value(serde_json::json!({ "l": json }))
            .map_err(|e| format!("contexte de header.html : {e}"))?;
        let done = Arc::new(ChromeHtml {
            header: self.render("header.html", &context)?,
            footer: self.render("footer.html", &context)?,
        });
        self.chromes.lock().unwrap_or_else(|e| e.into_inner()).insert(key, done.clone());
        Ok(done)
    }

    /// The bytes of the asset at `path` (relative to `static/`), for the live preview.
    pub fn asset(&self, path: &str) -> Option<&[u8]> {
        self.assets.iter().find(|(name, _)| name == path).map(|(_, bytes)| bytes.as_slice())
    }

    pub fn write_assets(&self, out: &Output) -> std::io::Result<usize> {
        for (path, bytes) in &self.assets {
            out.write(&crate::graph::address::asset(path), bytes)?;
        }
        Ok(self.assets.len())
    }
}

fn fingerprint(templates: &[(String, String)], assets: &[(String, Vec<u8>)]) -> blake3::Hash {
    let mut key = Key::default();
    let files = templates.iter().map(|(n, t)| (n, t.as_bytes())).chain(assets.iter().map(|(n, b)| (n, b.as_slice())));
    for (name, bytes) in files {
        key.bytes(name.as_bytes()).bytes(bytes);
    }
    key.finish()
}

/// Adds or replaces `(name, content)` in `list`.
fn upsert<T>(list: &mut Vec<(String, T)>, name: String, content: T) {
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some(slot) => slot.1 = content,
        None => list.push((name, content)),
    }
}

fn collect_embedded(dir: &Dir, templates: &mut Vec<(String, String)>, assets: &mut Vec<(String, Vec<u8>)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            upsert(templates, name.to_string(), String::from_utf8_lossy(file.contents()).into_owned());
        } else if let Some(name) = path.strip_prefix("static/") {
            upsert(assets, name.to_string(), shipped(name, file.contents()));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, assets);
    }
}

/// An asset of the default theme as the site ships it: its scripts without their comments and
/// indentation, which are a third of the search's script once compressed (written for who reads
/// the theme, not for a phone that downloads it at each first search). A guide's own assets go
/// out as written.
fn shipped(name: &str, bytes: &[u8]) -> Vec<u8> {
    let minified = || {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut out = Vec::with_capacity(bytes.len());
        minifier::js::minify(text).ok()?.write(&mut out).ok()?;
        Some(out)
    };
    name.ends_with(".js").then(minified).flatten().unwrap_or_else(|| bytes.to_vec())
}

fn collect_override(
    dir: &Path,
    templates: &mut Vec<(String, String)>,
    assets: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("thème du guide : {e}"))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let read = || std::fs::read(entry.path()).map_err(|e| format!("thème du guide, {relative} : {e}"));
        if let Some(name) = relative.strip_prefix("templates/") {
            let text = String::from_utf8(read()?).map_err(|_| format!("thème du guide, {relative} : pas en UTF-8"))?;
            upsert(templates, name.to_string(), text);
        } else if let Some(name) = relative.strip_prefix("static/") {
            upsert(assets, name.to_string(), read()?);
        }
    }
    Ok(())
}

/// Escapes what HTML (and XML) needs escaped. tera's default also escapes `/`, which makes every URL of
/// the site unreadable in the source (`https:&#x2F;&#x2F;…`) for no safety gain in quoted attributes.
pub fn escape_html(text: &str) -> String {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.to_string(); // most values: names, phones, URLs
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// tera nests the useful message (line, column, what was expected) in its error sources.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(" : ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default theme's scripts ship without comments (the browser tests run them so).
    #[test]
    fn the_default_scripts_ship_minified_and_other_assets_as_written() {
        let theme = Theme::load(None).expect("default theme");
        for name in ["search.js", "wizard.js", "donnees.js"] {
            let source = DEFAULT.get_file(format!("static/{name}")).expect("source").contents();
            let shipped = theme.asset(name).expect("shipped");
            assert!(shipped.len() * 10 < source.len() * 8, "{name}: {} of {} bytes", shipped.len(), source.len());
            assert!(!String::from_utf8_lossy(shipped).contains("/**"), "{name}");
        }
        let css = DEFAULT.get_file("static/site.css").expect("css").contents();
        assert_eq!(theme.asset("site.css"), Some(css));
    }
}
