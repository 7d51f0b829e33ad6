//! Links of the Markdown texts: does each lead somewhere? A `@/` link to a record, an anchor
//! that its page has, or a file of `static/`; a link written without `@/` read from the page that
//! shows the text, as the link gate of the build will read it.

use std::ops::Range;

use super::Checker;
use crate::content::fields;
use crate::content::load::{Document, Record};
use crate::content::markdown::{self, Local, Target};
use crate::content::model::*;
use crate::diag::{Diagnostic, FileId};
use crate::graph::address::{self, PageAt};
use crate::graph::anchors;

/// The forms of a link that lead to the same place from every page.
const LINK_FORMS: &str = "pour une fiche, écrivez @/<type>/<id> (par exemple @/structures/ml-vierzon) ; pour un fichier du \
    dossier static/, @/static/<chemin> (par exemple @/static/img/plan.png) ; pour un autre site, son adresse complète \
    (https://…)";

/// Why a link from the server's root is wrong even when its file exists.
const ROOTED: &str = "il ne mène nulle part quand le site est publié sous un sous-chemin (https://exemple.fr/guide/) ou ouvert depuis une clé USB";

/// The anchors of a page, for a hint: all of them, or on a territory with many publics and
/// needs, its sections and the form of the others.
fn anchor_list(kind: RecordKind, offered: &[String]) -> String {
    const LISTED: usize = 12;
    if offered.len() <= LISTED || kind != RecordKind::Territoire {
        return offered.join(", ");
    }
    let sections: Vec<&str> =
        anchors::sections(kind).iter().map(|s| s.id()).filter(|id| offered.iter().any(|a| a == id)).collect();
    let example_public = offered.iter().find(|a| a.starts_with("pour-"));
    let example_pair = offered.iter().find(|a| a.contains("--"));
    let mut list = sections.join(", ");
    if let (Some(public), Some(pair)) = (example_public, example_pair) {
        list.push_str(&format!(
            ", et pour chaque public et besoin qui a une bonne porte, pour-<public> et <public>--<besoin> (par exemple {public}, {pair})"
        ));
    }
    list
}

/// A Markdown text that the build would take too long (or too much memory) to render; its links
/// are not read either.
fn too_costly(file: FileId, span: Option<Range<usize>>, message: String) -> Diagnostic {
    Diagnostic::error(file, span, message).with_hint(format!(
        "une page ou une description se lit sans cela : {} niveaux d'imbrication et {} ko par texte au plus \
         (voir « Limites » dans le guide de l'éditeur)",
        markdown::MAX_NESTING,
        markdown::MAX_TEXT_BYTES / 1024
    ))
}

impl Checker<'_> {
    /// Checks the links of a Markdown field of a YAML record, shown on the page whose folder is
    /// `page` (`None`: on no page).
    pub(super) fn text_links<T>(&mut self, record: &Record<T>, path: &str, text: Option<&str>, page: Option<&str>) {
        let Some(text) = text else { return };
        let dests = match markdown::links(text) {
            Ok(dests) => dests,
            Err((_, message)) => return self.push(too_costly(record.file, record.span(path), message)),
        };
        for dest in dests {
            if let Some(d) = self.link_problem(record.file, record.part_span(path, dest.range.clone()), &dest, page) {
                self.push(d);
            }
        }
    }

    /// Checks the links of the `description` of `record`, a record of `kind` shown on its own page.
    pub(super) fn description<T>(&mut self, record: &Record<T>, kind: RecordKind, text: Option<&str>) {
        self.text_links(record, "description", text, Some(&address::record_dir(kind, &record.id)));
    }

    /// Checks the links of the Markdown body of `doc`, a document of `kind` shown on its own page.
    pub(super) fn body_links<T>(&mut self, doc: &Document<T>, kind: RecordKind) {
        let (file, offset) = (doc.record.file, doc.body_offset);
        let page = address::record_dir(kind, &doc.record.id);
        let dests = match markdown::links(&doc.body) {
            Ok(dests) => dests,
            Err((range, message)) => {
                return self.push(too_costly(file, Some(offset + range.start..offset + range.end), message));
            }
        };
        for dest in dests {
            let span = Some(offset + dest.range.start..offset + dest.range.end);
            if let Some(d) = self.link_problem(file, span, &dest, Some(&page)) {
                self.push(d);
            }
        }
    }

    /// What is wrong with a destination of a Markdown text shown on the page whose folder is
    /// `page`. A `@/` link must lead somewhere: a record, an anchor that its page has, a file of
    /// `static/`. A link written without `@/` (relative or from the server's root) is read from
    /// that page as the link gate of the build will read it: an error when it leads nowhere, a
    /// warning with its `@/` form when it does (it is only right from pages at that depth).
    fn link_problem(
        &self,
        file: FileId,
        span: Option<Range<usize>>,
        dest: &markdown::Dest,
        page: Option<&str>,
    ) -> Option<Diagnostic> {
        let url = dest.url.as_str();
        if url.starts_with("@/") {
            if dest.raw_html {
                return Some(
                    Diagnostic::error(file, span, format!("lien « {url} » écrit en HTML : @/ n'y est pas résolu"))
                        .with_hint(
                            "écrivez-le en Markdown : [texte](@/…), ou ![description](@/static/…) pour une image",
                        ),
                );
            }
            let (message, hint) = self.at_problem(url)?;
            return Some(Diagnostic::error(file, span, message).with_hint(hint));
        }
        let local = markdown::local(url)?;
        let Some(page) = page else {
            return Some(
                Diagnostic::warning(file, span, format!("lien relatif « {url} » : il dépend de la page qui l'affiche"))
                    .with_hint(LINK_FORMS)
                    .counted_as("lien à écrire avec @/", "liens à écrire avec @/"),
            );
        };
        self.local_problem(file, span, url, local, page)
    }

    /// [`Self::link_problem`] of a link written without `@/`, on the page whose folder is `page`.
    fn local_problem(
        &self,
        file: FileId,
        span: Option<Range<usize>>,
        url: &str,
        local: Local,
        page: &str,
    ) -> Option<Diagnostic> {
        let (path, fragment) = match url.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (url, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let from = if local == Local::Rooted { "" } else { page };
        let target = crate::linkcheck::normalize(from, &decoded);
        let what = match local {
            Local::Relative => format!("lien relatif « {url} »"),
            Local::Rooted => format!("lien « {url} » depuis la racine du serveur"),
        };
        let hash = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        let equivalent = if self.has_static(target.as_str()) {
            Some(format!("@/{}/{}{hash}", markdown::STATIC, markdown::encode_path(&target)))
        } else {
            match address::page_at(&target) {
                Some(PageAt::Record(kind, id)) => Some(format!("@/{}/{id}{hash}", kind.folder().unwrap_or_default())),
                Some(PageAt::Site { public, need }) => {
                    let known = public.is_none_or(|p| self.exists(RecordKind::Publics, p))
                        && need.is_none_or(|n| self.exists(RecordKind::Besoins, n));
                    if !known {
                        None
                    } else if let Some(anchor) = fragment.filter(|f| !f.is_empty()) {
                        let message =
                            format!("{what} : l'ancre « #{anchor} » de la page {target} n'est pas vérifiable");
                        return Some(Diagnostic::error(file, span, message).with_hint("liez la page sans ancre"));
                    } else {
                        // A page of the site's own, which no `@/` names: right from this page.
                        return (local == Local::Rooted).then(|| {
                            let relative = format!("{}{}", "../".repeat(page.matches('/').count()), target);
                            Diagnostic::warning(file, span, format!("{what} : {ROOTED}"))
                                .with_hint(format!("écrivez le lien relatif « {relative} »"))
                                .counted_as(
                                    "lien qui part de la racine du site",
                                    "liens qui partent de la racine du site",
                                )
                        });
                    }
                }
                None => None,
            }
        };
        let Some(at) = equivalent else {
            let (message, hint) = self.nowhere(&what, page, &target, &decoded);
            return Some(Diagnostic::error(file, span, message).with_hint(hint));
        };
        Some(self.at_form(file, span, &what, local, &at))
    }

    /// Why the link `what`, read from the page whose folder is `page`, leads out of the site or
    /// to `target`, which it does not have, and its hint (`decoded`: its path as written).
    fn nowhere(&self, what: &str, page: &str, target: &str, decoded: &str) -> (String, String) {
        let message = if target.starts_with("..") {
            format!("{what} : depuis la page {page}index.html, il sort du site")
        } else {
            format!("{what} : depuis la page {page}index.html, il mène à {target}, qui n'est pas dans le site")
        };
        let hint = match self.static_like(decoded) {
            Some(best) => format!(
                "vouliez-vous dire « @/static/{} » ? Écrit ainsi, le lien est juste depuis toutes les pages",
                markdown::encode_path(best)
            ),
            None => LINK_FORMS.to_string(),
        };
        (message, hint)
    }

    /// The link `what`, written without `@/`, that leads where the `@/` link `at` does: the
    /// error of `at` if it has one, else a warning with that form.
    fn at_form(&self, file: FileId, span: Option<Range<usize>>, what: &str, local: Local, at: &str) -> Diagnostic {
        match self.at_problem(at) {
            Some((message, hint)) => Diagnostic::error(file, span, format!("{what} : {message}")).with_hint(hint),
            None => {
                let why = match local {
                    Local::Relative => "il ne mène au bon endroit que depuis les pages de même profondeur",
                    Local::Rooted => ROOTED,
                };
                Diagnostic::warning(file, span, format!("{what} : {why}"))
                    .with_hint(format!("écrivez « {at} » : bonneporte en fait le bon lien sur chaque page"))
                    .counted_as("lien à écrire avec @/", "liens à écrire avec @/")
            }
        }
    }

    fn has_static(&self, path: &str) -> bool {
        self.statics.binary_search_by(|s| s.as_str().cmp(path)).is_ok()
    }

    /// The names of `static/`, as candidates of « did you mean ».
    fn static_candidates(&self) -> Vec<&str> {
        self.statics.iter().map(String::as_str).collect()
    }

    /// The file of `static/` that a link written without `@/` most likely means: its path
    /// without the leading `../`, `./` and `/`, or the closest one.
    fn static_like(&self, path: &str) -> Option<&str> {
        let mut rest = path;
        loop {
            let shorter = rest.trim_start_matches('/').trim_start_matches("./").trim_start_matches("../");
            if shorter == rest {
                break;
            }
            rest = shorter;
        }
        let rest = rest.strip_prefix("static/").unwrap_or(rest);
        if let Some(found) = self.statics.iter().find(|s| *s == rest) {
            return Some(found);
        }
        fields::did_you_mean(rest, &self.static_candidates())
    }

    /// What is wrong with the `@/` link `dest`, as an error message and its hint.
    fn at_problem(&self, dest: &str) -> Option<(String, String)> {
        let link = match markdown::parse_link(dest)? {
            Ok(link) => link,
            Err(message) => {
                let written = dest.trim_start_matches("@/").split('#').next().unwrap_or("");
                let hint = match self.has_static(&markdown::static_path(written)) {
                    true => format!("vouliez-vous dire « @/static/{written} » ? (un fichier de static/)"),
                    false => "exemples : [la Mission locale](@/structures/ml-vierzon), ![plan d'accès](@/static/img/plan.png)"
                        .to_string(),
                };
                return Some((message, hint));
            }
        };
        let kind = match link.target {
            Target::Static => return self.static_problem(dest, &markdown::static_path(link.id)),
            Target::Record(kind) => kind,
        };
        let folder = kind.folder().unwrap_or_default();
        if !(self.exists(kind, link.id) || (kind == RecordKind::Page && link.id == "index")) {
            let near: Vec<String> = fields::closest_ids(link.id, &self.candidates(kind))
                .iter()
                .map(|id| format!("@/{folder}/{id}"))
                .collect();
            let near: Vec<&str> = near.iter().map(String::as_str).collect();
            let hint =
                fields::suggestion(&near).unwrap_or_else(|| format!("aucune fiche « {} » dans {folder}/", link.id));
            return Some((format!("lien vers une fiche absente : « {dest} »"), hint));
        }
        let anchor = link.anchor.filter(|a| !a.is_empty())?;
        self.anchor_problem(dest, kind, link.id, anchor)
    }

    /// What is wrong with the `#anchor` of the `@/` link `dest` to the record `id` of `kind`,
    /// which exists, if its page has no such anchor.
    fn anchor_problem(&self, dest: &str, kind: RecordKind, id: &str, anchor: &str) -> Option<(String, String)> {
        let offered = self.offered.get_or_init(|| anchors::Offered::new(self.guide)).of(kind, id);
        if offered.iter().any(|a| a == anchor) {
            return None;
        }
        let page = dest.split('#').next().unwrap_or(dest);
        let message = format!("ancre « #{anchor} » inconnue : ce n'est pas une section de la page de « {page} »");
        if offered.is_empty() {
            return Some((message, format!("cette page n'a pas de section où mener un lien : écrivez « {page} »")));
        }
        let list = anchor_list(kind, &offered);
        // A section of this kind of page that this one does not show: say when it does.
        if let Some(section) = anchors::sections(kind).iter().find(|s| s.id() == anchor) {
            return Some((
                message,
                format!("cette page n'a cette section que {} ; ancres de cette page : {list}", section.when()),
            ));
        }
        let candidates: Vec<&str> = offered.iter().map(String::as_str).collect();
        // `titre-communes` is the heading's id, which labels the section `communes`.
        let bare = anchor.strip_prefix("titre-").unwrap_or(anchor);
        let hint = match candidates
            .iter()
            .find(|c| **c == bare)
            .copied()
            .or_else(|| fields::did_you_mean(bare, &candidates))
        {
            Some(best) => format!("vouliez-vous dire « #{best} » ? Ancres de cette page : {list}"),
            None if kind == RecordKind::Territoire && (anchor.starts_with("pour-") || anchor.contains("--")) => {
                format!(
                    "aucune bonne porte pour ce public ou ce besoin (portes.yaml, ou publics et besoins d'un réseau) : la page n'a pas cette section ; ancres de cette page : {list}"
                )
            }
            None => format!("ancres de cette page : {list}"),
        };
        Some((message, hint))
    }

    /// What is wrong with a `@/static/` link to `path` (decoded), if it names no file of `static/`.
    fn static_problem(&self, dest: &str, path: &str) -> Option<(String, String)> {
        if self.has_static(path) {
            return None;
        }
        let hint = match fields::did_you_mean(path, &self.static_candidates()) {
            Some(best) => format!("vouliez-vous dire « @/static/{} » ?", markdown::encode_path(best)),
            None if self.statics.is_empty() => {
                "le guide n'a pas de dossier static/ : mettez-y le fichier (static/img/plan.png se lie en @/static/img/plan.png)"
                    .to_string()
            }
            None => "le chemin part du dossier static/ du guide et respecte majuscules, accents et extension".to_string(),
        };
        Some((format!("lien vers un fichier absent de static/ : « {dest} »"), hint))
    }
}
