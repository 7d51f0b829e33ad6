//! Check: every rule of the content format that spans records or needs a reference (ids,
//! references, the territory tree, field formats, freshness, the links of Markdown texts).
//! Reports everything, stops at nothing: after `check` without errors, `graph` may assume that
//! every reference resolves.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::address::{self, PageAt};
use crate::anchors;
use crate::communes;
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources};
use crate::fields;
use crate::hours;
use crate::load::{Guide, Record};
use crate::markdown::{self, Local, Target};
use crate::model::*;
use crate::phone;

/// Default for `verification_max_jours`.
pub const DEFAULT_MAX_DAYS: u32 = 365;

/// `verification_max_jours` of the site, or its default.
pub fn max_days(site: &Site) -> u32 {
    site.verification_max_jours.map_or(DEFAULT_MAX_DAYS, |n| n.0)
}

/// Checks `guide`; `today` (days since 1970-01-01) dates the freshness warnings.
pub fn check(guide: &Guide, sources: &mut Sources, today: i64) -> Diagnostics {
    let mut c = Checker {
        diags: Diagnostics::default(),
        ids: Ids::default(),
        unreadable: guide.unreadable.iter().cloned().collect(),
        paths: (0..sources.len()).map(|f| sources.get(f).path.clone()).collect(),
        hours_seen: HashMap::new(),
        guide,
        statics: guide.static_names(),
        offered: OnceCell::new(),
    };
    c.required_files(guide, sources);
    c.collect_ids(guide);
    if let Some(site) = &guide.site {
        c.site(site);
    }
    for code in guide.publics.iter().chain(&guide.needs) {
        // No page shows these descriptions (yet): their links are not verified against one.
        c.text_links(code, "description", code.data.description.as_deref(), None);
    }
    for network in &guide.networks {
        c.network(network);
    }
    c.territories(guide);
    let max_days = guide.site.as_ref().map_or(DEFAULT_MAX_DAYS, |s| max_days(&s.data));
    for partner in &guide.partners {
        c.partner(partner, today, max_days);
    }
    c.rules(guide);
    for doc in &guide.walkthroughs {
        c.walkthrough(&doc.record);
        c.body_links(
            doc.record.file,
            &doc.body,
            doc.body_offset,
            &address::record_dir(RecordKind::Parcours, &doc.record.id),
        );
    }
    for doc in &guide.pages {
        if address::RESERVED_IDS.contains(&doc.record.id.as_str()) {
            c.push(
                Diagnostic::error(
                    doc.record.file,
                    None,
                    format!("la page « {} » prendrait la place d'une rubrique du site", doc.record.id),
                )
                .with_hint(format!(
                    "renommez le fichier ; ces noms sont réservés : {}",
                    address::RESERVED_IDS.join(", ")
                )),
            );
        }
        c.body_links(
            doc.record.file,
            &doc.body,
            doc.body_offset,
            &address::record_dir(RecordKind::Page, &doc.record.id),
        );
    }
    c.coverage(guide);
    c.placeholders(sources);
    c.diags
}

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

/// The value `bonneporte new` writes for a required text: left as it is, it would be published.
pub const TO_FILL: &str = "À compléter";

/// The ids of each kind, for references and duplicates.
#[derive(Default)]
struct Ids {
    publics: HashSet<String>,
    needs: HashSet<String>,
    networks: HashSet<String>,
    territories: HashMap<String, TerritoryKind>,
    partners: HashSet<String>,
    walkthroughs: HashSet<String>,
    pages: HashSet<String>,
}

struct Checker<'g> {
    diags: Diagnostics,
    ids: Ids,
    unreadable: HashSet<(RecordKind, String)>,
    /// Paths of the files, to name the first of two records with the same id.
    paths: Vec<String>,
    hours_seen: HashMap<String, Result<(), String>>,
    guide: &'g Guide,
    /// Files of `static/`, `/`-separated, sorted (looked up by binary search; the candidates of
    /// « did you mean »).
    statics: Vec<String>,
    /// The anchors of record pages, computed at the first link that has one.
    offered: OnceCell<anchors::Offered<'g>>,
}

impl<'g> Checker<'g> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Every `"À compléter"` left by `new`, so that an unfinished record is not published unseen.
    fn placeholders(&mut self, sources: &Sources) {
        let quoted = format!("\"{TO_FILL}\"");
        for file in 0..sources.len() {
            for (at, _) in sources.get(file).text.match_indices(&quoted) {
                self.push(
                    Diagnostic::warning(file, Some(at..at + quoted.len()), "valeur laissée à « À compléter »")
                        .with_hint("remplacez-la par la vraie valeur avant de publier"),
                );
            }
        }
    }

    fn required_files(&mut self, guide: &Guide, sources: &mut Sources) {
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

    /// Records every id, reporting bad and duplicate ones.
    fn collect_ids(&mut self, guide: &Guide) {
        let in_list = |r: &Record<Code>| (r.id.clone(), r.file, r.span("id"));
        fn in_file<T>(r: &Record<T>) -> (String, FileId, Option<std::ops::Range<usize>>) {
            (r.id.clone(), r.file, None)
        }
        self.ids.publics = self.unique_ids(guide.publics.iter().map(in_list), "public");
        self.ids.needs = self.unique_ids(guide.needs.iter().map(in_list), "besoin");
        self.ids.networks = self.unique_ids(guide.networks.iter().map(in_file), "réseau");
        self.unique_ids(guide.territories.iter().map(in_file), "territoire");
        self.ids.territories = guide.territories.iter().map(|t| (t.id.clone(), t.data.kind)).collect();
        self.ids.partners = self.unique_ids(guide.partners.iter().map(in_file), "structure");
        self.ids.walkthroughs = self.unique_ids(guide.walkthroughs.iter().map(|d| in_file(&d.record)), "parcours");
        self.ids.pages = self.unique_ids(guide.pages.iter().map(|d| in_file(&d.record)), "page");
    }

    /// Checks the syntax and uniqueness of ids `(id, file, place in the file if any)`.
    fn unique_ids(
        &mut self,
        records: impl Iterator<Item = (String, FileId, Option<std::ops::Range<usize>>)>,
        kind: &str,
    ) -> HashSet<String> {
        let mut seen: HashMap<String, FileId> = HashMap::new();
        for (id, file, span) in records {
            if let Err(message) = fields::id(&id) {
                let what = if span.is_some() { "" } else { " (nom du fichier)" };
                self.push(Diagnostic::error(file, span.clone(), format!("{message}{what}")));
            }
            match seen.get(&id) {
                Some(&first) => self.push(
                    Diagnostic::error(file, span, format!("identifiant « {id} » déjà utilisé ({kind})")).with_hint(
                        format!("{} porte déjà cet identifiant : renommez l'un des deux", self.paths[first]),
                    ),
                ),
                None => {
                    seen.insert(id, file);
                }
            }
        }
        seen.into_keys().collect()
    }

    /// Whether `id` names a record of `kind`, or one whose file is broken (reported already).
    fn exists(&self, kind: RecordKind, id: &str) -> bool {
        let found = match kind {
            RecordKind::Publics => self.ids.publics.contains(id),
            RecordKind::Besoins => self.ids.needs.contains(id),
            RecordKind::Reseau => self.ids.networks.contains(id),
            RecordKind::Territoire => self.ids.territories.contains_key(id),
            RecordKind::Structure => self.ids.partners.contains(id),
            RecordKind::Parcours => self.ids.walkthroughs.contains(id),
            RecordKind::Page => self.ids.pages.contains(id),
            // Nothing refers to the site or to a rule.
            RecordKind::Site | RecordKind::Portes => false,
        };
        found || self.unreadable.contains(&(kind, id.to_string()))
    }

    fn candidates(&self, kind: RecordKind) -> Vec<&str> {
        let mut ids: Vec<&str> = match kind {
            RecordKind::Publics => self.ids.publics.iter().map(String::as_str).collect(),
            RecordKind::Besoins => self.ids.needs.iter().map(String::as_str).collect(),
            RecordKind::Reseau => self.ids.networks.iter().map(String::as_str).collect(),
            RecordKind::Territoire => self.ids.territories.keys().map(String::as_str).collect(),
            RecordKind::Structure => self.ids.partners.iter().map(String::as_str).collect(),
            RecordKind::Parcours => self.ids.walkthroughs.iter().map(String::as_str).collect(),
            RecordKind::Page => self.ids.pages.iter().map(String::as_str).collect(),
            RecordKind::Site | RecordKind::Portes => Vec::new(),
        };
        ids.sort_unstable();
        ids
    }

    /// Checks that the id at `path` of `record` names an existing record of `kind`.
    fn reference<T>(&mut self, record: &Record<T>, path: &str, kind: RecordKind, id: &str) {
        if self.exists(kind, id) {
            return;
        }
        let candidates = self.candidates(kind);
        let hint = match fields::did_you_mean(id, &candidates) {
            Some(best) => format!("vouliez-vous dire « {best} » ?"),
            None => format!("aucun {} « {id} » dans {}", kind.label(), kind.place()),
        };
        let d = Diagnostic::error(record.file, record.span(path), format!("{} inconnu : « {id} »", kind.label()));
        self.push(d.with_hint(hint));
    }

    fn references<T>(&mut self, record: &Record<T>, path: &str, kind: RecordKind, ids: &[String]) {
        for (i, id) in ids.iter().enumerate() {
            self.reference(record, &format!("{path}.{i}"), kind, id);
        }
    }

    /// Reports a field whose format is wrong.
    fn format<T, V>(&mut self, record: &Record<T>, path: &str, result: Result<V, String>) -> Option<V> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.push(Diagnostic::error(record.file, record.span(path), message));
                None
            }
        }
    }

    fn phone<T>(&mut self, record: &Record<T>, path: &str, value: Option<&str>) {
        if let Some(text) = value {
            self.format(record, path, phone::parse(text));
        }
    }

    fn url<T>(&mut self, record: &Record<T>, path: &str, value: Option<&str>) {
        if let Some(text) = value {
            self.format(record, path, fields::web_url(text));
        }
    }

    /// Checks the links of a Markdown field of a YAML record, shown on the page whose folder is
    /// `page` (`None`: on no page).
    fn text_links<T>(&mut self, record: &Record<T>, path: &str, text: Option<&str>, page: Option<&str>) {
        let Some(text) = text else { return };
        for dest in markdown::links(text) {
            if let Some(d) = self.link_problem(record.file, record.span(path), &dest, page) {
                self.push(d);
            }
        }
    }

    /// Checks the links of a Markdown body starting at byte `offset` of `file`, shown on the page
    /// whose folder is `page`.
    fn body_links(&mut self, file: FileId, body: &str, offset: usize, page: &str) {
        for dest in markdown::links(body) {
            let span = Some(offset + dest.range.start..offset + dest.range.end);
            if let Some(d) = self.link_problem(file, span, &dest, Some(page)) {
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
                    .with_hint(LINK_FORMS),
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
                        });
                    }
                }
                None => None,
            }
        };
        let Some(at) = equivalent else {
            let message = if target.starts_with("..") {
                format!("{what} : depuis la page {page}index.html, il sort du site")
            } else {
                format!("{what} : depuis la page {page}index.html, il mène à {target}, qui n'est pas dans le site")
            };
            let hint = match self.static_like(&decoded) {
                Some(best) => format!(
                    "vouliez-vous dire « @/static/{} » ? Écrit ainsi, le lien est juste depuis toutes les pages",
                    markdown::encode_path(best)
                ),
                None => LINK_FORMS.to_string(),
            };
            return Some(Diagnostic::error(file, span, message).with_hint(hint));
        };
        match self.at_problem(&at) {
            Some((message, hint)) => Some(Diagnostic::error(file, span, format!("{what} : {message}")).with_hint(hint)),
            None => {
                let why = match local {
                    Local::Relative => "il ne mène au bon endroit que depuis les pages de même profondeur",
                    Local::Rooted => ROOTED,
                };
                Some(
                    Diagnostic::warning(file, span, format!("{what} : {why}"))
                        .with_hint(format!("écrivez « {at} » : bonneporte en fait le bon lien sur chaque page")),
                )
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
            let hint = match fields::did_you_mean(link.id, &self.candidates(kind)) {
                Some(best) => format!("vouliez-vous dire « @/{folder}/{best} » ?"),
                None => format!("aucune fiche « {} » dans {folder}/", link.id),
            };
            return Some((format!("lien vers une fiche absente : « {dest} »"), hint));
        }
        let anchor = link.anchor.filter(|a| !a.is_empty())?;
        let offered = self.offered.get_or_init(|| anchors::Offered::new(self.guide)).of(kind, link.id);
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

    fn site(&mut self, site: &Record<Site>) {
        let s = &site.data;
        match self.ids.territories.get(&s.region) {
            Some(TerritoryKind::Region) => {}
            Some(_) => self.push(
                Diagnostic::error(
                    site.file,
                    site.span("region"),
                    format!("« {} » n'est pas un territoire de type region", s.region),
                )
                .with_hint("`region` désigne la racine de l'arbre des territoires (type: region)"),
            ),
            None => self.reference(site, "region", RecordKind::Territoire, &s.region),
        }
        self.url(site, "url", s.url.as_deref());
        self.phone(site, "telephone", s.telephone.as_deref());
        for (i, group) in s.synonymes.iter().enumerate() {
            if group.len() < 2 {
                self.push(
                    Diagnostic::error(
                        site.file,
                        site.span(&format!("synonymes.{i}")),
                        "un groupe de synonymes compte au moins deux mots",
                    )
                    .with_hint("exemple : `synonymes: [[cv, curriculum]]`"),
                );
            }
        }
    }

    fn network(&mut self, network: &Record<Network>) {
        let n = &network.data;
        self.references(network, "publics", RecordKind::Publics, &n.publics);
        self.references(network, "besoins", RecordKind::Besoins, &n.besoins);
        for (i, level) in n.niveaux_cep.iter().enumerate() {
            if !(1..=3).contains(&level.0) {
                self.push(
                    Diagnostic::error(
                        network.file,
                        network.span(&format!("niveaux_cep.{i}")),
                        format!("niveau de CEP {} inconnu", level.0),
                    )
                    .with_hint("le conseil en évolution professionnelle a trois niveaux : 1, 2 et 3"),
                );
            }
        }
        self.url(network, "site_web", n.site_web.as_deref());
        self.phone(network, "telephone", n.telephone.as_deref());
        self.text_links(
            network,
            "description",
            n.description.as_deref(),
            Some(&address::record_dir(RecordKind::Reseau, &network.id)),
        );
    }

    /// A region's or département's `code` is one of the commune reference.
    fn known_code(&mut self, t: &Record<Territory>) {
        static CODES: std::sync::OnceLock<HashSet<(bool, &str)>> = std::sync::OnceLock::new();
        let Some(code) = &t.data.code else { return };
        let region = t.data.kind == TerritoryKind::Region;
        let codes = CODES.get_or_init(|| {
            communes::reference().iter().flat_map(|c| [(true, c.region), (false, c.departement)]).collect()
        });
        if t.data.kind == TerritoryKind::Bassin || codes.contains(&(region, code.as_str())) {
            return;
        }
        let what = if region { "la région" } else { "le département" };
        self.push(
            Diagnostic::warning(t.file, t.span("code"), format!("aucune commune du référentiel dans {what} de code « {code} »"))
                .with_hint("le code est celui de l'INSEE : « 24 » pour la région Centre-Val de Loire, « 18 » pour le Cher, « 2A » pour la Corse-du-Sud"),
        );
    }

    /// The communes of a bassin lie in the nearest département (or region) above it that has a
    /// `code`; a bassin may cross a border, so those that do not are one warning, at the first.
    fn communes_outside(&mut self, t: &Record<Territory>, by_id: &HashMap<&str, &Record<Territory>>) {
        let mut above = t.data.parent.as_deref().and_then(|p| by_id.get(p));
        // Bounded: a cycle is reported elsewhere.
        for _ in 0..by_id.len() {
            let Some(ancestor) = above else { return };
            if let Some(code) = &ancestor.data.code {
                let region = ancestor.data.kind == TerritoryKind::Region;
                let outside: Vec<(usize, &communes::Commune)> = (t.data.communes.iter().enumerate())
                    .filter_map(|(i, c)| Some((i, communes::reference().get(c)?)))
                    .filter(|(_, c)| (if region { c.region } else { c.departement }) != code)
                    .collect();
                let Some(&(first, commune)) = outside.first() else { return };
                let names: Vec<String> =
                    outside.iter().take(5).map(|(_, c)| format!("{} ({})", c.nom, c.code)).collect();
                let more = if outside.len() > 5 { format!(" et {} autres", outside.len() - 5) } else { String::new() };
                let where_ = if region { "de la région" } else { "du département" };
                self.push(
                    Diagnostic::warning(
                        t.file,
                        t.span(&format!("communes.{first}")),
                        format!(
                            "{} commune(s) hors {where_} « {} » (code {code}) : {}{more}",
                            outside.len(),
                            ancestor.data.nom,
                            names.join(", ")
                        ),
                    )
                    .with_hint(format!(
                        "{} est dans le département {} ; vérifiez le code INSEE, ou le parent du territoire",
                        commune.nom, commune.departement
                    )),
                );
                return;
            }
            above = ancestor.data.parent.as_deref().and_then(|p| by_id.get(p));
        }
    }

    fn territories(&mut self, guide: &Guide) {
        let by_id: HashMap<&str, &Record<Territory>> = guide.territories.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut roots = Vec::new();
        let mut commune_owner: HashMap<&str, &str> = HashMap::new();
        for t in &guide.territories {
            let d = &t.data;
            match (&d.parent, d.kind) {
                (None, TerritoryKind::Region) => roots.push(t),
                (None, _) => self.push(
                    Diagnostic::error(t.file, t.span(""), "clé obligatoire « parent » absente")
                        .with_hint("seul le territoire de type region n'a pas de parent"),
                ),
                // `Graph::build` roots the tree at a region without parent; also covers an unknown
                // parent or a cycle through the region, in one report.
                (Some(_), TerritoryKind::Region) => self.push(
                    Diagnostic::error(
                        t.file,
                        t.span("parent"),
                        format!("la région « {} » ne peut pas avoir de parent", t.id),
                    )
                    .with_hint("la région est la racine de l'arbre des territoires : retirez la ligne `parent`"),
                ),
                (Some(parent), _) => self.reference(t, "parent", RecordKind::Territoire, parent),
            }
            if let Some(code) = &d.code
                && (d.kind == TerritoryKind::Bassin
                    || code.is_empty()
                    || !code.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                self.push(
                    Diagnostic::error(t.file, t.span("code"), format!("code INSEE de territoire « {code} » invalide"))
                        .with_hint(
                            "le code est celui INSEE d'une région (« 24 ») ou d'un département (« 18 », « 2A »)",
                        ),
                );
            }
            self.known_code(t);
            self.communes_outside(t, &by_id);
            for (i, code) in d.communes.iter().enumerate() {
                let path = format!("communes.{i}");
                if communes::reference().get(code).is_none() {
                    let why = if communes::is_valid_insee_format(code) {
                        "inconnu du référentiel des communes"
                    } else {
                        "mal formé"
                    };
                    self.push(
                        Diagnostic::error(t.file, t.span(&path), format!("code INSEE « {code} » {why}"))
                            .with_hint("un code INSEE de commune a 5 caractères (« 18279 » pour Vierzon) ; ce n'est pas le code postal"),
                    );
                } else if let Some(other) = commune_owner.insert(code.as_str(), t.id.as_str())
                    && other != t.id
                {
                    self.push(
                            Diagnostic::error(t.file, t.span(&path), format!("la commune {code} est déjà dans le territoire « {other} »"))
                                .with_hint("une commune appartient à un seul bassin, pour que la recherche par commune mène à un seul territoire"),
                        );
                }
            }
            for (i, coordination) in d.coordination.iter().enumerate() {
                self.reference(
                    t,
                    &format!("coordination.{i}.structure"),
                    RecordKind::Structure,
                    &coordination.structure,
                );
            }
            self.text_links(
                t,
                "description",
                d.description.as_deref(),
                Some(&address::record_dir(RecordKind::Territoire, &t.id)),
            );
        }
        self.cycles(&guide.territories, &by_id);
        if roots.len() > 1 {
            for extra in &roots[1..] {
                self.push(
                    Diagnostic::error(
                        extra.file,
                        extra.span("type"),
                        format!("deuxième territoire racine : « {} » ; « {} » en est déjà un", extra.id, roots[0].id),
                    )
                    .with_hint("un guide a une seule région racine ; donnez un parent aux autres territoires"),
                );
            }
        }
    }

    /// Reports each territory whose chain of parents loops. A chain stops at a region: a region's
    /// parent is an error of its own, and removing it breaks any loop through the region.
    fn cycles(&mut self, territories: &[Record<Territory>], by_id: &HashMap<&str, &Record<Territory>>) {
        for t in territories {
            let mut seen = HashSet::new();
            let mut current = t;
            while current.data.kind != TerritoryKind::Region
                && let Some(parent) = current.data.parent.as_deref().and_then(|p| by_id.get(p))
            {
                if parent.id == t.id {
                    self.push(
                        Diagnostic::error(
                            t.file,
                            t.span("parent"),
                            format!("cycle dans l'arbre des territoires : « {} » est son propre ancêtre", t.id),
                        )
                        .with_hint("les parents doivent remonter jusqu'à la région sans boucler"),
                    );
                    break;
                }
                if !seen.insert(parent.id.as_str()) {
                    break; // a loop above this territory, reported on its own members
                }
                current = parent;
            }
        }
    }

    fn partner(&mut self, partner: &Record<Partner>, today: i64, max_days: u32) {
        let p = &partner.data;
        self.reference(partner, "reseau", RecordKind::Reseau, &p.reseau);
        self.reference(partner, "territoire", RecordKind::Territoire, &p.territoire);
        self.references(partner, "zone", RecordKind::Territoire, &p.zone);
        if let Some(list) = &p.publics {
            self.references(partner, "publics", RecordKind::Publics, list);
        }
        if let Some(list) = &p.besoins {
            self.references(partner, "besoins", RecordKind::Besoins, list);
        }
        if let Some(cp) = &p.code_postal {
            self.format(partner, "code_postal", fields::postal_code(cp));
        }
        self.commune(partner);
        for (key, value, range) in [("latitude", p.latitude, -90.0..=90.0), ("longitude", p.longitude, -180.0..=180.0)]
        {
            if let Some(v) = value
                && !range.contains(&v.0)
            {
                self.push(
                    Diagnostic::error(partner.file, partner.span(key), format!("{key} {} hors limites", v.0))
                        .with_hint("coordonnées WGS84 en degrés décimaux, par exemple 47.22"),
                );
            }
        }
        if p.latitude.is_some() != p.longitude.is_some() {
            self.push(
                Diagnostic::error(partner.file, partner.span(""), "latitude et longitude vont ensemble")
                    .with_hint("indiquez les deux, ou aucune"),
            );
        }
        self.phone(partner, "telephone", p.telephone.as_deref());
        if let Some(mail) = &p.courriel {
            self.format(partner, "courriel", fields::email(mail));
        }
        self.url(partner, "site_web", p.site_web.as_deref());
        self.url(partner, "accessibilite_lieu", p.accessibilite_lieu.as_deref());
        if let Some(text) = &p.horaires_accueil {
            // Many partners share the same hours: parse each distinct text once.
            let result = self.hours_seen.entry(text.clone()).or_insert_with(|| hours::parse(text).map(|_| ())).clone();
            self.format(partner, "horaires_accueil", result);
        }
        if let Some(siret) = &p.siret {
            self.format(partner, "siret", fields::siret(siret));
        }
        self.text_links(
            partner,
            "description",
            p.description.as_deref(),
            Some(&address::record_dir(RecordKind::Structure, &partner.id)),
        );
        if p.telephone.is_none() && p.courriel.is_none() && p.site_web.is_none() && p.adresse.is_none() {
            self.push(
                Diagnostic::warning(
                    partner.file,
                    partner.span(""),
                    format!("« {} » n'a aucun moyen de contact (téléphone, courriel, site web ni adresse)", p.nom),
                )
                .with_hint("le site affichera « à compléter » ; ajoutez un contact vérifié dès que possible"),
            );
        }
        match &p.date_maj {
            Some(text) => {
                if let Some(date) = self.format(partner, "date_maj", fields::date(text)) {
                    let age = today - date.days_since_epoch();
                    if age < 0 {
                        self.push(
                            Diagnostic::warning(
                                partner.file,
                                partner.span("date_maj"),
                                format!("date de vérification dans le futur (dans {} jours)", -age),
                            )
                            .with_hint("indiquez le jour où la fiche a été vérifiée ; les données ouvertes laissent cette fiche de côté"),
                        );
                    } else if age > i64::from(max_days) {
                        self.push(
                            Diagnostic::warning(
                                partner.file,
                                partner.span("date_maj"),
                                format!("fiche vérifiée il y a {age} jours (plus de {max_days})"),
                            )
                            .with_hint("vérifiez les coordonnées auprès de la structure puis mettez `date_maj` à jour"),
                        );
                    }
                }
            }
            None => self.push(
                Diagnostic::warning(partner.file, partner.span(""), "date de vérification absente (`date_maj`)")
                    .with_hint("indiquez la date à laquelle la fiche a été vérifiée, au format AAAA-MM-JJ"),
            ),
        }
    }

    /// `code_insee` exists, and agrees with `code_postal` and `commune` when they are given.
    fn commune(&mut self, partner: &Record<Partner>) {
        let p = &partner.data;
        let Some(code) = &p.code_insee else { return };
        let Some(commune) = communes::reference().get(code) else {
            let why = if communes::is_valid_insee_format(code) {
                "inconnu du référentiel des communes"
            } else {
                "mal formé"
            };
            self.push(
                Diagnostic::error(partner.file, partner.span("code_insee"), format!("code INSEE « {code} » {why}"))
                    .with_hint("le code INSEE (5 caractères) n'est pas le code postal ; il se trouve sur la fiche de la commune à l'INSEE"),
            );
            return;
        };
        if let Some(cp) = &p.code_postal
            && fields::postal_code(cp).is_ok()
            && !commune.codes_postaux.contains(&cp.as_str())
        {
            self.push(
                Diagnostic::warning(
                    partner.file,
                    partner.span("code_postal"),
                    format!("le code postal {cp} n'est pas celui de {} ({code})", commune.nom),
                )
                .with_hint(format!("codes postaux de la commune : {}", commune.codes_postaux.join(", "))),
            );
        }
        if let Some(name) = &p.commune
            && fold(name) != fold(commune.nom)
        {
            self.push(
                Diagnostic::warning(
                    partner.file,
                    partner.span("commune"),
                    format!("la commune « {name} » ne correspond pas au code INSEE {code} ({})", commune.nom),
                )
                .with_hint(format!("écrivez « {} » ou corrigez le code INSEE", commune.nom)),
            );
        }
    }

    fn rules(&mut self, guide: &Guide) {
        let mut seen: HashMap<(&str, &str), &str> = HashMap::new();
        for rule in &guide.rules {
            let r = &rule.data;
            self.reference(rule, "public", RecordKind::Publics, &r.public);
            self.reference(rule, "besoin", RecordKind::Besoins, &r.besoin);
            for (i, door) in r.portes.iter().enumerate() {
                self.reference(rule, &format!("portes.{i}.reseau"), RecordKind::Reseau, &door.reseau);
            }
            if r.portes.is_empty() {
                self.push(
                    Diagnostic::error(rule.file, rule.span("portes"), "règle sans porte")
                        .with_hint("indiquez au moins un réseau dans `portes`"),
                );
            }
            if seen.insert((&r.public, &r.besoin), &rule.id).is_some() {
                self.push(
                    Diagnostic::error(
                        rule.file,
                        rule.span(""),
                        format!("deux règles pour le même public « {} » et le même besoin « {} »", r.public, r.besoin),
                    )
                    .with_hint("regroupez leurs portes dans une seule règle, la meilleure d'abord"),
                );
            }
        }
    }

    fn walkthrough(&mut self, record: &Record<Walkthrough>) {
        let w = &record.data;
        if let Some(public) = &w.public {
            self.reference(record, "public", RecordKind::Publics, public);
        }
        if let Some(need) = &w.besoin {
            self.reference(record, "besoin", RecordKind::Besoins, need);
        }
        let page = address::record_dir(RecordKind::Parcours, &record.id);
        for (i, step) in w.etapes.iter().enumerate() {
            self.reference(record, &format!("etapes.{i}.reseau"), RecordKind::Reseau, &step.reseau);
            self.text_links(record, &format!("etapes.{i}.texte"), step.texte.as_deref(), Some(&page));
        }
    }

    /// Warnings for territories and networks that no partner serves.
    fn coverage(&mut self, guide: &Guide) {
        let mut served: HashSet<&str> = HashSet::new();
        let mut networks: HashSet<&str> = HashSet::new();
        for p in &guide.partners {
            served.insert(&p.data.territoire);
            served.extend(p.data.zone.iter().map(String::as_str));
            networks.insert(&p.data.reseau);
        }
        // A territory with a served descendant is served too.
        let parents: HashMap<&str, &str> =
            guide.territories.iter().filter_map(|t| Some((t.id.as_str(), t.data.parent.as_deref()?))).collect();
        for start in served.clone() {
            let mut current = start;
            let mut steps = 0;
            while let Some(parent) = parents.get(current) {
                served.insert(parent);
                current = parent;
                steps += 1;
                if steps > parents.len() {
                    break; // cycle, already reported
                }
            }
        }
        for t in &guide.territories {
            if !served.contains(t.id.as_str()) {
                self.push(
                    Diagnostic::warning(
                        t.file,
                        t.span("nom"),
                        format!("territoire « {} » sans aucune structure", t.data.nom),
                    )
                    .with_hint("ajoutez les structures qui y accueillent le public (dossier structures/)"),
                );
            }
        }
        for n in &guide.networks {
            if !networks.contains(n.id.as_str()) {
                self.push(
                    Diagnostic::warning(
                        n.file,
                        n.span("nom"),
                        format!("réseau « {} » sans aucune structure", n.data.nom),
                    )
                    .with_hint("ajoutez ses structures (dossier structures/, clé `reseau`)"),
                );
            }
        }
    }
}

/// Lowercase without accents or punctuation, to compare names as people write them.
pub fn fold(text: &str) -> String {
    crate::collate::fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}
