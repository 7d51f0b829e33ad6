//! Which pages may a rebuild keep from the previous output without rendering them, and by what
//! key? A page is kept when its key is the one it was written with (`Output::reuse`).
//!
//! A partner page shows its own record, and what the rest of the guide says of its network,
//! territories, publics, needs and doors: never another partner (`views::partner`, and the
//! layout's breadcrumbs of its territory). So its key hashes its record's file with everything
//! else the page can read: the guide's files other than the partners', the partners' paths
//! (a link of its description names another partner by id), the `static/` files' names, the
//! theme, the settings of the build and the program itself. Every other page lists partners, or
//! counts them, and is rendered each time: about 1,400 pages of 21,000 on a national guide.
//!
//! `tests/build.rs` edits each field of a partner, and other records, and compares the rebuild
//! with a fresh build, byte for byte.

use rayon::prelude::*;

use crate::content::load;
use crate::diag::Sources;
use crate::graph::address::Job;
use crate::render::theme::Theme;
use crate::site::Site;

/// The key of each page that a rebuild may keep.
pub struct Keys {
    /// What every page may show but the partners' records.
    shared: blake3::Hash,
    /// By partner index: the key of its page.
    partners: Vec<blake3::Hash>,
}

impl Keys {
    /// The keys of `site`'s pages, whose guide was read into `sources`; `None` when the program
    /// cannot read its own file (no page is then kept).
    pub fn of(site: &Site, sources: &Sources, theme: &Theme) -> Option<Keys> {
        let g = &site.graph;
        let config = site.config();
        let partner_files: std::collections::HashSet<usize> = g.partners.iter().map(|p| p.file).collect();
        let mut shared = blake3::Hasher::new();
        shared.update(program()?.as_bytes()).update(theme.fingerprint().as_bytes());
        shared.update(&config.today.to_le_bytes());
        field(&mut shared, config.base_url.unwrap_or_default().as_bytes());
        // The files of records only: `sources` also lists links and stray files, said in
        // warnings, which no page shows.
        for file in (0..sources.len()).filter(|&id| load::holds_records(&sources.get(id).path)) {
            let source = sources.get(file);
            field(&mut shared, source.path.as_bytes());
            if !partner_files.contains(&file) {
                field(&mut shared, source.text.as_bytes());
            }
        }
        let mut statics: Vec<&String> = g.statics.iter().collect();
        statics.sort_unstable();
        statics.into_iter().for_each(|name| field(&mut shared, name.as_bytes()));
        let partners = g
            .partners
            .par_iter()
            .map(|p| {
                let mut own = shared.clone();
                field(&mut own, sources.get(p.file).text.as_bytes());
                own.finalize()
            })
            .collect();
        Some(Keys { shared: shared.finalize(), partners })
    }

    /// The key of what every page may show but the partners' records: what the search export
    /// adds the documents to (`search::write_export`).
    pub fn shared(&self) -> blake3::Hash {
        self.shared
    }

    /// The key of `job`'s page, if a rebuild may keep it.
    pub fn of_job(&self, job: &Job) -> Option<blake3::Hash> {
        match *job {
            Job::Partner(p) => self.partners.get(p).copied(),
            _ => None,
        }
    }
}

/// Hashes `bytes` with their length, so that two fields never run into each other.
fn field(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes()).update(bytes);
}

/// The hash of the running program: a new version may render the same record differently.
fn program() -> Option<blake3::Hash> {
    Some(blake3::hash(&std::fs::read(std::env::current_exe().ok()?).ok()?))
}
