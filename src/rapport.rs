//! Freshness report (`bonneporte rapport`): here is a checked guide, tell the editors, territory by
//! territory, how complete and how recent its partners' records are, which records to verify first
//! and which territories have no partner. A terminal table and a CSV for French spreadsheets.
//!
//! The report reads the checked guide and its graph: it validates nothing itself.

use std::path::Path;

use unicode_width::UnicodeWidthStr;

use crate::content::fields;
use crate::content::model::Partner;
use crate::diag::{Sources, counted, display_path};
use crate::export::opendata::spreadsheet_text;
use crate::graph::Graph;

/// One territory of the tree, with the partners that serve it.
pub struct TerritoryRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    /// Number of ancestors: 0 for the region.
    pub depth: usize,
    /// Names from the region down to this territory.
    pub path: Vec<String>,
    /// Guide file of the territory, relative to the guide folder.
    pub file: String,
    /// Partners located in it, or whose `zone` names it, or serving one of its sub-territories
    /// (the rule of `check`'s "territoire sans aucune structure").
    pub partners: usize,
    pub with_phone: usize,
    pub with_address: usize,
    pub with_hours: usize,
    /// Among `partners`, records to verify (too old or never verified).
    pub to_verify: usize,
}

/// A partner record to verify: too old, or never verified.
pub struct Stale {
    pub name: String,
    /// Relative to the guide folder.
    pub file: String,
    /// `date_maj` as written and its age in days; `None` when the record has no date.
    pub verified: Option<(String, i64)>,
}

pub struct Rapport {
    pub title: String,
    /// The day of the report (`BONNEPORTE_DATE` or today).
    pub day: fields::Date,
    pub max_days: u32,
    /// Depth first from the region, as the site shows the tree.
    pub territories: Vec<TerritoryRow>,
    /// Never verified first, then oldest first.
    pub stale: Vec<Stale>,
}

impl Rapport {
    pub fn of(g: &Graph, sources: &Sources, today: i64) -> Rapport {
        let max_days = g.site.max_days();
        let age = |p: &Partner| verified_age(p, today);
        let is_stale = |p: &Partner| age(p).is_none_or(|(_, days)| days > i64::from(max_days));
        let territories = serving(g)
            .iter()
            .enumerate()
            .map(|(t, partners)| territory_row(g, sources, t, partners, &is_stale))
            .collect();
        let mut stale: Vec<Stale> = g
            .partners
            .iter()
            .filter(|p| is_stale(&p.data))
            .map(|p| Stale { name: p.data.nom.clone(), file: sources.get(p.file).path.clone(), verified: age(&p.data) })
            .collect();
        // `g.partners` is in French order of names: a stable sort keeps it among equal ages.
        stale.sort_by_key(|s| s.verified.as_ref().map(|(_, days)| -days));
        let day = fields::Date::from_days_since_epoch(today);
        Rapport { title: g.site.titre.clone(), day, max_days, territories, stale }
    }

    /// Territories that no partner serves, in tree order.
    pub fn without_partner(&self) -> impl Iterator<Item = &TerritoryRow> {
        self.territories.iter().filter(|t| t.partners == 0)
    }

    /// The report for a terminal: French, columns aligned by displayed width. Files are shown
    /// under `guide_dir`, as `check` shows them.
    pub fn table(&self, guide_dir: &Path) -> String {
        let path = |file: &str| display_path(guide_dir, file);
        let never = self.stale.iter().filter(|s| s.verified.is_none()).count();
        let mut text = format!("Rapport de fraîcheur : {}, au {}\n\n", self.title, self.day.french());
        let mut rows = vec![cells(&["Territoire", "Structures", "Téléphone", "Adresse", "Horaires", "À vérifier"])];
        rows.extend(self.territories.iter().map(|t| {
            let share = |n| if t.partners == 0 { "—".to_string() } else { format!("{} %", percent(n, t.partners)) };
            vec![
                format!("{}{}", "  ".repeat(t.depth), t.name),
                t.partners.to_string(),
                share(t.with_phone),
                share(t.with_address),
                share(t.with_hours),
                t.to_verify.to_string(),
            ]
        }));
        text += &aligned(&rows);
        text += &format!(
            "\nFiches à vérifier (vérifiées il y a plus de {} jours ou jamais) : {} dont {}\n",
            self.max_days,
            self.stale.len(),
            counted(never, "jamais vérifiée", "jamais vérifiées")
        );
        if !self.stale.is_empty() {
            let mut rows = vec![cells(&["Vérifiée le", "Il y a", "Structure", "Fichier"])];
            rows.extend(self.stale.iter().map(|s| {
                let (date, age) = match &s.verified {
                    Some((date, days)) => (date.clone(), format!("{days} j")),
                    None => ("jamais vérifiée".to_string(), String::new()),
                };
                vec![date, age, s.name.clone(), path(&s.file)]
            }));
            text += &aligned(&rows);
        }
        let empty: Vec<&TerritoryRow> = self.without_partner().collect();
        text += &format!("\nTerritoires sans structure : {}\n", empty.len());
        for t in empty {
            text += &format!("  {} ({})\n", t.path.join(" > "), path(&t.file));
        }
        text
    }

    /// One row per territory, for a French spreadsheet: `;` between fields, UTF-8 with a byte
    /// order mark (so that accents open right), shares as whole percents.
    pub fn csv(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
        let header = [
            "Identifiant",
            "Territoire",
            "Type",
            "Chemin",
            "Structures",
            "Avec téléphone",
            "Téléphone (%)",
            "Avec adresse",
            "Adresse (%)",
            "Avec horaires",
            "Horaires (%)",
            "À vérifier",
        ];
        // Writing into memory cannot fail.
        let _ = writer.write_record(header);
        for t in &self.territories {
            let share = |n| if t.partners == 0 { String::new() } else { percent(n, t.partners).to_string() };
            let _ = writer.write_record([
                t.id.clone(),
                spreadsheet_text(&t.name).into_owned(),
                t.kind.to_string(),
                spreadsheet_text(&t.path.join(" > ")).into_owned(),
                t.partners.to_string(),
                t.with_phone.to_string(),
                share(t.with_phone),
                t.with_address.to_string(),
                share(t.with_address),
                t.with_hours.to_string(),
                share(t.with_hours),
                t.to_verify.to_string(),
            ]);
        }
        writer.into_inner().unwrap_or_default()
    }
}

/// The row of territory `t`, served by `partners` (indices into `g.partners`).
fn territory_row(
    g: &Graph,
    sources: &Sources,
    t: usize,
    partners: &[usize],
    is_stale: &dyn Fn(&Partner) -> bool,
) -> TerritoryRow {
    let node = &g.territories[t];
    let count = |keep: &dyn Fn(&Partner) -> bool| partners.iter().filter(|&&p| keep(&g.partners[p].data)).count();
    TerritoryRow {
        id: node.record.id.clone(),
        name: node.record.data.nom.clone(),
        kind: node.record.data.kind.label(),
        depth: node.ancestors.len(),
        path: node.ancestors.iter().chain([&t]).map(|&a| g.territories[a].record.data.nom.clone()).collect(),
        file: sources.get(node.record.file).path.clone(),
        partners: partners.len(),
        with_phone: count(&|p| p.telephone.is_some()),
        with_address: count(&|p| p.adresse.is_some()),
        with_hours: count(&|p| p.horaires_accueil.is_some()),
        to_verify: count(is_stale),
    }
}

/// Per territory (graph order), the partners that serve it: located in it or named in their
/// `zone`, there or in any territory below it. Sorted, without repeats.
fn serving(g: &Graph) -> Vec<Vec<usize>> {
    let mut serving = vec![Vec::new(); g.territories.len()];
    for (t, node) in g.territories.iter().enumerate() {
        let here: Vec<usize> = g.located_in[t].iter().chain(&g.zoned_in[t]).copied().collect();
        for &a in node.ancestors.iter().chain([&t]) {
            serving[a].extend(&here);
        }
    }
    for list in &mut serving {
        list.sort_unstable();
        list.dedup();
    }
    serving
}

/// `date_maj` as written and its age in days on `today`; `None` without a date (a checked guide
/// has only valid dates).
fn verified_age(p: &Partner, today: i64) -> Option<(String, i64)> {
    let text = p.date_maj.as_ref()?;
    let date = fields::date(text).ok()?;
    Some((text.clone(), today - date.days_since_epoch()))
}

/// Whole percent of `n` in `total`, rounded to the nearest (1/6 is 17 %), but never 0 % when
/// some have it nor 100 % when some do not: 100 % means all of them and 0 % none, which is what
/// an editor reads into it.
fn percent(n: usize, total: usize) -> usize {
    let nearest = (n * 200 + total) / (total * 2);
    if n > 0 && n < total { nearest.clamp(1, 99) } else { nearest }
}

fn cells(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

/// Rows as aligned columns: the first column and text columns on the left, numbers on the right
/// (a column is numeric when its cells below the header start with a digit). Widths are
/// measured in displayed columns, so that "Électricité" and "—" align like ASCII.
fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let width = |c: usize| rows.iter().map(|r| r[c].width()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let numeric: Vec<bool> = (0..columns)
        .map(|c| {
            c > 0 && rows[1..].iter().all(|r| r[c].chars().next().is_none_or(|ch| ch.is_ascii_digit() || ch == '—'))
        })
        .collect();
    let mut text = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = " ".repeat(widths[c] - cell.width());
                if numeric[c] { format!("{pad}{cell}") } else { format!("{cell}{pad}") }
            })
            .collect();
        text += line.join("  ").trim_end();
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn shares_round_to_the_nearest_but_never_to_none_or_all() {
        let cases = [((1, 6), 17), ((1, 3), 33), ((2, 3), 67), ((1, 2), 50), ((1, 300), 1), ((299, 300), 99)];
        for ((n, total), expected) in cases {
            assert_eq!(percent(n, total), expected, "{n}/{total}");
        }
        assert_eq!((percent(0, 7), percent(7, 7)), (0, 100));
    }
}
