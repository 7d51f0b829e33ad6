// Périmètres indicatifs des bassins SPRO de Centre-Val de Loire.
//
// Règle : chaque commune actuelle de la région 24 suit son EPCI à fiscalité
// propre (intercommunalité) ; chaque EPCI est rattaché à UN bassin par la table
// EPCI_VERS_BASSIN ci-dessous, écrite à la main d'après la commune principale
// de l'EPCI (la plus peuplée) et la ville qui donne son nom au bassin la plus
// proche dans le même département. Un bassin ne contient que des communes de
// son département : pour un EPCI à cheval sur deux départements, les communes
// de l'autre département suivent EXCEPTIONS (clé "EPCI:département").
//
// Le script réécrit, dans chaque content/territoires/<bassin>.yaml, la partie
// située sous la ligne MARQUEUR (clés `source` et `communes`), et laisse le
// reste du fichier (nom, parent, coordination…) tel que l'éditeur l'a écrit.
//
//   npm run generate   # réécrit les fichiers
//   npm run check      # échoue si un fichier n'est pas à jour (pour la CI)
//
// Il vérifie que toute commune actuelle de la région est dans exactement un
// bassin, que chaque EPCI de la région est dans la table (un nouvel EPCI fait
// échouer le script au lieu d'être oublié), que chaque bassin ne contient que
// des communes de son département et contient sa ville-centre.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const communes = require('@etalab/decoupage-administratif/data/communes.json');
const epcis = require('@etalab/decoupage-administratif/data/epci.json');
const paquet = require('@etalab/decoupage-administratif/package.json');

const REGION = '24';
const ICI = dirname(fileURLToPath(import.meta.url));
const DOSSIER = join(ICI, '..', '..', 'content', 'territoires');
const MARQUEUR =
  '# --- Partie générée par tools/bassins (npm run generate) : ne pas modifier à la main ---';
const MILLESIME = '2026';

// Bassin → département et ville-centre (code INSEE), pour les vérifications.
const BASSINS = {
  'bassin-de-vierzon': { dep: '18', centre: '18279' }, // Vierzon
  'bassin-de-bourges': { dep: '18', centre: '18033' }, // Bourges
  'bassin-de-saint-amand-montrond': { dep: '18', centre: '18197' }, // Saint-Amand-Montrond
  'bassin-d-aubigny': { dep: '18', centre: '18015' }, // Aubigny-sur-Nère
  'bassin-de-chateaudun': { dep: '28', centre: '28088' }, // Châteaudun
  'bassin-de-nogent-le-rotrou': { dep: '28', centre: '28280' }, // Nogent-le-Rotrou
  'bassin-de-chartres': { dep: '28', centre: '28085' }, // Chartres
  'bassin-de-dreux': { dep: '28', centre: '28134' }, // Dreux
  'bassin-de-chateauroux': { dep: '36', centre: '36044' }, // Châteauroux
  'bassin-d-issoudun': { dep: '36', centre: '36088' }, // Issoudun
  'bassin-de-brenne-boischaut-sud': { dep: '36', centre: '36018' }, // Le Blanc
  'bassin-de-tours': { dep: '37', centre: '37261' }, // Tours
  'bassin-d-amboise': { dep: '37', centre: '37003' }, // Amboise
  'bassin-de-loches': { dep: '37', centre: '37132' }, // Loches
  'bassin-de-chinon': { dep: '37', centre: '37072' }, // Chinon
  'bassin-de-loir-et-cher': { dep: '41', centre: '41018' }, // Blois
  'bassin-d-orleans': { dep: '45', centre: '45234' }, // Orléans
  'bassin-de-pithiviers': { dep: '45', centre: '45252' }, // Pithiviers
  'bassin-de-montargis-gien': { dep: '45', centre: '45208' }, // Montargis
};

// EPCI (code SIREN) → bassin. Le nom en commentaire est celui du millésime 2026.
const EPCI_VERS_BASSIN = {
  // Cher (18)
  '200090561': 'bassin-de-vierzon', // CC Vierzon-Sologne-Berry
  '200070571': 'bassin-de-vierzon', // CC Coeur de Berry (Méreau, Lury-sur-Arnon)
  '241800507': 'bassin-de-bourges', // CA Bourges Plus
  '200027076': 'bassin-de-bourges', // CC Arnon Boischaut Cher (Levet)
  '241800457': 'bassin-de-bourges', // CC FerCher (Saint-Florent-sur-Cher)
  '241800374': 'bassin-de-bourges', // CC la Septaine (Avord)
  '200066330': 'bassin-de-bourges', // CC Terres du Haut Berry (Saint-Martin-d'Auxigny)
  '200007177': 'bassin-de-bourges', // CC Pays de Nérondes
  '200032514': 'bassin-de-bourges', // CC Berry-Loire-Vauvise (Herry)
  '200011781': 'bassin-de-bourges', // CC Portes du Berry entre Loire et Val d'Aubois (La Guerche)
  '200068088': 'bassin-de-bourges', // CC Les Bertranges (seule La Chapelle-Montlinard est dans le Cher)
  '200036135': 'bassin-de-saint-amand-montrond', // CC Coeur de France
  '200049484': 'bassin-de-saint-amand-montrond', // CC Berry Grand Sud (Châteaumeillant)
  '241800424': 'bassin-de-saint-amand-montrond', // CC le Dunois (Dun-sur-Auron)
  '241800432': 'bassin-de-saint-amand-montrond', // CC les Trois Provinces (Sancoins)
  '200000933': 'bassin-d-aubigny', // CC Sauldre et Sologne (Aubigny-sur-Nère)
  '200069227': 'bassin-d-aubigny', // CC Pays Fort Sancerrois Val de Loire
  // Eure-et-Loir (28)
  '200069961': 'bassin-de-chateaudun', // CC du Grand Châteaudun
  '242852465': 'bassin-de-chateaudun', // CC du Bonnevalais
  '200006971': 'bassin-de-nogent-le-rotrou', // CC du Perche
  '200070167': 'bassin-de-nogent-le-rotrou', // CC Terres de Perche (La Loupe)
  '200069912': 'bassin-de-nogent-le-rotrou', // CC des Forêts du Perche (Senonches)
  '200033181': 'bassin-de-chartres', // CA Chartres Métropole
  '200070159': 'bassin-de-chartres', // CC Coeur de Beauce (Les Villages Vovéens)
  '200058360': 'bassin-de-chartres', // CC Entre Beauce et Perche (Illiers-Combray)
  '200069953': 'bassin-de-chartres', // CC des Portes Euréliennes d'Ile de France (Auneau)
  '200040277': 'bassin-de-dreux', // CA Agglo du Pays de Dreux
  '247800550': 'bassin-de-dreux', // CC du Pays Houdanais (communes d'Eure-et-Loir)
  '200066462': 'bassin-de-dreux', // CC Interco Normandie Sud Eure (Montigny-sur-Avre)
  // Indre (36)
  '243600327': 'bassin-de-chateauroux', // CA Châteauroux Métropole
  '243600293': 'bassin-de-chateauroux', // CC Levroux Boischaut Champagne
  '243600301': 'bassin-de-chateauroux', // CC Val de l'Indre - Brenne (Buzançais)
  '200040558': 'bassin-de-chateauroux', // CC Écueillé-Valençay
  '243600236': 'bassin-d-issoudun', // CC du Pays d'Issoudun (communes de l'Indre)
  '200068880': 'bassin-d-issoudun', // CC Champagne Boischauts (Vatan)
  '243600202': 'bassin-d-issoudun', // CC Chabris - Pays de Bazelle
  '243600319': 'bassin-de-brenne-boischaut-sud', // CC Brenne - Val de Creuse (Le Blanc)
  '243600343': 'bassin-de-brenne-boischaut-sud', // CC Coeur de Brenne (Mézières-en-Brenne)
  '200035848': 'bassin-de-brenne-boischaut-sud', // CC du Châtillonnais en Berry
  '200035137': 'bassin-de-brenne-boischaut-sud', // CC Marche Occitane - Val d'Anglin
  '200068872': 'bassin-de-brenne-boischaut-sud', // CC Éguzon - Argenton - Vallée de la Creuse
  '243600350': 'bassin-de-brenne-boischaut-sud', // CC de la Châtre et Sainte-Sévère
  '200007052': 'bassin-de-brenne-boischaut-sud', // CC de la Marche Berrichonne (Aigurande)
  '200018521': 'bassin-de-brenne-boischaut-sud', // CC du Val de Bouzanne (Neuvy-Saint-Sépulchre)
  // Indre-et-Loire (37)
  '243700754': 'bassin-de-tours', // Tours Métropole Val de Loire
  '200073161': 'bassin-de-tours', // CC Touraine-Est Vallées (Montlouis-sur-Loire)
  '200072650': 'bassin-de-tours', // CC Touraine Vallée de l'Indre (Monts)
  '200073237': 'bassin-de-tours', // CC de Gâtine-Racan (Neuillé-Pont-Pierre)
  '200043065': 'bassin-d-amboise', // CC du Val d'Amboise
  '243700820': 'bassin-d-amboise', // CC Autour de Chenonceaux Bléré-Val de Cher
  '243700499': 'bassin-d-amboise', // CC du Castelrenaudais (Château-Renault)
  '200071587': 'bassin-de-loches', // CC Loches Sud Touraine
  '200043081': 'bassin-de-chinon', // CC Chinon, Vienne et Loire
  '200072981': 'bassin-de-chinon', // CC Touraine Ouest Val de Loire (Langeais, Bourgueil)
  '200072668': 'bassin-de-chinon', // CC Touraine Val de Vienne (Sainte-Maure-de-Touraine)
  // Loir-et-Cher (41) : un seul territoire SPRO dans la présentation régionale
  '200030385': 'bassin-de-loir-et-cher', // CA de Blois « Agglopolys »
  '200072072': 'bassin-de-loir-et-cher', // CA Territoires Vendômois
  '200055481': 'bassin-de-loir-et-cher', // CC Beauce Val de Loire (Mer)
  '200000800': 'bassin-de-loir-et-cher', // CC Coeur de Sologne (Lamotte-Beuvron)
  '244100780': 'bassin-de-loir-et-cher', // CC de la Sologne des Etangs
  '244100806': 'bassin-de-loir-et-cher', // CC de la Sologne des Rivières (Salbris)
  '244100293': 'bassin-de-loir-et-cher', // CC des Collines du Perche (Mondoubleau)
  '244100798': 'bassin-de-loir-et-cher', // CC du Grand Chambord
  '200040772': 'bassin-de-loir-et-cher', // CC du Perche et Haut Vendômois
  '200018406': 'bassin-de-loir-et-cher', // CC du Romorantinais et du Monestois
  '200072064': 'bassin-de-loir-et-cher', // CC Val-de-Cher-Controis
  // Loiret (45)
  '244500468': 'bassin-d-orleans', // Orléans Métropole
  '200070183': 'bassin-d-orleans', // CC des Terres du Val de Loire (communes du Loiret)
  '200035764': 'bassin-d-orleans', // CC de la Beauce Loirétaine (Chevilly)
  '244500484': 'bassin-d-orleans', // CC de la Forêt (Neuville-aux-Bois)
  '244500427': 'bassin-d-orleans', // CC des Loges (Châteauneuf-sur-Loire)
  '200005932': 'bassin-d-orleans', // CC des Portes de Sologne (La Ferté-Saint-Aubin)
  '200066280': 'bassin-de-pithiviers', // CC du Pithiverais
  '200071850': 'bassin-de-pithiviers', // CC du Pithiverais-Gâtinais (Le Malesherbois)
  '244500542': 'bassin-de-pithiviers', // CC de la Plaine du Nord Loiret
  '244500203': 'bassin-de-montargis-gien', // CA Montargoise et Rives du Loing
  '244500211': 'bassin-de-montargis-gien', // CC Giennoises
  '200068278': 'bassin-de-montargis-gien', // CC Berry Loire Puisaye (Briare)
  '200067676': 'bassin-de-montargis-gien', // CC Canaux et Forêts en Gâtinais (Lorris)
  '200067668': 'bassin-de-montargis-gien', // CC de la Cléry, du Betz et de l'Ouanne (Courtenay)
  '244500419': 'bassin-de-montargis-gien', // CC des Quatre Vallées (Ferrières-en-Gâtinais)
  '200070100': 'bassin-de-montargis-gien', // CC du Val de Sully
};

// Communes d'un EPCI à cheval sur deux départements de la région.
const EXCEPTIONS = {
  // Chârost, Chezal-Benoît, Saint-Ambroix (Cher) : bassin de Bourges, dont
  // relève la CC FerCher voisine, plutôt que le bassin d'Issoudun (Indre).
  '243600236:18': 'bassin-de-bourges',
  // Beauce la Romaine, Binas, Villermain, Saint-Laurent-des-Bois (Loir-et-Cher).
  '200070183:41': 'bassin-de-loir-et-cher',
};

const erreurs = [];
const erreur = (m) => erreurs.push(m);

const actuelles = communes.filter((c) => c.region === REGION && c.type === 'commune-actuelle');
const parCode = new Map(actuelles.map((c) => [c.code, c]));

// Commune → EPCI (chaque commune doit être membre d'un seul EPCI).
const epciDe = new Map();
const epcisRegion = new Map();
for (const e of epcis) {
  for (const m of e.membres) {
    if (!parCode.has(m.code)) continue;
    if (epciDe.has(m.code)) erreur(`commune ${m.code} dans deux EPCI : ${epciDe.get(m.code)} et ${e.code}`);
    epciDe.set(m.code, e.code);
    epcisRegion.set(e.code, e.nom);
  }
}
for (const [code, nom] of epcisRegion) {
  if (!(code in EPCI_VERS_BASSIN)) erreur(`EPCI ${code} (${nom}) absent de EPCI_VERS_BASSIN : ajoutez-le`);
}
for (const code of Object.keys(EPCI_VERS_BASSIN)) {
  if (!epcisRegion.has(code)) erreur(`EPCI ${code} de la table inconnu dans le millésime ${MILLESIME} : retirez-le`);
}
for (const b of new Set([...Object.values(EPCI_VERS_BASSIN), ...Object.values(EXCEPTIONS)])) {
  if (!(b in BASSINS)) erreur(`bassin ${b} inconnu de BASSINS`);
}

// Affectation des communes.
const contenu = new Map(Object.keys(BASSINS).map((b) => [b, []]));
const affectation = new Map();
for (const c of actuelles) {
  const e = epciDe.get(c.code);
  if (!e) {
    erreur(`commune ${c.code} ${c.nom} sans EPCI`);
    continue;
  }
  const bassin = EXCEPTIONS[`${e}:${c.departement}`] ?? EPCI_VERS_BASSIN[e];
  if (!bassin || !BASSINS[bassin]) continue;
  if (BASSINS[bassin].dep !== c.departement) {
    erreur(`commune ${c.code} ${c.nom} (${c.departement}) tomberait dans ${bassin} (${BASSINS[bassin].dep}) : ajoutez une exception`);
    continue;
  }
  if (affectation.has(c.code)) erreur(`commune ${c.code} dans deux bassins`);
  affectation.set(c.code, bassin);
  contenu.get(bassin).push(c);
}

// Contrôles finaux : chaque commune dans exactement un bassin.
for (const c of actuelles) {
  if (!affectation.has(c.code)) erreur(`commune ${c.code} ${c.nom} dans aucun bassin`);
}
for (const [b, { centre }] of Object.entries(BASSINS)) {
  if (contenu.get(b).length === 0) erreur(`bassin ${b} vide`);
  if (affectation.get(centre) !== b) erreur(`la ville-centre ${centre} de ${b} est dans ${affectation.get(centre)}`);
}
const total = [...contenu.values()].reduce((n, l) => n + l.length, 0);
if (total !== actuelles.length) erreur(`${total} communes affectées pour ${actuelles.length} communes actuelles`);

if (erreurs.length) {
  for (const m of erreurs) console.error(`erreur : ${m}`);
  process.exit(1);
}

// Écriture (ou vérification) des fichiers.
const verifier = process.argv.includes('--check');
// Ce que lit le public, en une ligne ; la méthode (chaque commune suit son intercommunalité,
// rattachée au bassin le plus proche de sa ville principale ; @etalab/decoupage-administratif
// ${paquet.version}) est dans le README de cet outil et sur la page des données du site.
const source =
  `Périmètre indicatif, établi à partir des intercommunalités (Code officiel géographique de l'INSEE, ` +
  `${MILLESIME}). Bassins et coordination : présentation régionale du SPRO Centre-Val de Loire.`;
let perimes = 0;
for (const [b, liste] of contenu) {
  const fichier = join(DOSSIER, `${b}.yaml`);
  if (!existsSync(fichier)) {
    console.error(`erreur : ${fichier} n'existe pas (écrivez d'abord nom, type, parent)`);
    process.exit(1);
  }
  const avant = readFileSync(fichier, 'utf8');
  const i = avant.indexOf(MARQUEUR);
  const tete = (i >= 0 ? avant.slice(0, i) : avant).replace(/\s*$/, '\n');
  liste.sort((a, b2) => a.code.localeCompare(b2.code));
  const lignes = [
    MARQUEUR,
    `source: ${JSON.stringify(source)}`,
    `# ${liste.length} communes`,
    'communes:',
    ...liste.map((c) => `  - "${c.code}" # ${c.nom}`),
  ];
  const apres = `${tete}${lignes.join('\n')}\n`;
  if (apres !== avant) {
    perimes += 1;
    if (verifier) console.error(`pas à jour : ${fichier}`);
    else writeFileSync(fichier, apres);
  }
}
if (verifier && perimes) {
  console.error(`${perimes} fichier(s) à régénérer : cd tools/bassins && npm run generate`);
  process.exit(1);
}
console.log(
  `${actuelles.length} communes actuelles de la région ${REGION} réparties dans ${contenu.size} bassins ` +
    `(${epcisRegion.size} EPCI)${verifier ? ', fichiers à jour' : `, ${perimes} fichier(s) réécrit(s)`}.`,
);
for (const [b, l] of contenu) console.log(`  ${b}: ${l.length}`);
