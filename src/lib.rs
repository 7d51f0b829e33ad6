//! bonneporte: builds the static site of a "trouver la bonne porte" guide of a French SPRO.
//! See ARCHITECTURE.md for the map.

pub mod address;
pub mod anchors;
pub mod build;
pub mod card;
pub mod check;
pub mod collate;
pub mod communes;
pub mod diag;
pub mod external;
pub mod fields;
pub mod graph;
pub mod hours;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod opendata;
pub mod output;
pub mod phone;
pub mod progress;
pub mod rapport;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod views;
pub mod wizard;
pub mod yaml;
