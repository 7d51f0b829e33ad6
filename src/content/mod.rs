//! What an editor writes, and how it reads: the record types (`model`), the YAML reader that
//! locates every value (`yaml`) and places inside a text value (`spans`), loading a guide folder (`load`), the formats of fields
//! (`fields`, `phone`, `hours`), the official commune reference (`communes`), French order
//! (`collate`), data·inclusion's code lists (`vocab`), Markdown and its `@/` links (`markdown`), the editors' JSON Schemas (`schema`)
//! and the records `bonneporte new` writes (`scaffold`). Nothing here knows the graph or the site.

pub(crate) mod collate;
pub(crate) mod communes;
pub mod fields;
pub(crate) mod hours;
pub mod load;
pub mod markdown;
pub mod model;
pub(crate) mod phone;
pub mod scaffold;
pub mod schema;
pub mod spans;
pub mod vocab;
pub mod yaml;
