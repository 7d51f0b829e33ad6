//! Files of the guide: are the required files there, is any value left at « À compléter », and
//! may each file of `static/` be published as it is?

use std::io::Read;

use super::{Checker, TO_FILL};
use crate::content::load::Guide;
use crate::diag::{Diagnostic, Sources};
use crate::graph::address;

impl Checker<'_> {
    /// Every `"À compléter"` left by `new`, so that an unfinished record is not published unseen.
    pub(super) fn placeholders(&mut self, sources: &Sources) {
        let quoted = format!("\"{TO_FILL}\"");
        for file in 0..sources.len() {
            for (at, _) in sources.get(file).text.match_indices(&quoted) {
                self.push(
                    Diagnostic::error(file, Some(at..at + quoted.len()), "valeur laissée à « À compléter »")
                        .with_hint("remplacez-la par la vraie valeur : la fiche n'est publiée qu'une fois complète"),
                );
            }
        }
    }

    pub(super) fn required_files(&mut self, guide: &Guide, sources: &mut Sources) {
        let missing = [
            ("site.yaml", guide.site.is_none()),
            ("publics.yaml", guide.publics.is_empty()),
            ("besoins.yaml", guide.needs.is_empty()),
        ];
        for (name, absent) in missing {
            if absent && !guide.root.join(name).exists() {
                let file = sources.add(name.to_string(), String::new());
                self.push(Diagnostic::error(file, None, format!("fichier obligatoire absent : {name}")).with_hint(
                    "voir le format du contenu : site.yaml, publics.yaml et besoins.yaml sont à la racine du guide",
                ));
            }
        }
    }

    /// Each file of `static/`: one that would take the place of a file the build writes is an
    /// error (`build` would stop on it), one that can run a script on the site's origin or tell
    /// the host how to serve it (an HTML page, an SVG with a script, `_headers`, `.htaccess`) a
    /// warning: it is published as it is, without the sanitizing that records get.
    pub(super) fn statics(&mut self, guide: &Guide, sources: &mut Sources) {
        let pages: Vec<&str> = guide.pages.iter().map(|p| p.record.id.as_str()).collect();
        for relative in &guide.statics {
            let name = relative.to_string_lossy().replace('\\', "/");
            let diagnostic = if address::written_by_build(&name, &pages) {
                Diagnostic::error(
                    sources.add(format!("static/{name}"), String::new()),
                    None,
                    format!("static/{name} prendrait la place d'un fichier que la construction écrit"),
                )
                .with_hint("renommez-le ou rangez-le dans un sous-dossier, par exemple static/fichiers/")
            } else if let Some(why) = scriptable(&name, &guide.root.join("static").join(relative)) {
                Diagnostic::warning(
                    sources.add(format!("static/{name}"), String::new()),
                    None,
                    format!("static/{name} est publié tel quel : {why}"),
                )
                .with_hint(
                    "publiez plutôt une page Markdown (pages/) ou une image sans script (PNG, JPEG, SVG sans <script>)",
                )
                .counted_as(
                    "fichier de static/ qui peut porter un script",
                    "fichiers de static/ qui peuvent porter un script",
                )
            } else {
                continue;
            };
            self.push(diagnostic);
        }
    }
}

/// Why a file of `static/` could run code on the site's origin or change how the host serves
/// it; `None` for a plain file.
fn scriptable(name: &str, path: &std::path::Path) -> Option<&'static str> {
    let file = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    let extension = file.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match (file.as_str(), extension) {
        ("_headers" | "_redirects" | ".htaccess", _) => Some("il règle le serveur qui héberge le site"),
        (_, "html" | "htm" | "xhtml" | "shtml") => Some("une page HTML peut exécuter un script sur le site"),
        (_, "svg") => {
            // Only the start of a large drawing: a script is rarely past its first megabyte.
            let mut start = Vec::new();
            std::fs::File::open(path).ok()?.take(1 << 20).read_to_end(&mut start).ok()?;
            let text = String::from_utf8_lossy(&start).to_ascii_lowercase();
            let handler = text.match_indices(" on").any(|(at, _)| {
                let rest = &text[at + 3..];
                let name_len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
                name_len > 0 && rest[name_len..].trim_start().starts_with('=')
            });
            (text.contains("<script") || text.contains("javascript:") || handler)
                .then_some("ce dessin SVG contient un script, qui s'exécute quand on l'ouvre")
        }
        _ => None,
    }
}
