//! The data files of the JavaScript wizard of `/trouver/` (`static/wizard.js`): an index
//! (publics, needs, doors, bassins) loaded when the wizard starts; the communes of the bassins by
//! the first letter of each word of their name (for typing) and by département (for postal codes
//! and the commune of a shared URL); one part per département with the right partners of its
//! bassins, loaded when a commune of it is chosen. So a national guide's wizard loads tens of
//! kilobytes, not megabytes. Links are relative to the site root. Arrays rather than objects keep
//! it small: `docs/donnees-assistant.schema.json` describes each position, and `tests/wizard.rs`
//! validates the files of the bundled and fixture guides against it.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::content::hours::Week;
use crate::content::load::Record;
use crate::content::model::Code;
use crate::graph::Graph;
use crate::graph::address::{self, Job, Links};
use crate::graph::card::{PARTNERS_PER_DOOR, dated, partner_summary, phone_view};
use crate::output::Files;

/// The wizard's files, each with its path from the site root.
pub struct WizardData {
    /// Folder of the files, relative to the site root, named after their content's hash so
    /// that a browser never mixes an old part with a new index.
    pub dir: String,
    pub files: Files,
}

/// `index.json`: what the wizard needs before a commune is chosen.
#[derive(Serialize)]
struct Index {
    /// The SPRO's phone, for a situation without a door.
    telephone: Option<Phone>,
    /// The name of the guide's territory (« Centre-Val de Loire »), for a commune outside it.
    territoire: String,
    publics: Vec<Choice>,
    besoins: Vec<Choice>,
    reseaux: Vec<Network>,
    /// Per pair (`public × number of needs + need`): its doors, best first.
    portes: Vec<Vec<Door>>,
    /// The territories that serve communes, in the tree's order: a commune names its bassin by
    /// index in this list.
    bassins: Vec<Bassin>,
    /// The names of the département parts (file `<name>.js`).
    parts: Vec<String>,
    /// The letters that have a `communes/<letter>.js`.
    lettres: Vec<String>,
    /// First two digits of a postal code → the départements that have communes with it
    /// (`communes/d<code>.js`).
    codes_postaux: BTreeMap<String, Vec<String>>,
    /// First two digits of a postal code of no commune of the guide → the région it is in
    /// (for all the others of the country), so that the wizard can say which guide to ask.
    hors_guide: BTreeMap<String, String>,
    /// Whether `hors.js` lists the towns of the country outside the guide (see [`Elsewhere`]).
    hors: bool,
}

/// `hors.js`: the towns outside the guide (at least [`ELSEWHERE_POPULATION`] inhabitants), so
/// that a visitor who types one learns which région's guide covers it. Loaded only when what
/// was typed matches no commune of the guide.
#[derive(Serialize)]
struct Elsewhere {
    /// Names of the régions, which the towns name by index.
    regions: Vec<String>,
    communes: Vec<Town>,
}

/// Towns smaller than this are left out of `hors.js`: it stays about 100 KB for the whole
/// country, and their visitors are told to type their postal code, which `hors_guide` answers.
const ELSEWHERE_POPULATION: u32 = 2_000;

/// A département part (`<id>.js`): the right partners of its bassins.
#[derive(Serialize)]
struct Part {
    structures: Vec<Partner>,
    /// Bassin index → per pair, per door, the indices of its right partners in `structures`.
    bassins: BTreeMap<usize, Vec<Vec<Vec<usize>>>>,
}

/// Structs that serialize as the JSON array of their fields, in the order of their declaration
/// (`wizard.js` reads them by position, and arrays keep the files small;
/// `docs/donnees-assistant.schema.json` names each position).
macro_rules! array_structs {
    ($($(#[$meta:meta])* struct $name:ident { $($(#[$field_meta:meta])* $field:ident: $type:ty,)+ })+) => {$(
        $(#[$meta])*
        struct $name {
            $($(#[$field_meta])* $field: $type,)+
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                ($(&self.$field,)+).serialize(serializer)
            }
        }
    )+};
}

array_structs! {
    /// A phone number.
    struct Phone {
        /// As shown ("02 48 12 34 56").
        display: String,
        /// As a link (`tel:+33248123456`).
        uri: String,
    }

    /// A public or a need, as the wizard's selects offer it.
    struct Choice {
        /// Its id, in the wizard's URL (`?public=…&besoin=…`).
        id: String,
        /// Its label.
        label: String,
    }

    /// A network that a door leads to.
    struct Network {
        name: String,
        /// Its page, from the site root.
        page: String,
        /// Its own phone (a national line), if known: the way out where it has no partner near.
        phone: Option<Phone>,
        /// Its own web site, if known.
        site: Option<String>,
    }

    /// A door of a pair: a network, and why this one.
    struct Door {
        /// Index of the network in `reseaux`.
        network: usize,
        /// Why it is the right door (`portes.yaml`), if the rule says.
        why: Option<String>,
    }

    /// A territory that serves communes: a bassin, or a département for its communes of no bassin.
    struct Bassin {
        name: String,
        /// Its page, from the site root (the wizard links to the pair's section of it).
        page: String,
        /// Index in `parts` of the file of its right partners.
        part: usize,
    }

    /// A right partner, as a card of the wizard shows it.
    struct Partner {
        name: String,
        /// Street address, if known.
        street: Option<String>,
        /// Postal code and commune, or the commune alone, if known.
        place: Option<String>,
        /// Phone as shown, if valid.
        phone: Option<String>,
        /// Phone as a link (`tel:`), with `phone`.
        tel: Option<String>,
        /// Its page, from the site root.
        page: String,
        /// Opening hours in French, if known.
        hours: Option<String>,
        /// Opening hours as a usual week, if they are only that (for « ouvert en ce moment »).
        week: Option<Week>,
        /// Latitude and longitude, if known (for a `geo:` link).
        geo: Option<[f64; 2]>,
        /// "d'août 2019" when its contact is older than the guide allows: the card says so.
        dated: Option<String>,
    }

    /// A town outside the guide, in `hors.js`.
    struct Town {
        name: String,
        /// Index of its région in `regions` of the file.
        region: usize,
    }

    /// A commune of the guide's bassins, in the commune files (`communes/<letter>.js`,
    /// `communes/d<département>.js`).
    struct Commune {
        name: String,
        /// Its postal codes, separated by a space (none for a few communes).
        postal_codes: String,
        /// Index of the territory that serves it in `bassins` of the index.
        bassin: usize,
        /// INSEE code, in the wizard's URL (`?commune=…`).
        insee: String,
        /// Municipal population (0 if unknown): suggestions of the same quality, largest first.
        population: u32,
    }
}

/// The wizard's files for the guide `g` on `today` (days since 1970, which dates old contacts);
/// `Err` only if a file cannot be serialized.
pub fn data(g: &Graph, today: i64) -> Result<WizardData, String> {
    let root = Links::relative("");
    let bassins = serving_territories(g);
    let part_ids = g.commune_parts();
    let pairs: Vec<(usize, usize)> =
        (0..g.publics.len()).flat_map(|p| (0..g.needs.len()).map(move |n| (p, n))).collect();
    // One part per département: independent, so computed in parallel.
    let parts: Vec<(String, String)> = part_ids
        .par_iter()
        .map(|&part| {
            let members: Vec<(usize, usize)> =
                bassins.iter().enumerate().filter(|&(_, &t)| g.commune_part(t) == part).map(|(i, &t)| (i, t)).collect();
            let name = g.territories[part].record.id.clone();
            Ok((name, to_json(&right_partners(g, &root, today, &members, &pairs))?))
        })
        .collect::<Result<_, String>>()?;
    let index = Index {
        telephone: phone(g.site.telephone.as_deref()),
        territoire: g.territories[g.root].record.data.nom.clone(),
        publics: g.publics.iter().map(|c| choice(c)).collect(),
        besoins: g.needs.iter().map(|c| choice(c)).collect(),
        reseaux: (0..g.networks.len())
            .map(|n| {
                let d = &g.networks[n].data;
                Network {
                    name: d.nom.clone(),
                    page: root.job(g, &Job::Network(n)),
                    phone: phone(d.telephone.as_deref()),
                    site: d.site_web.clone(),
                }
            })
            .collect(),
        portes: pairs
            .iter()
            .map(|&(p, n)| {
                g.doors(p, n).iter().map(|d| Door { network: d.network, why: d.why.map(str::to_string) }).collect()
            })
            .collect(),
        bassins: bassins
            .iter()
            .map(|&t| {
                let part = part_ids.binary_search(&g.commune_part(t)).unwrap_or(0);
                Bassin { name: g.territories[t].record.data.nom.clone(), page: root.job(g, &Job::Territory(t)), part }
            })
            .collect(),
        parts: parts.iter().map(|(name, _)| name.clone()).collect(),
        lettres: Vec::new(),
        codes_postaux: Default::default(),
        hors_guide: Default::default(),
        hors: false,
    };
    let (mut index, communes) = commune_files(index, commune_list(g, &bassins))?;
    let elsewhere = towns_elsewhere(g);
    index.hors = !elsewhere.communes.is_empty();
    let elsewhere = index.hors.then(|| Ok::<_, String>(("hors".to_string(), to_json(&elsewhere)?))).transpose()?;
    let parts: Vec<(String, String)> = parts.into_iter().chain(communes).chain(elsewhere).collect();
    let index = to_json(&index)?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(index.as_bytes());
    for (name, bytes) in &parts {
        hasher.update(name.as_bytes()).update(bytes.as_bytes());
    }
    let dir = address::wizard_dir(&hasher.finalize().to_hex()[..12]);
    let files = std::iter::once(("index".to_string(), index))
        .chain(parts)
        .map(|(name, json)| (format!("{dir}{name}.js"), super::data_script(&name, &json)))
        .collect();
    Ok(WizardData { dir, files })
}

fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("données de l'assistant : {e}"))
}

/// The territories that serve communes (bassins, and départements for the communes of no
/// bassin), in the tree's order.
fn serving_territories(g: &Graph) -> Vec<usize> {
    let mut serving: Vec<usize> = g.commune_territory.values().copied().collect();
    serving.sort_unstable();
    serving.dedup();
    serving
}

/// Words of commune names that `commune_files` does not index past the first word.
const MINOR_WORDS: &[&str] =
    &["au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "lez", "saint", "sainte", "sous", "sur"];

/// The files of the communes, by letter and by département (see the module doc), and the index
/// that lists them. `wizard.js` computes the same keys: first letter of each word of the folded
/// name; the département part of the INSEE code (three characters overseas).
fn commune_files(mut index: Index, communes: Vec<Commune>) -> Result<(Index, Vec<(String, String)>), String> {
    let mut by_letter: BTreeMap<String, Vec<&Commune>> = BTreeMap::new();
    let mut by_departement: BTreeMap<String, Vec<&Commune>> = BTreeMap::new();
    for c in &communes {
        let folded = crate::content::collate::fold(&c.name);
        // Words after the first that are articles or "saint" would put most communes under
        // "l", "s" and "d": nobody looks for "Villers-Saint-Paul" by typing "saint".
        let letters: BTreeSet<char> = folded
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|word| !word.is_empty())
            .enumerate()
            .filter(|(i, word)| *i == 0 || !MINOR_WORDS.contains(word))
            .filter_map(|(_, word)| word.chars().next())
            .collect();
        for letter in letters {
            by_letter.entry(letter.to_string()).or_default().push(c);
        }
        let departement =
            c.insee.get(..if c.insee.starts_with("97") { 3 } else { 2 }).unwrap_or(&c.insee).to_lowercase();
        for cp in c.postal_codes.split(' ').filter_map(|cp| cp.get(..2)) {
            let list = index.codes_postaux.entry(cp.to_string()).or_default();
            if !list.contains(&departement) {
                list.push(departement.clone());
            }
        }
        by_departement.entry(departement).or_default().push(c);
    }
    index.lettres = by_letter.keys().cloned().collect();
    index.hors_guide = regions_elsewhere(&index.codes_postaux);
    let files = by_letter
        .iter()
        .map(|(key, list)| Ok((format!("communes/{key}"), to_json(list)?)))
        .chain(by_departement.iter().map(|(key, list)| Ok((format!("communes/d{key}"), to_json(list)?))))
        .collect::<Result<_, String>>()?;
    Ok((index, files))
}

/// For each two-digit start of a postal code that no commune of the guide has: the région of the
/// communes that have it (the first one's, in INSEE order, when a start spans two régions).
fn regions_elsewhere(guide: &BTreeMap<String, Vec<String>>) -> BTreeMap<String, String> {
    let mut elsewhere = BTreeMap::new();
    for c in crate::content::communes::reference().iter() {
        for cp in c.codes_postaux.iter().filter_map(|cp| cp.get(..2)) {
            if !guide.contains_key(cp)
                && !elsewhere.contains_key(cp)
                && let Some(region) = crate::content::communes::region_name(c.region)
            {
                elsewhere.insert(cp.to_string(), region.to_string());
            }
        }
    }
    elsewhere
}

/// The towns of the country that no territory of the guide serves, in French order.
fn towns_elsewhere(g: &Graph) -> Elsewhere {
    let mut regions: Vec<String> = Vec::new();
    let mut communes: Vec<Town> = crate::content::communes::reference()
        .iter()
        .filter(|c| c.population.is_some_and(|p| p >= ELSEWHERE_POPULATION))
        .filter(|c| !g.commune_territory.contains_key(c.code))
        .filter_map(|c| {
            let region = crate::content::communes::region_name(c.region)?;
            let i = regions.iter().position(|r| r == region).unwrap_or_else(|| {
                regions.push(region.to_string());
                regions.len() - 1
            });
            Some(Town { name: c.nom.to_string(), region: i })
        })
        .collect();
    communes.sort_by(|a, b| crate::content::collate::compare(&a.name, &b.name));
    Elsewhere { regions, communes }
}

/// Every commune of the guide's bassins, in French order, with the bassin that serves it.
fn commune_list(g: &Graph, bassins: &[usize]) -> Vec<Commune> {
    let reference = crate::content::communes::reference();
    let mut communes: Vec<Commune> = g
        .commune_territory
        .iter()
        .filter_map(|(&code, t)| {
            let c = reference.get(code)?;
            let i = bassins.binary_search(t).ok()?;
            Some(Commune {
                name: c.nom.to_string(),
                postal_codes: c.codes_postaux.join(" "),
                bassin: i,
                insee: c.code.to_string(),
                population: c.population.unwrap_or(0),
            })
        })
        .collect();
    communes.sort_by(|a, b| crate::content::collate::compare(&a.name, &b.name).then_with(|| a.insee.cmp(&b.insee)));
    communes
}

/// The right partners of the bassins `members` (index in the wizard, territory) for every pair.
fn right_partners(g: &Graph, root: &Links, today: i64, members: &[(usize, usize)], pairs: &[(usize, usize)]) -> Part {
    let mut local: Vec<usize> = Vec::new();
    let mut local_index = |p: usize| match local.iter().position(|&x| x == p) {
        Some(i) => i,
        None => {
            local.push(p);
            local.len() - 1
        }
    };
    let mut bassins = BTreeMap::new();
    for &(i, t) in members {
        let nearest = g.nearest_by_network(t);
        let per_pair = pairs
            .iter()
            .map(|&(p, n)| {
                g.right_partners_from(&nearest, p, n)
                    .into_iter()
                    .map(|(_, partners)| partners.into_iter().take(PARTNERS_PER_DOOR).map(&mut local_index).collect())
                    .collect()
            })
            .collect();
        bassins.insert(i, per_pair);
    }
    Part { structures: local.into_iter().map(|p| partner(g, root, today, p)).collect(), bassins }
}

fn partner(g: &Graph, root: &Links, today: i64, p: usize) -> Partner {
    let summary = partner_summary(g, root, p);
    let (phone, tel) = summary.phone.map(|ph| (ph.display, ph.uri)).unzip();
    let d = &g.partners[p].data;
    let hours = d.horaires_accueil.as_deref();
    Partner {
        name: summary.title,
        street: d.adresse.clone(),
        place: summary.place,
        phone,
        tel,
        page: summary.href,
        hours: hours.and_then(|h| g.hours_french(h)).map(str::to_string),
        week: hours.and_then(|h| g.hours_week(h)).cloned(),
        geo: d.latitude.as_ref().zip(d.longitude.as_ref()).map(|(lat, lon)| [lat.0, lon.0]),
        dated: dated(g, p, today),
    }
}

fn phone(text: Option<&str>) -> Option<Phone> {
    phone_view(text).map(|p| Phone { display: p.display, uri: p.uri })
}

fn choice(code: &Record<Code>) -> Choice {
    Choice { id: code.id.clone(), label: code.data.libelle.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_arrays_in_the_order_of_their_fields() {
        let door = Door { network: 2, why: None };
        assert_eq!(serde_json::to_string(&door).unwrap(), "[2,null]");
        let partner = Partner {
            name: "ML".into(),
            street: None,
            place: Some("18100 Vierzon".into()),
            phone: Some("02 48 00 00 00".into()),
            tel: Some("tel:+33248000000".into()),
            page: "structures/ml/index.html".into(),
            hours: Some("lundi, de 9 h à 12 h".into()),
            week: Some([vec![[540, 720]], vec![], vec![], vec![], vec![], vec![], vec![]]),
            geo: Some([47.22, 2.07]),
            dated: Some("d'août 2019".into()),
        };
        assert_eq!(
            serde_json::to_string(&partner).unwrap(),
            r#"["ML",null,"18100 Vierzon","02 48 00 00 00","tel:+33248000000","structures/ml/index.html","lundi, de 9 h à 12 h",[[[540,720]],[],[],[],[],[],[]],[47.22,2.07],"d'août 2019"]"#
        );
        let commune = Commune {
            name: "Vierzon".into(),
            postal_codes: "18100".into(),
            bassin: 0,
            insee: "18279".into(),
            population: 25_068,
        };
        assert_eq!(serde_json::to_string(&commune).unwrap(), r#"["Vierzon","18100",0,"18279",25068]"#);
    }
}
