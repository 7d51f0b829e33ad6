//! Which pages may a rebuild keep from the previous output without rendering them, and by what
//! key? A page is kept when its key is the one it was written with (`Output::reuse`).
//!
//! Every key hashes what all pages may read but the partners' records (`shared`): the guide's
//! other record files, the partners' paths (a link names a partner by id), the `static/` files'
//! names, the theme, the settings of the build and the program itself. Then:
//! - a partner page shows its own record, and what the rest of the guide says of its network,
//!   territories, publics, needs and doors, never another partner (`views::partner`, and the
//!   layout's breadcrumbs of its territory): its key adds its record's file;
//! - a territory page shows the partners of the lists that `views::territory::partners_read`
//!   gives, and counts each network's partners: its key adds those lists, their records, and
//!   the network of every partner. A one-partner edit renders the pages of its département;
//! - the communes of a territory from A to Z show territories only: `shared` is their key.
//!
//! Every other page lists partners of the whole guide (the answers of `/trouver/`, networks),
//! and is rendered each time: about 500 pages of 21,000 on a national guide.
//!
//! `tests/build.rs` edits each kind of input of two guides and compares the rebuild with a fresh
//! build, byte for byte.

use rayon::prelude::*;

use crate::content::load;
use crate::diag::Sources;
use crate::graph::Graph;
use crate::graph::address::Job;
use crate::output::Key;
use crate::render::theme::Theme;
use crate::render::views::territory::partners_read;
use crate::site::Site;

/// The key of each page that a rebuild may keep.
pub struct Keys {
    /// What every page may show but the partners' records.
    shared: blake3::Hash,
    /// By partner index: the key of its page.
    partners: Vec<blake3::Hash>,
    /// By territory index: the key of its page.
    territories: Vec<blake3::Hash>,
}

impl Keys {
    /// The keys of `site`'s pages, whose guide was read into `sources`; `None` when the program
    /// cannot read its own file (no page is then kept).
    pub fn of(site: &Site, sources: &Sources, theme: &Theme) -> Option<Keys> {
        let g = &site.graph;
        let shared = shared(site, sources, theme)?;
        let records: Vec<blake3::Hash> =
            g.partners.par_iter().map(|p| blake3::hash(sources.get(p.file).text.as_bytes())).collect();
        let partners = records.iter().map(|&record| Key::after(shared).hash(record).finish()).collect();
        let mut networks = Key::after(shared);
        for n in &g.partner_network {
            networks.number(n.map_or(0, |n| n + 1));
        }
        let networks = networks.finish();
        let territories =
            (0..g.territories.len()).into_par_iter().map(|t| territory_key(g, networks, &records, t)).collect();
        Some(Keys { shared, partners, territories })
    }

    /// The key of `job`'s page, if a rebuild may keep it.
    pub fn of_job(&self, job: &Job) -> Option<blake3::Hash> {
        match *job {
            Job::Partner(p) => self.partners.get(p).copied(),
            Job::Territory(t) => self.territories.get(t).copied(),
            Job::Communes(_) => Some(self.shared),
            _ => None,
        }
    }

    /// The key of what every page may show but the partners' records: what the search export
    /// adds the documents to (`search::write_export`).
    pub fn shared(&self) -> blake3::Hash {
        self.shared
    }
}

/// See [`Keys::shared`].
fn shared(site: &Site, sources: &Sources, theme: &Theme) -> Option<blake3::Hash> {
    let g = &site.graph;
    let config = site.config();
    let partner_files: std::collections::HashSet<usize> = g.partners.iter().map(|p| p.file).collect();
    let mut shared = Key::after(program()?);
    shared
        .hash(theme.fingerprint())
        .number(config.today as usize)
        .bytes(config.base_url.unwrap_or_default().as_bytes());
    // The files of records only: `sources` also lists links and stray files, said in warnings,
    // which no page shows.
    for file in (0..sources.len()).filter(|&id| load::holds_records(&sources.get(id).path)) {
        let source = sources.get(file);
        shared.bytes(source.path.as_bytes());
        if !partner_files.contains(&file) {
            shared.bytes(source.text.as_bytes());
        }
    }
    let mut statics: Vec<&String> = g.statics.iter().collect();
    statics.sort_unstable();
    for name in statics {
        shared.bytes(name.as_bytes());
    }
    Some(shared.finish())
}

/// `networks`: the shared key with the network of every partner; `records`: the hash of each
/// partner's record file.
fn territory_key(g: &Graph, networks: blake3::Hash, records: &[blake3::Hash], t: usize) -> blake3::Hash {
    let mut key = Key::after(networks);
    for list in partners_read(g, t) {
        key.number(list.len());
        for p in list {
            key.number(p).hash(records[p]);
        }
    }
    key.finish()
}

/// The hash of the running program: a new version may render the same record differently.
fn program() -> Option<blake3::Hash> {
    Some(blake3::hash(&std::fs::read(std::env::current_exe().ok()?).ok()?))
}
