//! Files of the guide: are the required files there, and is any value left at « À compléter »?

use super::{Checker, TO_FILL};
use crate::content::load::Guide;
use crate::diag::{Diagnostic, Sources};

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
}
