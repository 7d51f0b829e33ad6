// Génère src/content/communes/communes.tsv, le référentiel des communes embarqué dans bonneporte,
// à partir du paquet npm @etalab/decoupage-administratif (version exacte dans package.json).
//
// Usage : cd tools/communes && npm install && node generate.mjs
//
// Node 20, ESM, aucune autre dépendance.
//
// Ce qui est retenu de data/communes.json :
//   - les communes de type « commune-actuelle » (métropole, DROM et collectivités d'outre-mer) ;
//   - les « arrondissement-municipal » de Paris, Lyon et Marseille (75101…75120, 69381…69389,
//     13201…13216), pour qu'un code INSEE d'arrondissement (75101) soit reconnu. Leur EPCI est
//     celui de la commune dont ils font partie (champ `commune` : 75056, 69123, 13055).
// Ce qui est écarté : les « commune-deleguee » et « commune-associee » (anciennes communes
// fusionnées ; leurs codes ne sont plus des codes de communes actuelles et certains sont partagés
// avec la commune nouvelle).
//
// L'EPCI n'est pas un champ des communes : il vient de data/epci.json (EPCI à fiscalité propre,
// `code` = SIREN de l'EPCI, `membres[].code` = code INSEE des communes membres).
//
// Format de sortie (contrat, d'autres parties du projet en dépendent) : UTF-8, fin de ligne \n,
// une ligne d'en-tête puis une ligne par commune triée par code INSEE (ordre des octets) :
//   code_insee<TAB>nom<TAB>codes_postaux<TAB>departement<TAB>region<TAB>epci<TAB>population
// codes_postaux : séparés par des virgules, triés, éventuellement vide ; epci : SIREN ou vide ;
// population : population municipale (INSEE), vide si inconnue.
//
// Génère aussi src/content/communes/territoires.tsv : départements et régions, triés par niveau et code,
//   niveau<TAB>code<TAB>nom<TAB>type_liaison<TAB>region
// (type_liaison : TNCC de l'INSEE, qui donne l'article du nom : « le Cher », « l'Indre ».)

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const pkgDir = join(here, 'node_modules', '@etalab', 'decoupage-administratif')
const output = join(here, '..', '..', 'src', 'content', 'communes', 'communes.tsv')

const HEADER = ['code_insee', 'nom', 'codes_postaux', 'departement', 'region', 'epci', 'population']
const TERRITOIRES = join(here, '..', '..', 'src', 'content', 'communes', 'territoires.tsv')

function readJson (path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    fail(`lecture impossible de ${path} (avez-vous lancé « npm install » ?) : ${error.message}`)
  }
}

function fail (message) {
  console.error(`generate.mjs : ${message}`)
  process.exit(1)
}

// La version installée doit être celle épinglée dans package.json.
const wanted = readJson(join(here, 'package.json')).dependencies['@etalab/decoupage-administratif']
const installed = readJson(join(pkgDir, 'package.json')).version
if (installed !== wanted) {
  fail(`@etalab/decoupage-administratif ${installed} installé, ${wanted} attendu : relancez « npm install »`)
}

const communes = readJson(join(pkgDir, 'data', 'communes.json'))
const epcis = readJson(join(pkgDir, 'data', 'epci.json'))

// code INSEE d'une commune -> SIREN de son EPCI
const epciOf = new Map()
for (const epci of epcis) {
  if (!/^\d{9}$/.test(epci.code)) fail(`SIREN d'EPCI inattendu : ${JSON.stringify(epci.code)}`)
  for (const membre of epci.membres ?? []) {
    const previous = epciOf.get(membre.code)
    if (previous && previous !== epci.code) {
      fail(`la commune ${membre.code} est membre de deux EPCI : ${previous} et ${epci.code}`)
    }
    epciOf.set(membre.code, epci.code)
  }
}

const INSEE = /^(\d{2}|2[AB])\d{3}$/
const POSTAL = /^\d{5}$/
const FORBIDDEN = /[\t\r\n]/

const kept = []
const skipped = {}
for (const c of communes) {
  let epci
  if (c.type === 'commune-actuelle') {
    epci = epciOf.get(c.code) ?? ''
  } else if (c.type === 'arrondissement-municipal') {
    epci = epciOf.get(c.commune) ?? ''
  } else {
    skipped[c.type] = (skipped[c.type] ?? 0) + 1
    continue
  }
  const codesPostaux = [...new Set(c.codesPostaux ?? [])].sort()
  const population = Number.isInteger(c.population) ? String(c.population) : ''
  const row = [c.code, c.nom, codesPostaux.join(','), c.departement ?? '', c.region ?? '', epci, population]
  if (!INSEE.test(c.code)) fail(`code INSEE inattendu : ${JSON.stringify(c.code)}`)
  if (row.some(field => typeof field !== 'string' || FORBIDDEN.test(field))) {
    fail(`champ invalide (tabulation, saut de ligne ou type) pour ${c.code} : ${JSON.stringify(row)}`)
  }
  if (!c.nom) fail(`commune sans nom : ${c.code}`)
  for (const cp of codesPostaux) {
    if (!POSTAL.test(cp)) fail(`code postal inattendu pour ${c.code} : ${JSON.stringify(cp)}`)
  }
  kept.push({ row, zone: c.zone, type: c.type })
}

// Tri par octets (les codes sont ASCII : l'ordre des unités UTF-16 de JavaScript est celui des
// octets, qu'utilise aussi la recherche dichotomique côté Rust).
kept.sort((a, b) => (a.row[0] < b.row[0] ? -1 : a.row[0] > b.row[0] ? 1 : 0))
for (let i = 1; i < kept.length; i++) {
  if (kept[i - 1].row[0] === kept[i].row[0]) fail(`code INSEE en double : ${kept[i].row[0]}`)
}

const text = [HEADER, ...kept.map(k => k.row)].map(fields => fields.join('\t')).join('\n') + '\n'
mkdirSync(dirname(output), { recursive: true })
writeFileSync(output, text, 'utf8')

// Régions et départements, avec le type de leur nom (TNCC) pour l'article.
const regions = readJson(join(pkgDir, 'data', 'regions.json'))
const departements = readJson(join(pkgDir, 'data', 'departements.json'))
const territoires = [
  ...regions.map(r => ['region', r.code, r.nom, String(r.typeLiaison), r.code]),
  ...departements.map(d => ['departement', d.code, d.nom, String(d.typeLiaison), d.region])
].sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : 1))
for (const row of territoires) {
  if (row.some(field => typeof field !== 'string' || field === '' || FORBIDDEN.test(field))) fail(`territoire invalide : ${JSON.stringify(row)}`)
}
writeFileSync(TERRITOIRES, [['niveau', 'code', 'nom', 'type_liaison', 'region'], ...territoires].map(f => f.join('\t')).join('\n') + '\n', 'utf8')
console.log(`${relative(process.cwd(), TERRITOIRES)} : ${regions.length} régions, ${departements.length} départements`)

// Résumé, pour vérifier d'un coup d'œil ce qui a changé d'un millésime à l'autre.
const count = pred => kept.filter(pred).length
const withoutCp = kept.filter(k => k.row[2] === '')
const withoutEpci = kept.filter(k => k.row[5] === '')
console.log(`@etalab/decoupage-administratif ${installed}`)
console.log(`${relative(process.cwd(), output)} : ${kept.length} lignes, ${Buffer.byteLength(text)} octets`)
console.log(`  communes actuelles : ${count(k => k.type === 'commune-actuelle')}` +
  ` (métropole ${count(k => k.type === 'commune-actuelle' && k.zone === 'metro')},` +
  ` DROM ${count(k => k.zone === 'drom')}, COM ${count(k => k.zone === 'com')})`)
console.log(`  arrondissements municipaux : ${count(k => k.type === 'arrondissement-municipal')}`)
console.log(`  écartées : ${Object.entries(skipped).map(([t, n]) => `${t} ${n}`).join(', ') || 'aucune'}`)
console.log(`  sans code postal : ${withoutCp.length} (${withoutCp.map(k => k.row[0]).join(' ')})`)
const withoutEpciHorsCom = withoutEpci.filter(k => k.zone !== 'com')
console.log(`  sans EPCI : ${withoutEpci.length}, dont hors COM : ` +
  `${withoutEpciHorsCom.map(k => `${k.row[0]} ${k.row[1]}`).join(', ') || 'aucune'}`)
