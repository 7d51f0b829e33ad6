//! bonneporte: builds the static site of a "trouver la bonne porte" guide of a French SPRO.
//! See ARCHITECTURE.md for the map: the folders follow the pipeline (`content` → `check` →
//! `graph` → `export` → `site` → `render` → `build`, `serve`).

pub mod build;
pub mod check;
pub mod content;
pub mod diag;
pub mod export;
pub mod graph;
pub mod import;
pub mod linkcheck;
pub mod output;
pub mod progress;
pub mod rapport;
pub mod render;
pub mod serve;
pub mod site;
